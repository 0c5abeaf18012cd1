// Issue 3, scenario 4: changes caused by calls sync like manual ones. The Aircall sandbox plays the call's events
// (call.* are not subscribed; user.wut_start / user.wut_end carry availability_status) and then the status change
// the call causes, as `user.closed`.
import { startHarness, waitFor, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ agents: 4, direction: 'aircall_to_zendesk', zendeskInitialStatus: 'online' });
  await h.stack.reconcile(); // the stack learns both sides; everything is in step
  await h.drained();
});
afterAll(async () => h?.close());

test('a missed call that sets the agent unavailable → Zendesk offline, one write', async () => {
  const a = 'agent01@example.com';
  const since = Date.now();

  h.sandboxes.aircall.simulateCall(a, { outcome: 'missed', setsStatus: 'unavailable' });
  await waitFor('Zendesk offline', () => h.zendeskStatus(a) === 'offline');
  await h.drained();

  expect(h.aircallStatus(a).availability_status).toBe('unavailable');
  expect(h.writeLog(since).map((w) => [w.side, w.agent, w.status, w.code])).toEqual([['zendesk', a, 'offline', 200]]);
  expect(h.writes(since)).toMatchObject({ zendesk: 1, aircall: 0 });
});

test('an answered call with wrap-up: its status events cost nothing, the unavailable it ends with is synced', async () => {
  const b = 'agent02@example.com'; // wrap-up, then unavailable
  const c = 'agent03@example.com'; // wrap-up, no status change
  const since = Date.now();

  h.sandboxes.aircall.simulateCall(b, { outcome: 'answered', wrapUpSeconds: 30, setsStatus: 'unavailable' });
  h.sandboxes.aircall.simulateCall(c, { outcome: 'answered', wrapUpSeconds: 30 });
  await waitFor('Zendesk offline', () => h.zendeskStatus(b) === 'offline');
  await h.drained();

  const labels = (email: string) =>
    h.sandboxes.aircall
      .deliveries()
      .filter((d) => d.enqueuedAt >= since && (d.body as { data: { email?: string } }).data.email === email)
      .map((d) => d.label);
  expect(labels(b)).toEqual(['user.wut_start', 'user.wut_end', 'user.closed']);
  expect(labels(c)).toEqual(['user.wut_start', 'user.wut_end']);
  expect(h.writeLog(since).map((w) => [w.side, w.agent, w.status, w.code])).toEqual([['zendesk', b, 'offline', 200]]);
  expect(h.zendeskStatus(c)).toBe('online');
  expect(h.aircallStatus(c).availability_status).toBe('available');
});
