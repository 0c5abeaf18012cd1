// The Zendesk credential of an account as the client uses it (issue 12 "Keeping it running"): read from the
// credential store, refreshed when less than 5 minutes are left or on a 401, one refresh per account across every
// process, the rotated pair stored before it is used; a refresh refused for good marks the account "needs reconnect".
import type { OAuthClientConfig } from '../config';
import { grantOf, oauthErrorCode, postTokenEndpoint } from '../oauth/token-endpoint';
import type { CredentialStore, ZendeskCredential } from '../credentials/port';
import type { ZendeskAuth, ZendeskAuthSource } from './client';

/** What we ask Zendesk for (issue 12; reference: 300 s to 2 days, and 7 to 90 days). */
export const ACCESS_TTL_SECONDS = 7200;
export const REFRESH_TTL_SECONDS = 2_592_000;
/** Refresh when less than this is left. */
export const REFRESH_MARGIN_MS = 5 * 60_000;
/** How long one process holds the right to refresh; others wait for its result, then take over if it never came. */
export const REFRESH_LEASE_MS = 30_000;
/** How long a read credential is trusted before the store is read again (another process's refresh, a reconnect). */
const CREDENTIAL_CACHE_MS = 60_000;
const WAIT_STEP_MS = 200;

/** A side of the account needs an admin to connect again: nothing is sent until a new credential is put. */
export class NeedsReconnectError extends Error {
  override name = 'NeedsReconnectError';
  constructor(
    readonly account: string,
    readonly reason: string,
    readonly side: 'zendesk' | 'aircall' = 'zendesk',
  ) {
    super(
      `The ${side === 'zendesk' ? 'Zendesk' : 'Aircall'} connection of account ${account} needs a reconnect (${reason}): no request is sent until an admin connects again`,
    );
  }
}

/** The token endpoint failed for a while (network, 5xx, 429) or our OAuth client is not configured: try again later. */
export class TokenRefreshUnavailableError extends Error {
  override name = 'TokenRefreshUnavailableError';
}

export interface TokenSourceOptions {
  account: string;
  credentials: CredentialStore;
  /** `{Zendesk}` of the account (its token endpoint is `{Zendesk}/oauth/tokens`). */
  baseUrl: string;
  /** Our OAuth client (`ZENDESK_OAUTH_CLIENT_ID/SECRET`): what refreshes a grant made through it. */
  oauthClient?: OAuthClientConfig;
  /** Told once per process when the account goes to "needs reconnect" (log, metric, alarm); never given a secret. */
  onNeedsReconnect?: (reason: string, marked: boolean) => void;
  /** Told after each refresh or mint this process made (log, metric). */
  onRefreshed?: (kind: 'refresh' | 'mint') => void;
  fetch?: typeof fetch;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

type Grant = { accessToken: string; refreshToken?: string; expiresIn?: number; refreshExpiresIn?: number; scopes?: string[] };
type GrantOutcome = { ok: true; grant: Grant } | { ok: false; permanent: boolean; reason: string };

/**
 * One account's token source, shared by its clients in the process: `auth()` before each request, `onUnauthorized`
 * after a 401. A process refreshes at most once at a time per account; across processes the stored `version` decides:
 * the one whose conditional write takes the lease calls Zendesk, the others wait for the pair it stores.
 *
 * @example createZendeskClient({ subdomain, baseUrl, auth: new ZendeskTokenSource({ account, credentials, baseUrl }) })
 */
export class ZendeskTokenSource implements ZendeskAuthSource {
  private cached?: { credential: ZendeskCredential; readAt: number };
  private inFlight?: Promise<ZendeskCredential>;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: TokenSourceOptions) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async auth(): Promise<ZendeskAuth> {
    let credential = await this.current();
    if (needsNewToken(credential, this.now())) credential = await this.renew(credential, false);
    return authOf(credential);
  }

  async onUnauthorized(used: ZendeskAuth): Promise<boolean> {
    const stored = await this.read();
    // Someone already replaced the token we sent: use theirs.
    if (!sameToken(authOf(stored), used)) return true;
    if (stored.kind === 'api_token') return false; // legacy tokens cannot be renewed: the 401 stands
    if (stored.kind === 'oauth' && stored.refreshToken === undefined) {
      await this.giveUp('Zendesk refused the access token (401) and there is no refresh token');
      return false;
    }
    await this.renew(stored, true);
    return true;
  }

  /** Forgets the cached credential (after a reconnect in this process). */
  forget(): void {
    this.cached = undefined;
  }

  // ---- Reading --------------------------------------------------------------------------------------------------

  private async current(): Promise<ZendeskCredential> {
    const hit = this.cached;
    if (hit && this.now() - hit.readAt < CREDENTIAL_CACHE_MS && !needsNewToken(hit.credential, this.now())) return hit.credential;
    return this.read();
  }

