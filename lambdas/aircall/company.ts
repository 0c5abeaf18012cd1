// Which Aircall company an account's requests count against: the key of its request budget.
import { apiIdCompanyKey, type AccountSettings } from '../accounts/account';

/**
 * The Aircall company an account's requests count against (aircall-api.md §3: the limit is per company, shared by
 * every integration), as the key of its request budget: accounts on one company share one budget.
 *
 * What identifies the company today is the API ID of the account's API key. When an account authenticates with an
 * OAuth token instead (issue "From marketplace install to syncing"), the company behind that token goes here, in
 * this one function. The API ID is a credential, so the key is its hash, never the ID itself: it is stored in table
 * keys and may be logged.
 *
 * @example aircallCompanyKey({ aircall: { apiId: 'abc', … } }) // 'apiid-ba7816bf8f01cfea414140de5dae2223'
 */
export function aircallCompanyKey(account: { id?: string; aircall: Pick<AccountSettings['aircall'], 'companyKey'> & { apiId?: string } }): string {
  // The settings item keeps only the hash (`accountSettings`); a full account (a file) still has the API ID.
  if (account.aircall.companyKey) return account.aircall.companyKey;
  if (account.aircall.apiId) return apiIdCompanyKey(account.aircall.apiId);
  // An OAuth-connected company with no key recorded yet: its own budget, per account.
  return `account-${account.id ?? 'unknown'}`;
}
