// The API clients' credentials, read from the credential store when a request needs them: one Zendesk token source
// per account (refresh, single flight, needs reconnect), and the Aircall key with a short in-process cache.
import type { AircallAuth } from '../aircall/client';
import type { Config } from '../config';
import type { AuditStore } from '../store/port';
import type { Log } from '../sync/deps';
import { NeedsReconnectError, ZendeskTokenSource } from '../zendesk/token-source';
import type { AircallCredential, CredentialStore } from './port';

/** How long a read Aircall credential is used before the store is read again (a reconnect applies within it). */
const AIRCALL_CACHE_MS = 30_000;

export interface AccountAuth {
  /** What authenticates each Aircall request of the account. */
  aircall(account: string): () => Promise<AircallAuth>;
  /** The account's Zendesk token source (one per account and process, shared by its clients). */
  zendesk(account: string, baseUrl: string): ZendeskTokenSource;
  /**
   * What the account's Aircall client calls once Aircall refuses its credential: marks the connection as needing a
   * reconnect (sync pauses until an admin connects again) and returns the error to throw.
   */
  aircallRefused(account: string): (refused: AircallAuth, reason: string) => Promise<Error>;
}

/**
 * The credentials of every account for the clients of one process. Without a credential store every request fails
 * with an error saying so (a runtime built without one).
 */
export function accountAuth(credentials: CredentialStore | undefined, cfg: Pick<Config, 'zendeskOAuth'>, log?: Log, audit?: AuditStore): AccountAuth {
  const sources = new Map<string, ZendeskTokenSource>();
  const aircallCache = new Map<string, { auth: AircallAuth; until: number }>();
  const store = (): CredentialStore => {
    if (!credentials) throw new Error('This runtime has no credential store (lambdas/credentials): no API request can be sent');
    return credentials;
  };
  /** Says once that a side's connection needs a reconnect: an error log line with its alarm, and an audit entry. */
  const announce = (account: string, side: 'zendesk' | 'aircall', why: string, reason: string) => {
    log?.error(`${side} connection needs reconnect: sync paused until an admin connects again`, { account, reason, alarm: 'NeedsReconnect' });
    audit
      ?.appendAudit(account, '*', { kind: 'connection', decision: 'needs_reconnect', reason: why, detail: { side, message: reason } }, Date.now())
      .catch((error: Error) => log?.warn('could not audit the needs-reconnect state', { account, error: error.message }));
  };
  return {
    aircallRefused(account) {
      return async (refused, reason) => {
        aircallCache.delete(account);
        const stored = await store().getAircallCredential(account);
        if (!stored) return new NeedsReconnectError(account, 'no Aircall credential is stored', 'aircall');
        if (stored.needsReconnect) return new NeedsReconnectError(account, stored.needsReconnect.reason, 'aircall');
        // An admin connected again since the request read its credential (it was cached for up to AIRCALL_CACHE_MS):
        // the new one is not the refused one, so nothing is marked and the request is retried with it.
        if (!sameAircallAuth(aircallAuthOf(stored), refused))
          return new Error('The Aircall credential was replaced while a request used the old one: try again');
        if (await store().markNeedsReconnect(account, 'aircall', reason, Date.now(), stored.version))
          announce(account, 'aircall', 'credential_refused', reason);
        return new NeedsReconnectError(account, reason, 'aircall');
      };
    },
    aircall(account) {
      return async () => {
        const hit = aircallCache.get(account);
        if (hit && hit.until > Date.now()) return hit.auth;
        const credential = await store().getAircallCredential(account);
        if (!credential) throw new NeedsReconnectError(account, 'no Aircall credential is stored', 'aircall');
        if (credential.needsReconnect) throw new NeedsReconnectError(account, credential.needsReconnect.reason, 'aircall');
        const auth = aircallAuthOf(credential);
        aircallCache.set(account, { auth, until: Date.now() + AIRCALL_CACHE_MS });
        return auth;
      };
    },
    zendesk(account, baseUrl) {
      const key = `${account}\n${baseUrl}`;
      let source = sources.get(key);
      if (!source) {
        source = new ZendeskTokenSource({
          account,
          credentials: store(),
          baseUrl,
          ...(cfg.zendeskOAuth && { oauthClient: cfg.zendeskOAuth }),
          onRefreshed: (kind) => log?.info(kind === 'mint' ? 'zendesk token minted' : 'zendesk token refreshed', { account }),
          onNeedsReconnect: (reason, marked) => {
            if (marked) announce(account, 'zendesk', 'refresh_refused', reason); // else another process already said it
          },
        });
        sources.set(key, source);
      }
      return source;
    },
  };
}

/** What authenticates Aircall requests with a stored credential. */
function aircallAuthOf(credential: AircallCredential): AircallAuth {
  return credential.kind === 'oauth'
    ? { kind: 'bearer', accessToken: credential.accessToken }
    : { kind: 'basic', apiId: credential.apiId, apiToken: credential.apiToken };
}

function sameAircallAuth(a: AircallAuth, b: AircallAuth): boolean {
  if (a.kind === 'bearer') return b.kind === 'bearer' && a.accessToken === b.accessToken;
  return b.kind === 'basic' && a.apiId === b.apiId && a.apiToken === b.apiToken;
}
