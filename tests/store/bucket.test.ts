// The Aircall token bucket: shared by concurrent workers through an optimistic lock, refilled with time.
import { createTestTable, type TestTable } from '../setup/aws';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable('bucket');
});

const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);

describe('takeToken', () => {
  it('never over-grants under concurrent takers: 20 at once with capacity 5 → exactly 5', async () => {
    // Prepare: two store instances, as two Lambda containers would have. 30/min gives a burst of 5.
    const a = table.store();
    const b = table.store();
    // Act
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).takeToken('race', 30, T0)));
    // Assess
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    for (const r of results) if (!r.ok) expect(r.retryAfterMs).toBeGreaterThan(0);
  });

  it('bursts a sixth of the limit, then refills at what the limit leaves', async () => {
    // Prepare: 60/min → a burst of 10, refilled at 50 per minute (one token per 1.2 s).
    const store = table.store();
    for (let i = 0; i < 10; i++) expect((await store.takeToken('refill', 60, T0)).ok).toBe(true);
    // Act / Assess
    expect(await store.takeToken('refill', 60, T0)).toEqual({ ok: false, retryAfterMs: 1_200 });
    expect((await store.takeToken('refill', 60, T0 + 1_199)).ok).toBe(false);
    expect(await store.takeToken('refill', 60, T0 + 1_200)).toEqual({ ok: true, remaining: 0 });
    // Long idle: full again, never more than the burst.
    expect(await store.bucketLevel('refill', 60, T0 + 3_600_000)).toEqual({ tokens: 10, capacity: 10 });
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
    expect(await store.bucketLevel('fresh', 60, T0)).toEqual({ tokens: 10, capacity: 10 });
    expect(await store.takeToken('fresh', 60, T0)).toEqual({ ok: true, remaining: 9 });
    expect(await store.bucketLevel('other', 60, T0)).toEqual({ tokens: 10, capacity: 10 });
  });
});
