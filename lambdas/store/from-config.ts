// Building the store: the DynamoDB document client it needs, and the store as the lambdas configure it.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config';
import { DynamoSweepPath, DynamoSyncPath, DynamoSyncStore } from './dynamo';
import { DynamoStoreCore } from './dynamo-core';
import type { SyncStore } from './port';

/** A document client that drops `undefined` attributes (the store never relies on storing them). */
export function documentClient(client: DynamoDBClient = new DynamoDBClient({})): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/**
 * The store as the lambdas use it: table, dedupe TTL and audit retention from the configuration.
 *
 * @example const store = storeFromConfig(config()); // at module scope: one client per cold start
 */
export function storeFromConfig(
  cfg: Pick<Config, 'tableName' | 'dedupeTtlSeconds' | 'auditRetentionDays'>,
  client: DynamoDBClient = new DynamoDBClient({}),
): DynamoSyncStore {
  return new DynamoSyncStore(documentClient(client), cfg.tableName, { dedupeTtlSeconds: cfg.dedupeTtlSeconds, auditRetentionDays: cfg.auditRetentionDays });
}

/** The SyncStore methods only DynamoSyncStore has (the sync path's): the compiler keeps the list whole. */
const SYNC_PATH: Record<Exclude<keyof SyncStore, keyof DynamoStoreCore>, null> = {
  putStatusCatalog: null,
  putDirectionSnapshot: null,
  putLink: null,
  getLinkByEmail: null,
  getLinkByAircallUser: null,
  getLinkByZendeskUser: null,
  getAgentState: null,
  loadKnowledge: null,
  recordObservation: null,
  recordOutcome: null,
  claimEvent: null,
  eventSeen: null,
  releaseEvent: null,
  listAudit: null,
  recordEventReceived: null,
  recordChange: null,
  takeAgentState: null,
  requestDirectoryRefresh: null,
  withdrawDirectoryRefresh: null,
  startDirectoryRefresh: null,
  getCallHold: null,
  putCallHold: null,
  listCallHolds: null,
  recordOwnWrite: null,
};

/** The SyncStore methods only the whole store (DynamoSyncStore) has: the webhooks' and the app's API's. */
const EDGE: Record<Exclude<keyof SyncStore, keyof DynamoSyncPath>, null> = {
  getLinkByAircallUser: null,
  getLinkByZendeskUser: null,
  recordChange: null,
  claimEvent: null,
  eventSeen: null,
  releaseEvent: null,
  listAudit: null,
  recordEventReceived: null,
  requestDirectoryRefresh: null,
  withdrawDirectoryRefresh: null,
};

/** `store` with `methods` failing loudly: its function was built without them (`builder` names how). */
function without(store: object, methods: object, builder: string): SyncStore {
  const leftOut = (method: string) => () => {
    throw new Error(`This function's store was built without ${method}: ${builder} in lambdas/store/from-config.ts`);
  };
  return Object.assign(store, Object.fromEntries(Object.keys(methods).map((method) => [method, leftOut(method)]))) as unknown as SyncStore;
}

/**
 * The store of the worker: the sync path without the webhooks' and the app's methods (EDGE), whose code
 * stays out of their bundles; a call to one fails loudly (tests/infra/bundle-size.test.ts checks their code calls none).
 */
export function syncPathStoreFromConfig(
  cfg: Pick<Config, 'tableName' | 'dedupeTtlSeconds' | 'auditRetentionDays'>,
  client: DynamoDBClient = new DynamoDBClient({}),
): SyncStore {
  const store = new DynamoSyncPath(documentClient(client), cfg.tableName, {
    dedupeTtlSeconds: cfg.dedupeTtlSeconds,
    auditRetentionDays: cfg.auditRetentionDays,
  });
  return without(store, EDGE, 'syncPathStoreFromConfig');
}

/** The SyncStore methods only the worker's store (DynamoSyncPath) adds to the sweep's. */
const WORKER_ONLY: Record<Exclude<keyof DynamoSyncPath, keyof DynamoSweepPath>, null> = {
  putLink: null,
  loadKnowledge: null,
  takeAgentState: null,
  startDirectoryRefresh: null,
};

/**
 * The store of the reconcile sweep: the sync path without the worker's methods (WORKER_ONLY) and the webhooks' and
 * the app's (EDGE), whose code stays out of its bundle; a call to one fails loudly (tests/infra/bundle-size.test.ts
 * checks its code calls none).
 */
export function sweepPathStoreFromConfig(
  cfg: Pick<Config, 'tableName' | 'dedupeTtlSeconds' | 'auditRetentionDays'>,
  client: DynamoDBClient = new DynamoDBClient({}),
): SyncStore {
  const store = new DynamoSweepPath(documentClient(client), cfg.tableName, {
    dedupeTtlSeconds: cfg.dedupeTtlSeconds,
    auditRetentionDays: cfg.auditRetentionDays,
  });
  return without(store, { ...WORKER_ONLY, ...EDGE }, 'sweepPathStoreFromConfig');
}

/**
 * The store of a function off the sync path (the OAuth pages, the admin routes): the core only, so the sync path's
 * code stays out of its bundle; a call to one of its methods fails loudly (the access trace of tests/infra derives
 * none for these functions, and their IAM grants allow none).
 */
export function coreStoreFromConfig(
  cfg: Pick<Config, 'tableName' | 'dedupeTtlSeconds' | 'auditRetentionDays'>,
  client: DynamoDBClient = new DynamoDBClient({}),
): SyncStore {
  const core = new DynamoStoreCore(documentClient(client), cfg.tableName, {
    dedupeTtlSeconds: cfg.dedupeTtlSeconds,
    auditRetentionDays: cfg.auditRetentionDays,
  });
  const leftOut = (method: string) => () => {
    throw new Error(`This function's store was built without the sync path (${method}): coreStoreFromConfig in lambdas/store/from-config.ts`);
  };
  return Object.assign(core, Object.fromEntries(Object.keys(SYNC_PATH).map((method) => [method, leftOut(method)]))) as unknown as SyncStore;
}
