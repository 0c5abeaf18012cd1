// Which account a Zendesk subdomain connects: a file-loaded account whose `zendesk.subdomain` is SUB, else the
// account whose id is SUB (created by an earlier Connect), else a new one with id SUB (issue 12, "Account ids").
import { DEFAULT_AIRCALL_RATE_LIMIT_PER_MINUTE, isAccountId, type AccountSettings } from '../accounts/account';
import type { AccountStore, StoredAccount } from '../store/port';

/** A Zendesk subdomain as typed by an admin: lower-cased; letters, digits and hyphens (it becomes an account id). */
export function parseSubdomain(raw: string | null | undefined): string | undefined {
  const value = raw?.trim().toLowerCase();
  return value !== undefined && /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(value) && isAccountId(value) ? value : undefined;
}

/** The account SUB connects to, or `undefined` when there is none yet. */
export async function accountForSubdomain(store: AccountStore, subdomain: string): Promise<StoredAccount | undefined> {
  const all = await store.listAccounts();
  const matching = all.filter((a) => a.zendesk.subdomain.toLowerCase() === subdomain);
  // A file-loaded account whose subdomain is SUB wins over one whose id merely equals SUB.
  return matching.find((a) => a.id === subdomain) ?? matching.sort((a, b) => a.id.localeCompare(b.id))[0];
}

/** Whether the id SUB is already taken by an account of another subdomain (then Connect cannot create one). */
export async function idTakenByAnother(store: AccountStore, subdomain: string): Promise<boolean> {
  const byId = await store.getAccount(subdomain);
  return byId !== undefined && byId.zendesk.subdomain.toLowerCase() !== subdomain;
}

/**
 * A new account as Connect creates it: id and subdomain SUB and no secret (credentials live in their own sealed
 * items, lambdas/credentials), API URLs from the configuration. The direction is only the fallback until the app's
 * installation settings are read (issue 6); it is the product's default.
 */
export function newConnectedAccount(subdomain: string): AccountSettings {
  return {
    id: subdomain,
    direction: 'aircall_to_zendesk',
    aircall: { rateLimitPerMinute: DEFAULT_AIRCALL_RATE_LIMIT_PER_MINUTE },
    zendesk: { subdomain },
  };
}
