// Issue 3, scenario 1: every mapping row in each direction, and the direction gating (one direction at a time, or off).
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

    for (const [aircall, zendesk] of [['unavailable', 'offline'], ['available', 'online'], ['unavailable', 'offline']] as const) {
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

  test('a Zendesk change is not written to Aircall (and Zendesk is put back in step with Aircall)', async () => {
    // The source side is the master: the worker brings the target back to the mapped status (the rule the
    // reconcile sweep applies too) and never writes the source.
    const b = agent(2);
    const since = Date.now();

    h.sandboxes.zendesk.setStatus(b, 'away'); // would be Aircall unavailable in zendesk_to_aircall
    await waitFor('Zendesk back online', () => h.zendeskStatus(b) === 'online');
    await h.drained();

    expect(log(since)).toEqual([['zendesk', b, 'online', 200]]);
    expect(h.writes(since)).toMatchObject({ aircall: 0, zendesk: 1 });
    expect(h.aircallStatus(b).availability_status).toBe('available');
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

  test('an Aircall change is not written to Zendesk (and Aircall is put back in step with Zendesk)', async () => {
    const e = agent(5);
    const since = Date.now();

    h.sandboxes.aircall.setStatus(e, 'unavailable'); // would be Zendesk offline in aircall_to_zendesk
    await h.waitForAudit('the change to be acted on', e, since, (entry) => entry.kind === 'write');
    await waitFor('Aircall back available', () => h.aircallStatus(e).availability_status === 'available');
    await h.drained();

    expect(log(since)).toEqual([['aircall', e, 'available', 200]]);
    expect(h.writes(since)).toMatchObject({ aircall: 1, zendesk: 0 });
    expect(h.zendeskStatus(e)).toBe('online');
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
