// Issue 3, scenario 3: Zendesk → Aircall overwrites an Aircall unavailable reason with plain unavailable, and a plain
// unavailable already in place costs no write. The Aircall sandbox runs with sub-statuses enabled (reasons, and the
// double `user.closed`, aircall-api.md §6.2, §8.4). The direction's initial sync runs at start (everything in step);
// after it, an Aircall reason set by the agent stays until Zendesk changes (Aircall is the other side).
import type { AuditEntry } from '../../lambdas/store/port';
import { startHarness, waitFor, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ agents: 4, direction: 'zendesk_to_aircall', zendeskInitialStatus: 'online', aircall: { substatusesEnabled: true } });
  await h.refreshSettings(); // the direction takes effect: its initial sync first
  await h.drained();
});
afterAll(async () => h?.close());

const skipped = (reason: string) => (e: AuditEntry) => e.kind === 'decision' && e.decision === 'skip' && e.reason === reason;

test.each([
  ['agent01@example.com', 'out_for_lunch', 'away'],
  ['agent02@example.com', 'on_a_break', 'offline'],
])('%s: Aircall unavailable (%s), then Zendesk %s → Aircall plain unavailable (always_closed), one write', async (agent, reason, zendesk) => {
  const since = Date.now();
  h.sandboxes.aircall.setStatus(agent, 'unavailable', reason);
  await h.drained();
  expect(h.aircallStatus(agent)).toEqual({ availability_status: 'unavailable', substatus: reason });
  expect(h.writes(since)).toMatchObject({ aircall: 0, zendesk: 0 });

  h.sandboxes.zendesk.setStatus(agent, zendesk);
  await waitFor('Aircall plain unavailable', () => h.aircallStatus(agent).substatus === 'always_closed');
  await h.drained();

  expect(h.aircallStatus(agent)).toEqual({ availability_status: 'unavailable', substatus: 'always_closed' });
  expect(h.writeLog(since).map((w) => [w.side, w.agent, w.status, w.code])).toEqual([['aircall', agent, 'unavailable', 200]]);

  // Another unavailable-mapped Zendesk status now finds plain unavailable in place: no write.
  const again = Date.now();
  h.sandboxes.zendesk.setStatus(agent, zendesk === 'away' ? 'transfers_only' : 'away');
  await h.waitForAudit('already_in_state', agent, again, skipped('already_in_state'));
  await h.drained();
  expect(h.writes(again)).toMatchObject({ aircall: 0, zendesk: 0 });
  expect(h.aircallStatus(agent)).toEqual({ availability_status: 'unavailable', substatus: 'always_closed' });
});

test('a plain unavailable already in place in Aircall costs no write', async () => {
  const c = 'agent03@example.com';
  const since = Date.now();
  h.sandboxes.aircall.setStatus(c, 'unavailable'); // no reason: two user.closed, both plain
  await h.drained();
  expect(h.aircallStatus(c)).toEqual({ availability_status: 'unavailable', substatus: 'always_closed' });

  const zendeskSince = Date.now();
  h.sandboxes.zendesk.setStatus(c, 'offline');
  await h.waitForAudit('already_in_state', c, zendeskSince, skipped('already_in_state'));
  await h.drained();

  expect(h.writes(since)).toMatchObject({ aircall: 0, zendesk: 0 });
  expect(h.aircallStatus(c)).toEqual({ availability_status: 'unavailable', substatus: 'always_closed' });
});
