// Issue 3, scenario 9: a webhook missed on purpose (the sandbox drops it) leaves the target behind until the reconcile
// sweep reads both sides and queues the agent; then it converges with one write, and agents in step cost nothing.
import { startHarness, waitFor, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ agents: 6, direction: 'aircall_to_zendesk', zendeskInitialStatus: 'online' });
  await h.stack.reconcile(); // the stack learns both sides; everything is in step
  await h.drained();
});
afterAll(async () => h?.close());

test('Aircall → Zendesk: a dropped user.closed is repaired by reconcile', async () => {
  const a = 'agent01@example.com';
  const since = Date.now();
  h.sandboxes.aircall.setDeliveryMode({ mode: 'drop', count: 1 });

  h.sandboxes.aircall.setStatus(a, 'unavailable');
  await h.drained();

  expect(
    h.sandboxes.aircall
      .deliveries()
      .filter((d) => d.enqueuedAt >= since)
      .map((d) => [d.label, d.outcome]),
  ).toEqual([['user.closed', 'dropped']]);
  expect(h.writes(since)).toMatchObject({ zendesk: 0, aircall: 0 });
  expect(h.zendeskStatus(a)).toBe('online');

  const result = await h.stack.reconcile({ accountId: h.account.id });
  expect(result[h.account.id]).toMatchObject({ agents: 6, recorded: 1, queued: 1, deferred: 0 });
  await waitFor('Zendesk offline', () => h.zendeskStatus(a) === 'offline');
  await h.drained();

  expect(h.writeLog(since).map((w) => [w.side, w.agent, w.status, w.code])).toEqual([['zendesk', a, 'offline', 200]]);
  expect(h.writes(since)).toMatchObject({ zendesk: 1, aircall: 0 });
});

test('Zendesk → Aircall: a dropped agent.unified_state_changed is repaired by reconcile', async () => {
  await h.setDirection('zendesk_to_aircall');
  const b = 'agent02@example.com';
  const since = Date.now();
  h.sandboxes.zendesk.setDeliveryMode({ mode: 'drop', count: 1 });

  h.sandboxes.zendesk.setStatus(b, 'away');
  await h.drained();

  expect(
    h.sandboxes.zendesk
      .deliveries()
      .filter((d) => d.enqueuedAt >= since)
      .map((d) => d.outcome),
  ).toEqual(['dropped']);
  expect(h.writes(since)).toMatchObject({ zendesk: 0, aircall: 0 });
  expect(h.aircallStatus(b).availability_status).toBe('available');

  const result = await h.stack.reconcile({ accountId: h.account.id });
  expect(result[h.account.id]).toMatchObject({ agents: 6, queued: 1, deferred: 0 });
  await waitFor('Aircall unavailable', () => h.aircallStatus(b).availability_status === 'unavailable');
  await h.drained();

  expect(h.writeLog(since).map((w) => [w.side, w.agent, w.status, w.code])).toEqual([['aircall', b, 'unavailable', 200]]);
  expect(h.writes(since)).toMatchObject({ zendesk: 0, aircall: 1 });
});
