// Users Zendesk refused a moment ago (issue 13: negative results are cached), so reloading a refused page calls nobody.
import { remember } from '../sync/accounts';

/** How long a refusal stands: a reactivated user waits at most this long; a burst of reloads costs one Zendesk read. */
export const REFUSAL_TTL_MS = 60_000;
/** Refusals kept per process: memory stays bounded whatever tokens arrive. */
const MAX_ENTRIES = 1_000;

/** Per process: `(account, user)` pairs whose last Zendesk read refused them, each until its expiry. */
export class RefusedUsers {
  private readonly until = new Map<string, { until: number; reason: string }>();

  constructor(
    private readonly ttlMs = REFUSAL_TTL_MS,
    private readonly maxEntries = MAX_ENTRIES,
  ) {}

  /** Why the user was refused, while that refusal stands; else `undefined`. */
  reason(account: string, userId: string, now: number): string | undefined {
    const key = `${account}\u0000${userId}`;
    const hit = this.until.get(key);
    if (hit && hit.until > now) return hit.reason;
    if (hit) this.until.delete(key);
    return undefined;
  }

  add(account: string, userId: string, reason: string, now: number): void {
    // The same bounded LRU as the AccountCache: the oldest refusals go first.
    remember(this.until, `${account}\u0000${userId}`, { until: now + this.ttlMs, reason }, this.maxEntries);
  }
}
