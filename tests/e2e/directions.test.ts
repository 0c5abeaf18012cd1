// Issue 3, scenario 1: every mapping row in each direction, and the direction gating (one direction at a time, or off);
// issue 10: the other side keeps what a person sets there, unless keepInStep is on.
// Through HTTP only: sandbox → webhook → stack → queue → worker → sandbox. Agents start in step (Aircall available,
// Zendesk online) and a first reconcile sweep tells the stack both sides, as `npm start` does at start-up. agent03 is
// `Agent03@Example.com` in Zendesk, so matching ignores case.
import type { AuditEntry } from '../../lambdas/store/port';
import { nextSecond, startHarness, waitFor, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ agents: 8, direction: 'aircall_to_zendesk', zendeskInitialStatus: 'online' });
  await h.stack.reconcile();
  await h.drained();
  // Everything is in step: the sweep writes nothing.
  expect(h.writes()).toMatchObject({ aircall: 0, zendesk: 0 });
});
afterAll(async () => h?.close());

const agent = (n: number) => `agent0${n}@example.com`;
const skipped = (reason: string) => (e: AuditEntry) => e.kind === 'decision' && e.decision === 'skip' && e.reason === reason;
const log = (since: number) => h.writeLog(since).map((w) => [w.side, w.agent, w.status, w.code]);

describe('aircall_to_zendesk', () => {
  test('Aircall unavailable → Zendesk offline and available → Zendesk online, one write each', async () => {
    const a = agent(1);
    const since = Date.now();

    for (const [aircall, zendesk] of [
      ['unavailable', 'offline'],
      ['available', 'online'],
      ['unavailable', 'offline'],
    ] as const) {
      await nextSecond(); // a fresh Aircall timestamp for each change (see nextSecond)
      h.sandboxes.aircall.setStatus(a, aircall);
      await waitFor(`Zendesk ${zendesk} after Aircall ${aircall}`, () => h.zendeskStatus(a) === zendesk);
    }
    await h.drained();

    expect(log(since)).toEqual([
      ['zendesk', a, 'offline', 200],
      ['zendesk', a, 'online', 200],
      ['zendesk', a, 'offline', 200],
    ]);
    expect(h.writes(since)).toMatchObject({ zendesk: 3, aircall: 0 });
    expect(h.aircallStatus(a).availability_status).toBe('unavailable');
  });

  test('a Zendesk change is neither written to Aircall nor undone: Zendesk keeps it until the next Aircall change', async () => {
    // Aircall's own feature: "Aircall stays Unavailable until it is updated manually in Aircall", and the agent's
    // own Zendesk status stays too.
    const b = agent(2);
    const since = Date.now();

    h.sandboxes.zendesk.setStatus(b, 'away'); // would be Aircall unavailable in zendesk_to_aircall
    await h.waitForAudit('the worker to look at the agent', b, since, skipped('changed_on_other_side'));
    await h.stack.reconcile(); // the sweep sees the difference and leaves it
    await h.drained();

    expect(h.writes(since)).toMatchObject({ aircall: 0, zendesk: 0 });
    expect(h.zendeskStatus(b)).toBe('away');
    expect(h.aircallStatus(b).availability_status).toBe('available');

    // The next Aircall change syncs again.
    await nextSecond();
    h.sandboxes.aircall.setStatus(b, 'unavailable');
    await waitFor('Zendesk offline after the next Aircall change', () => h.zendeskStatus(b) === 'offline');
    await h.drained();
    expect(log(since)).toEqual([['zendesk', b, 'offline', 200]]);
  });

  test('with keepInStep on, a Zendesk change is undone (the opt-in revert)', async () => {
    const d = agent(4);
    await h.setDirection('aircall_to_zendesk', { keepInStep: true });
    await h.stack.reconcile(); // a new period: the single initial sync (everything is in step, so no write)
    await h.drained();
    const since = Date.now();

    h.sandboxes.zendesk.setStatus(d, 'away');
    await waitFor('Zendesk back online', () => h.zendeskStatus(d) === 'online');
    await h.drained();

    expect(log(since)).toEqual([['zendesk', d, 'online', 200]]);
    expect(h.aircallStatus(d).availability_status).toBe('available');
    await h.setDirection('aircall_to_zendesk', { keepInStep: false });
  });
});

