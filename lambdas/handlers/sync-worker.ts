// Lambda: the SQS FIFO worker. One message = one agent (or one account's directory) to bring in step.
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { QueueError, decodeSyncMessage } from '../queue/sqs';
import { runtime, type Runtime } from '../runtime';
import { refreshDirectory } from '../sync/directory';
import { processFifoBatch } from '../sync/fifo-batch';
import { RetryLaterError } from '../sync/errors';
import { syncAgent } from '../sync/sync-agent';

/** The worker over a runtime; reports partial batch failures so only failed messages come back. */
export function workerHandler(rt: () => Runtime) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const { deps, accounts } = rt();
    return processFifoBatch(
      event.Records,
      async (record) => {
        let message;
        try {
          message = decodeSyncMessage(record.body);
        } catch (error) {
          // Not ours: retrying cannot help. Dropped, with a trace.
          if (error instanceof QueueError) return deps.log.error('sync message dropped', { messageId: record.messageId, error: error.message });
          throw error;
        }
        if (message.kind === 'directory') {
          const account = await accounts.get(message.account, deps.now());
          if (account) await refreshDirectory(deps, account);
          return;
        }
        await syncAgent(deps, accounts, message);
      },
      async (record, error) => {
        deps.log.warn('sync message will be retried', { messageId: record.messageId, error: error.message, name: error.name });
        // The queue's visibility timeout must exceed the worker's timeout (minutes on AWS); when the worker knows
        // when a retry can succeed, the message comes back then instead.
        if (error instanceof RetryLaterError) {
          await deps.queue.retryAfter(record.receiptHandle, retryDelayMs(error, record)).catch((e: Error) => deps.log.warn('could not reschedule', { error: e.message }));
        }
      },
    );
  };
}

/** When to try again: when the error says, else 2, 4, 8… seconds by attempt, at most a minute. */
export function retryDelayMs(error: RetryLaterError, record: SQSRecord): number {
  if (error.retryAfterMs !== undefined) return error.retryAfterMs;
  const attempt = Number(record.attributes.ApproximateReceiveCount) || 1;
  return Math.min(60_000, 1000 * 2 ** attempt);
}

export const handler = workerHandler(runtime);
