// The worker's FIFO batch processing: groups in parallel, each group in order, failures reported per message.
import type { SQSRecord } from 'aws-lambda';
import { processFifoBatch } from '../../lambdas/sync/fifo-batch';

const record = (id: string, group: string): SQSRecord =>
  ({ messageId: id, body: id, attributes: { MessageGroupId: group } }) as unknown as SQSRecord;

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
      (r, e) => errors.push(`${r.messageId}: ${e.message}`),
    );

    // Assess: a3 was never attempted; b is untouched.
    expect(result.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['a2', 'a3']);
    expect(handled.sort()).toEqual(['a1', 'b1', 'b2']);
    expect(errors).toEqual(['a2: Aircall answered 503']);
  });
});
