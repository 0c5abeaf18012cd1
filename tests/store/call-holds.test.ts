// Call holds (issue 14 §1) on dynalite: a revision guard between the webhooks and the worker, the sweep's listing,
// and our own writes journalled on the agent's sync state.
import { applySignal } from '../../shared/sync/call-hold';
import { createTestTable, type TestTable } from '../setup/aws';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable('callholds');
});

const T0 = Date.UTC(2026, 11, 3, 9, 0, 0);

describe('call holds', () => {
  it('stores a first hold once, then only over the revision it was read at', async () => {
    // Prepare
    const store = table.store();
    const answered = applySignal(undefined, { kind: 'answered', callId: '7', at: T0 }, T0);
    const hungup = applySignal(answered, { kind: 'hungup', callId: '7', at: T0 + 60_000 }, T0 + 60_000);

    // Act + Assess: two writers both saw "no hold": only one creates it.
    expect(await store.putCallHold('acme', 'Ann@Example.com', answered, 0, T0)).toBe(true);
    expect(await store.putCallHold('acme', 'ann@example.com', answered, 0, T0)).toBe(false);
    const first = await store.getCallHold('acme', 'ann@example.com');
    expect(first).toEqual({ email: 'ann@example.com', hold: answered, rev: 1 });

    // A write over a stale revision is refused; over the current one it lands.
    expect(await store.putCallHold('acme', 'ann@example.com', hungup, 1, T0 + 60_000)).toBe(true);
    expect(await store.putCallHold('acme', 'ann@example.com', answered, 1, T0 + 61_000)).toBe(false);
    expect(await store.getCallHold('acme', 'ann@example.com')).toEqual({ email: 'ann@example.com', hold: hungup, rev: 2 });
  });

  it('lists the account’s holds, and only its own', async () => {
    const store = table.store();
    const hold = applySignal(undefined, { kind: 'answered', callId: '1', at: T0 }, T0);
    await store.putCallHold('listing', 'bob@example.com', hold, 0, T0);
    await store.putCallHold('listing', 'cy@example.com', hold, 0, T0);
    await store.putCallHold('other', 'dee@example.com', hold, 0, T0);
    await store.putLink('listing', { email: 'bob@example.com', aircallUserId: '1', zendeskUserId: '2' }, T0);

    const listed = await store.listCallHolds('listing');
    expect(listed.map((h) => h.email).sort()).toEqual(['bob@example.com', 'cy@example.com']);
    expect(await store.getCallHold('listing', 'nobody@example.com')).toBeUndefined();
  });

  it('journals our own write on the agent’s state, never over a newer one', async () => {
    const store = table.store();
    await store.recordOwnWrite('acme', 'eve@example.com', 'zendesk', { value: 'transfers_only', at: T0 + 10 });
    await store.recordOwnWrite('acme', 'eve@example.com', 'zendesk', { value: 'online', at: T0 + 5 });
    expect((await store.getAgentState('acme', 'eve@example.com')).written.zendesk).toEqual({ value: 'transfers_only', at: T0 + 10 });
  });
});
