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

test('after our plain unavailable, the agent’s own Aircall reason stays until the next Zendesk change', async () => {
  // Prepare: Zendesk away → Aircall plain unavailable, written by the stack; the echo of that write never comes (Aircall
  // may send none for API writes: aircall-api.md §8.3, UNCONFIRMED), so the agent's change is the next thing seen.
  const d = 'agent04@example.com';
  h.sandboxes.aircall.setDeliveryMode({ mode: 'drop', count: 2 });
  h.sandboxes.zendesk.setStatus(d, 'away');
  await waitFor('Aircall plain unavailable', () => h.aircallStatus(d).substatus === 'always_closed');
  await h.drained();
  h.sandboxes.aircall.setDeliveryMode({ mode: 'normal' });

  // Act: the agent picks a reason in Aircall themselves (the other side).
  const since = Date.now();
  await new Promise((r) => setTimeout(r, 1_100)); // a new Aircall second: a change, not a repeat
  h.sandboxes.aircall.setStatus(d, 'unavailable', 'out_for_lunch');
  await h.waitForAudit('the worker to leave it', d, since, skipped('changed_on_other_side'));
  await h.drained();

  // Assess: not taken for our echo, so not overwritten: the seed's other side keeps what the agent sets there.
  expect(h.writes(since)).toMatchObject({ aircall: 0, zendesk: 0 });
  expect(h.aircallStatus(d)).toEqual({ availability_status: 'unavailable', substatus: 'out_for_lunch' });

  // The next Zendesk change overwrites the reason again, as the seed says.
  h.sandboxes.zendesk.setStatus(d, 'offline');
  await waitFor('Aircall plain unavailable again', () => h.aircallStatus(d).substatus === 'always_closed');
  await h.drained();
});
