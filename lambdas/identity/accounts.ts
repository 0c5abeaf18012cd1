// Accounts by Zendesk subdomain: how a signedUrls token (whose issuer names the subdomain) finds its account.
import type { AccountStore, StoredAccount } from '../store/port';
import type { AccountCache } from '../sync/accounts';

const ACCOUNTS_TTL_MS = 15_000;

/**
 * Which ids a subdomain has comes from one `listAccounts` per 15 s per process, so a flood of tokens naming unknown
 * subdomains costs no reads; each account itself comes from the AccountCache the webhooks and the worker use.
 */
export class AccountsBySubdomain {
  private cached: { ids: Map<string, string[]>; until: number } | undefined;
  private loading: Promise<Map<string, string[]>> | undefined;

  constructor(
    private readonly store: AccountStore,
    private readonly accounts: AccountCache,
    private readonly ttlMs = ACCOUNTS_TTL_MS,
  ) {}

  async find(subdomain: string, now: number): Promise<StoredAccount[]> {
    const bySubdomain = this.cached && this.cached.until > now ? this.cached.ids : await this.load(now);
    const found = await Promise.all((bySubdomain.get(subdomain) ?? []).map((id) => this.accounts.get(id, now)));
    return found.filter((a): a is StoredAccount => a !== undefined && a.zendesk.subdomain.toLowerCase() === subdomain);
  }

  /**
   * The one account of a subdomain: the only one, else the one whose id is the subdomain (the account the Connect
   * flow creates, docs/onboarding.md); `undefined` when none or several without that tie-break.
   */
  async one(subdomain: string, now: number): Promise<StoredAccount | undefined> {
    const found = await this.find(subdomain, now);
    if (found.length === 1) return found[0];
    return found.find((a) => a.id === subdomain);
  }

  /** Forgets the subdomain map (an account was just created). */
  forget(): void {
    this.cached = undefined;
  }

  private async load(now: number): Promise<Map<string, string[]>> {
    // Concurrent requests share one read.
    this.loading ??= this.store
      .listAccounts()
      .then((accounts) => {
        const ids = new Map<string, string[]>();
        for (const a of accounts) {
          const key = a.zendesk.subdomain.toLowerCase();
          ids.set(key, [...(ids.get(key) ?? []), a.id]);
        }
        this.cached = { ids, until: now + this.ttlMs };
        return ids;
      })
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }
}
