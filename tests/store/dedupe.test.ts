// Webhook dedupe: a conditional put per event id, expiring by attribute (dynalite never deletes by TTL).
import { createTestTable, type TestTable } from '../setup/aws';
import type { EventRef } from '../../lambdas/store/port';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable('dedupe');
});

const ref = (key: string): EventRef => ({ account: 'acme', provider: 'aircall', key });
const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);

describe('claimEvent', () => {
  it('claims an event once: the second claim is a duplicate', async () => {
    // Prepare
    const store = table.store();
    // Act
    const first = await store.claimEvent(ref('evt-1'), NOW);
    const second = await store.claimEvent(ref('evt-1'), NOW + 1000);
    // Assess
    expect(first).toBe(true);
    expect(second).toBe(false);
  });

  it('keeps providers and accounts apart', async () => {
    const store = table.store();
    expect(await store.claimEvent(ref('evt-2'), NOW)).toBe(true);
    expect(await store.claimEvent({ ...ref('evt-2'), provider: 'zendesk' }, NOW)).toBe(true);
    expect(await store.claimEvent({ ...ref('evt-2'), account: 'other' }, NOW)).toBe(true);
  });

  it('lets an expired record be claimed again', async () => {
    const store = table.store({ dedupeTtlSeconds: 60 });
    expect(await store.claimEvent(ref('evt-3'), NOW)).toBe(true);
    expect(await store.claimEvent(ref('evt-3'), NOW + 59_000)).toBe(false);
    expect(await store.claimEvent(ref('evt-3'), NOW + 61_000)).toBe(true);
    expect(await store.claimEvent(ref('evt-3'), NOW + 62_000)).toBe(false);
  });

  it('hashes long keys and releases a claim', async () => {
    const store = table.store();
    const long = ref(`x#${'y'.repeat(3000)}`);
    expect(await store.claimEvent(long, NOW)).toBe(true);
    expect(await store.claimEvent(long, NOW)).toBe(false);
    await store.releaseEvent(long);
    expect(await store.claimEvent(long, NOW)).toBe(true);
  });

  it('gives exactly one winner among concurrent claims', async () => {
    const store = table.store();
    const results = await Promise.all(Array.from({ length: 10 }, () => store.claimEvent(ref('evt-race'), NOW)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});
