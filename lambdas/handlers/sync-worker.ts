// Lambda: the SQS FIFO worker. One message = one agent (or one account's directory) to bring in step.
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { withDeadline } from '../http/deadline';
import { auditMetric, handlerMetrics, maxReceiveCount, withAuditMetrics, type HandlerMetrics } from '../observability';
import { AuditBatch } from '../sync/audit-batch';
import type { SyncMessage } from '../queue/port';
import { QueueError, decodeSyncMessage } from '../queue/sqs';
import { lambdaRuntime, noSessions, sqsQueue, syncClientFactory, type Runtime } from '../runtime';
import { credentialReaderFromConfig } from '../credentials/from-config';
import { syncPathStoreFromConfig } from '../store/from-config';
import { refreshDirectoryWhenDue } from '../sync/directory';
import { reconcileAccount } from '../sync/reconcile';
import { processFifoBatch } from '../sync/fifo-batch';
import { RetryLaterError } from '../sync/errors';
import { syncAgent } from '../sync/sync-agent';
import { withOAuthClients } from '../secrets/oauth-clients';

/** Kept for reporting failures and putting messages back after the last wait. */
const INVOCATION_MARGIN_MS = 1_000;

/**
 * The worker over a runtime; reports partial batch failures so only failed messages come back. Writes, skips and
 * failures are counted from the audit entries the use cases append; a failure on the last receive before the DLQ
 * (`lastReceive`, from the queue's redrive policy) counts as `SyncToDlq`.
 */
export function workerHandler(rt: () => Runtime, metrics: HandlerMetrics = handlerMetrics(), lastReceive = maxReceiveCount()) {
  return async (event: SQSEvent, context?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<SQSBatchResponse> => {
    const { deps: raw, accounts } = rt();
    // The invocation's audit entries are appended together at its end (issue 15), and counted then.
    const audits = new AuditBatch();
    const deps = { ...withAuditMetrics(raw, metrics), auditBatch: audits };
    // Every wait below (settle hold, budget token, HTTP retries, Retry-After) ends before the invocation's timeout:
    // a message that cannot finish goes back with a visibility timeout that fits its wait.
    const deadline = context ? Date.now() + context.getRemainingTimeInMillis() - INVOCATION_MARGIN_MS : Infinity;
    try {
      return await withDeadline(deadline, () => processBatch(event, deps, accounts, metrics, lastReceive));
    } finally {
      await flushAudits(deps, audits, metrics);
      metrics.flush();
    }
  };
}

/** Appends the invocation's audit entries and counts them; a failure is logged, not retried (the decisions stand). */
async function flushAudits(deps: Runtime['deps'], audits: AuditBatch, metrics: HandlerMetrics): Promise<void> {
  const count = audits.size;
  try {
    for (const entry of await audits.flush(deps.store)) {
      const metric = auditMetric(entry);
      if (metric) metrics.count(metric.name, 1, metric.dimensions);
    }
  } catch (error) {
    deps.log.error('audit entries of the invocation could not be appended', { count, error: (error as Error).message });
  }
}

function processBatch(
  event: SQSEvent,
  deps: Runtime['deps'],
  accounts: Runtime['accounts'],
  metrics: HandlerMetrics,
  lastReceive: number | undefined,
): Promise<SQSBatchResponse> {
  return processFifoBatch(
    event.Records,
    async (record) => {
      let message: SyncMessage;
      try {
        message = decodeSyncMessage(record.body);
      } catch (error) {
        // Not ours: retrying cannot help. Dropped, with a trace.
        if (error instanceof QueueError) {
          metrics.count('MessageDropped');
          return deps.log.error('sync message dropped', { messageId: record.messageId, error: error.message });
        }
        throw error;
      }
      if (message.kind === 'directory') {
        const account = await accounts.get(message.account, deps.now());
        if (account) await refreshDirectoryWhenDue(deps, account);
        return;
      }
      if (message.kind === 'sweep') {
        const account = await accounts.get(message.account, deps.now());
        // Best effort: the scheduled sweep does the same within one period, so a failure (a side down) is not retried.
        if (account) {
          await reconcileAccount(deps, account, { runId: record.messageId, periodMs: deps.config.reconcilePeriodMs }).catch((error: Error) => {
            metrics.count('JobFailed', 1, { job: 'reconcile' });
            deps.log.warn('the sweep of a new direction failed; the scheduled sweep will do it', { account: account.id, error: error.message });
          });
        }
        return;
      }
      await syncAgent(deps, accounts, message);
    },
    async (record, error) => {
      metrics.count('SyncRetried');
      if (lastReceive !== undefined && Number(record.attributes.ApproximateReceiveCount) >= lastReceive) metrics.count('SyncToDlq');
      // A message scheduled for later is not a failure worth a warning.
      const log = error instanceof RetryLaterError && /scheduled for later/.test(error.message) ? deps.log.debug : deps.log.warn;
      log('sync message will be retried', { messageId: record.messageId, error: error.message, name: error.name });
      // The queue's visibility timeout must exceed the worker's timeout (minutes on AWS); when the worker knows
      // when a retry can succeed, the message comes back then instead.
      if (error instanceof RetryLaterError) {
        await deps.queue
          .retryAfter(record.receiptHandle, retryDelayMs(error, record))
          .catch((e: Error) => deps.log.warn('could not reschedule', { error: e.message }));
      }
    },
  );
}

/** When to try again: when the error says, else 2, 4, 8… seconds by attempt, at most a minute. */
export function retryDelayMs(error: RetryLaterError, record: SQSRecord): number {
  if (error.retryAfterMs !== undefined) return error.retryAfterMs;
  const attempt = Number(record.attributes.ApproximateReceiveCount) || 1;
  return Math.min(60_000, 1000 * 2 ** attempt);
}

// Our OAuth clients come from Secrets Manager in AWS, before the first invocation reads the configuration.
export const handler = withOAuthClients(
  workerHandler(
    lambdaRuntime({
      store: syncPathStoreFromConfig,
      queue: sqsQueue,
      clients: syncClientFactory,
      sessions: noSessions,
      credentials: credentialReaderFromConfig,
    }),
  ),
);
