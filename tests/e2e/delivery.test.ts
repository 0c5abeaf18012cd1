// Issue 3, scenario 5: webhooks delivered three times, and out of order, still end in the right state with the fewest
// writes. Aircall changes of one agent are spaced by whole seconds (its timestamps are whole seconds; within one second
// the receipt time orders changes, see aircallVersion); Zendesk events carry their own version.
import { nextSecond, startHarness, waitFor, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ agents: 8, direction: 'aircall_to_zendesk', zendeskInitialStatus: 'online' });
  await h.stack.reconcile(); // the stack learns both sides; everything is in step
  await h.drained();
});
afterAll(async () => h?.close());

const UNIFIED = 'zen:event-type:agent.unified_state_changed';
const log = (since: number) => h.writeLog(since).map((w) => [w.side, w.agent, w.status, w.code]);

describe('every event delivered three times', () => {
  afterAll(() => {
    h.sandboxes.aircall.setDeliveryMode({ mode: 'normal' });
    h.sandboxes.zendesk.setDeliveryMode({ mode: 'normal' });
  });

  test('Aircall → Zendesk: one write per change', async () => {
    await h.setDirection('aircall_to_zendesk');
    const a = 'agent01@example.com';
    h.sandboxes.aircall.setDeliveryMode({ mode: 'duplicate', copies: 3 });
    const since = Date.now();

    for (const [aircall, zendesk] of [
      ['unavailable', 'offline'],
      ['available', 'online'],
      ['unavailable', 'offline'],
    ] as const) {
      await nextSecond();
      h.sandboxes.aircall.setStatus(a, aircall);
      await waitFor(`Zendesk ${zendesk}`, () => h.zendeskStatus(a) === zendesk);
    }
    await h.drained();

    const copies = h.sandboxes.aircall.deliveries().filter((d) => d.enqueuedAt >= since);
    expect(copies.map((d) => [d.label, d.copy, d.outcome, d.status])).toEqual(
      ['user.closed', 'user.opened', 'user.closed'].flatMap((label) => [1, 2, 3].map((copy) => [label, copy, 'delivered', 200])),
    );
    expect(log(since)).toEqual([
      ['zendesk', a, 'offline', 200],
      ['zendesk', a, 'online', 200],
      ['zendesk', a, 'offline', 200],
    ]);
    expect(h.writes(since)).toMatchObject({ zendesk: 3, aircall: 0 });
    expect((await h.audit(a)).filter((e) => e.at >= since && e.kind === 'write')).toHaveLength(3);
  });

  test('Zendesk → Aircall: one write per change', async () => {
    await h.setDirection('zendesk_to_aircall');
    const b = 'agent02@example.com';
    h.sandboxes.zendesk.setDeliveryMode({ mode: 'duplicate', copies: 3 });
    const since = Date.now();

    for (const [zendesk, aircall] of [
      ['away', 'unavailable'],
      ['online', 'available'],
      ['transfers_only', 'unavailable'],
    ] as const) {
      h.sandboxes.zendesk.setStatus(b, zendesk);
      await waitFor(`Aircall ${aircall}`, () => h.aircallStatus(b).availability_status === aircall);
    }
    await h.drained();

    const unified = h.sandboxes.zendesk.deliveries().filter((d) => d.enqueuedAt >= since && d.label === UNIFIED);
    expect(unified).toHaveLength(9);
    expect(new Set(unified.map((d) => JSON.stringify(d.body))).size).toBe(3); // byte-identical copies
    expect(unified.every((d) => d.outcome === 'delivered' && d.status === 200)).toBe(true);
    expect(log(since)).toEqual([
      ['aircall', b, 'unavailable', 200],
      ['aircall', b, 'available', 200],
      ['aircall', b, 'unavailable', 200],
    ]);
    expect(h.writes(since)).toMatchObject({ aircall: 3, zendesk: 0 });
  });
});

describe('events delivered in reverse order', () => {
  afterEach(() => {
    h.sandboxes.aircall.setDeliveryMode({ mode: 'normal' });
    h.sandboxes.zendesk.setDeliveryMode({ mode: 'normal' });
  });

  test('Aircall: unavailable, available, unavailable arrive newest first → Zendesk offline, one write', async () => {
    await h.setDirection('aircall_to_zendesk');
    const c = 'agent03@example.com';
    h.sandboxes.aircall.setDeliveryMode({ mode: 'reorder', window: 3 });
    const since = Date.now();

    for (const status of ['unavailable', 'available', 'unavailable'] as const) {
      await nextSecond();
      h.sandboxes.aircall.setStatus(c, status);
    }
    await waitFor('Zendesk offline', () => h.zendeskStatus(c) === 'offline');
    await h.drained();

    const delivered = h.sandboxes.aircall.deliveries().filter((d) => d.enqueuedAt >= since);
    const stamps = delivered.map((d) => (d.body as { timestamp: number }).timestamp);
    expect(delivered.map((d) => d.label)).toEqual(['user.closed', 'user.opened', 'user.closed']);
    expect(stamps).toEqual([...stamps].sort((x, y) => y - x)); // newest first
    expect(log(since)).toEqual([['zendesk', c, 'offline', 200]]);
    expect((await h.audit(c)).filter((e) => e.at >= since && e.kind === 'webhook_ignored' && e.reason === 'stale')).toHaveLength(2);
  });

  test('Aircall: four changes ending where the agent started arrive newest first → nothing to write', async () => {
    await h.setDirection('aircall_to_zendesk');
    const d = 'agent04@example.com';
    h.sandboxes.aircall.setDeliveryMode({ mode: 'reorder', window: 4 });
    const since = Date.now();

    for (const status of ['unavailable', 'available', 'unavailable', 'available'] as const) {
      await nextSecond();
      h.sandboxes.aircall.setStatus(d, status);
    }
    await h.drained();

    expect(
      h.sandboxes.aircall
        .deliveries()
        .filter((x) => x.enqueuedAt >= since)
        .map((x) => x.label),
    ).toEqual(['user.opened', 'user.closed', 'user.opened', 'user.closed']);
    expect(h.writes(since)).toMatchObject({ zendesk: 0, aircall: 0 });
    expect(h.zendeskStatus(d)).toBe('online');
  });

  test('Zendesk: away, online, transfers_only arrive newest first → Aircall unavailable, one write', async () => {
    await h.setDirection('zendesk_to_aircall');
    const e = 'agent05@example.com';
    h.sandboxes.zendesk.setDeliveryMode({ mode: 'reorder', window: 3 });
    const since = Date.now();

    h.sandboxes.zendesk.setStatus(e, 'away');
    h.sandboxes.zendesk.setStatus(e, 'online');
    h.sandboxes.zendesk.setStatus(e, 'transfers_only');
    await waitFor('Aircall unavailable', () => h.aircallStatus(e).availability_status === 'unavailable');
    await h.drained();

    const unified = h.sandboxes.zendesk.deliveries().filter((x) => x.enqueuedAt >= since && x.label === UNIFIED);
    expect(unified.map((x) => (x.body as { detail: { version: string } }).detail.version)).toEqual(['4', '3', '2']);
    expect(log(since)).toEqual([['aircall', e, 'unavailable', 200]]);
    expect(h.zendeskStatus(e)).toBe('transfers_only');
  });
});
