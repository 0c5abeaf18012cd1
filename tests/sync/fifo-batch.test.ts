// The worker's FIFO batch processing: groups in parallel, each group in order, failures reported per message.
import type { SQSRecord } from 'aws-lambda';
import { processFifoBatch } from '../../lambdas/sync/fifo-batch';

const record = (id: string, group: string): SQSRecord => ({ messageId: id, body: id, attributes: { MessageGroupId: group } }) as unknown as SQSRecord;

describe('processFifoBatch', () => {
  test('keeps each group in order and runs groups side by side', async () => {
    // Prepare: group a's first message is slow; group b must not wait for it.
    const order: string[] = [];
    const records = [record('a1', 'a'), record('b1', 'b'), record('a2', 'a'), record('b2', 'b')];

    // Act
    const result = await processFifoBatch(records, async (r) => {
      if (r.messageId === 'a1') await new Promise((res) => setTimeout(res, 50));
      order.push(r.messageId);
    });

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(order.indexOf('a1')).toBeLessThan(order.indexOf('a2'));
    expect(order.indexOf('b2')).toBeLessThan(order.indexOf('a1')); // b finished while a1 was still running
  });

  test('a failure fails that message and the rest of its group only, so SQS redelivers them in order', async () => {
    // Prepare
    const handled: string[] = [];
    const errors: string[] = [];
    const records = [record('a1', 'a'), record('a2', 'a'), record('a3', 'a'), record('b1', 'b'), record('b2', 'b')];

    // Act
    const result = await processFifoBatch(
      records,
      async (r) => {
        if (r.messageId === 'a2') throw new Error('Aircall answered 503');
        handled.push(r.messageId);
      },
      (r, e) => void errors.push(`${r.messageId}: ${e.message}`),
    );

    // Assess: a3 was never attempted; b is untouched.
    expect(result.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['a2', 'a3']);
    expect(handled.sort()).toEqual(['a1', 'b1', 'b2']);
    expect(errors).toEqual(['a2: Aircall answered 503']);
  });
});

describe('retryDelayMs', () => {
  // Imported here so the batch tests above stay independent of the handler module.
  const { retryDelayMs } = jest.requireActual<typeof import('../../lambdas/handlers/sync-worker')>('../../lambdas/handlers/sync-worker');
  const { RetryLaterError } = jest.requireActual<typeof import('../../lambdas/sync/errors')>('../../lambdas/sync/errors');
  const attempt = (n: number) => ({ attributes: { ApproximateReceiveCount: String(n) } }) as unknown as SQSRecord;

  test('uses the wait the error names (a flapping agent, a spent budget)', () => {
    expect(retryDelayMs(new RetryLaterError('still flapping', 7_000), attempt(1))).toBe(7_000);
  });

  test('otherwise backs off by attempt, at most a minute, instead of the long visibility timeout', () => {
    expect([1, 2, 3, 10].map((n) => retryDelayMs(new RetryLaterError('503'), attempt(n)))).toEqual([2_000, 4_000, 8_000, 60_000]);
  });
});
