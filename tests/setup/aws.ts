// Test helpers for the emulators started by global-setup.mjs: a fresh table and a FIFO queue + DLQ per test file.
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoSyncStore, type DynamoSyncStoreOptions } from '../../lambdas/store/dynamo';
import { createTable } from '../../lambdas/store/table';
import { documentClient } from '../../lambdas/store/from-config';
import { credentialStoreFromConfig } from '../../lambdas/credentials/from-config';
import type { DynamoCredentialStore } from '../../lambdas/credentials/dynamo';
import { LocalKeyProvider } from '../../lambdas/secrets/local-keys';

function requireEmulators(): void {
  if (!process.env.AWS_ENDPOINT_URL_DYNAMODB || !process.env.AWS_ENDPOINT_URL_SQS) {
    throw new Error('The AWS emulators are not running: jest.config.js must keep globalSetup tests/setup/global-setup.mjs');
  }
}

/** A short unique name: tests run in parallel workers against one dynalite and one fauxqs. */
export const uniqueName = (prefix: string): string => `${prefix}-${process.env.JEST_WORKER_ID ?? '0'}-${randomBytes(4).toString('hex')}`;

export interface TestTable {
  tableName: string;
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  /** A store on this table (options as in production unless overridden). */
  store(options?: DynamoSyncStoreOptions): DynamoSyncStore;
  /** Env for a child process (e.g. the accounts CLI) pointing at this table. */
  env: Record<string, string>;
}

/** Creates a uniquely named table with the store's own definition (`createTable`), as production and `npm start` do. */
export async function createTestTable(prefix = 'test'): Promise<TestTable> {
  requireEmulators();
  const tableName = uniqueName(prefix);
  const client = new DynamoDBClient({});
  await createTable(client, tableName);
  const doc = documentClient(client);
  return {
    tableName,
    client,
    doc,
    store: (options) => new DynamoSyncStore(doc, tableName, options),
    env: {
      TABLE_NAME: tableName,
      AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
      AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'local',
      AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
      AWS_ENDPOINT_URL_DYNAMODB: process.env.AWS_ENDPOINT_URL_DYNAMODB!,
    },
  };
}

export interface TestQueue {
  sqs: SQSClient;
  queueUrl: string;
  dlqUrl: string;
  dlqArn: string;
}

/**
 * Creates a FIFO queue with its FIFO DLQ (RedrivePolicy), as the stack does. Defaults suit tests: a 2-second
 * visibility timeout and 3 receives before the DLQ.
 */
export async function createTestQueue(options: { prefix?: string; visibilityTimeoutSeconds?: number; maxReceiveCount?: number } = {}): Promise<TestQueue> {
  requireEmulators();
  const sqs = new SQSClient({});
  const name = uniqueName(options.prefix ?? 'sync');
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq.fifo`, Attributes: { FifoQueue: 'true' } }));
  const dlqUrl = dlq.QueueUrl!;
  const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }));
  const dlqArn = attrs.Attributes!.QueueArn!;
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: `${name}.fifo`,
      Attributes: {
        FifoQueue: 'true',
        VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? 2),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: options.maxReceiveCount ?? 3 }),
      },
    }),
  );
  return { sqs, queueUrl: queue.QueueUrl!, dlqUrl, dlqArn };
}

/** Both, for test files that need the whole backend. */
export async function createTestAws(prefix = 'test'): Promise<{ table: TestTable; queue: TestQueue }> {
  const [table, queue] = await Promise.all([createTestTable(prefix), createTestQueue({ prefix })]);
  return { table, queue };
}

/**
 * A credential store on `table` sealing with a fresh local key (lambdas/credentials), as the stack builds one: for tests
 * that store accounts with their secrets (`putAccountWithCredentials`).
 */
export function testCredentials(table: Pick<TestTable, 'tableName' | 'client'>): DynamoCredentialStore {
  return credentialStoreFromConfig({ tableName: table.tableName }, table.client, new LocalKeyProvider(randomBytes(32)));
}
