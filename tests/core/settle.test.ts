// When the worker writes: at once for a calm agent, after a quiet period for a flapping one or under a low budget.
import { DEFAULT_SETTLE_POLICY, settleDelay } from '../../shared/sync/settle';

const policy = { flapWindowMs: 10_000, quietMs: 8_000 };

describe('settleDelay', () => {
  test('a calm agent with a healthy budget is written at once', () => {
    expect(settleDelay({ now: 100_000, newestObservedAt: 99_990, budgetLow: false }, policy)).toBe(0);
    expect(settleDelay({ now: 100_000, newestObservedAt: 99_990, previousObservedAt: 80_000, budgetLow: false }, policy)).toBe(0);
  });

  test('a flapping agent waits until it has been quiet for quietMs', () => {
    // Prepare: the previous change came 2 s before the newest one.
    const input = { now: 100_000, newestObservedAt: 99_000, previousObservedAt: 97_000, budgetLow: false };

    // Act / Assess: 8 s of quiet from 99 s is 107 s, 7 s from now; nothing once it has been quiet long enough.
    expect(settleDelay(input, policy)).toBe(7_000);
    expect(settleDelay({ ...input, now: 107_000 }, policy)).toBe(0);
    expect(settleDelay({ ...input, now: 200_000 }, policy)).toBe(0);
  });

  test('a low budget makes even a calm agent settle first', () => {
    expect(settleDelay({ now: 100_000, newestObservedAt: 100_000, budgetLow: true }, policy)).toBe(8_000);
  });

  test('the flap window boundary: a previous change exactly flapWindowMs earlier is calm', () => {
    expect(settleDelay({ now: 50_000, newestObservedAt: 50_000, previousObservedAt: 40_000, budgetLow: false }, policy)).toBe(0);
    expect(settleDelay({ now: 50_000, newestObservedAt: 50_000, previousObservedAt: 40_001, budgetLow: false }, policy)).toBe(8_000);
  });

  test('the default policy settles flapping agents in seconds, not minutes', () => {
    expect(DEFAULT_SETTLE_POLICY.quietMs).toBeGreaterThan(0);
    expect(DEFAULT_SETTLE_POLICY.quietMs).toBeLessThanOrEqual(30_000);
  });
});
