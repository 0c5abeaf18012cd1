// Wires the real adapters (DynamoDB, SQS, Aircall, Zendesk) into the use cases, once per Lambda container.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DEFAULT_SETTLE_POLICY } from '../shared/sync/settle';
import { resolveAircallBaseUrl, resolveZendeskBaseUrl } from './accounts/account';
import { createAircallClient, createAircallSyncClient, type AircallClient, type AircallClientOptions } from './aircall/client';
import { aircallCompanyKey } from './aircall/rate-budget';
import { config, requireQueueUrl, type Config } from './config';
import { jsonLog } from './json-log';
import type { SyncQueue } from './queue/port';
import { SqsBatchQueue, SqsSyncQueue } from './queue/sqs';
import { SqsSendQueue } from './queue/sqs-send';
import { documentClient, storeFromConfig } from './store/from-config';
import { credentialStoreFromConfig } from './credentials/from-config';
import { accountAuth } from './credentials/clients';
import type { CredentialStore } from './credentials/port';
import { sessionStoreFromConfig } from './sessions/dynamo';
import type { SessionStore } from './sessions/port';
import { ShapeMemory } from './store/api-shape-memory';
import { DynamoApiShapeStore, type ApiShapeStore } from './store/api-shapes';
import type { AuditStore, RateBucketStore, StoredAccount, SyncStore } from './store/port';
import { AccountCache } from './sync/accounts';
import type { ClientFactory, Log, SyncDeps } from './sync/deps';
import { DynamoRequestBudget } from './sync/shared-budget';
import { createZendeskClient, createZendeskSweepClient, createZendeskSyncClient, type ZendeskClient, type ZendeskClientOptions } from './zendesk/client';

export interface Runtime {
  deps: SyncDeps;
  accounts: AccountCache;
}

/**
 * API clients per account, rebuilt when the account's settings change (`updatedAt`). Each account's learned API
 * shapes (issue 11) are one memory for the container, kept across rebuilds and stored in `shapes` when given.
 */
export function clientFactory(store: RateBucketStore, cfg: Config, shapes?: ApiShapeStore, log?: Log, credentials?: CredentialStore): ClientFactory {
  return clientsOver({ aircall: createAircallClient, zendesk: createZendeskClient }, store, cfg, shapes, log, credentials);
}

/**
 * The clients of a function that never onboards nor signs anyone in (the sync worker): without the webhook, OAuth
 * token and sign-in operations (createAircallSyncClient, createZendeskSyncClient), which stay out of its bundle and
 * fail loudly if called.
 */
export function syncClientFactory(store: RateBucketStore, cfg: Config, shapes?: ApiShapeStore, log?: Log, credentials?: CredentialStore): ClientFactory {
  return clientsOver({ aircall: createAircallSyncClient, zendesk: createZendeskSyncClient }, store, cfg, shapes, log, credentials);
}

/** The clients of the reconcile sweep: onboarding's operations (webhook upkeep, disconnect), not the sign-in's. */
export function sweepClientFactory(store: RateBucketStore, cfg: Config, shapes?: ApiShapeStore, log?: Log, credentials?: CredentialStore): ClientFactory {
  return clientsOver({ aircall: createAircallClient, zendesk: createZendeskSweepClient }, store, cfg, shapes, log, credentials);
}

