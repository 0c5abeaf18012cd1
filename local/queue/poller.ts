// Local stand-in for Lambda's SQS event source: long-polls a queue and feeds the worker batches of up to 10.
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

export type SqsBatchHandler = (event: SQSEvent, context: { getRemainingTimeInMillis(): number }) => Promise<SQSBatchResponse | undefined>;

export interface PollerOptions {
  sqs: SQSClient;
  queueUrl: string;
  queueArn?: string;
  handler: SqsBatchHandler;
  /** Concurrent batches in flight, as Lambda runs several invocations at once. */
  concurrency?: number;
  batchSize?: number;
  waitTimeSeconds?: number;
  onError?: (error: Error) => void;
  /** How long `stop()` waits for invocations in flight. Default 3 s. */
  stopGraceMs?: number;
  /** The function timeout each invocation sees through `getRemainingTimeInMillis`, as in Lambda. Default 30 s. */
  invocationTimeoutMs?: number;
}

export interface Poller {
  stop(): Promise<void>;
}

function toRecord(message: Message, queueArn: string): SQSRecord {
  const a = message.Attributes ?? {};
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: a.ApproximateReceiveCount ?? '1',
      SentTimestamp: a.SentTimestamp ?? String(Date.now()),
      SenderId: a.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: a.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      MessageGroupId: a.MessageGroupId,
      MessageDeduplicationId: a.MessageDeduplicationId,
      SequenceNumber: a.SequenceNumber,
    },
    messageAttributes: {},
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: process.env.AWS_REGION ?? 'us-east-1',
  };
}

/**
 * Starts polling. Like Lambda's event source mapping, messages the handler reports in `batchItemFailures`
 * (or every message, when it throws) are left on the queue to come back after the visibility timeout.
 * One receive loop hands batches to up to `concurrency` concurrent invocations: several loops long-polling at
 * once would all be woken by each message, and all but one would come back empty.
 */
export function startPoller(options: PollerOptions): Poller {
  const { sqs, queueUrl, handler } = options;
  const queueArn = options.queueArn ?? `arn:aws:sqs:local:000000000000:${queueUrl.split('/').pop() ?? 'queue'}`;
  const concurrency = options.concurrency ?? 4;
  const inFlight = new Set<Promise<void>>();
  let running = true;
  const controller = new AbortController();

  async function invoke(messages: Message[]): Promise<void> {
    const records = messages.map((m) => toRecord(m, queueArn));
    let failed = new Set<string>(records.map((r) => r.messageId));
    try {
      const startedAt = Date.now();
      const timeoutMs = options.invocationTimeoutMs ?? 30_000;
      const response = await handler({ Records: records }, { getRemainingTimeInMillis: () => Math.max(0, startedAt + timeoutMs - Date.now()) });
      failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (error) {
      options.onError?.(error as Error);
    }
    const done = messages.filter((m) => !failed.has(m.MessageId ?? ''));
    if (done.length === 0) return;
    try {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })),
        }),
      );
    } catch (error) {
      // Not deleted: the messages come back and the worker finds nothing left to do (it is idempotent).
      options.onError?.(error as Error);
    }
  }

  async function loop(): Promise<void> {
    while (running) {
      if (inFlight.size >= concurrency) {
        await Promise.race(inFlight);
        continue;
      }
      let messages: Message[] = [];
      try {
        const out = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: options.batchSize ?? 10,
            WaitTimeSeconds: options.waitTimeSeconds ?? 1,
            MessageSystemAttributeNames: ['All'],
          }),
          { abortSignal: controller.signal },
        );
        messages = out.Messages ?? [];
      } catch (error) {
        if (!running) return;
        options.onError?.(error as Error);
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
      if (messages.length === 0) continue;
      const invocation: Promise<void> = invoke(messages).finally(() => inFlight.delete(invocation));
      inFlight.add(invocation);
    }
  }

  const receiving = loop();
  return {
    async stop() {
      running = false;
      controller.abort();
      await receiving.catch(() => undefined);
      // A worker may be holding a flapping agent for many seconds. Wait a little, not for the hold: what it was
      // doing is recorded in DynamoDB, and the next start's reconcile sweep picks it up.
      await Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => setTimeout(r, options.stopGraceMs ?? 3_000).unref())]);
    },
  };
}
