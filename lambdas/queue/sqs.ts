// The SQS FIFO adapter of the SyncQueue port: one message group per agent, so one agent's syncs run in order.
import { ChangeMessageVisibilityCommand, SendMessageBatchCommand, type SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';
import type { AgentSyncEntry, AgentSyncMessage, SyncMessage, SyncQueue } from './port';
import { QueueError, SqsSendQueue, agentBody, deduplicationId, messageGroupId } from './sqs-send';

export { QueueError, SqsSendQueue, deduplicationId, messageGroupId };

/** Reads a message body back (the worker's side). Throws QueueError on anything this service did not produce. */
export function decodeSyncMessage(body: string): SyncMessage {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    throw new QueueError('A sync message body is not JSON: it was not produced by this service');
  }
  const { kind, account, agent, notBefore, initial } = (data ?? {}) as Record<string, unknown>;
  if (typeof account !== 'string' || account === '') throw new QueueError('A sync message lacks "account": it was not produced by this service');
  if (kind === 'directory' || kind === 'sweep') return { kind, account };
  if ((kind === undefined || kind === 'agent') && typeof agent === 'string' && agent !== '') {
    return {
      kind: 'agent',
      account,
      agent,
      ...(typeof notBefore === 'number' && Number.isFinite(notBefore) && { notBefore }),
      ...(initial === true && { initial }),
    };
  }
  throw new QueueError('A sync message lacks "agent": it was not produced by this service');
}

/** Reads an agent sync message back. Throws QueueError on anything else. */
export function decodeAgentSyncMessage(body: string): AgentSyncMessage {
  const message = decodeSyncMessage(body);
  if (message.kind !== 'agent') throw new QueueError('A sync message lacks "agent": it was not produced by this service');
  const { kind: _kind, ...agentMessage } = message;
  return agentMessage;
}

/** Entries per SendMessageBatch request: SQS's maximum. */
const SQS_BATCH_MAX = 10;

/** The sends (./sqs-send.ts) and the sweep's batches: the reconcile sweep's queue (sqsSweepQueue in lambdas/runtime.ts). */
export class SqsBatchQueue extends SqsSendQueue implements Omit<SyncQueue, 'retryAfter'> {
  /**
   * SendMessageBatch, 10 entries a request (SQS's maximum), in order: one agent's entries keep their order within its
   * group. Entries SQS reports as failed are sent once more in a batch of their own; if any still fail, the others
   * are sent all the same and then a QueueError says how many were not queued.
   */
  async enqueueAgentSyncs(entries: readonly AgentSyncEntry[]): Promise<void> {
    const notQueued: string[] = [];
    for (let start = 0; start < entries.length; start += SQS_BATCH_MAX) {
      const chunk = entries.slice(start, start + SQS_BATCH_MAX).map(({ message, dedupeId }, i): SendMessageBatchRequestEntry => {
        const body = agentBody(message);
        return { Id: String(i), MessageBody: JSON.stringify(body), MessageGroupId: messageGroupId(body), MessageDeduplicationId: deduplicationId(dedupeId) };
      });
      let failed = await this.sendBatch(chunk);
      if (failed.length > 0) failed = await this.sendBatch(chunk.filter((entry) => failed.some((f) => f.id === entry.Id)));
      notQueued.push(...failed.map((f) => f.reason));
    }
    if (notQueued.length > 0) throw new QueueError(`Could not queue ${notQueued.length} of ${entries.length} agent syncs: ${notQueued[0]}`);
  }

  /** One SendMessageBatch; returns the entries SQS did not take (a partial failure is not an exception in SQS). */
  private async sendBatch(entries: SendMessageBatchRequestEntry[]): Promise<Array<{ id: string; reason: string }>> {
    try {
      const out = await this.sqs.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries }));
      return (out.Failed ?? []).map((f) => ({ id: f.Id ?? '', reason: `${f.Code ?? 'failed'}${f.Message ? `: ${f.Message}` : ''}` }));
    } catch (err) {
      const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      throw new QueueError(`Could not queue a batch of ${entries.length} agent syncs: ${reason}`, { cause: err });
    }
  }
}

/** The whole port: the sends, the sweep's batches and the worker's reschedule. */
export class SqsSyncQueue extends SqsBatchQueue implements SyncQueue {
  async retryAfter(receiptHandle: string, delayMs: number): Promise<void> {
    const seconds = Math.min(43_200, Math.max(0, Math.ceil(delayMs / 1000)));
    try {
      await this.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: this.queueUrl, ReceiptHandle: receiptHandle, VisibilityTimeout: seconds }));
    } catch (err) {
      const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      throw new QueueError(`Could not reschedule a sync message: ${reason}`, { cause: err });
    }
  }
}
