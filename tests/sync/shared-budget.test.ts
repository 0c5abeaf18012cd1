// The Aircall budget shared across Lambdas: every request takes a token from the account's DynamoDB bucket.
import { DynamoRequestBudget } from '../../lambdas/sync/shared-budget';
import { RateLimitedError } from '../../lambdas/http/errors';
import { createTestTable, type TestTable } from '../setup/aws';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable('budget');
});

/** A clock that only moves when the budget sleeps. */
function fakeClock(start: number) {
  let now = start;
  const slept: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    },
    slept,
  };
}

describe('DynamoRequestBudget', () => {
  test('two workers share one bucket: together they never take more than the limit in a window', async () => {
    // Prepare: two containers' budgets over one account's bucket (60/min).
    const clock = fakeClock(Date.UTC(2026, 10, 23, 10));
    const a = new DynamoRequestBudget(table.store(), 'shared', 60, clock.now, clock.sleep);
    const b = new DynamoRequestBudget(table.store(), 'shared', 60, clock.now, clock.sleep);

    // Act: 60 immediate acquisitions, then a 61st has to wait for the first to leave the window.
    for (let i = 0; i < 60; i++) await (i % 2 ? a : b).acquire();
    expect(clock.slept).toEqual([]);
    await a.acquire(70_000);

    // Assess: it slept for the whole window (60 s + the 5 s per-attempt timeout).
    expect(clock.slept.reduce((x, y) => x + y, 0)).toBeGreaterThanOrEqual(65_000);
  });

  test('gives up with a retryable RateLimitedError when the wait would exceed maxWaitMs', async () => {
    const clock = fakeClock(Date.UTC(2026, 10, 23, 11));
    const budget = new DynamoRequestBudget(table.store(), 'tight', 1, clock.now, clock.sleep); // 1/min
    await budget.acquire();
    await expect(budget.acquire(100)).rejects.toBeInstanceOf(RateLimitedError);
  });

  test("stops every request until Aircall's reset once it says the company has none left", async () => {
    const clock = fakeClock(Date.UTC(2026, 10, 23, 12));
    const budget = new DynamoRequestBudget(table.store(), 'headers', 60, clock.now, clock.sleep);
    budget.observe(new Headers({ 'x-aircallapi-remaining': '0', 'x-aircallapi-reset': String(Math.floor(clock.now() / 1000) + 20) }));
    expect(budget.snapshot().pausedForMs).toBe(20_000);
    await budget.acquire();
    expect(clock.slept[0]).toBe(20_000);
  });
});
