// Reading an account for a request, with a short in-process cache: webhooks must answer in milliseconds.
import type { StoredAccount, SyncStore } from '../store/port';

const TTL_MS = 15_000;

/**
 * Caches accounts for 15 s per process, so a burst of webhooks costs one read. An accounts-file change (credentials,
 * the fallback direction) therefore applies within 15 s; the direction set in the app's settings has its own refresh
 * (`directionFor` in app-settings.ts, SETTINGS_REFRESH_SECONDS), counted from when Zendesk was read, not from this cache.
 */
export class AccountCache {
  private readonly entries = new Map<string, { account: StoredAccount | undefined; until: number }>();

  constructor(
    private readonly store: SyncStore,
    private readonly ttlMs = TTL_MS,
  ) {}

  async get(id: string, now: number): Promise<StoredAccount | undefined> {
    const hit = this.entries.get(id);
    if (hit && hit.until > now) return hit.account;
    const account = await this.store.getAccount(id);
    this.entries.set(id, { account, until: now + this.ttlMs });
    return account;
  }

  forget(id: string): void {
    this.entries.delete(id);
  }
}
