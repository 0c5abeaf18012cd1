// The token endpoints of the two providers (onboarding.md §3, §5): one POST each, never retried (a code is single
// use, so a retry could only fail or, worse, hide which attempt succeeded). Errors carry the provider's error code
// and no request value.
import { resolveZendeskBaseUrl } from '../accounts/account';
import type { Config, OAuthClientConfig } from '../config';
import { grantOf, oauthErrorCode, postTokenEndpoint } from './token-endpoint';

/** What Zendesk may grant for how long (issue 12: 2 hours and 30 days): the renewal's own values, kept in one place. */
export { ACCESS_TTL_SECONDS as ZENDESK_ACCESS_TTL_SECONDS, REFRESH_TTL_SECONDS as ZENDESK_REFRESH_TTL_SECONDS } from '../zendesk/token-source';
/** A sign-in token is used once (users/me) and dropped: the shortest life Zendesk allows (300 s). */
export const ZENDESK_SIGNIN_TTL_SECONDS = 300;

/** The provider refused (4xx: bad, used or expired code, wrong client): the admin must start again. */
export class ProviderRefusedError extends Error {
  override name = 'ProviderRefusedError';
}
/** The provider could not be reached or failed (network, timeout, 5xx, unreadable answer). */
export class ProviderUnavailableError extends Error {
  override name = 'ProviderUnavailableError';
}

/** `{Zendesk}`: `ZENDESK_API_URL` with `{subdomain}` replaced, else `https://SUB.zendesk.com`. */
export const zendeskBaseUrl = (cfg: Pick<Config, 'zendeskApiUrl'>, subdomain: string): string => resolveZendeskBaseUrl({ zendesk: { subdomain } }, cfg);

export interface ZendeskGrant {
  accessToken: string;
  refreshToken?: string;
  /** Seconds, as Zendesk answered; absent = never expires. */
  expiresIn?: number;
  refreshExpiresIn?: number;
  scopes: string[];
}

/** `POST {Zendesk}/oauth/tokens` with `grant_type=authorization_code` and the PKCE verifier (JSON body, §3). */
export async function exchangeZendeskCode(
  cfg: Pick<Config, 'zendeskApiUrl'>,
  client: OAuthClientConfig,
  input: { subdomain: string; code: string; verifier: string; redirectUri: string; scope: string; accessTtlSeconds: number; refreshTtlSeconds?: number },
  fetchFn: typeof fetch = fetch,
): Promise<ZendeskGrant> {
  const body = await postToken(
    `${zendeskBaseUrl(cfg, input.subdomain)}/oauth/tokens`,
    {
      grant_type: 'authorization_code',
      code: input.code,
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uri: input.redirectUri,
      code_verifier: input.verifier,
      scope: input.scope,
      expires_in: input.accessTtlSeconds,
      ...(input.refreshTtlSeconds !== undefined && { refresh_token_expires_in: input.refreshTtlSeconds }),
    },
    'Zendesk',
    fetchFn,
  );
  const grant = grantOf(body);
  if (grant === undefined) throw new ProviderUnavailableError('Zendesk answered the token request without an access token');
  const { scope, ...rest } = grant;
  return { ...rest, scopes: (scope ?? input.scope).split(/\s+/).filter(Boolean) };
}

/** `POST {AIRCALL_API_URL}/v1/oauth/token` (JSON, §5): a permanent company token, no refresh token. */
export async function exchangeAircallCode(
  cfg: Pick<Config, 'aircallApiUrl'>,
  client: OAuthClientConfig,
  input: { code: string; redirectUri: string },
  fetchFn: typeof fetch = fetch,
): Promise<string> {
  const body = await postToken(
    `${cfg.aircallApiUrl}/v1/oauth/token`,
    { grant_type: 'authorization_code', code: input.code, redirect_uri: input.redirectUri, client_id: client.clientId, client_secret: client.clientSecret },
    'Aircall',
    fetchFn,
  );
  const grant = grantOf(body);
  if (grant === undefined) throw new ProviderUnavailableError('Aircall answered the token request without an access token');
  return grant.accessToken;
}

/** The token answer's body, or the error a caller of the exchange understands (refused: start again; unavailable). */
async function postToken(url: string, payload: Record<string, unknown>, provider: string, fetchFn: typeof fetch): Promise<Record<string, unknown>> {
  const answer = await postTokenEndpoint(url, payload, fetchFn);
  if (!answer.reached) throw new ProviderUnavailableError(`${provider}'s token endpoint could not be reached (${answer.errorName})`);
  if (answer.status >= 400 && answer.status < 500) {
    throw new ProviderRefusedError(`${provider} refused the authorization code (${answer.status} ${oauthErrorCode(answer.body) ?? 'refused'})`);
  }
  if (!answer.ok) throw new ProviderUnavailableError(`${provider}'s token endpoint answered ${answer.status}`);
  if (!answer.json) throw new ProviderUnavailableError(`${provider}'s token endpoint answered no JSON`);
  return answer.body;
}
