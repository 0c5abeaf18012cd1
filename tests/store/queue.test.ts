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

describe('SqsSyncQueue.enqueueAgentSyncs (the sweep’s backlog)', () => {
  let batchQueue: TestQueue;
  const requests: string[] = [];
  beforeAll(async () => {
    batchQueue = await createTestQueue({ prefix: 'queue-batch', visibilityTimeoutSeconds: 30 });
    // Counts the requests the adapter really sends to fauxqs, by SQS action.
    batchQueue.sqs.middlewareStack.add(
      (next, context) => async (args) => {
        requests.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize', name: 'count-requests' },
    );
  });

  const drain = async () => {
    const bodies: Array<{ body: unknown; group?: string; dedupe?: string }> = [];
    for (;;) {
      const out = await batchQueue.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: batchQueue.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, MessageSystemAttributeNames: ['All'] }),
      );
      const messages = out.Messages ?? [];
      if (messages.length === 0) return bodies;
      for (const m of messages) {
        bodies.push({ body: JSON.parse(m.Body!), group: m.Attributes?.MessageGroupId, dedupe: m.Attributes?.MessageDeduplicationId });
        await batchQueue.sqs.send(new DeleteMessageCommand({ QueueUrl: batchQueue.queueUrl, ReceiptHandle: m.ReceiptHandle! }));
      }
    }
  };

  it('sends 23 agents in 3 SendMessageBatch requests, each with its group and hashed dedupe id', async () => {
    const adapter = new SqsSyncQueue(batchQueue.sqs, batchQueue.queueUrl);
    const entries = Array.from({ length: 23 }, (_, i) => ({
      message: {
        account: 'acme',
        agent: `Agent${i}@Example.com`,
        ...(i === 0 && { initial: true as const }),
        ...(i === 1 && { notBefore: 1_700_000_000_000 }),
      },
      dedupeId: `reconcile:acme:agent${i}@example.com:run-1`,
    }));
    requests.length = 0;

    await adapter.enqueueAgentSyncs(entries);

    expect(requests).toEqual(['SendMessageBatchCommand', 'SendMessageBatchCommand', 'SendMessageBatchCommand']);
    const got = await drain();
    expect(got).toHaveLength(23);
    const byAgent = new Map(got.map((m) => [(m.body as { agent: string }).agent, m]));
    for (let i = 0; i < 23; i++) {
      const m = byAgent.get(`agent${i}@example.com`);
      expect(m?.group).toBe(`acme#agent${i}@example.com`);
      expect(m?.dedupe).toBe(deduplicationId(`reconcile:acme:agent${i}@example.com:run-1`));
    }
    expect(byAgent.get('agent0@example.com')?.body).toEqual({ account: 'acme', agent: 'agent0@example.com', initial: true });
    expect(byAgent.get('agent1@example.com')?.body).toEqual({ account: 'acme', agent: 'agent1@example.com', notBefore: 1_700_000_000_000 });
    expect(byAgent.get('agent2@example.com')?.body).toEqual({ account: 'acme', agent: 'agent2@example.com' });
  });

  it('drops a repeated dedupe id (the same sweep run twice) and keeps one agent’s entries in order', async () => {
    const adapter = new SqsSyncQueue(batchQueue.sqs, batchQueue.queueUrl);
    const entry = (agent: string, dedupeId: string, notBefore?: number) => ({
      message: { account: 'acme', agent, ...(notBefore !== undefined && { notBefore }) },
      dedupeId,
    });
    await adapter.enqueueAgentSyncs([entry('bob@example.com', 'run-2:bob')]);
    await adapter.enqueueAgentSyncs([
      entry('bob@example.com', 'run-2:bob'),
      entry('cy@example.com', 'run-2:cy', 1),
      entry('cy@example.com', 'run-2:cy-again', 2),
    ]);

    const got = await drain();
    expect(got.filter((m) => (m.body as { agent: string }).agent === 'bob@example.com')).toHaveLength(1);
    // FIFO: the second of cy's entries is received only after the first one is deleted, in the order sent.
    expect(got.filter((m) => (m.body as { agent: string }).agent === 'cy@example.com').map((m) => (m.body as { notBefore: number }).notBefore)).toEqual([1, 2]);
  });

  it('queues the rest of the batch when SQS refuses one entry, then throws naming how many were not queued', async () => {
    const adapter = new SqsSyncQueue(batchQueue.sqs, batchQueue.queueUrl);
    // U+FFFF is outside what an SQS body may hold, and JSON.stringify keeps it as it is: SQS fails that entry alone.
    const entries = ['dee@example.com', 'bad\uffff@example.com', 'eve@example.com'].map((agent) => ({
      message: { account: 'acme', agent },
      dedupeId: `run-3:${agent}`,
    }));
    requests.length = 0;

    await expect(adapter.enqueueAgentSyncs(entries)).rejects.toThrow(/Could not queue 1 of 3 agent syncs: InvalidMessageContents/);

    // The refused entry was tried once more, alone; the others are on the queue.
    expect(requests).toEqual(['SendMessageBatchCommand', 'SendMessageBatchCommand']);
    expect((await drain()).map((m) => (m.body as { agent: string }).agent).sort()).toEqual(['dee@example.com', 'eve@example.com']);
  });
});
