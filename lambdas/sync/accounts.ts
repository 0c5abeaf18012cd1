// Reading an account for a request, with a short, bounded in-process cache: webhooks must answer in milliseconds.
import { isAccountId } from '../accounts/account';
import type { AccountStore, StoredAccount } from '../store/port';

const TTL_MS = 15_000;
/** How long "no such account" is kept: long enough that a burst of probes costs one read, short enough for a new account. */
const NEGATIVE_TTL_MS = 5_000;
/** Entries kept of each kind (found, not found): memory stays bounded whatever ids are sent. */
const MAX_ENTRIES = 1_000;

/**
 * Caches accounts for 15 s per process, so a burst of webhooks costs one read. An accounts-file change (credentials,
 * the fallback direction) therefore applies within 15 s; the direction set in the app's settings has its own refresh
 * (`directionFor` in direction.ts, SETTINGS_REFRESH_SECONDS), counted from when Zendesk was read, not from this cache.
 *
 * Ids come from URLs, so anyone can send any: an id not of the account id form is never looked up nor kept, and
 * unknown ids are kept apart from known accounts, each in its own least-recently-used map of `maxEntries`, so a
 * flood of probes neither grows memory nor evicts the accounts in use.
 */
export class AccountCache {
  private readonly found = new Map<string, { account: StoredAccount; until: number }>();
  private readonly missing = new Map<string, number>();

  constructor(
    private readonly store: AccountStore,
    private readonly ttlMs = TTL_MS,
    private readonly maxEntries = MAX_ENTRIES,
  ) {}

  /** Entries held now (found and not found). */
  get size(): number {
    return this.found.size + this.missing.size;
  }

  async get(id: string, now: number): Promise<StoredAccount | undefined> {
    if (!isAccountId(id)) return undefined;
    const hit = this.found.get(id);
    if (hit && hit.until > now) return touch(this.found, id, hit).account;
    const missUntil = this.missing.get(id);
    if (missUntil !== undefined && missUntil > now) return undefined;
    const account = await this.store.getAccount(id);
    this.forget(id);
    if (account) remember(this.found, id, { account, until: now + this.ttlMs }, this.maxEntries);
    else remember(this.missing, id, now + Math.min(NEGATIVE_TTL_MS, this.ttlMs), this.maxEntries);
    return account;
  }

  forget(id: string): void {
    this.found.delete(id);
    this.missing.delete(id);
  }
}

/** Moves `key` to the most recently used end (a Map iterates in insertion order). */
export function touch<V>(map: Map<string, V>, key: string, value: V): V {
  map.delete(key);
  map.set(key, value);
  return value;
}

/** Stores `key`, evicting the least recently used entries beyond `max`. */
export function remember<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  touch(map, key, value);
  for (const oldest of map.keys()) {
    if (map.size <= max) break;
    map.delete(oldest);
  }
}
