// The boot object the backend writes into the app page it serves for a location (signedUrls POST, issue 13), and its
// parser for the browser side. Pure: both sides import it.

/** The backend's routes for the app's pages (API Gateway route keys' paths). */
export const APP_ROUTES = {
  /** `POST` (Zendesk's signedUrls form POST, field `token`) or `GET` (no session): the location's HTML page. */
  page: '/app/{location}',
  /** The built app's files (`app.js`, icons…), from the app package's `assets` folder. */
  assets: '/app/assets/{file+}',
  /** `POST` with `Authorization: Bearer <agent session>` → `{ token, expiresAt }`, a new session after a Zendesk re-check. */
  renewSession: '/api/session/renew',
} as const;

/** The global the served page defines before the app's script runs. */
export const APP_BOOT_GLOBAL = '__AGENT_STATUS_SYNC__';

/** Why the page carries no session. The app shows a sign-in or a notice; the admin console still works (OAuth). */
export type AppBootProblem =
  /** No `token` in the POST (a GET, or a page opened outside Zendesk). */
  | 'no_token'
  /** The signedUrls token failed verification (signature, algorithm, expiry, issuer or audience). */
  | 'invalid_token'
  /** The token names a Zendesk subdomain that has no account here yet (before onboarding). */
  | 'unknown_account'
  /** The account has no app id, so the app's public key cannot be fetched. */
  | 'app_not_configured'
  /** The token was good but Zendesk does not confirm the user (removed, suspended, not an agent). */
  | 'user_refused'
  /** Zendesk or the table could not be reached: opening the app again may work. */
  | 'unavailable';

export const APP_BOOT_PROBLEMS: readonly AppBootProblem[] = [
  'no_token',
  'invalid_token',
  'unknown_account',
  'app_not_configured',
  'user_refused',
  'unavailable',
];

export interface AppBoot {
  /** The ZAF location the page was served for (`top_bar`, `nav_bar`, `background`…). */
  location: string;
  /** The backend's public origin (no trailing slash): the app calls `${publicUrl}/api/...` with the session. */
  publicUrl: string;
  accountId?: string;
  /** The Zendesk subdomain the signed token came from. */
  subdomain?: string;
  /** An agent session (`Authorization: Bearer <token>`), renewed with POST /api/session/renew before `expiresAt`. */
  session?: { token: string; expiresAt: number };
  problem?: AppBootProblem;
}

const LOCATION = /^[a-z][a-z_]{0,39}$/;

/**
 * Reads the boot object from an unknown value (`window[APP_BOOT_GLOBAL]`), or `undefined` when it is absent or not
 * one (a page not served by the backend, e.g. the local harness before signedUrls). Unknown fields are dropped.
 *
 * @example const boot = parseAppBoot((window as any)[APP_BOOT_GLOBAL]);
 */
export function parseAppBoot(value: unknown): AppBoot | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.location !== 'string' || !LOCATION.test(v.location)) return undefined;
  if (typeof v.publicUrl !== 'string' || !isHttpOrigin(v.publicUrl)) return undefined;
  const boot: AppBoot = { location: v.location, publicUrl: v.publicUrl.replace(/\/+$/, '') };
  if (typeof v.accountId === 'string' && v.accountId !== '') boot.accountId = v.accountId;
  if (typeof v.subdomain === 'string' && v.subdomain !== '') boot.subdomain = v.subdomain;
  const s = v.session as Record<string, unknown> | undefined;
  if (typeof s === 'object' && s !== null && typeof s.token === 'string' && s.token !== '' && typeof s.expiresAt === 'number' && Number.isFinite(s.expiresAt)) {
    boot.session = { token: s.token, expiresAt: s.expiresAt };
  }
  if (typeof v.problem === 'string' && (APP_BOOT_PROBLEMS as readonly string[]).includes(v.problem)) boot.problem = v.problem as AppBootProblem;
  return boot;
}

/** JSON for a `<script>`: `<`, `>`, `&` and the JS line separators escaped, so no value can close the script element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The `<script>` body defining the boot object, safe inside HTML (`scriptJson`). */
export function appBootScript(boot: AppBoot): string {
  return `window.${APP_BOOT_GLOBAL} = ${scriptJson(boot)};`;
}

function isHttpOrigin(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}
