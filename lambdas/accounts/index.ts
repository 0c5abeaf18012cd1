// Accounts: the account type, its base-URL resolution, and the accounts file the operator imports.
export {
  type Account,
  type AircallAccountSettings,
  type ZendeskAccountSettings,
  DEFAULT_AIRCALL_RATE_LIMIT_PER_MINUTE,
  resolveAircallBaseUrl,
  resolveZendeskBaseUrl,
  accountSecrets,
} from './account';
export { AccountsError, AccountsFileError, ACCOUNT_ID_PATTERN, parseAccountsFile, parseAccountsJson } from './file';
