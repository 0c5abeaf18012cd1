// lambdas/observability.ts: what the handlers count, how it reaches CloudWatch (EMF on stdout), and that it stays
// silent outside Lambda. The store and queue are dynalite and fauxqs; the EMF is what the handlers really print.
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { workerHandler } from '../../lambdas/handlers/sync-worker';
import { loadConfig } from '../../lambdas/config';
import {
  CountingMetrics,
  METRIC_NAMES,
  NO_METRICS,
  auditMetric,
  maxReceiveCount,
  metricsEnabled,
  emfEmit,
  withAuditMetrics,
  type Dimensions,
  type HandlerMetrics,
  type MetricName,
} from '../../lambdas/observability';
import { createRuntime } from '../../lambdas/runtime';
import { silentLog } from '../../lambdas/sync/deps';
import { createTestAws } from '../setup/aws';

/** Metrics that keep what they were given, flush by flush. */
function recording(): HandlerMetrics & { flushed: Array<Array<{ name: MetricName; value: number; dimensions: Dimensions }>> } {
  let pending: Array<{ name: MetricName; value: number; dimensions: Dimensions }> = [];
  const flushed: (typeof pending)[] = [];
  return {
    flushed,
    count: (name, value = 1, dimensions = {}) => void pending.push({ name, value, dimensions }),
    flush: () => {
      flushed.push(pending);
      pending = [];
    },
  };
}

const record = (body: string, receiveCount: number): SQSRecord =>
  ({
    messageId: `m-${Math.random()}`,
    receiptHandle: 'r',
    body,
    attributes: { ApproximateReceiveCount: String(receiveCount), MessageGroupId: 'g' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn',
    awsRegion: 'us-east-1',
  }) as unknown as SQSRecord;

describe('CountingMetrics as EMF', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    jest.restoreAllMocks();
  });

  it('prints one EMF document per dimension set, with sums, namespace and service, then nothing until counted again', () => {
    // Prepare: the namespace and service as the stack sets them, stdout captured.
    const lines: string[] = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const metrics = new CountingMetrics(emfEmit('AgentStatusSync', 'agent-status-sync', () => 1_700_000_000_000));

    // Act
    metrics.count('StatusWritten', 1, { side: 'zendesk' });
    metrics.count('StatusWritten', 1, { side: 'zendesk' });
    metrics.count('SyncRetried');
    metrics.flush();
    metrics.flush();

    // Assess
    const docs = lines.filter((l) => l.includes('"_aws"')).map((l) => JSON.parse(l));
    expect(docs).toHaveLength(2);
    const written = docs.find((d) => 'StatusWritten' in d);
    expect(written).toEqual(expect.objectContaining({ StatusWritten: 2, side: 'zendesk', service: 'agent-status-sync' }));
    // The EMF specification's directive: the namespace, the dimension set (service first) and each metric's unit.
    expect(written._aws).toEqual({
      Timestamp: 1_700_000_000_000,
      CloudWatchMetrics: [{ Namespace: 'AgentStatusSync', Dimensions: [['service', 'side']], Metrics: [{ Name: 'StatusWritten', Unit: 'Count' }] }],
    });
    const retried = docs.find((d) => 'SyncRetried' in d);
    expect(retried).toEqual(expect.objectContaining({ SyncRetried: 1, service: 'agent-status-sync' }));
    expect(retried._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service']]);
    // One whole JSON document per line, which is what CloudWatch extracts metrics from.
    expect(lines.every((l) => l.endsWith('\n') && !l.slice(0, -1).includes('\n'))).toBe(true);
  });
});

describe('when metrics are on', () => {
  it('only inside Lambda with a namespace, and never when Powertools is told off', () => {
    expect(metricsEnabled({})).toBe(false);
    expect(metricsEnabled({ POWERTOOLS_METRICS_NAMESPACE: 'N' })).toBe(false);
    expect(metricsEnabled({ AWS_LAMBDA_FUNCTION_NAME: 'f' })).toBe(false);
    expect(metricsEnabled({ AWS_LAMBDA_FUNCTION_NAME: 'f', POWERTOOLS_METRICS_NAMESPACE: 'N' })).toBe(true);
    expect(metricsEnabled({ AWS_LAMBDA_FUNCTION_NAME: 'f', POWERTOOLS_METRICS_NAMESPACE: 'N', POWERTOOLS_METRICS_DISABLED: 'true' })).toBe(false);
  });

  it('reads the DLQ threshold only when it is a positive whole number', () => {
    expect(maxReceiveCount({ SYNC_MAX_RECEIVE_COUNT: '5' })).toBe(5);
    for (const bad of [undefined, '', '0', '-1', 'five', '2.5']) expect(maxReceiveCount({ SYNC_MAX_RECEIVE_COUNT: bad })).toBeUndefined();
  });
});

