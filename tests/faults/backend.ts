// A backend for the fault tests: the real runtime (store, queue, receivers, handlers) on dynalite and fauxqs, one
// account, and deliveries posted through the webhook handlers as API Gateway would.
import { createHmac, randomBytes } from 'node:crypto';
import { DeleteMessageCommand, GetQueueAttributesCommand, PurgeQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, SQSRecord } from 'aws-lambda';
import type { Account } from '../../lambdas/accounts/account';
import { loadConfig } from '../../lambdas/config';
import { credentialStoreFromConfig } from '../../lambdas/credentials/from-config';
import { putAccountWithCredentials } from '../../lambdas/credentials/import';
import { keyProviderFromConfig } from '../../lambdas/credentials/local-key';
import { webhookHandler } from '../../lambdas/handlers/http-event';
import type { Dimensions, HandlerMetrics, MetricName } from '../../lambdas/observability';
import type { SyncQueue } from '../../lambdas/queue/port';
import { createRuntime, type Runtime } from '../../lambdas/runtime';
import { silentLog, type SyncDeps } from '../../lambdas/sync/deps';
import { receiveAircallWebhook } from '../../lambdas/sync/receive-aircall';
import { receiveZendeskWebhook } from '../../lambdas/sync/receive-zendesk';
import { createTestAws, type TestQueue, type TestTable } from '../setup/aws';

export const WEBHOOK_TOKEN = 'aircall-webhook-token';
export const SIGNING_SECRET = 'zendesk-signing-secret';

export function testAccount(id = 'acme', apiId = `api-${id}`): Account {
  return {
    id,
    direction: 'aircall_to_zendesk',
    aircall: { apiId, apiToken: 'aircall-api-token', webhookToken: WEBHOOK_TOKEN, rateLimitPerMinute: 60 },
    zendesk: { subdomain: id, oauthAccessToken: 'zendesk-oauth', webhookSigningSecret: SIGNING_SECRET },
  };
}

/** Metrics that keep every count (a handler flushes once per delivery). */
export function recordingMetrics(): HandlerMetrics & { counted: Array<{ name: MetricName; dimensions: Dimensions }> } {
  const counted: Array<{ name: MetricName; dimensions: Dimensions }> = [];
  return { counted, count: (name, _value = 1, dimensions = {}) => void counted.push({ name, dimensions }), flush() {} };
}

export interface Backend {
  table: TestTable;
  queue: TestQueue;
  runtime: Runtime;
  metrics: ReturnType<typeof recordingMetrics>;
  post(
    side: 'aircall' | 'zendesk',
    accountId: string,
    body: string,
    headers?: Record<string, string>,
  ): Promise<{ statusCode: number; body: Record<string, unknown> }>;
  /** Messages on the sync queue (visible, in flight or delayed). */
  queued(): Promise<number>;
  /** Receives and returns the bodies of the queue's visible messages (they come back after the visibility timeout). */
  receive(): Promise<unknown[]>;
  purge(): Promise<void>;
  /** Another process's runtime (another Lambda container) on the same table and queue. */
  otherProcess(): Runtime;
  /** Receives the queue's visible messages as the worker's event source hands them over. */
  receiveRecords(): Promise<SQSRecord[]>;
  /** Deletes handled messages, as the event source does with those not reported as failures. */
  deleteRecords(records: readonly SQSRecord[]): Promise<void>;
}

export interface BackendOptions {
  accounts?: Account[];
  deps?: Partial<SyncDeps>;
  /** Wraps the real SQS queue, e.g. to make an enqueue fail. */
  wrapQueue?: (queue: SyncQueue) => SyncQueue;
}

