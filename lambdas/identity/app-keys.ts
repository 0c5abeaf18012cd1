// The app's public keys (GET /api/v2/apps/{app_id}/public_key.pem, zaf.md §6.5): fetched through the account's own
// Zendesk client, cached, and fetched again at most once a minute when a signature fails (key rotation).
import type { StoredAccount } from '../store/port';
import type { SyncDeps } from '../sync/deps';

const KEY_TTL_MS = 24 * 3600_000;
/** A failing signature refetches at most this often per account and app: junk tokens cost no Zendesk calls. */
const REFETCH_EVERY_MS = 60_000;
const MAX_ENTRIES = 1_000;

interface Entry {
  pem?: string;
  fetchedAt: number;
  loading?: Promise<string>;
}

/**
 * One cache per process. Keyed by account and app: each account's key comes through its own Zendesk base URL, so one
 * tenant's Zendesk cannot hand another tenant a key. The key's location is never taken from a token.
 */
export class AppKeys {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs = KEY_TTL_MS,
    private readonly refetchEveryMs = REFETCH_EVERY_MS,
  ) {}

  /** The cached key, or one fetched now (concurrent callers share the fetch). */
  async current(deps: SyncDeps<object>, account: StoredAccount, appId: string, now: number): Promise<string> {
    const entry = this.entries.get(keyOf(account, appId));
    if (entry?.pem !== undefined && now - entry.fetchedAt < this.ttlMs) return entry.pem;
    return this.fetch(deps, account, appId, now);
  }

  /**
   * A fresh key after a signature failed, or `undefined` when the cached one was fetched less than a minute ago (then
   * the token is simply refused).
   */
  async refreshed(deps: SyncDeps<object>, account: StoredAccount, appId: string, now: number): Promise<string | undefined> {
    const entry = this.entries.get(keyOf(account, appId));
    if (entry && now - entry.fetchedAt < this.refetchEveryMs) return undefined;
    return this.fetch(deps, account, appId, now);
  }

  private fetch(deps: SyncDeps<object>, account: StoredAccount, appId: string, now: number): Promise<string> {
    const key = keyOf(account, appId);
    const entry = this.entries.get(key) ?? { fetchedAt: now };
    if (entry.loading) return entry.loading;
    if (!this.entries.has(key) && this.entries.size >= MAX_ENTRIES) this.entries.clear();
    // Counted from the attempt: a failing Zendesk is asked again only after the same minute.
    entry.fetchedAt = now;
    entry.loading = deps.clients
      .zendesk(account)
      .getAppPublicKey(appId)
      .then((pem) => {
        entry.pem = pem;
        return pem;
      })
      .finally(() => {
        entry.loading = undefined;
      });
    this.entries.set(key, entry);
    return entry.loading;
  }
}

const keyOf = (account: StoredAccount, appId: string) => `${account.id}#${account.zendesk.baseUrl ?? ''}#${appId}`;
