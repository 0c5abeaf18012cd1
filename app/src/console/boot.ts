// What the page knows before any request: the boot object the backend writes into the page it serves (issue 13,
// shared/app-boot.ts), else the ZAF registration. The console needs the backend's public URL and the subdomain.
import type { ZafContext } from 'zendesk_app_framework_sdk';
import { APP_BOOT_GLOBAL, parseAppBoot } from '../../../shared/app-boot';
import { backendBase } from '../backend/request';

export interface ConsoleBoot {
  /** The backend's base URL (PUBLIC_URL), without a trailing slash; undefined when neither source gives a usable one. */
  publicUrl?: string;
  /** Its origin: the only origin the OAuth popup's messages are accepted from. */
  backendOrigin?: string;
  subdomain?: string;
  /** Set when the backend already has an account for this subdomain: Zendesk is connected, the admin only signs in. */
  accountId?: string;
  /**
   * Whether the backend has an account for this subdomain: `known` (sign in), `none` (the boot's `unknown_account`:
   * connect), `unsure` (no boot object, or a problem that hid the answer: offer both).
   */
  account: 'known' | 'none' | 'unsure';
}

const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/**
 * Reads the boot object defensively (a page served by an older backend has none) and falls back to the ZAF
 * context for the subdomain. The backend is only the boot's `publicUrl`: every location page is served by it.
 */
export function readBoot(global: unknown, context: ZafContext): ConsoleBoot {
  const boot = parseAppBoot(global);
  const fromBoot = backendBase(boot?.publicUrl);
  const publicUrl = typeof fromBoot === 'string' ? fromBoot : undefined;
  return {
    publicUrl,
    backendOrigin: publicUrl ? new URL(publicUrl).origin : undefined,
    subdomain: text(boot?.subdomain) ?? text(context.account?.subdomain),
    accountId: text(boot?.accountId),
    account: text(boot?.accountId) ? 'known' : boot?.problem === 'unknown_account' ? 'none' : 'unsure',
  };
}

/** The boot object of this page. */
export function pageBoot(): unknown {
  return typeof window === 'undefined' ? undefined : (window as unknown as Record<string, unknown>)[APP_BOOT_GLOBAL];
}
