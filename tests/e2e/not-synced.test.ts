// Issue 3, scenario 2: Aircall's automatic schedule (`custom`) and Zendesk custom statuses are not synced: the change
// reaches the worker, which writes nothing (the sandboxes' journals say so) and leaves both sides as they are.
import type { AuditEntry } from '../../lambdas/store/port';
import { nextSecond, startHarness, waitFor, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ agents: 4, direction: 'aircall_to_zendesk', zendeskInitialStatus: 'online' });
  await h.stack.reconcile(); // the stack learns both sides; everything is in step
  await h.drained();
});
afterAll(async () => h?.close());

const notMapped = (e: AuditEntry) => e.kind === 'decision' && e.decision === 'skip' && e.reason === 'not_mapped';

test('Aircall auto schedule (custom) is not synced to Zendesk, in or out of working hours', async () => {
  const a = 'agent01@example.com';
  const since = Date.now();

  h.sandboxes.aircall.setStatus(a, 'custom'); // user.opened with availability_status custom (inside working hours)
  await h.waitForAudit('not_mapped (custom, open)', a, since, notMapped);
  await nextSecond();
  const closedSince = Date.now();
  h.sandboxes.aircall.setWorkingHours(a, false); // the schedule closes: user.closed, still custom
  await h.waitForAudit('not_mapped (custom, closed)', a, closedSince, notMapped);
  await h.drained();

  const closed = h.sandboxes.aircall
    .deliveries()
    .filter((d) => d.enqueuedAt >= since)
    .map((d) => [d.label, (d.body as { data: { availability_status: string } }).data.availability_status]);
  expect(closed).toEqual([
    ['user.opened', 'custom'],
    ['user.closed', 'custom'],
  ]);
  expect(h.writes(since)).toMatchObject({ aircall: 0, zendesk: 0 });
  expect(h.zendeskStatus(a)).toBe('online');
  expect(h.aircallStatus(a).availability_status).toBe('custom');

  // A mapped change after it still syncs: `custom` did not count as the applied change.
  await nextSecond();
  h.sandboxes.aircall.setStatus(a, 'unavailable');
  await waitFor('Zendesk offline', () => h.zendeskStatus(a) === 'offline');
  await h.drained();
  expect(h.writeLog(since).map((w) => [w.side, w.agent, w.status])).toEqual([['zendesk', a, 'offline']]);
});

test('a Zendesk custom status ("In a meeting") is not synced to Aircall', async () => {
  await h.setDirection('zendesk_to_aircall');
  const b = 'agent02@example.com';
  const since = Date.now();

  h.sandboxes.zendesk.setStatus(b, 'In a meeting');
  await h.waitForAudit('not_mapped (In a meeting)', b, since, notMapped);
  await h.drained();

  expect(h.writes(since)).toMatchObject({ aircall: 0, zendesk: 0 });
  expect(h.aircallStatus(b).availability_status).toBe('available');
  expect(h.zendeskStatus(b)).toBe('In a meeting');

  // A default status after it still syncs.
  h.sandboxes.zendesk.setStatus(b, 'away');
  await waitFor('Aircall unavailable', () => h.aircallStatus(b).availability_status === 'unavailable');
  await h.drained();
  expect(h.writeLog(since).map((w) => [w.side, w.agent, w.status])).toEqual([['aircall', b, 'unavailable']]);
});
