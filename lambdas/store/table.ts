// The one DynamoDB table: its definition (shared by CDK, tests and the local stack) and an idempotent create.
import { CreateTableCommand, DescribeTableCommand, type CreateTableCommandInput, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { storeFailure } from './errors';

/** Epoch-seconds TTL attribute. Enabled in CDK only: dynalite has no UpdateTimeToLive, and reads filter it anyway. */
export const TTL_ATTRIBUTE = 'expiresAt';

/** GSI 1: agent link by Aircall user id (`gsi1pk = ACCOUNT#<id>#AIRCALL#<userId>`, `gsi1sk = AGENT#<email>`). */
export const BY_AIRCALL_USER_INDEX = 'byAircallUser';
/** GSI 2: agent link by Zendesk user id (`gsi2pk = ACCOUNT#<id>#ZENDESK#<userId>`, `gsi2sk = AGENT#<email>`). */
export const BY_ZENDESK_USER_INDEX = 'byZendeskUser';
/** GSI 3: an account's audit trail across agents (`gsi3pk = AUDITLOG#<id>`, `gsi3sk = <entry id>`), for the admin view. */
export const AUDIT_BY_ACCOUNT_INDEX = 'auditByAccount';

/**
 * The table's CreateTable input: `pk`/`sk` strings, on-demand, the two link GSIs and the account audit GSI (projection ALL). TTL
 * (`TTL_ATTRIBUTE`) is not part of CreateTable: the CDK stack enables it.
 *
 * @example await client.send(new CreateTableCommand(tableDefinition('agent-status-sync')));
 */
export function tableDefinition(name: string): CreateTableCommandInput {
  const index = (IndexName: string, hash: string, range: string) => ({
    IndexName,
    KeySchema: [
      { AttributeName: hash, KeyType: 'HASH' as const },
      { AttributeName: range, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: 'ALL' as const },
  });
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk'].map((AttributeName) => ({
      AttributeName,
      AttributeType: 'S' as const,
    })),
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      index(BY_AIRCALL_USER_INDEX, 'gsi1pk', 'gsi1sk'),
      index(BY_ZENDESK_USER_INDEX, 'gsi2pk', 'gsi2sk'),
      index(AUDIT_BY_ACCOUNT_INDEX, 'gsi3pk', 'gsi3sk'),
    ],
  };
}

/**
 * Creates the table unless it exists (ResourceInUse is fine) and waits until it is ACTIVE (at most ~60 s).
 * Returns whether this call created it. For tests and the local stack; production tables come from CDK.
 */
export async function createTable(client: DynamoDBClient, name: string): Promise<boolean> {
  let created = true;
  try {
    await client.send(new CreateTableCommand(tableDefinition(name)));
  } catch (err) {
    if ((err as Error).name !== 'ResourceInUseException') throw storeFailure(`create table ${name}`, err);
    created = false;
  }
  for (let i = 0; i < 120; i++) {
    try {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
      if (Table?.TableStatus === 'ACTIVE') return created;
    } catch (err) {
      if ((err as Error).name !== 'ResourceNotFoundException') throw storeFailure(`describe table ${name}`, err);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw storeFailure(`create table ${name}`, new Error('the table did not become ACTIVE within 60 s'));
}
