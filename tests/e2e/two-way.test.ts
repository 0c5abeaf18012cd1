// Issue 14 §2: opt-in two-way sync end to end. Through HTTP only: sandbox → webhook → stack → queue → worker →
// sandbox, and each write's own webhook (Aircall user.opened/closed, Zendesk PUBLIC_API) comes back as an echo that
// must not bounce. Agents start in step (Aircall available, Zendesk online).
import { nextSecond, startHarness, waitFor, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ agents: 6, direction: 'both', zendeskInitialStatus: 'online' });
  await h.setDirection('both');
  await h.stack.reconcile();
  await h.drained();
  expect(h.writes()).toMatchObject({ aircall: 0, zendesk: 0 });
});
afterAll(async () => h?.close());

const agent = (n: number) => `agent0${n}@example.com`;
const log = (since: number) => h.writeLog(since).map((w) => [w.side, w.agent, w.status, w.code]);

test('an Aircall change is written to Zendesk once; its echo does not come back to Aircall', async () => {
  const a = agent(1);
  const since = Date.now();

  await nextSecond();
  h.sandboxes.aircall.setStatus(a, 'unavailable');
  await waitFor('Zendesk offline', () => h.zendeskStatus(a) === 'offline');
  await h.drained(); // the write's own webhook (the echo) delivered too: dropped at the edge or skipped by the worker
  await h.stack.reconcile(); // and the sweep, reading both sides, finds them in step
  await h.drained();

  expect(log(since)).toEqual([['zendesk', a, 'offline', 200]]);
  expect(h.aircallStatus(a).availability_status).toBe('unavailable');
  expect((await h.audit(a, 20)).filter((e) => e.kind === 'write').map((e) => e.detail?.side)).toEqual(['zendesk']);
});

test('a Zendesk change is written to Aircall once; its echo does not come back to Zendesk', async () => {
  const b = agent(2);
  const since = Date.now();

  h.sandboxes.zendesk.setStatus(b, 'offline');
  await waitFor('Aircall unavailable', () => h.aircallStatus(b).availability_status === 'unavailable');
  await h.drained();
  await h.stack.reconcile();
  await h.drained();

  expect(log(since)).toEqual([['aircall', b, 'unavailable', 200]]);
  expect(h.zendeskStatus(b)).toBe('offline');
});

test('Zendesk Away becomes Aircall Unavailable, and Zendesk keeps Away (no Offline written back), sweep included', async () => {
  const c = agent(3);
  const since = Date.now();

  h.sandboxes.zendesk.setStatus(c, 'away');
  await waitFor('Aircall unavailable', () => h.aircallStatus(c).availability_status === 'unavailable');
  await h.drained();
  await h.stack.reconcile(); // the sweep reads both sides: they agree, nothing to write
  await h.drained();

  expect(log(since)).toEqual([['aircall', c, 'unavailable', 200]]);
  expect(h.zendeskStatus(c)).toBe('away');
});

test('the newest human change wins, on either side, one write each', async () => {
  const d = agent(4);
  const since = Date.now();

  await nextSecond();
  h.sandboxes.aircall.setStatus(d, 'unavailable');
  await waitFor('Zendesk offline', () => h.zendeskStatus(d) === 'offline');
  await h.drained();
  await nextSecond(); // more than a second later: ordered by time, not by the master side
  await nextSecond();
  h.sandboxes.zendesk.setStatus(d, 'online');
  await waitFor('Aircall available', () => h.aircallStatus(d).availability_status === 'available');
  await h.drained();

  expect(log(since)).toEqual([
    ['zendesk', d, 'offline', 200],
    ['aircall', d, 'available', 200],
  ]);
  expect(h.zendeskStatus(d)).toBe('online');
});

test('with twoWayMaster zendesk, changes on both sides within a second end on Zendesk’s', async () => {
  const e = agent(5);
  await h.setDirection('both', { twoWayMaster: 'zendesk' });
  await h.stack.reconcile(); // the new period's initial sync: everything in step for e, no write
  await h.drained();
  const since = Date.now();

  await nextSecond();
  h.sandboxes.zendesk.setStatus(e, 'transfers_only');
  h.sandboxes.aircall.setStatus(e, 'unavailable');
  h.sandboxes.zendesk.setStatus(e, 'offline');
  h.sandboxes.aircall.setStatus(e, 'available');
  await waitFor('Aircall follows Zendesk offline', () => h.aircallStatus(e).availability_status === 'unavailable');
  await h.drained();

  expect(h.zendeskStatus(e)).toBe('offline');
  expect(h.aircallStatus(e).availability_status).toBe('unavailable');
  expect(h.writes(since)).toMatchObject({ zendesk: 0 });
});

test('keepInStep is ignored with both: a change on either side is still copied, never undone', async () => {
  const f = agent(6);
  await h.setDirection('both', { keepInStep: true });
  await h.stack.reconcile();
  await h.drained();
  const since = Date.now();

  h.sandboxes.zendesk.setStatus(f, 'away');
  await waitFor('Aircall unavailable', () => h.aircallStatus(f).availability_status === 'unavailable');
  await h.drained();

  expect(h.zendeskStatus(f)).toBe('away');
  expect(log(since)).toEqual([['aircall', f, 'unavailable', 200]]);
});
