// The store: its ports (one per aggregate, SyncStore = all), the DynamoDB adapter, and the table definition (one table, see README.md).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config';
import { DynamoSyncStore } from './dynamo';

export { DynamoSyncStore, type DynamoSyncStoreOptions } from './dynamo';
export { StoreError, TableMissingError } from './errors';
export { normalizeEmail } from './keys';
export { emptyAgentState, knowledgeFromState } from './knowledge';
export * from './port';
export { AUDIT_BY_ACCOUNT_INDEX, BY_AIRCALL_USER_INDEX, BY_ZENDESK_USER_INDEX, TTL_ATTRIBUTE, createTable, tableDefinition } from './table';

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
