// Which Aircall company an account's requests count against: the key of its request budget.
import { createHash } from 'node:crypto';
import type { Account } from '../accounts/account';

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
export function aircallCompanyKey(account: Pick<Account, 'aircall'>): string {
  return `apiid-${createHash('sha256').update(account.aircall.apiId, 'utf8').digest('hex').slice(0, 32)}`;
}