export async function startBackend(prefix: string, options: BackendOptions = {}): Promise<Backend> {
  const { table, queue } = await createTestAws(prefix);
  // One master key for every "process" of this backend, as one deployment has one.
  const secretsKey = randomBytes(32).toString('hex');
  const newRuntime = () => {
    const cfg = loadConfig({ TABLE_NAME: table.tableName, QUEUE_URL: queue.queueUrl, SECRETS_KEY: secretsKey });
    // The local key as the local stack wires it (a Lambda reads only KMS: lambdas/credentials/from-config.ts).
    const credentials = credentialStoreFromConfig(cfg, table.client, keyProviderFromConfig(cfg));
    return createRuntime(cfg, { dynamo: table.client, sqs: queue.sqs }, { log: silentLog, credentials, ...options.deps });
  };
  const runtime = newRuntime();
  if (options.wrapQueue) runtime.deps.queue = options.wrapQueue(runtime.deps.queue);
  const accounts = options.accounts ?? [testAccount()];
  for (const account of accounts) await putAccountWithCredentials({ store: runtime.deps.store, credentials: runtime.deps.credentials! }, account, Date.now());
  const metrics = recordingMetrics();
  const handlers = {
    aircall: webhookHandler(receiveAircallWebhook, () => runtime, { provider: 'aircall', metrics }),
    zendesk: webhookHandler(receiveZendeskWebhook, () => runtime, { provider: 'zendesk', metrics }),
  };
  return {
    table,
    queue,
    runtime,
    metrics,
    async post(side, accountId, body, headers = {}) {
      const event = {
        routeKey: `POST /webhooks/${side}/{accountId}`,
        pathParameters: { accountId },
        body,
        isBase64Encoded: false,
        headers: { 'content-type': 'application/json', ...headers },
      } as unknown as APIGatewayProxyEventV2;
      const res = (await handlers[side](event)) as { statusCode: number; body: string };
      return { statusCode: res.statusCode, body: JSON.parse(res.body) as Record<string, unknown> };
    },
    async queued() {
      const out = await queue.sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: queue.queueUrl,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
        }),
      );
      const a = out.Attributes ?? {};
      return (
        Number(a.ApproximateNumberOfMessages ?? 0) + Number(a.ApproximateNumberOfMessagesNotVisible ?? 0) + Number(a.ApproximateNumberOfMessagesDelayed ?? 0)
      );
    },
    async receive() {
      const out = await queue.sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
      return (out.Messages ?? []).map((m) => JSON.parse(m.Body ?? 'null') as unknown);
    },
    async purge() {
      await queue.sqs.send(new PurgeQueueCommand({ QueueUrl: queue.queueUrl }));
    },
    otherProcess: newRuntime,
    async deleteRecords(records) {
      for (const r of records) await queue.sqs.send(new DeleteMessageCommand({ QueueUrl: queue.queueUrl, ReceiptHandle: r.receiptHandle }));
    },
    async receiveRecords() {
      const out = await queue.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queue.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, MessageSystemAttributeNames: ['All'] }),
      );
      return (out.Messages ?? []).map(
        (m) =>
          ({
            messageId: m.MessageId,
            receiptHandle: m.ReceiptHandle,
            body: m.Body,
            attributes: { ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? '1', MessageGroupId: m.Attributes?.MessageGroupId },
            messageAttributes: {},
          }) as unknown as SQSRecord,
      );
    },
  };
}

/** An Aircall user status delivery (aircall-api.md §8.3) at `timestampSeconds`. */
export function aircallStatusBody(options: {
  timestampSeconds: number;
  status: 'available' | 'unavailable';
  email?: string;
  userId?: number;
  token?: string;
}): string {
  return JSON.stringify({
    resource: 'user',
    event: options.status === 'available' ? 'user.opened' : 'user.closed',
    timestamp: options.timestampSeconds,
    token: options.token ?? WEBHOOK_TOKEN,
    data: { id: options.userId ?? 456, email: options.email ?? 'ann@example.com', availability_status: options.status },
  });
}

/** An Aircall user lifecycle delivery (`user.created` / `user.deleted`). */
export function aircallLifecycleBody(event: 'user.created' | 'user.deleted', userId: number, timestampSeconds = Math.floor(Date.now() / 1000)): string {
  return JSON.stringify({
    resource: 'user',
    event,
    timestamp: timestampSeconds,
    token: WEBHOOK_TOKEN,
    data: { id: userId, email: `user${userId}@example.com` },
  });
}

/** A Zendesk unified status event (zendesk-api.md §9.4) for Zendesk agent `agentId`. */
export function zendeskStatusBody(options: { id: string; agentId: string; version: number; name: 'online' | 'offline'; updatedAt: string }): string {
  return JSON.stringify({
    account_id: 2,
    detail: { account_id: '2', agent_id: options.agentId, version: String(options.version) },
    event: {
      new_unified_state: { id: options.name === 'online' ? 3 : 2, name: options.name, reason: 'AGENT_STATUS_SWITCHER' },
      previous_unified_state: { id: options.name === 'online' ? 2 : 3, name: options.name === 'online' ? 'offline' : 'online', reason: 'UNKNOWN' },
      updated_at: options.updatedAt,
    },
    id: options.id,
    subject: `zen:agent:${options.agentId}`,
    time: options.updatedAt,
    type: 'zen:event-type:agent.unified_state_changed',
    zendesk_event_version: '2022-11-06',
  });
}

/** Zendesk's signature headers for `body`, signed now (zendesk-api.md §9.7). */
export function zendeskHeaders(body: string, secret = SIGNING_SECRET): Record<string, string> {
  const timestamp = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const signature = createHmac('sha256', Buffer.from(secret, 'utf8')).update(timestamp, 'utf8').update(body).digest('base64');
  return { 'x-zendesk-webhook-signature': signature, 'x-zendesk-webhook-signature-timestamp': timestamp };
}