  private async read(): Promise<ZendeskCredential> {
    const credential = await this.options.credentials.getZendeskCredential(this.options.account);
    if (!credential) throw new NeedsReconnectError(this.options.account, 'no Zendesk credential is stored');
    if (credential.needsReconnect) throw new NeedsReconnectError(this.options.account, credential.needsReconnect.reason);
    this.cached = { credential, readAt: this.now() };
    return credential;
  }

  // ---- Renewing -------------------------------------------------------------------------------------------------

  /** One renewal at a time in this process; callers share its result. */
  private renew(seen: ZendeskCredential, force: boolean): Promise<ZendeskCredential> {
    this.inFlight ??= this.renewAcrossProcesses(seen, force).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async renewAcrossProcesses(seen: ZendeskCredential, force: boolean): Promise<ZendeskCredential> {
    let stored = await this.read();
    // Renewed by another process since `seen` was read, and still good: nothing to do.
    if (stored.version !== seen.version && !needsNewToken(stored, this.now()) && !(force && sameToken(authOf(stored), authOf(seen)))) return stored;
    for (;;) {
      const lease = leaseOf(stored);
      if (lease !== undefined && lease > this.now()) {
        stored = await this.waitForOther(stored.version, lease);
        if (!needsNewToken(stored, this.now()) && !sameToken(authOf(stored), authOf(seen))) return stored;
        continue;
      }
      // Take the lease: a conditional write on the version, so exactly one process calls Zendesk.
      const leased = withLease(stored, this.now() + REFRESH_LEASE_MS);
      if (!(await this.options.credentials.swapZendeskCredential(this.options.account, stored.version, leased))) {
        stored = await this.read();
        if (!needsNewToken(stored, this.now()) && !sameToken(authOf(stored), authOf(seen))) return stored;
        continue;
      }
      return this.grantAndStore({ ...leased, version: stored.version + 1 });
    }
  }

  /** Waits for the lease holder's new pair (a higher version), up to its lease; then the caller may take over. */
  private async waitForOther(version: number, leaseUntil: number): Promise<ZendeskCredential> {
    for (;;) {
      await this.sleep(WAIT_STEP_MS);
      const stored = await this.read();
      if (stored.version > version || this.now() >= leaseUntil) return stored;
    }
  }

  private async grantAndStore(leased: ZendeskCredential): Promise<ZendeskCredential> {
    const now = this.now();
    const outcome = await this.requestGrant(leased);
    if (!outcome.ok) {
      if (outcome.permanent) {
        await this.giveUp(outcome.reason);
        throw new NeedsReconnectError(this.options.account, outcome.reason);
      }
      // Give the lease back so another attempt (ours or another process's) need not wait for it.
      await this.options.credentials.swapZendeskCredential(this.options.account, leased.version, withLease(leased, undefined)).catch(() => false);
      throw new TokenRefreshUnavailableError(`Could not renew the Zendesk token of account ${this.options.account}: ${outcome.reason}`);
    }
    const next = renewed(leased, outcome.grant, now);
    // Stored before it is used: the old pair is dead once Zendesk answered.
    if (!(await this.options.credentials.swapZendeskCredential(this.options.account, leased.version, next))) {
      // Our lease ran out and another process took over: its pair is the stored one.
      return this.read();
    }
    this.options.onRefreshed?.(leased.kind === 'client_credentials' ? 'mint' : 'refresh');
    const stored = { ...next, version: leased.version + 1 };
    this.cached = { credential: stored, readAt: this.now() };
    return stored;
  }

  private async requestGrant(credential: ZendeskCredential): Promise<GrantOutcome> {
    if (credential.kind === 'client_credentials') {
      return postTokenGrant(
        `${this.options.baseUrl}/oauth/tokens`,
        {
          grant_type: 'client_credentials',
          client_id: credential.clientId,
          client_secret: credential.clientSecret,
          scope: credential.scopes.length > 0 ? credential.scopes.join(' ') : 'read write',
          expires_in: ACCESS_TTL_SECONDS,
        },
        this.options.fetch,
      );
    }
    if (credential.kind !== 'oauth' || credential.refreshToken === undefined)
      return { ok: false, permanent: true, reason: 'the credential has no refresh token and its access token expired' };
    const client = this.options.oauthClient;
    if (!client) return { ok: false, permanent: false, reason: 'ZENDESK_OAUTH_CLIENT_ID and ZENDESK_OAUTH_CLIENT_SECRET are not configured' };
    return postTokenGrant(
      `${this.options.baseUrl}/oauth/tokens`,
      {
        grant_type: 'refresh_token',
        refresh_token: credential.refreshToken,
        client_id: client.clientId,
        client_secret: client.clientSecret,
        expires_in: ACCESS_TTL_SECONDS,
        refresh_token_expires_in: REFRESH_TTL_SECONDS,
      },
      this.options.fetch,
    );
  }

  private async giveUp(reason: string): Promise<void> {
    const marked = await this.options.credentials.markNeedsReconnect(this.options.account, 'zendesk', reason, this.now());
    this.cached = undefined;
    this.options.onNeedsReconnect?.(reason, marked);
  }
}

/** Whether the credential's token must be renewed before use (expired or within the margin, or none yet). */
export function needsNewToken(credential: ZendeskCredential, now: number): boolean {
  if (credential.kind === 'api_token') return false;
  if (credential.kind === 'client_credentials' && !credential.accessToken) return true;
  if (credential.kind === 'oauth' && credential.refreshToken === undefined) return false; // nothing to renew with
  return credential.expiresAt !== undefined && credential.expiresAt - now < REFRESH_MARGIN_MS;
}

function authOf(credential: ZendeskCredential): ZendeskAuth {
  if (credential.kind === 'api_token') return { kind: 'api_token', email: credential.email, apiToken: credential.apiToken };
  return { kind: 'oauth', accessToken: credential.accessToken ?? '' };
}

function sameToken(a: ZendeskAuth, b: ZendeskAuth): boolean {
  if (a.kind === 'api_token') return b.kind === 'api_token' && a.apiToken === b.apiToken;
  return b.kind === 'oauth' && a.accessToken === b.accessToken;
}

function leaseOf(credential: ZendeskCredential): number | undefined {
  return (credential as { refreshLeaseUntil?: number }).refreshLeaseUntil;
}

function withLease(credential: ZendeskCredential, until: number | undefined): ZendeskCredential {
  const { refreshLeaseUntil: _old, ...rest } = credential as ZendeskCredential & { refreshLeaseUntil?: number };
  return (until === undefined ? rest : { ...rest, refreshLeaseUntil: until }) as ZendeskCredential;
}

/** The credential after a grant: the new token (and rotated refresh token), its expiry, no lease. */
function renewed(credential: ZendeskCredential, grant: Grant, now: number): ZendeskCredential {
  const base = withLease(credential, undefined);
  const expiresAt = grant.expiresIn !== undefined ? now + grant.expiresIn * 1000 : undefined;
  if (base.kind === 'client_credentials') {
    const { expiresAt: _e, ...rest } = base;
    return { ...rest, accessToken: grant.accessToken, ...(expiresAt !== undefined && { expiresAt }), ...(grant.scopes && { scopes: grant.scopes }) };
  }
  if (base.kind !== 'oauth') return base;
  const { expiresAt: _e, refreshExpiresAt: _r, refreshToken: _t, tokenId: _id, ...rest } = base;
  return {
    ...rest,
    accessToken: grant.accessToken,
    // Zendesk rotates the pair (onboarding.md §3); an answer without a new refresh token leaves none usable.
    ...(grant.refreshToken !== undefined && { refreshToken: grant.refreshToken }),
    ...(expiresAt !== undefined && { expiresAt }),
    ...(grant.refreshExpiresIn !== undefined && { refreshExpiresAt: now + grant.refreshExpiresIn * 1000 }),
    ...(grant.scopes && { scopes: grant.scopes }),
  };
}

/**
 * `POST {Zendesk}/oauth/tokens` (JSON body, onboarding.md §3). A 4xx naming the grant or the client (invalid_grant,
 * invalid_client, unauthorized_client, and any 401) is permanent: an admin must connect again. Anything else (network,
 * timeout, 429, 5xx, an unreadable answer) is transient. The reason holds only the OAuth error code.
 */
export async function postTokenGrant(url: string, payload: Record<string, unknown>, fetchFn: typeof fetch = fetch): Promise<GrantOutcome> {
  const answer = await postTokenEndpoint(url, payload, fetchFn);
  if (!answer.reached) return { ok: false, permanent: false, reason: `the token endpoint could not be reached (${answer.errorName})` };
  const code = oauthErrorCode(answer.body);
  if (answer.status === 401 || (answer.status === 400 && (code === 'invalid_grant' || code === 'invalid_client' || code === 'unauthorized_client'))) {
    return { ok: false, permanent: true, reason: `Zendesk refused the renewal (${answer.status} ${code ?? 'unauthorized'})` };
  }
  if (!answer.ok) return { ok: false, permanent: false, reason: `the token endpoint answered ${answer.status}${code ? ` ${code}` : ''}` };
  const grant = grantOf(answer.body);
  if (grant === undefined) return { ok: false, permanent: false, reason: 'the token endpoint answered without an access token' };
  const { scope, ...rest } = grant;
  return { ok: true, grant: { ...rest, ...(scope !== undefined && scope.trim() !== '' && { scopes: scope.split(/\s+/).filter(Boolean) }) } };
}
