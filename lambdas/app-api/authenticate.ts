// Who is calling: the account whose shared secret verifies the app's token, and the Zendesk user id it claims.
import type { AppTokenClaims } from '../../shared/app-api';
import type { AccountStore, StoredAccount } from '../store/port';
import type { AccountCache } from '../sync/accounts';
import { unauthorized } from './errors';
import { AppTokenError, bearerToken, readAppToken, verifyAppToken } from './token';

const ACCOUNTS_TTL_MS = 15_000;

export interface Caller {
  account: StoredAccount;
  /** Verified as signed by the account's app; `sub` is still only what the app's code claims (zaf.md §7). */
  claims: AppTokenClaims;
}

/**
 * Finds accounts by Zendesk subdomain. Which ids a subdomain has comes from one `listAccounts` per 15 s per process,
 * so a flood of tokens naming unknown subdomains costs no reads; each account itself comes from the AccountCache the
 * webhooks and the worker use, so the app sees the settings (direction, secret) the sync applies.
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
      .finally(() => (this.loading = undefined));
    return this.loading;
  }
}

/**
 * Authenticates a request from its `Authorization` header. The token's `iss` picks the accounts of that subdomain;
 * the one whose `app.sharedSecret` verifies the signature is the caller's (so a token signed with another account's
 * secret is refused, even one naming this subdomain).
 *
 * @throws AppApiHttpError `unauthorized`, with a message saying what is wrong.
 */
export async function authenticate(accounts: AccountsBySubdomain, authorization: string | undefined, now: number): Promise<Caller> {
  const raw = bearerToken(authorization);
  if (raw === undefined) throw unauthorized('Sign in through the app: the request carries no bearer token');
  try {
    const token = readAppToken(raw);
    const candidates = await accounts.find(token.issuer, now);
    if (candidates.length === 0) throw unauthorized('The token names a Zendesk subdomain that has no account here');
    const withSecret = candidates.filter((a) => typeof a.app?.sharedSecret === 'string' && a.app.sharedSecret.length > 0);
    if (withSecret.length === 0) throw unauthorized('The app is not set up for this account: the backend has no shared secret for it');
    let failure: AppTokenError | undefined;
    const verified: Caller[] = [];
    for (const account of withSecret) {
      try {
        verified.push({ account, claims: verifyAppToken(token, account.app?.sharedSecret as string, now) });
      } catch (error) {
        if (!(error instanceof AppTokenError)) throw error;
        // A claim problem (expired…) says more than "bad signature" from another account of the same subdomain.
        if (!failure || !/signature/.test(error.message)) failure = error;
      }
    }
    if (verified.length === 1) return verified[0] as Caller;
    if (verified.length > 1) throw unauthorized('Several accounts share this Zendesk subdomain and secret: the token cannot be tied to one');
    throw unauthorized(`The token was refused: ${(failure as AppTokenError).message}`);
  } catch (error) {
    if (error instanceof AppTokenError) throw unauthorized(`The token was refused: ${error.message}`);
    throw error;
  }
}