describe('zendesk_to_aircall', () => {
  beforeAll(async () => h.setDirection('zendesk_to_aircall'));

  test('Zendesk online → Aircall available; offline, away, transfers_only → Aircall unavailable; already in state costs no write', async () => {
    const c = agent(3); // Agent03@Example.com in Zendesk
    const since = Date.now();

    const steps: Array<[zendesk: string, aircall: string, write: boolean]> = [
      ['offline', 'unavailable', true],
      ['away', 'unavailable', false],
      ['online', 'available', true],
      ['away', 'unavailable', true],
      ['transfers_only', 'unavailable', false],
      ['online', 'available', true],
      ['transfers_only', 'unavailable', true],
    ];
    for (const [zendesk, aircall, write] of steps) {
      const stepSince = Date.now();
      h.sandboxes.zendesk.setStatus(c, zendesk);
      if (write) await waitFor(`Aircall ${aircall} after Zendesk ${zendesk}`, () => h.aircallStatus(c).availability_status === aircall);
      else await h.waitForAudit(`already_in_state after Zendesk ${zendesk}`, c, stepSince, skipped('already_in_state'));
      expect(h.aircallStatus(c).availability_status).toBe(aircall);
    }
    await h.drained();

    expect(log(since)).toEqual(steps.filter(([, , write]) => write).map(([, aircall]) => ['aircall', c, aircall, 200]));
    expect(h.writes(since)).toMatchObject({ aircall: 5, zendesk: 0 });
    expect(h.aircallStatus(c)).toEqual({ availability_status: 'unavailable', substatus: 'always_closed' });
    expect(h.zendeskStatus(c)).toBe('transfers_only');
  });

  test('an Aircall change is neither written to Zendesk nor undone: Aircall keeps it until the next Zendesk change', async () => {
    const e = agent(5);
    const since = Date.now();

    h.sandboxes.aircall.setStatus(e, 'unavailable'); // would be Zendesk offline in aircall_to_zendesk
    await h.waitForAudit('the worker to look at the agent', e, since, (entry) => entry.kind === 'decision' || entry.kind === 'write');
    await h.stack.reconcile();
    await h.drained();

    expect(h.writes(since)).toMatchObject({ aircall: 0, zendesk: 0 });
    expect(h.aircallStatus(e).availability_status).toBe('unavailable');
    expect(h.zendeskStatus(e)).toBe('online');

    // The next Zendesk change syncs again (Away → Aircall unavailable: already so, then Online → available).
    h.sandboxes.zendesk.setStatus(e, 'offline');
    await h.waitForAudit('already_in_state', e, since, skipped('already_in_state'));
    h.sandboxes.zendesk.setStatus(e, 'online');
    await waitFor('Aircall available after the next Zendesk change', () => h.aircallStatus(e).availability_status === 'available');
    await h.drained();
    expect(log(since)).toEqual([['aircall', e, 'available', 200]]);
  });
});

describe('off', () => {
  beforeAll(async () => h.setDirection('off'));

  test('nothing is propagated either way', async () => {
    const since = Date.now();
    const [a, c, f, g] = [agent(1), agent(3), agent(6), agent(7)];

    h.sandboxes.aircall.setStatus(a, 'available'); // synced before; would be Zendesk online
    h.sandboxes.zendesk.setStatus(c, 'online'); // synced before; would be Aircall available
    h.sandboxes.aircall.setStatus(f, 'unavailable'); // would be Zendesk offline
    h.sandboxes.zendesk.setStatus(g, 'away'); // would be Aircall unavailable
    await h.waitForAudit('direction_off for agent01', a, since, skipped('direction_off'));
    await h.drained();

    expect(h.writes(since)).toMatchObject({ aircall: 0, zendesk: 0 });
    expect(h.zendeskStatus(a)).toBe('offline');
    expect(h.aircallStatus(c).availability_status).toBe('unavailable');
    expect(h.zendeskStatus(f)).toBe('online');
    expect(h.aircallStatus(g).availability_status).toBe('available');
  });
});
