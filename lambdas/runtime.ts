// Wires the real adapters (DynamoDB, SQS, Aircall, Zendesk) into the use cases, once per Lambda container.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { Logger } from '@aws-lambda-powertools/logger';
import { DEFAULT_SETTLE_POLICY } from '../shared/sync/settle';
import { resolveAircallBaseUrl, resolveZendeskBaseUrl } from './accounts/account';
import { createAircallClient, type AircallClient } from './aircall/client';
import { config, requireQueueUrl, type Config } from './config';
import { SqsSyncQueue } from './queue/sqs';
import { storeFromConfig } from './store';
import type { StoredAccount, SyncStore } from './store/port';
import { AccountCache } from './sync/accounts';
import type { ClientFactory, Log, SyncDeps } from './sync/deps';
import { DynamoRequestBudget } from './sync/shared-budget';
import { createZendeskClient, type ZendeskClient } from './zendesk/client';

export interface Runtime {
  deps: SyncDeps;
  accounts: AccountCache;
}

/** API clients per account, rebuilt when the account's settings change (`updatedAt`). */
export function clientFactory(store: SyncStore, cfg: Config): ClientFactory {
  const aircall = new Map<string, { version: number; client: AircallClient }>();
  const zendesk = new Map<string, { version: number; client: ZendeskClient }>();
  return {
    aircall(account: StoredAccount) {
      const hit = aircall.get(account.id);
      if (hit && hit.version === account.updatedAt) return hit.client;
      const { apiId, apiToken, rateLimitPerMinute } = account.aircall;
      const client = createAircallClient({
        apiId,
        apiToken,
        baseUrl: resolveAircallBaseUrl(account, cfg),
        rateLimitPerMinute,
        budgetKey: account.id,
        budget: new DynamoRequestBudget(store, account.id, rateLimitPerMinute),
      });
      aircall.set(account.id, { version: account.updatedAt, client });
      return client;
    },
    zendesk(account: StoredAccount) {
      const hit = zendesk.get(account.id);
      if (hit && hit.version === account.updatedAt) return hit.client;
      const z = account.zendesk;
      const client = createZendeskClient({
        subdomain: z.subdomain,
        baseUrl: resolveZendeskBaseUrl(account, cfg),
        auth: z.oauthAccessToken !== undefined ? { kind: 'oauth', accessToken: z.oauthAccessToken } : { kind: 'api_token', email: z.email, apiToken: z.apiToken },
      });
      zendesk.set(account.id, { version: account.updatedAt, client });
      return client;
    },
  };
}

/** A structured log on Powertools' logger. */
export function powertoolsLog(cfg: Config): Log {
  const logger = new Logger({ serviceName: 'agent-status-sync', logLevel: cfg.logLevel });
  return {
    debug: (message, data) => logger.debug(message, data ?? {}),
    info: (message, data) => logger.info(message, data ?? {}),
    warn: (message, data) => logger.warn(message, data ?? {}),
    error: (message, data) => logger.error(message, data ?? {}),
  };
}

/**
 * Builds the runtime from the configuration (by default the environment; a bad variable stops here with a message
 * naming it). `aws` and `overrides` let the local stack and tests pass their own SDK clients and settings.
 */
export function createRuntime(cfg: Config = config(), aws: { dynamo?: DynamoDBClient; sqs?: SQSClient } = {}, overrides: Partial<SyncDeps> = {}): Runtime {
  const store = storeFromConfig(cfg, aws.dynamo);
  const deps: SyncDeps = {
    store,
    queue: new SqsSyncQueue(aws.sqs ?? new SQSClient({}), requireQueueUrl(cfg)),
    clients: clientFactory(store, cfg),
    config: cfg,
    settle: DEFAULT_SETTLE_POLICY,
    maxHoldMs: 20_000,
    now: Date.now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    log: powertoolsLog(cfg),
    ...overrides,
  };
  return { deps, accounts: new AccountCache(store) };
}

let current: Runtime | undefined;

/** The container's runtime, built on first use. */
export function runtime(): Runtime {
  current ??= createRuntime();
  return current;
}