function clientsOver(
  create: { aircall: (options: AircallClientOptions) => AircallClient; zendesk: (options: ZendeskClientOptions) => ZendeskClient },
  store: RateBucketStore,
  cfg: Config,
  shapes?: ApiShapeStore,
  log?: Log,
  credentials?: CredentialStore,
): ClientFactory {
  const aircall = new Map<string, { version: number; client: AircallClient }>();
  // Credentials come from their sealed items, read when a request needs them (lambdas/credentials/clients.ts).
  const auth = accountAuth(credentials, cfg, log, 'appendAudit' in store ? (store as unknown as AuditStore) : undefined);
  const zendesk = new Map<string, { version: number; client: ZendeskClient }>();
  const memories = new Map<string, ShapeMemory>();
  const memory = (account: string): ShapeMemory => {
    let m = memories.get(account);
    if (!m) {
      const onStoreError = (error: Error) => log?.warn('could not read or record learned API shapes', { account, error: error.message });
      m = new ShapeMemory({ account, ...(shapes && { store: shapes }), onStoreError });
      memories.set(account, m);
    }
    return m;
  };
  return {
    aircall(account: StoredAccount) {
      const hit = aircall.get(account.id);
      if (hit && hit.version === account.updatedAt) return hit.client;
      const { rateLimitPerMinute } = account.aircall;
      const client = create.aircall({
        authSource: auth.aircall(account.id),
        onCredentialRefused: auth.aircallRefused(account.id),
        baseUrl: resolveAircallBaseUrl(account, cfg),
        rateLimitPerMinute,
        // Aircall counts requests per company: accounts on one company share one budget, and one pause.
        budgetKey: aircallCompanyKey(account),
        budget: new DynamoRequestBudget(store, aircallCompanyKey(account), rateLimitPerMinute, Date.now, undefined, (error) =>
          log?.warn('could not store the Aircall pause for other processes', { account: account.id, error: error.message }),
        ),
        // The defaults before anything is learned (lambdas/aircall/api-shapes.ts); then what the account taught.
        userApiVersion: 'v2',
        shapes: memory(account.id),
      });
      aircall.set(account.id, { version: account.updatedAt, client });
      return client;
    },
    zendesk(account: StoredAccount) {
      const hit = zendesk.get(account.id);
      if (hit && hit.version === account.updatedAt) return hit.client;
      const z = account.zendesk;
      const client = create.zendesk({
        subdomain: z.subdomain,
        baseUrl: resolveZendeskBaseUrl(account, cfg),
        auth: auth.zendesk(account.id, resolveZendeskBaseUrl(account, cfg)),
        statusBodyShape: 'id',
        shapes: memory(account.id),
      });
      zendesk.set(account.id, { version: account.updatedAt, client });
      return client;
    },
  };
}

/** The structured log of the lambdas: JSON lines at the configured level (lambdas/json-log.ts). */
export function lambdaLog(cfg: Config): Log {
  return jsonLog({ service: 'agent-status-sync', level: cfg.logLevel });
}

/**
 * The parts of a runtime beyond the store and the log. Each Lambda names its own (lambdas/handlers): the ones it
 * leaves out (`noQueue`, `noClients`), with their code (client-sqs, the API clients), stay out of its bundle.
 */
export interface RuntimeParts {
  /** The store: `storeFromConfig` (the whole SyncStore), or `coreStoreFromConfig` off the sync path. */
  store: (cfg: Config, dynamo: DynamoDBClient) => SyncStore;
  /** The queue, over `sqs` when given. */
  queue: (cfg: Config, sqs?: SQSClient) => SyncQueue;
  /** The Aircall and Zendesk clients of each account. */
  clients: (store: RateBucketStore, cfg: Config, shapes?: ApiShapeStore, log?: Log, credentials?: CredentialStore) => ClientFactory;
  /**
   * The session store (`sessionStoreFromConfig`) for a function that checks, issues or ends sessions (a Zendesk
   * disconnect ends them); `noSessions` leaves `deps.sessions` unset, and its code out of the bundle.
   */
  sessions: (cfg: Config, dynamo: DynamoDBClient) => SessionStore | undefined;
  /**
   * The credential store: `credentialStoreFromConfig` (the whole port), or the sync worker's reader and the sweep's
   * keeper (lambdas/credentials/from-config.ts), whose left-out methods stay out of their bundles.
   */
  credentials: (cfg: Config, dynamo: DynamoDBClient) => CredentialStore;
}

/** The SQS FIFO queue of `QUEUE_URL` (a new SQS client unless given one). */
export function sqsQueue(cfg: Config, sqs?: SQSClient): SyncQueue {
  return new SqsSyncQueue(sqs ?? new SQSClient({}), requireQueueUrl(cfg));
}

