// Issue 3, scenario 6: Aircall timestamps are whole seconds. Two changes of one agent in the same second are ordered by
// the time each webhook was received (aircallVersion): a quick unavailable → available ends available, although the
// rank alone (unavailable beats available) would pick unavailable.
import { nextSecond, startHarness, waitFor, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ agents: 4, direction: 'aircall_to_zendesk', zendeskInitialStatus: 'online' });
  await h.stack.reconcile(); // the stack learns both sides; everything is in step
  await h.drained();
});
afterAll(async () => h?.close());

/** Runs `changes` at the very start of a second, so that they share one Aircall timestamp; returns the deliveries. */
async function inOneSecond(agent: string, changes: Array<'available' | 'unavailable'>) {
  const since = Date.now();
  await nextSecond();
  for (const status of changes) h.sandboxes.aircall.setStatus(agent, status);
  await h.drained();
  const delivered = h.sandboxes.aircall.deliveries().filter((d) => d.enqueuedAt >= since);
  const stamps = new Set(delivered.map((d) => (d.body as { timestamp: number }).timestamp));
  expect(stamps.size).toBe(1);
  return delivered;
}

test('unavailable then available in the same second ends available: Zendesk online', async () => {
  const a = 'agent01@example.com';
  const since = Date.now();

  const delivered = await inOneSecond(a, ['unavailable', 'available']);

  expect(delivered.map((d) => [d.label, d.status])).toEqual([
    ['user.closed', 200],
    ['user.opened', 200],
  ]);
  expect(h.aircallStatus(a).availability_status).toBe('available');
  expect(h.zendeskStatus(a)).toBe('online');
  // Either the worker saw only the newest (nothing to write), or it wrote the first and then put it back.
  const writes = h.writeLog(since).map((w) => w.status);
  expect([[], ['offline', 'online']]).toContainEqual(writes);
});

test('available then unavailable in the same second ends unavailable: Zendesk offline', async () => {
  const b = 'agent02@example.com';
  h.sandboxes.aircall.setStatus(b, 'unavailable');
  await waitFor('Zendesk offline', () => h.zendeskStatus(b) === 'offline');
  await h.drained();
  await nextSecond();
  const since = Date.now();

  await inOneSecond(b, ['available', 'unavailable']);

  expect(h.aircallStatus(b).availability_status).toBe('unavailable');
  expect(h.zendeskStatus(b)).toBe('offline');
  const writes = h.writeLog(since).map((w) => w.status);
  expect([[], ['online', 'offline']]).toContainEqual(writes);
});

test('unavailable, available, unavailable in the same second: converged at the latest after the reconcile sweep', async () => {
  // Aircall sends no event id: the third event has the dedupe key of the first (same event, user, second, status),
  // exactly as a retry of it would, so it may be dropped as a duplicate. The sweep reads the true state.
  const c = 'agent03@example.com';
  const since = Date.now();

  await inOneSecond(c, ['unavailable', 'available', 'unavailable']);
  await h.stack.reconcile({ accountId: h.account.id });
  await waitFor('Zendesk offline', () => h.zendeskStatus(c) === 'offline');
  await h.drained();

  expect(h.aircallStatus(c).availability_status).toBe('unavailable');
  expect(h.zendeskStatus(c)).toBe('offline');
  const writes = h.writeLog(since).map((w) => w.status);
  expect(writes.length).toBeLessThanOrEqual(3);
  expect(writes[writes.length - 1]).toBe('offline');
});
