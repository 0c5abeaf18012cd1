// The lambdas' configuration: read from the environment once, validated, with defaults. Nothing else reads process.env.

/** Thrown when a variable is missing or malformed; the message names every offending variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    /** One message per problem, each starting with the variable's name. */
    readonly problems: readonly string[],
  ) {
    super(`Invalid configuration: ${problems.join('; ')}`);
  }
}

export const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  /** DynamoDB table holding everything (lambdas/store). `TABLE_NAME`, default `agent-status-sync`. */
  tableName: string;
  /** The SQS FIFO queue URL. `QUEUE_URL`; only handlers that enqueue need it: read it with `requireQueueUrl`. */
  queueUrl?: string;
  /** Aircall API base URL when an account sets none. `AIRCALL_API_URL`, default `https://api.aircall.io`. */
  aircallApiUrl: string;
  /**
   * Zendesk API base URL when an account sets none, in place of `https://{subdomain}.zendesk.com`. `ZENDESK_API_URL`;
   * may contain `{subdomain}`, replaced by the account's subdomain (e.g. `http://127.0.0.1:4012/{subdomain}`).
   */
  zendeskApiUrl?: string;
  /** How long a webhook event id is remembered. `DEDUPE_TTL_SECONDS`, default 7 days. */
  dedupeTtlSeconds: number;
  /** How long audit entries are kept. `AUDIT_RETENTION_DAYS`, default 30. */
  auditRetentionDays: number;
  /** How long after our write a matching change is taken as its echo. `ECHO_WINDOW_MS`, default 120000. */
  echoWindowMs: number;
  /** Largest webhook body accepted. `MAX_BODY_BYTES`, default 262144. */
  maxBodyBytes: number;
  /** Largest age (either way) of a Zendesk webhook signature timestamp. `ZENDESK_SIGNATURE_TOLERANCE_MS`, default 300000. */
  zendeskSignatureToleranceMs: number;
  /** `LOG_LEVEL` (Powertools levels, case-insensitive), default `INFO`. */
  logLevel: LogLevel;
  /**
   * How long the app's installation settings (the sync direction, issue 6) are trusted before Zendesk is read again.
   * `SETTINGS_REFRESH_SECONDS`, default 60: an admin's change applies within this period.
   */
  settingsRefreshSeconds: number;
  /**
   * The reconcile sweep's period (its schedule), which sizes the backlog one sweep queues against the Aircall budget.
   * `RECONCILE_INTERVAL_MS`, default 300000.
   */
  reconcilePeriodMs: number;
  /**
   * The ZAF app's Zendesk app id, whose public key verifies signedUrls tokens (issue 13). `ZENDESK_APP_ID`; an account's
   * own `app.appId` wins. Without either, the app's pages get no session.
   */
  zendeskAppId?: number;
  /** The built app's `assets` folder the app page and its files are served from. `APP_ASSETS_DIR`; default beside the bundle. */
  appAssetsDir?: string;
  /**
   * The backend's public base URL (issue 12): OAuth redirect URIs and the webhook URLs registered are built on it.
   * `PUBLIC_URL`; required by the onboarding routes only (`requirePublicUrl`).
   */
  publicUrl?: string;
  /** Our Zendesk OAuth client (global for the hosted listing). `ZENDESK_OAUTH_CLIENT_ID` and `_SECRET`, both or neither. Secret. */
  zendeskOAuth?: OAuthClientConfig;
  /** Our Aircall Technology Partner app. `AIRCALL_OAUTH_CLIENT_ID` and `_SECRET`, both or neither; unset = paste only. Secret. */
  aircallOAuth?: OAuthClientConfig;
  /** Where Aircall's authorize page lives. `AIRCALL_DASHBOARD_URL`, default `https://dashboard.aircall.io`. */
  aircallDashboardUrl: string;
  /** Secrets at rest (lambdas/credentials): the KMS key that wraps data keys in AWS. `SECRETS_KMS_KEY_ID`; wins over a local key. */
  secretsKmsKeyId?: string;
  /** The local master key: `SECRETS_KEY`, exactly 64 hexadecimal characters. Secret: never logged, never in an error. */
  secretsKey?: string;
  /** Older local master keys that still open what they sealed: `SECRETS_PREVIOUS_KEYS`, comma-separated. Secret. */
  secretsPreviousKeys?: string;
  /** Where the local stack keeps its data and, without `SECRETS_KEY`, its key file (`secrets.key`). `DATA_DIR`. */
  dataDir?: string;
}

