// Issue 15: the echo of our own write is recognised at the edge (the core's isEchoOfOwnWrite on the state the
// webhook's one write returns): recorded, answered, not queued, so no worker pass. A person's change on the target is
// still queued, and so is a change on the source side that repeats a value we wrote. Real stack, sandboxes, queue.
import { nextSecond, startHarness, waitFor, type Harness } from './harness';

let h: Harness;
const enqueued: string[] = [];
beforeAll(async () => {
  h = await startHarness({ agents: 4, direction: 'aircall_to_zendesk', zendeskInitialStatus: 'online' });
  await h.stack.reconcile();
  await h.drained();
  const queue = h.stack.runtime.deps.queue;
  const enqueue = queue.enqueueAgentSync.bind(queue);
  queue.enqueueAgentSync = (message, dedupeId) => {
    enqueued.push(message.agent);
    return enqueue(message, dedupeId);
  };
});
afterAll(async () => h?.close());

const UNIFIED = 'zen:event-type:agent.unified_state_changed';
const zendeskDeliveries = (since: number) =>
  h.sandboxes.zendesk.deliveries().filter((d) => d.enqueuedAt >= since && d.label === UNIFIED && d.outcome === 'delivered');

test('our Zendesk write comes back as a webhook: recorded, answered 200, not queued', async () => {
  // Prepare
  const a = 'agent01@example.com';
  const since = Date.now();
  enqueued.length = 0;

  // Act: an Aircall change, synced to Zendesk, whose echo the Zendesk sandbox delivers.
  await nextSecond();
  h.sandboxes.aircall.setStatus(a, 'unavailable');
  await waitFor('Zendesk offline', () => h.zendeskStatus(a) === 'offline');
  await waitFor('the echo delivered', () => zendeskDeliveries(since).length === 1);
  await h.drained();

  // Assess: one message (the Aircall change); the echo answered 200 and recorded, nothing queued for it.
  expect(enqueued).toEqual([a]);
  expect(zendeskDeliveries(since).map((d) => d.status)).toEqual([200]);
  const state = await h.stack.runtime.deps.store.getAgentState(h.account.id, a);
  expect(state.observed.zendesk?.status).toMatchObject({ name: 'offline' });
  expect(h.writeLog(since).map((w) => [w.side, w.status])).toEqual([['zendesk', 'offline']]);
});

test("a person's own change on the target after our write goes through the queue", async () => {
  // Prepare
  const b = 'agent02@example.com';
  await nextSecond();
  h.sandboxes.aircall.setStatus(b, 'unavailable');
  await waitFor('Zendesk offline', () => h.zendeskStatus(b) === 'offline');
  await h.drained();
  enqueued.length = 0;
  const since = Date.now();

  // Act: the agent sets Zendesk themselves (not the value we wrote).
  h.sandboxes.zendesk.setStatus(b, 'away');
  await waitFor('their change delivered', () => zendeskDeliveries(since).length === 1);
  await h.drained();

  // Assess: queued for the worker, which keeps their choice (no write back).
  expect(enqueued).toEqual([b]);
  expect(h.zendeskStatus(b)).toBe('away');
  expect(h.writeLog(since)).toEqual([]);
});
