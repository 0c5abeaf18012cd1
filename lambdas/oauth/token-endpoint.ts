// One POST to an OAuth token endpoint (onboarding.md §3, §5) and the reading of its answer, shared by the code
// exchange (providers.ts) and the Zendesk renewal (zendesk/token-source.ts); each caller judges the answer itself.
// No imports: it rides in the worker's and the webhook functions' bundles.

const TIMEOUT_MS = 10_000;

/** Not reached (network, timeout, a redirect), or the status and the body read as an object (`{}` if it was not one). */
export type TokenAnswer = { reached: false; errorName: string } | { reached: true; status: number; ok: boolean; json: boolean; body: Record<string, unknown> };

/** `POST url` with `payload` as JSON, never following a redirect, given up after 10 s. Never throws. */
export async function postTokenEndpoint(url: string, payload: Record<string, unknown>, fetchFn: typeof fetch = fetch): Promise<TokenAnswer> {
  let res: Response;
  try {
    res = await fetchFn(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(payload),
      redirect: 'error',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    return { reached: false, errorName: (error as Error).name };
  }
  let parsed: unknown;
  let json = true;
  try {
    parsed = await res.json();
  } catch {
    json = false;
  }
  const body = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  return { reached: true, status: res.status, ok: res.ok, json, body };
}

/** The OAuth error code (RFC 6749 §5.2) if the body has one: a short fixed vocabulary, never a value we sent. */
export function oauthErrorCode(body: Record<string, unknown>): string | undefined {
  return typeof body.error === 'string' && /^[a-z_]{1,40}$/.test(body.error) ? body.error : undefined;
}

export interface TokenGrant {
  accessToken: string;
  refreshToken?: string;
  /** Seconds, as answered; absent = never expires. */
  expiresIn?: number;
  refreshExpiresIn?: number;
  /** As answered (space-separated); each caller decides what an absent or empty one means. */
  scope?: string;
}

/** The grant in a token answer, or undefined when it has no access token. */
export function grantOf(body: Record<string, unknown>): TokenGrant | undefined {
  if (typeof body.access_token !== 'string' || body.access_token === '') return undefined;
  const seconds = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined);
  const expiresIn = seconds(body.expires_in);
  const refreshExpiresIn = seconds(body.refresh_token_expires_in);
  return {
    accessToken: body.access_token,
    ...(typeof body.refresh_token === 'string' && body.refresh_token !== '' && { refreshToken: body.refresh_token }),
    ...(expiresIn !== undefined && { expiresIn }),
    ...(refreshExpiresIn !== undefined && { refreshExpiresIn }),
    ...(typeof body.scope === 'string' && { scope: body.scope }),
  };
}
