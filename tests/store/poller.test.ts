// The local stand-in for Lambda's SQS event source (local/queue/poller.ts) against fauxqs: batches of up to 10,
// one DeleteMessageBatch per invocation for what succeeded, failed items left to come back.
import { GetQueueAttributesCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { startPoller, type Poller } from '../../local/queue/poller';
import { createTestQueue, type TestQueue } from '../setup/aws';

const until = async (check: () => boolean | Promise<boolean>, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};

/** Puts `n` messages, one group each, 10 per request. */
async function put(queue: TestQueue, n: number, tag: string): Promise<void> {
  for (let start = 0; start < n; start += 10) {
    const ids = Array.from({ length: Math.min(10, n - start) }, (_, i) => start + i);
    await queue.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queue.queueUrl,
        Entries: ids.map((i) => ({ Id: String(i), MessageBody: `${tag}-${i}`, MessageGroupId: `${tag}-${i}`, MessageDeduplicationId: `${tag}-${i}` })),
      }),
    );
  }
}

async function depth(queue: TestQueue): Promise<number> {
  const out = await queue.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queue.queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return Number(out.Attributes?.ApproximateNumberOfMessages ?? 0) + Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
}

describe('local SQS poller', () => {
  let queue: TestQueue;
  let poller: Poller | undefined;
  const requests: string[] = [];
  beforeEach(async () => {
    queue = await createTestQueue({ prefix: 'poller', visibilityTimeoutSeconds: 1, maxReceiveCount: 5 });
    requests.length = 0;
    // The requests the poller really sends to fauxqs, by action (the test's own sends are counted too, and filtered).
    queue.sqs.middlewareStack.add(
      (next, context) => async (args) => {
        requests.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize', name: 'count-requests' },
    );
  });
  afterEach(async () => {
    await poller?.stop();
    poller = undefined;
  });

  it('hands the worker batches of up to 10 and deletes what it did with one DeleteMessageBatch per batch', async () => {
    await put(queue, 25, 'a');
    const batches: string[][] = [];
    poller = startPoller({
      sqs: queue.sqs,
      queueUrl: queue.queueUrl,
      concurrency: 1,
      waitTimeSeconds: 0,
      handler: async (event: SQSEvent) => {
        batches.push(event.Records.map((r) => r.body));
        return { batchItemFailures: [] };
      },
    });

    await until(async () => batches.flat().length === 25 && (await depth(queue)) === 0);

    expect(new Set(batches.flat()).size).toBe(25);
    expect(Math.max(...batches.map((b) => b.length))).toBe(10);
    expect(batches.every((b) => b.length <= 10)).toBe(true);
    expect(requests.filter((r) => r === 'DeleteMessageBatchCommand')).toHaveLength(batches.length);
    expect(requests).not.toContain('DeleteMessageCommand');
  });

  it('leaves the items the worker reports as failed on the queue: they come back after the visibility timeout', async () => {
    await put(queue, 4, 'b');
    const seen: Array<{ body: string; receive: string }> = [];
    poller = startPoller({
      sqs: queue.sqs,
      queueUrl: queue.queueUrl,
      concurrency: 1,
      waitTimeSeconds: 0,
      handler: async (event: SQSEvent) => {
        for (const r of event.Records) seen.push({ body: r.body, receive: r.attributes.ApproximateReceiveCount });
        // b-1 fails on its first receive only.
        return {
          batchItemFailures: event.Records.filter((r) => r.body === 'b-1' && r.attributes.ApproximateReceiveCount === '1').map((r) => ({
            itemIdentifier: r.messageId,
          })),
        };
      },
    });

    await until(async () => seen.some((s) => s.body === 'b-1' && s.receive === '2') && (await depth(queue)) === 0);

    expect(seen.filter((s) => s.body === 'b-1').map((s) => s.receive)).toEqual(['1', '2']);
    for (const body of ['b-0', 'b-2', 'b-3']) expect(seen.filter((s) => s.body === body)).toEqual([{ body, receive: '1' }]);
  });

  it('deletes nothing of a batch whose invocation throws: every message comes back', async () => {
    await put(queue, 3, 'c');
    let calls = 0;
    const afterCrash: string[] = [];
    const errors: string[] = [];
    poller = startPoller({
      sqs: queue.sqs,
      queueUrl: queue.queueUrl,
      concurrency: 1,
      waitTimeSeconds: 0,
      onError: (error) => errors.push(error.message),
      handler: async (event: SQSEvent) => {
        calls++;
        if (calls === 1) throw new Error('worker crashed');
        afterCrash.push(...event.Records.map((r) => `${r.body}#${r.attributes.ApproximateReceiveCount}`));
        return { batchItemFailures: [] };
      },
    });

    await until(async () => afterCrash.length >= 3 && (await depth(queue)) === 0);

    expect(errors).toEqual(['worker crashed']);
    // Every message of the crashed batch was received again, none was lost nor deleted unworked.
    expect(afterCrash.sort()).toEqual(['c-0#2', 'c-1#2', 'c-2#2']);
  });
});
