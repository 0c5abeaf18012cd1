// An account: one Aircall company paired with one Zendesk subdomain, its credentials and its sync direction.
import { createHash } from 'node:crypto';
import type { SyncDirection } from '../../shared/sync/types';
import type { Config } from '../config';

export interface AircallAccountSettings {
  /** Basic-auth id and token for the Public API. Secret. */
  apiId: string;
  apiToken: string;
  /** The `token` Aircall puts in every webhook body for this account. Secret. */
  webhookToken: string;
  /** The account's Aircall API budget (per company). Default 60. */
  rateLimitPerMinute: number;
  /** Overrides `AIRCALL_API_URL` for this account (e.g. a sandbox). */
  baseUrl?: string;
}

interface ZendeskCommon {
  subdomain: string;
  /** The webhook's signing secret (HMAC-SHA256 over timestamp + body). Secret. */
  webhookSigningSecret: string;
  /** Overrides `ZENDESK_API_URL` / `https://{subdomain}.zendesk.com` for this account. */
  baseUrl?: string;
}

/**
 * Exactly one auth form: an OAuth access token, an agent email with an API token, or (self-hosted) the customer's own
 * confidential OAuth client, whose `client_credentials` grant mints tokens as they expire. Secret.
 */
export type ZendeskAccountSettings = ZendeskCommon &
  (
    | { oauthAccessToken: string; email?: never; apiToken?: never; clientCredentials?: never }
    | { email: string; apiToken: string; oauthAccessToken?: never; clientCredentials?: never }
    | { clientCredentials: { clientId: string; clientSecret: string }; oauthAccessToken?: never; email?: never; apiToken?: never }
  );

/** The ZAF app's side of the account (issue 4). Absent until the app is set up for the account. */
export interface AppAccountSettings {
  /** The app's Zendesk app id, to find its installation (`GET /api/v2/apps/installations`); optional. */
  appId?: number;
}

export interface Account {
  /** URL-safe, unique: appears in webhook URLs and in every table key. */
  id: string;
  /** The direction from the accounts file: the fallback while no app installation is found (issue 6). */
  direction: SyncDirection;
  aircall: AircallAccountSettings;
  zendesk: ZendeskAccountSettings;
  app?: AppAccountSettings;
}

/**
 * What an account's settings item holds (lambdas/store): the account without its secrets. The credentials live in
 * their own sealed items (lambdas/credentials); `accountSettings` is the one place that separates the two.
 */
export interface AccountSettings {
  id: string;
  direction: SyncDirection;
  aircall: {
    rateLimitPerMinute: number;
    baseUrl?: string;
    /** The Aircall company's budget key (`aircallCompanyKey`): a hash, never the API ID. */
    companyKey?: string;
  };
  zendesk: { subdomain: string; baseUrl?: string };
  app?: AppAccountSettings;
}

/**
 * The settings of an account, every secret left out (the API ID only as its hash, the company key). Takes a full
 * account (a file import) or settings already without secrets, and picks the known plain fields only, so a secret
 * added to `Account` later cannot reach the settings item by accident.
 */
export function accountSettings(account: Account | AccountSettings): AccountSettings {
  const aircall = account.aircall as Partial<AircallAccountSettings> & AccountSettings['aircall'];
  const companyKey = aircall.companyKey ?? (typeof aircall.apiId === 'string' && aircall.apiId !== '' ? apiIdCompanyKey(aircall.apiId) : undefined);
  return {
    id: account.id,
    direction: account.direction,
    aircall: {
      rateLimitPerMinute: aircall.rateLimitPerMinute,
      ...(aircall.baseUrl !== undefined && { baseUrl: aircall.baseUrl }),
      ...(companyKey !== undefined && { companyKey }),
    },
    zendesk: { subdomain: account.zendesk.subdomain, ...(account.zendesk.baseUrl !== undefined && { baseUrl: account.zendesk.baseUrl }) },
    ...(account.app !== undefined && { app: account.app }),
  };
}

/** The budget key of an Aircall company known by an API ID: its hash (the ID is a credential). */
export function apiIdCompanyKey(apiId: string): string {
  return `apiid-${createHash('sha256').update(apiId, 'utf8').digest('hex').slice(0, 32)}`;
}

export const DEFAULT_AIRCALL_RATE_LIMIT_PER_MINUTE = 60;

/** An account id: 1-63 of a-z 0-9 - _, starting with a letter or digit (it is part of URLs and table keys). */
export const ACCOUNT_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** Whether `id` has the form of an account id: checked before any lookup of an id that came from outside. */
export const isAccountId = (id: unknown): id is string => typeof id === 'string' && ACCOUNT_ID_PATTERN.test(id);

/**
 * The Aircall API base URL for an account: its own `baseUrl`, else `AIRCALL_API_URL` (default the real service).
 * No trailing slash.
 *
 * @example resolveAircallBaseUrl(account, config()) // 'https://api.aircall.io'
 */
export function resolveAircallBaseUrl(account: Pick<AccountSettings, 'aircall'>, cfg: Pick<Config, 'aircallApiUrl'>): string {
  return trimSlash(account.aircall.baseUrl ?? cfg.aircallApiUrl);
}

/**
 * The Zendesk API base URL for an account: its own `baseUrl`, else `ZENDESK_API_URL` (with `{subdomain}` replaced),
 * else `https://{subdomain}.zendesk.com`. No trailing slash.
 *
 * @example resolveZendeskBaseUrl({ zendesk: { subdomain: 'acme', … } }, { }) // 'https://acme.zendesk.com'
 */
export function resolveZendeskBaseUrl(account: Pick<AccountSettings, 'zendesk'>, cfg: Pick<Config, 'zendeskApiUrl'>): string {
  const { subdomain, baseUrl } = account.zendesk;
  if (baseUrl !== undefined) return trimSlash(baseUrl);
  if (cfg.zendeskApiUrl !== undefined) return trimSlash(cfg.zendeskApiUrl.replaceAll('{subdomain}', encodeURIComponent(subdomain)));
  return `https://${subdomain}.zendesk.com`;
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/** The secret values of an account, e.g. to redact them from any text that might be printed. */
export function accountSecrets(account: Account): string[] {
  const z = account.zendesk;
  return [
    account.aircall.apiId,
    account.aircall.apiToken,
    account.aircall.webhookToken,
    z.webhookSigningSecret,
    z.oauthAccessToken,
    z.apiToken,
    z.clientCredentials?.clientSecret,
  ].filter((s): s is string => typeof s === 'string' && s.length > 0);
}
