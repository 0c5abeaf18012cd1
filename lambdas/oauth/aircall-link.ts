// Aircall's partner OAuth settings and the console's one-time install link: shared by the OAuth pages (aircall-flow.ts)
// and the admin routes, which bundle only this, not the flows (their code exchange and sealing).
import { OAUTH_ROUTES } from '../../shared/console';
import type { Onboarding } from './deps';
import { OAuthPageError } from './http';
import { randomToken } from './pkce';
import type { OAuthSettings } from './zendesk-flow';

/** Our Aircall OAuth client with PUBLIC_URL; without them, a 503 that names what to set (the console offers the paste). */
export function aircallSettings(ob: Onboarding): OAuthSettings {
  const cfg = ob.deps.config;
  const missing = [
    cfg.publicUrl === undefined && 'PUBLIC_URL',
    cfg.aircallOAuth === undefined && 'AIRCALL_OAUTH_CLIENT_ID and AIRCALL_OAUTH_CLIENT_SECRET',
  ].filter(Boolean);
  if (missing.length > 0 || !cfg.publicUrl || !cfg.aircallOAuth) {
    throw new OAuthPageError(
      503,
      `Aircall's partner OAuth is not set up on this backend (set ${missing.join(', ')}); paste an API ID and token in the console instead.`,
    );
  }
  return { publicUrl: cfg.publicUrl, ...cfg.aircallOAuth };
}

/** A console's one-time link to the install URI for `accountId` (valid 10 minutes). */
export async function aircallConnectUrl(ob: Onboarding, accountId: string, userId: string): Promise<string> {
  const settings = aircallSettings(ob);
  const link = randomToken();
  await ob.store.putFlow(link, { kind: 'aircall_link', accountId, userId }, ob.deps.now());
  return `${settings.publicUrl}${OAUTH_ROUTES.aircallInstall}?${new URLSearchParams({ link })}`;
}