export interface OAuthClientConfig {
  clientId: string;
  clientSecret: string;
}

export const DEFAULT_CONFIG: Omit<
  Config,
  'queueUrl' | 'zendeskApiUrl' | 'publicUrl' | 'zendeskOAuth' | 'aircallOAuth' | 'secretsKmsKeyId' | 'secretsKey' | 'secretsPreviousKeys' | 'dataDir'
> = {
  tableName: 'agent-status-sync',
  aircallApiUrl: 'https://api.aircall.io',
  dedupeTtlSeconds: 7 * 24 * 3600,
  auditRetentionDays: 30,
  echoWindowMs: 120_000,
  maxBodyBytes: 262_144,
  zendeskSignatureToleranceMs: 300_000,
  logLevel: 'INFO',
  settingsRefreshSeconds: 60,
  reconcilePeriodMs: 300_000,
  aircallDashboardUrl: 'https://dashboard.aircall.io',
};

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads and validates the configuration from `env` (pure over its argument). Empty strings count as unset.
 * Throws one `ConfigError` listing every bad variable.
 *
 * @example loadConfig({ TABLE_NAME: 'sync', ECHO_WINDOW_MS: '60000' }).echoWindowMs // 60000
 */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const value = (name: string): string | undefined => {
    const raw = env[name];
    return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
  };
  const integer = (name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return Number(raw);
  };
  const url = (name: string): string | undefined => {
    const raw = value(name);
    if (raw === undefined) return undefined;
    const problem = httpUrlProblem(raw.replaceAll('{subdomain}', 'subdomain'));
    if (problem) {
      problems.push(`${name} ${problem}`);
      return undefined;
    }
    return raw.replace(/\/+$/, '');
  };

  const tableName = value('TABLE_NAME') ?? DEFAULT_CONFIG.tableName;
  if (!/^[A-Za-z0-9_.-]{3,255}$/.test(tableName)) problems.push(`TABLE_NAME must be 3-255 letters, digits, '_', '-' or '.', got "${tableName}"`);

  const rawLevel = value('LOG_LEVEL')?.toUpperCase();
  let logLevel: LogLevel = DEFAULT_CONFIG.logLevel;
  if (rawLevel !== undefined) {
    if ((LOG_LEVELS as readonly string[]).includes(rawLevel)) logLevel = rawLevel as LogLevel;
    else problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${value('LOG_LEVEL')}"`);
  }

  // An OAuth client is its id and its secret together: one without the other is a mistake, named.
  const oauthClient = (prefix: string): OAuthClientConfig | undefined => {
    const clientId = value(`${prefix}_CLIENT_ID`);
    const clientSecret = value(`${prefix}_CLIENT_SECRET`);
    if (clientId === undefined && clientSecret === undefined) return undefined;
    if (clientId === undefined || clientSecret === undefined) {
      problems.push(`${prefix}_CLIENT_ID and ${prefix}_CLIENT_SECRET must be set together (${clientId === undefined ? 'the id' : 'the secret'} is missing)`);
      return undefined;
    }
    if (/\s/.test(clientId)) problems.push(`${prefix}_CLIENT_ID must not contain spaces`);
    return { clientId, clientSecret };
  };
  const publicUrl = url('PUBLIC_URL');
  if (publicUrl?.includes('{subdomain}')) problems.push('PUBLIC_URL must not contain {subdomain}');

  const config: Config = {
    tableName,
    queueUrl: url('QUEUE_URL'),
    aircallApiUrl: url('AIRCALL_API_URL') ?? DEFAULT_CONFIG.aircallApiUrl,
    zendeskApiUrl: url('ZENDESK_API_URL'),
    dedupeTtlSeconds: integer('DEDUPE_TTL_SECONDS', DEFAULT_CONFIG.dedupeTtlSeconds, 60),
    auditRetentionDays: integer('AUDIT_RETENTION_DAYS', DEFAULT_CONFIG.auditRetentionDays, 1, 3650),
    echoWindowMs: integer('ECHO_WINDOW_MS', DEFAULT_CONFIG.echoWindowMs, 0, 24 * 3600 * 1000),
    maxBodyBytes: integer('MAX_BODY_BYTES', DEFAULT_CONFIG.maxBodyBytes, 1, 10 * 1024 * 1024),
    zendeskSignatureToleranceMs: integer('ZENDESK_SIGNATURE_TOLERANCE_MS', DEFAULT_CONFIG.zendeskSignatureToleranceMs, 1000, 3600 * 1000),
    logLevel,
    settingsRefreshSeconds: integer('SETTINGS_REFRESH_SECONDS', DEFAULT_CONFIG.settingsRefreshSeconds, 1, 24 * 3600),
    reconcilePeriodMs: integer('RECONCILE_INTERVAL_MS', DEFAULT_CONFIG.reconcilePeriodMs, 1000, 24 * 3600 * 1000),
    publicUrl,
    zendeskOAuth: oauthClient('ZENDESK_OAUTH'),
    aircallOAuth: oauthClient('AIRCALL_OAUTH'),
    aircallDashboardUrl: url('AIRCALL_DASHBOARD_URL') ?? DEFAULT_CONFIG.aircallDashboardUrl,
  };
  for (const key of ['queueUrl', 'zendeskApiUrl', 'publicUrl', 'zendeskOAuth', 'aircallOAuth'] as const) if (config[key] === undefined) delete config[key];
  // Secrets at rest: the key's value is never repeated in a problem.
  const secretsKey = value('SECRETS_KEY');
  if (secretsKey !== undefined && !/^[0-9a-fA-F]{64}$/.test(secretsKey))
    problems.push('SECRETS_KEY must be exactly 64 hexadecimal characters (openssl rand -hex 32)');
  const secrets = { secretsKmsKeyId: value('SECRETS_KMS_KEY_ID'), secretsKey, secretsPreviousKeys: value('SECRETS_PREVIOUS_KEYS'), dataDir: value('DATA_DIR') };
  for (const [key, v] of Object.entries(secrets)) if (v !== undefined) Object.assign(config, { [key]: v });
  const appAssetsDir = value('APP_ASSETS_DIR');
  if (appAssetsDir !== undefined) config.appAssetsDir = appAssetsDir;
  const appId = value('ZENDESK_APP_ID');
  if (appId !== undefined) {
    if (/^[1-9]\d{0,15}$/.test(appId) && Number.isSafeInteger(Number(appId))) config.zendeskAppId = Number(appId);
    else problems.push(`ZENDESK_APP_ID must be a positive whole number (the Zendesk app id), got "${appId}"`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** Why `raw` is not an absolute http(s) URL, or `undefined` when it is one. Shared with the accounts file. */
export function httpUrlProblem(raw: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return 'must be an absolute http(s) URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'must be an absolute http(s) URL';
  if (parsed.username || parsed.password) return 'must not carry credentials';
  if (parsed.search || parsed.hash) return 'must not have a query or fragment';
  return undefined;
}

/**
 * The queue URL, for handlers that enqueue. Call it at cold start so a missing `QUEUE_URL` stops start-up.
 *
 * @throws ConfigError naming `QUEUE_URL` when unset.
 */
export function requireQueueUrl(cfg: Config): string {
  if (cfg.queueUrl === undefined) throw new ConfigError(['QUEUE_URL is required by this handler (the SQS FIFO queue URL)']);
  return cfg.queueUrl;
}

/**
 * The public base URL, for the onboarding routes (redirect URIs, webhook URLs).
 *
 * @throws ConfigError naming `PUBLIC_URL` when unset.
 */
export function requirePublicUrl(cfg: Config): string {
  if (cfg.publicUrl === undefined) throw new ConfigError(["PUBLIC_URL is required by the onboarding routes (the backend's public base URL)"]);
  return cfg.publicUrl;
}

let cached: Config | undefined;

/** The process's configuration, read from `process.env` on first call and cached (one read per cold start). */
export function config(): Config {
  cached ??= loadConfig(process.env);
  return cached;
}

/** Forgets the cached configuration (tests that change `process.env`). */
export function resetConfigCache(): void {
  cached = undefined;
}
