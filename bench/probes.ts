// Bench-only probes on a running local stack: timestamps at the stage boundaries of a sync, and the queue's depth.
// They wrap methods of the stack's runtime objects in place (no product code changes); each wrapper only records
// Date.now() around the original call.
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Stack } from '../local/stack';
import type { ZendeskClient } from '../lambdas/zendesk/client';
import type { AircallClient } from '../lambdas/aircall/client';

export interface StageProbes {
  /** Per agent (lower-cased email): when the webhook's SendMessage to SQS resolved. */
  enqueued: Map<string, number[]>;
  /** Per agent: when the worker read the agent's state (`takeAgentState`, the start of a `syncAgent` pass). */
  workerReads: Map<string, number[]>;
  /** Per Zendesk user id: when the worker called the Zendesk set-status API. */
  zendeskWrites: Map<string, number[]>;
  /** Per Aircall user id: when the worker called the Aircall set-status API. */
  aircallWrites: Map<string, number[]>;
}

const push = (map: Map<string, number[]>, key: string, at: number) => {
  const list = map.get(key);
  if (list) list.push(at);
  else map.set(key, [at]);
};

/** The latest time in a sorted list that is <= `at`, or undefined. */
export function latestAtOrBefore(list: readonly number[] | undefined, at: number): number | undefined {
  if (!list) return undefined;
  let lo = 0;
  let hi = list.length - 1;
  let found: number | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const value = list[mid] as number;
    if (value <= at) {
      found = value;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

export function instrumentStack(stack: Stack): StageProbes {
  const probes: StageProbes = { enqueued: new Map(), workerReads: new Map(), zendeskWrites: new Map(), aircallWrites: new Map() };
  const deps = stack.runtime.deps;

  const queue = deps.queue;
  const enqueue = queue.enqueueAgentSync.bind(queue);
  queue.enqueueAgentSync = async (message, dedupeId) => {
    await enqueue(message, dedupeId);
    push(probes.enqueued, message.agent.trim().toLowerCase(), Date.now());
  };

  // The worker's read of an agent (its take, issue 15).
  const store = deps.store;
  const takeAgentState = store.takeAgentState.bind(store);
  store.takeAgentState = (account, agent) => {
    push(probes.workerReads, agent.trim().toLowerCase(), Date.now());
    return takeAgentState(account, agent);
  };

  const clients = deps.clients;
  const zendesk = clients.zendesk.bind(clients);
  const aircall = clients.aircall.bind(clients);
  const wrapped = new WeakSet<object>();
  clients.zendesk = (account) => {
    const client: ZendeskClient = zendesk(account);
    if (!wrapped.has(client)) {
      wrapped.add(client);
      const set = client.setUnifiedStatus.bind(client);
      client.setUnifiedStatus = (agentId, statusId) => {
        push(probes.zendeskWrites, String(agentId), Date.now());
        return set(agentId, statusId);
      };
    }
    return client;
  };
  clients.aircall = (account) => {
    const client: AircallClient = aircall(account);
    if (!wrapped.has(client)) {
      wrapped.add(client);
      const set = client.setAvailabilityStatus.bind(client);
      client.setAvailabilityStatus = (userId, status) => {
        push(probes.aircallWrites, String(userId), Date.now());
        return set(userId, status);
      };
    }
    return client;
  };
  return probes;
}

/** Reads the depth of the stack's queue and dead-letter queue (fauxqs), through an SQS client of our own. */
export function queueWatcher(stack: Stack): { depth(): Promise<{ visible: number; inFlight: number; dlq: number }>; close(): void } {
  const sqs = new SQSClient({ region: 'us-east-1', endpoint: new URL(stack.queueUrl).origin, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const attrs = async (url: string) =>
    (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] })))
      .Attributes ?? {};
  return {
    async depth() {
      const [q, d] = await Promise.all([attrs(stack.queueUrl), attrs(stack.dlqUrl)]);
      return {
        visible: Number(q.ApproximateNumberOfMessages ?? 0),
        inFlight: Number(q.ApproximateNumberOfMessagesNotVisible ?? 0),
        dlq: Number(d.ApproximateNumberOfMessages ?? 0) + Number(d.ApproximateNumberOfMessagesNotVisible ?? 0),
      };
    },
    close: () => sqs.destroy(),
  };
}

/**
 * Counts the stack's AWS SDK calls by command (DynamoDB through the store's document client, SQS through the
 * queue's client, which the poller shares), with an `initialize` middleware. Reads private fields: bench only.
 */
export function awsCallCounter(stack: Stack): { snapshot(): Record<string, number> } {
  const counts: Record<string, number> = {};
  type Stackable = { middlewareStack?: { add(middleware: unknown, options: { step: string; name: string }): void } };
  const add = (client: unknown, service: string) => {
    (client as Stackable | undefined)?.middlewareStack?.add(
      (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
        const key = `${service} ${String(context.commandName ?? '?').replace(/Command$/, '')}`;
        counts[key] = (counts[key] ?? 0) + 1;
        return next(args);
      },
      { step: 'initialize', name: `bench-count-${service}` },
    );
  };
  add((stack.runtime.deps.store as unknown as { doc?: unknown }).doc, 'DynamoDB');
  add((stack.runtime.deps.queue as unknown as { sqs?: unknown }).sqs, 'SQS');
  return { snapshot: () => ({ ...counts }) };
}

/** `after - before` per key, dropping zeros. */
export function diffCounts(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(after)) {
    const d = value - (before[key] ?? 0);
    if (d !== 0) out[key] = d;
  }
  return out;
}