/**
 * The queue of a function that only asks for syncs (SendMessage: the OAuth pages and admin routes queue a sweep), so
 * its bundle holds none of the batch and visibility code; the sweep's batches and the worker's reschedule fail loudly.
 */
export function sqsSendQueue(cfg: Config, sqs?: SQSClient): SyncQueue {
  const fail = leftOut("the queue's batches and reschedule (sqsQueue)");
  return Object.assign(new SqsSendQueue(sqs ?? new SQSClient({}), requireQueueUrl(cfg)), { enqueueAgentSyncs: fail, retryAfter: fail });
}

/** The queue of the reconcile sweep: sends and batches, never a reschedule (the worker's), which fails loudly there. */
export function sqsSweepQueue(cfg: Config, sqs?: SQSClient): SyncQueue {
  return Object.assign(new SqsBatchQueue(sqs ?? new SQSClient({}), requireQueueUrl(cfg)), { retryAfter: leftOut("the queue's reschedule (sqsQueue)") });
}

/** A call into a part the function was built without: the handler chose its parts wrongly, so it fails loudly. */
function leftOut(part: string): () => never {
  return () => {
    throw new Error(`This function's runtime was built without ${part} (lambdaRuntime in lambdas/handlers)`);
  };
}

/** For a function that never enqueues (tests/infra/code-access.ts derives it no SQS action). */
export function noQueue(): SyncQueue {
  const fail = leftOut('the queue');
  return { enqueueAgentSync: fail, enqueueAgentSyncs: fail, enqueueDirectoryRefresh: fail, enqueueAccountSweep: fail, retryAfter: fail };
}

/** For a function that never touches a session: `sessionsOf` then fails loudly (lambdas/sessions/require.ts). */
export function noSessions(): undefined {
  return undefined;
}

/** For a function that never calls Aircall or Zendesk. */
export function noClients(): ClientFactory {
  const fail = leftOut('API clients');
  return { aircall: fail, zendesk: fail };
}

function assemble(cfg: Config, aws: { dynamo?: DynamoDBClient; sqs?: SQSClient }, overrides: Partial<SyncDeps>, parts: RuntimeParts): Runtime {
  const dynamo = aws.dynamo ?? new DynamoDBClient({});
  const store = parts.store(cfg, dynamo);
  const apiShapes = new DynamoApiShapeStore(documentClient(dynamo), cfg.tableName);
  const log = overrides.log ?? lambdaLog(cfg);
  const credentials = overrides.credentials ?? parts.credentials(cfg, dynamo);
  const sessions = parts.sessions(cfg, dynamo);
  const deps: SyncDeps = {
    store,
    apiShapes,
    ...(sessions && { sessions }),
    queue: parts.queue(cfg, aws.sqs),
    clients: parts.clients(store, cfg, apiShapes, log, credentials),
    credentials,
    config: cfg,
    settle: DEFAULT_SETTLE_POLICY,
    maxHoldMs: 20_000,
    now: Date.now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    log,
    ...overrides,
  };
  return { deps, accounts: new AccountCache(store) };
}

/**
 * Builds the runtime from the configuration (by default the environment; a bad variable stops here with a message
 * naming it). `aws` and `overrides` let the local stack and tests pass their own SDK clients and settings.
 */
export function createRuntime(cfg: Config = config(), aws: { dynamo?: DynamoDBClient; sqs?: SQSClient } = {}, overrides: Partial<SyncDeps> = {}): Runtime {
  return assemble(cfg, aws, overrides, {
    store: storeFromConfig,
    queue: sqsQueue,
    clients: clientFactory,
    sessions: sessionStoreFromConfig,
    credentials: credentialStoreFromConfig,
  });
}

/**
 * A Lambda's runtime of the `parts` it uses (tests/infra/bundle-size.test.ts checks them against its code), built from
 * the environment on first use and kept for the container.
 */
export function lambdaRuntime(parts: RuntimeParts): () => Runtime {
  let current: Runtime | undefined;
  return () => (current ??= assemble(config(), {}, {}, parts));
}
