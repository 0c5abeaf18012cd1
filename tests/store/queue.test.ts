// The SQS FIFO adapter against fauxqs: group per agent, hashed dedupe id, duplicates dropped; the DLQ redrive works.
import { ReceiveMessageCommand, DeleteMessageCommand } from '@aws-sdk/client-sqs';
import { SqsSyncQueue, decodeAgentSyncMessage, decodeSyncMessage, deduplicationId, messageGroupId } from '../../lambdas/queue/sqs';
import { createTestQueue, type TestQueue } from '../setup/aws';

let queue: TestQueue;
beforeAll(async () => {
  queue = await createTestQueue({ prefix: 'queue', visibilityTimeoutSeconds: 1, maxReceiveCount: 2 });
});

const receive = (url: string, wait = 0) =>
  queue.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: wait, MessageSystemAttributeNames: ['All'] }));

describe('SqsSyncQueue', () => {
  it('sends with the agent as group and a hashed dedupe id; a repeated id is dropped', async () => {
    // Prepare
    const adapter = new SqsSyncQueue(queue.sqs, queue.queueUrl);
    // Act
    await adapter.enqueueAgentSync({ account: 'acme', agent: 'Ann@Example.com' }, 'aircall:acme:evt-1');
    await adapter.enqueueAgentSync({ account: 'acme', agent: 'ann@example.com' }, 'aircall:acme:evt-1');
    const out = await receive(queue.queueUrl);
    // Assess
    expect(out.Messages).toHaveLength(1);
    const message = out.Messages![0]!;
    expect(JSON.parse(message.Body!)).toEqual({ account: 'acme', agent: 'ann@example.com' });
    expect(decodeAgentSyncMessage(message.Body!)).toEqual({ account: 'acme', agent: 'ann@example.com' });
    expect(message.Attributes?.MessageGroupId).toBe('acme#ann@example.com');
    expect(message.Attributes?.MessageDeduplicationId).toBe(deduplicationId('aircall:acme:evt-1'));
    expect(deduplicationId('aircall:acme:evt-1')).toMatch(/^[0-9a-f]{64}$/);
    await queue.sqs.send(new DeleteMessageCommand({ QueueUrl: queue.queueUrl, ReceiptHandle: message.ReceiptHandle! }));
  });

  it('queues a directory refresh in its own group', async () => {
    const adapter = new SqsSyncQueue(queue.sqs, queue.queueUrl);
    await adapter.enqueueDirectoryRefresh('acme', 'aircall:acme:user.created:1');
    const message = (await receive(queue.queueUrl)).Messages![0]!;
    expect(decodeSyncMessage(message.Body!)).toEqual({ kind: 'directory', account: 'acme' });
    expect(message.Attributes?.MessageGroupId).not.toBe(messageGroupId({ account: 'acme', agent: 'ann@example.com' }));
    await queue.sqs.send(new DeleteMessageCommand({ QueueUrl: queue.queueUrl, ReceiptHandle: message.ReceiptHandle! }));
  });

  it('hashes a group id that is too long or has characters SQS refuses', () => {
    expect(messageGroupId({ account: 'acme', agent: `${'a'.repeat(130)}@example.com` })).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(messageGroupId({ account: 'acme', agent: 'josé@example.com' })).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('refuses a body it did not produce', () => {
    expect(() => decodeAgentSyncMessage('nope')).toThrow('not JSON');
    expect(() => decodeAgentSyncMessage('{"account":"acme"}')).toThrow('lacks');
  });

  it('(fauxqs) redelivers after the visibility timeout, then moves the message to the DLQ after maxReceiveCount', async () => {
    const adapter = new SqsSyncQueue(queue.sqs, queue.queueUrl);
    await adapter.enqueueAgentSync({ account: 'acme', agent: 'dlq@example.com' }, 'dlq-1');
    const first = await receive(queue.queueUrl);
    expect(first.Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe('1');
    expect((await receive(queue.queueUrl)).Messages ?? []).toHaveLength(0); // in flight
    await new Promise((r) => setTimeout(r, 1100));
    const second = await receive(queue.queueUrl);
    expect(second.Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe('2');
    await new Promise((r) => setTimeout(r, 1100));
    expect((await receive(queue.queueUrl)).Messages ?? []).toHaveLength(0); // third receive → DLQ
    const dead = await receive(queue.dlqUrl);
    expect(dead.Messages).toHaveLength(1);
    expect(JSON.parse(dead.Messages![0]!.Body!)).toEqual({ account: 'acme', agent: 'dlq@example.com' });
    expect(dead.Messages![0]!.Attributes?.MessageGroupId).toBe('acme#dlq@example.com');
  });
});