describe('metrics from the audit trail', () => {
  it('maps writes by side, skips by reason, write failures and rate limits; nothing else', () => {
    expect(auditMetric({ kind: 'write', decision: 'write', detail: { side: 'aircall' } })).toEqual({ name: 'StatusWritten', dimensions: { side: 'aircall' } });
    expect(auditMetric({ kind: 'decision', decision: 'skip', reason: 'echo' })).toEqual({ name: 'SyncSkipped', dimensions: { reason: 'echo' } });
    expect(auditMetric({ kind: 'write_failed', reason: 'ApiError' })).toEqual({ name: 'WriteFailed' });
    expect(auditMetric({ kind: 'rate_limited' })).toEqual({ name: 'RateLimited' });
    for (const kind of ['webhook_accepted', 'webhook_ignored', 'reconcile', 'directory'] as const) expect(auditMetric({ kind })).toBeUndefined();
    expect(METRIC_NAMES).toEqual(expect.arrayContaining(['StatusWritten', 'SyncSkipped', 'WriteFailed', 'RateLimited', 'SyncToDlq']));
  });

  it('counts what the store appends, and the store still stores it (dynalite)', async () => {
    const { table } = await createTestAws('metrics');
    const store = table.store();
    const metrics = recording();
    const deps = withAuditMetrics({ store } as unknown as Parameters<typeof withAuditMetrics>[0], metrics);

    await deps.store.appendAudit('acme', 'a@example.com', { kind: 'decision', decision: 'skip', reason: 'already_in_state' }, 1_000);
    await deps.store.appendAudit('acme', 'a@example.com', { kind: 'write', decision: 'write', detail: { side: 'zendesk' } }, 2_000);
    metrics.flush();

    expect(metrics.flushed[0]).toEqual([
      { name: 'SyncSkipped', value: 1, dimensions: { reason: 'already_in_state' } },
      { name: 'StatusWritten', value: 1, dimensions: { side: 'zendesk' } },
    ]);
    expect((await store.listAudit('acme', 'a@example.com', { now: 3_000 })).map((e) => e.kind)).toEqual(['write', 'decision']);
    // Other methods still reach the real store.
    expect(await deps.store.getAccount('nobody')).toBeUndefined();
    expect(withAuditMetrics({ store } as unknown as Parameters<typeof withAuditMetrics>[0], NO_METRICS).store).toBe(store);
  });
});

describe('the worker handler', () => {
  it('counts a dropped message, a retried one and one bound for the DLQ, and flushes once per invocation', async () => {
    // Prepare: the real runtime on dynalite and fauxqs; the account of the directory message does not exist.
    const { table, queue } = await createTestAws('worker-metrics');
    const runtime = createRuntime(
      loadConfig({ TABLE_NAME: table.tableName, QUEUE_URL: queue.queueUrl }),
      { dynamo: table.client, sqs: queue.sqs },
      { log: silentLog },
    );
    const failing = { ...runtime, accounts: { get: async () => Promise.reject(new Error('store down')) } } as unknown as typeof runtime;
    const metrics = recording();
    const handler = workerHandler(() => failing, metrics, 3);

    // Act: one batch with a message that is not ours, and two that fail (on receive 1 and on the last receive, 3).
    const event: SQSEvent = {
      Records: [
        record('not json', 1),
        { ...record(JSON.stringify({ kind: 'directory', account: 'a' }), 1), attributes: { ApproximateReceiveCount: '1', MessageGroupId: 'a' } } as SQSRecord,
        { ...record(JSON.stringify({ kind: 'directory', account: 'b' }), 3), attributes: { ApproximateReceiveCount: '3', MessageGroupId: 'b' } } as SQSRecord,
      ],
    };
    const response = await handler(event);

    // Assess
    expect(response.batchItemFailures).toHaveLength(2);
    expect(metrics.flushed).toHaveLength(1);
    const names = metrics.flushed[0]!.map((m) => m.name).sort();
    expect(names).toEqual(['MessageDropped', 'SyncRetried', 'SyncRetried', 'SyncToDlq']);
  });
});
