// The Aircall request budget: a log of the last window's grants, shared by concurrent workers through an optimistic lock.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createTestTable, type TestTable } from '../setup/aws';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable('bucket');
});

const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);

describe('takeToken', () => {
  it('never over-grants under concurrent takers: 20 at once with capacity 5 → exactly 5', async () => {
    // Prepare: two store instances, as two Lambda containers would have; a limit of 5/min.
    const a = table.store();
    const b = table.store();
    // Act
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).takeToken('race', 5, T0)));
    // Assess
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    for (const r of results) if (!r.ok) expect(r.retryAfterMs).toBeGreaterThan(0);
  });

  it('spends the whole limit at once after a quiet spell, then frees each slot one window (65 s) after its grant', async () => {
    // Prepare: 60/min; 40 requests at T0, 20 more at T0 + 10 s.
    const store = table.store();
    for (let i = 0; i < 40; i++) expect((await store.takeToken('refill', 60, T0)).ok).toBe(true);
    for (let i = 0; i < 20; i++) expect((await store.takeToken('refill', 60, T0 + 10_000)).ok).toBe(true);
    // Act / Assess: the 61st waits for the first grants to leave the window (60 s + the 5 s per-attempt timeout).
    expect(await store.takeToken('refill', 60, T0 + 10_000)).toEqual({ ok: false, retryAfterMs: 55_000 });
    expect((await store.takeToken('refill', 60, T0 + 64_999)).ok).toBe(false);
    expect(await store.takeToken('refill', 60, T0 + 65_000)).toEqual({ ok: true, remaining: 39 });
    expect(await store.bucketLevel('refill', 60, T0 + 65_000)).toEqual({ tokens: 39, capacity: 60 });
    // Long idle: the whole limit again, never more.
    expect(await store.bucketLevel('refill', 60, T0 + 3_600_000)).toEqual({ tokens: 60, capacity: 60 });
  });

  it('counts a bucket stored in the old token shape as a full window, so the switch never over-grants', async () => {
    // Prepare: the item as the old token bucket left it, refilled at T0.
    await table.doc.send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          pk: 'BUCKET#legacy#aircall',
          sk: 'BUCKET',
          type: 'bucket',
          tokens: 10,
          capacity: 10,
          lastRefill: T0,
          rev: 7,
          expiresAt: Math.floor(T0 / 1000) + 86_400,
        },
      }),
    );
    const store = table.store();
    // Act / Assess
    expect((await store.takeToken('legacy', 60, T0 + 1_000)).ok).toBe(false);
    expect(await store.takeToken('legacy', 60, T0 + 65_000)).toEqual({ ok: true, remaining: 59 });
  });

  it('never grants more than the limit in any 60-second window, however the provider aligns it', async () => {
    // Prepare: a taker that asks every 100 ms for 3 minutes.
    const store = table.store();
    const granted: number[] = [];
    for (let t = 0; t < 180_000; t += 100) if ((await store.takeToken('window', 60, T0 + t)).ok) granted.push(t);
    // Assess: every window [s, s + 60 s) holds at most 60 grants.
    for (const start of granted) expect(granted.filter((t) => t >= start && t < start + 60_000).length).toBeLessThanOrEqual(60);
    expect(granted.length).toBeGreaterThan(150); // and the budget is used, not starved
  }, 60_000);

  it('starts full and keeps accounts apart', async () => {
    const store = table.store();
    expect(await store.bucketLevel('fresh', 60, T0)).toEqual({ tokens: 60, capacity: 60 });
    expect(await store.takeToken('fresh', 60, T0)).toEqual({ ok: true, remaining: 59 });
    expect(await store.bucketLevel('other', 60, T0)).toEqual({ tokens: 60, capacity: 60 });
  });
});
