// Building the store: the DynamoDB document client it needs, and the store as the lambdas configure it.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config';
import { DynamoSyncStore } from './dynamo';

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
