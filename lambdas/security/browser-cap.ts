// The per-account cap on calls to Zendesk and Aircall that browser traffic can cause (issue 13, "calls that outside
// traffic can trigger are bounded"). Every route a browser reaches (the app API, the admin console, OAuth) builds its
// clients through `cappedClients`, so whatever the requests, each account's Zendesk and Aircall see at most
// BROWSER_CALLS_PER_MINUTE calls a minute from them. The cap is a token bucket in the table (one per account and
// side, beside the Aircall company budget), so it holds across Lambda instances, not per process.
import type { Side } from '../../shared/sync/types';
import { RateLimitedError, systemLabel } from '../http/errors';
import type { RateBucketStore, StoredAccount } from '../store/port';
import type { ClientFactory, SyncDeps } from '../sync/deps';

/** Calls per account, side and minute that browser requests may cause (all at once at most, as the store's request logs). */
export const BROWSER_CALLS_PER_MINUTE = 30;

/**
 * OAuth callbacks per Zendesk subdomain (or Aircall install) and minute. A callback makes a fixed handful of provider
 * calls (code exchange, users/me, tokens/current, a revoke), so this bounds them, per 65 s window of the store's log.
 */
export const OAUTH_CALLBACKS_PER_MINUTE = 60;

/**
 * The bucket of browser-caused calls of one account and side. It lives in the store's rate-bucket family
 * (`BUCKET#browser:<side>:<account>#…`): a documented counter, the only item a refused browser request may change.
 */
export const browserBucketKey = (side: Side, accountId: string) => `browser:${side}:${accountId}`;

/** A call refused by the cap: nothing was sent. Answered 429 with `Retry-After` by the routes. */
export class BrowserCallCapError extends RateLimitedError {
  override name = 'BrowserCallCapError';

  constructor(side: Side, retryAfterMs: number) {
    super(side, retryAfterMs);
    this.message = `Too many requests to ${systemLabel(side)} from the browser for this account (at most ${BROWSER_CALLS_PER_MINUTE} a minute): try again in ${Math.ceil(retryAfterMs / 1000)} s`;
  }
}

/** Takes one browser call of `account` on `side`, or throws BrowserCallCapError. */
export async function takeBrowserCall(store: RateBucketStore, side: Side, accountId: string, now: number, perMinute = BROWSER_CALLS_PER_MINUTE): Promise<void> {
  const token = await store.takeToken(browserBucketKey(side, accountId), perMinute, now);
  if (!token.ok) throw new BrowserCallCapError(side, token.retryAfterMs);
}

/** Client methods that answer from memory (`budget()`, `learned()`): they send nothing, so they cost nothing. */
const LOCAL_METHODS = new Set<string | symbol>(['budget', 'learned']);

/**
 * Every method call of `client` first takes a browser call of the account. A call counts once: a paginated list stays
 * within its client's page cap, so the calls sent stay within a fixed multiple of the cap.
 */
function capped<T extends object>(client: T, take: () => Promise<void>): T {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function' || LOCAL_METHODS.has(property)) return value;
      return async (...args: unknown[]) => {
        await take();
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/**
 * The clients of `deps`, with every call counted against the account's browser cap. Use them (e.g.
 * `{ ...deps, clients: cappedClients(deps) }`) on every path a browser request reaches.
 */
export function cappedClients(deps: Pick<SyncDeps<RateBucketStore>, 'store' | 'clients' | 'now'>, perMinute = BROWSER_CALLS_PER_MINUTE): ClientFactory {
  const take = (side: Side, account: StoredAccount) => () => takeBrowserCall(deps.store, side, account.id, deps.now(), perMinute);
  return {
    aircall: (account) => capped(deps.clients.aircall(account), take('aircall', account)),
    zendesk: (account) => capped(deps.clients.zendesk(account), take('zendesk', account)),
  };
}
