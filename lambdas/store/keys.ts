// Key builders: the only place that spells the table's keys (see README.md for the items they address).
import { createHash } from 'node:crypto';

/** Emails are keys: compare them trimmed and lower-cased everywhere. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/** Long or odd keys (provider event ids) are hashed: keys stay short and free of the `#` separator. */
const keyPart = (value: string): string => (value.length <= 200 && !value.includes('#') ? value : `sha256:${createHash('sha256').update(value).digest('hex')}`);

export const SETTINGS_SK = 'SETTINGS';
export const DIRECTORY_SK = 'DIRECTORY';
export const HEALTH_SK = 'HEALTH';
export const AGENT_SK_PREFIX = 'AGENT#';

export const keys = {
  accountPk: (account: string) => `ACCOUNT#${account}`,
  /** The registry of accounts: one small item per account, so listing them is a Query, not a Scan. */
  registry: (account: string) => ({ pk: 'ACCOUNTS', sk: `ACCOUNT#${account}` }),
  settings: (account: string) => ({ pk: `ACCOUNT#${account}`, sk: SETTINGS_SK }),
  directory: (account: string) => ({ pk: `ACCOUNT#${account}`, sk: DIRECTORY_SK }),
  link: (account: string, email: string) => ({ pk: `ACCOUNT#${account}`, sk: `${AGENT_SK_PREFIX}${normalizeEmail(email)}` }),
  byAircallUser: (account: string, userId: string) => `ACCOUNT#${account}#AIRCALL#${userId}`,
  byZendeskUser: (account: string, userId: string) => `ACCOUNT#${account}#ZENDESK#${userId}`,
  state: (account: string, email: string) => ({ pk: `ACCOUNT#${account}`, sk: `STATE#${normalizeEmail(email)}` }),
  dedupe: (account: string, provider: string, key: string) => ({ pk: `DEDUPE#${account}#${provider}#${keyPart(key)}`, sk: 'DEDUPE' }),
  auditPk: (account: string, email: string) => `AUDIT#${account}#${email === '*' ? '*' : normalizeEmail(email)}`,
  /** GSI 3 (`auditByAccount`): every audit entry of an account, whatever the agent. */
  accountAuditPk: (account: string) => `AUDITLOG#${account}`,
  health: (account: string) => ({ pk: `ACCOUNT#${account}`, sk: HEALTH_SK }),
  /** What was learned about the account's API shapes (api-shapes.ts). */
  apiShapes: (account: string) => ({ pk: `ACCOUNT#${account}`, sk: 'API_SHAPES' }),
  /** When the account's directory refresh was last asked for and last started (Aircall user.created / deleted). */
  directoryRefresh: (account: string) => ({ pk: `ACCOUNT#${account}`, sk: 'DIRECTORY_REFRESH' }),
  /** An Aircall company's request budget (`aircallCompanyKey`): shared by every account on that company. */
  bucket: (company: string, name: string) => ({ pk: `BUCKET#${company}#${name}`, sk: 'BUCKET' }),
  /** The onboarding steps' last outcomes (lambdas/oauth/store.ts). */
  onboarding: (account: string) => ({ pk: `ACCOUNT#${account}`, sk: 'ONBOARDING' }),
  /** A pending OAuth flow (state, console link), by the SHA-256 of its random value: single use, 10 minutes. */
  oauthFlow: (hash: string) => ({ pk: `OAUTH_FLOW#${hash}`, sk: 'OAUTH_FLOW' }),
  /** An authorization code already exchanged (replays refused), by provider and the SHA-256 of the code. */
  oauthCode: (provider: string, hash: string) => ({ pk: `OAUTH_CODE#${provider}#${hash}`, sk: 'OAUTH_CODE' }),
  /** An Aircall install waiting for the admin's Zendesk sign-in (token sealed), by the SHA-256 of its chain id. */
  aircallPending: (hash: string) => ({ pk: `AIRCALL_PENDING#${hash}`, sk: 'AIRCALL_PENDING' }),
};
