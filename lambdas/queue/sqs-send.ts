// The sending half of the SQS FIFO adapter (one message, SendMessage only): all that a function which only asks for a
// sync needs (the OAuth pages and admin routes queue a sweep), so their bundles hold no batch or visibility code of the
// SQS client. The whole port, with the sweep's batches and the worker's reschedule, is SqsSyncQueue (./sqs.ts).
import { createHash } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { AgentSyncMessage, SyncMessage, SyncQueue } from './port';

/** The queue module's base error. */
export class QueueError extends Error {
  override name = 'QueueError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const MAX_ID_LENGTH = 128;
/** SQS allows alphanumerics and punctuation `!"#$%&'()*+,-./:;<=>?@[\]^_\`{|}~` in group and dedupe ids. */
const ALLOWED_ID = /^[A-Za-z0-9!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]+$/;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** `<account>#<email>`, or `sha256:<hex>` of it when too long or holding characters SQS refuses. */
export function messageGroupId(message: AgentSyncMessage): string {
  const id = `${message.account}#${message.agent.trim().toLowerCase()}`;
  return id.length <= MAX_ID_LENGTH && ALLOWED_ID.test(id) ? id : `sha256:${sha256(id)}`;
}

/** The SQS deduplication id for a caller's id: its SHA-256 in hex (64 allowed characters, any input). */
export function deduplicationId(dedupeId: string): string {
  return sha256(dedupeId);
}

/** The body of an agent sync as queued: the agent lower-cased, optional fields only when set. */
export function agentBody(message: AgentSyncMessage): AgentSyncMessage {
  return {
    account: message.account,
    agent: message.agent.trim().toLowerCase(),
    ...(message.notBefore !== undefined && { notBefore: message.notBefore }),
    ...(message.initial && { initial: true as const }),
  };
}

/** The port's single sends; `enqueueAgentSyncs` and `retryAfter` are SqsSyncQueue's. */
export class SqsSendQueue implements Omit<SyncQueue, 'enqueueAgentSyncs' | 'retryAfter'> {
  constructor(
    protected readonly sqs: SQSClient,
    readonly queueUrl: string,
  ) {}

  async enqueueAgentSync(message: AgentSyncMessage, dedupeId: string): Promise<void> {
    const body = agentBody(message);
    await this.send(body, messageGroupId(body), dedupeId, `a sync of ${body.agent} in account ${body.account}`);
  }

  async enqueueDirectoryRefresh(account: string, dedupeId: string): Promise<void> {
    const body: SyncMessage = { kind: 'directory', account };
    // Its own group: a directory rebuild waits for no agent, and no agent waits for it.
    await this.send(body, messageGroupId({ account, agent: '#directory' }), dedupeId, `a directory refresh of account ${account}`);
  }

  async enqueueAccountSweep(account: string, dedupeId: string): Promise<void> {
    const body: SyncMessage = { kind: 'sweep', account };
    await this.send(body, messageGroupId({ account, agent: '#sweep' }), dedupeId, `a sweep of account ${account}`);
  }

  private async send(body: object, groupId: string, dedupeId: string, what: string): Promise<void> {
    try {
      await this.sqs.send(
        new SendMessageCommand({
          QueueUrl: this.queueUrl,
          MessageBody: JSON.stringify(body),
          MessageGroupId: groupId,
          MessageDeduplicationId: deduplicationId(dedupeId),
        }),
      );
    } catch (err) {
      const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      throw new QueueError(`Could not queue ${what}: ${reason}`, { cause: err });
    }
  }
}
