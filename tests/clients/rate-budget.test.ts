// Aircall's per-company request budget under a fake clock: throughput, fairness, headers, pauses, sharing.
import { aircallResetDelayMs, clearRateBudgets, RateBudget, sharedRateBudget, type ReleaseToken } from '../../lambdas/aircall/rate-budget';
import { RateLimitedError } from '../../lambdas/http/errors';
import { FakeClock, flush } from './fake-clock';

afterEach(() => clearRateBudgets());

/** Starts `count` acquisitions that release at once, recording the grant time of each, in grant order. */
function requestMany(budget: RateBudget, clock: FakeClock, count: number, maxWaitMs?: number) {
  const grants: { index: number; at: number }[] = [];
  const errors: unknown[] = [];
  for (let index = 0; index < count; index++) {
    budget.acquire(maxWaitMs).then(
      (release) => {
        grants.push({ index, at: clock.now() });
        release();
      },
      (err: unknown) => errors.push(err),
    );
  }
  return { grants, errors };
}

describe('RateBudget', () => {
  it('lets through exactly the budget per window, never more in any rolling window', async () => {
    // Prepare
    const clock = new FakeClock();
    const start = clock.now();
    const budget = new RateBudget({ perWindow: 60, clock });

    // Act
    const { grants } = requestMany(budget, clock, 150);
    await flush();
    const afterBurst = grants.length;
    await clock.advance(59_999);
    const beforeWindow = grants.length;
    await clock.advance(1);
    const afterWindow = grants.length;
    await clock.advance(60_000);

    // Assess
    expect([afterBurst, beforeWindow, afterWindow, grants.length]).toEqual([60, 60, 120, 150]);
    const times = grants.map((g) => g.at - start);
    for (let i = 60; i < times.length; i++) expect((times[i] ?? 0) - (times[i - 60] ?? 0)).toBeGreaterThanOrEqual(60_000);
  });

  it('serves callers in arrival order', async () => {
    const clock = new FakeClock();
    const budget = new RateBudget({ perWindow: 2, windowMs: 1000, clock });
    const { grants } = requestMany(budget, clock, 7);
    await clock.advance(5000);
    expect(grants.map((g) => g.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('returns a token one window after its request ended, not when it started', async () => {
    const clock = new FakeClock();
    const budget = new RateBudget({ perWindow: 1, windowMs: 1000, clock });
    const release = await budget.acquire();
    let second: ReleaseToken | undefined;
    void budget.acquire().then((r) => (second = r));

    await clock.advance(5000); // the first request is still in flight
    expect(second).toBeUndefined();
    release();
    await clock.advance(999);
    expect(second).toBeUndefined();
    await clock.advance(1);
    expect(second).toBeDefined();
  });

  it('reports capacity and availability', async () => {
    const clock = new FakeClock();
    const budget = new RateBudget({ perWindow: 10, clock });
    const releases = await Promise.all([budget.acquire(), budget.acquire(), budget.acquire()]);
    expect(budget.snapshot()).toEqual({ capacity: 10, available: 7, inFlight: 3, pausedForMs: 0 });
    for (const release of releases) release();
    for (const release of releases) release(); // releasing twice is harmless
    expect(budget.snapshot()).toMatchObject({ available: 7, inFlight: 0 });
    await clock.advance(60_000);
    expect(budget.snapshot().available).toBe(10);
  });

  it('stops everyone until X-AircallApi-Reset when Remaining is 0', async () => {
    const clock = new FakeClock(1_750_000_000_000);
    const budget = new RateBudget({ perWindow: 60, clock });
    budget.observe(new Headers({ 'X-AircallApi-Remaining': '0', 'X-AircallApi-Reset': String(1_750_000_000 + 12) }));

    const { grants } = requestMany(budget, clock, 3);
    await clock.advance(11_999);
    expect(grants).toHaveLength(0);
    await clock.advance(1);
    expect(grants).toHaveLength(3);
  });

  it('ignores rate headers that leave requests, and answers without them', async () => {
    const clock = new FakeClock();
    const budget = new RateBudget({ perWindow: 60, clock });
    budget.observe(new Headers({ 'X-AircallApi-Remaining': '5', 'X-AircallApi-Reset': '1750000060' }));
    budget.observe(new Headers());
    expect(budget.snapshot().pausedForMs).toBe(0);
  });

  it('fails fast when the pause outlasts the caller’s patience, and expires queued callers', async () => {
    const clock = new FakeClock();
    const budget = new RateBudget({ perWindow: 1, windowMs: 60_000, clock });
    budget.pauseFor(30_000);
    await expect(budget.acquire(10_000)).rejects.toBeInstanceOf(RateLimitedError);

    const { grants, errors } = requestMany(budget, clock, 3, 45_000);
    await clock.advance(30_000);
    expect(grants).toHaveLength(1);
    await clock.advance(15_000);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({ name: 'RateLimitedError', system: 'aircall', retryable: true });
    expect(budget.snapshot().inFlight).toBe(0);
  });
});

describe('sharedRateBudget', () => {
  it('gives every client of one company the same budget, and other companies their own', () => {
    const a = sharedRateBudget('company-1', { perWindow: 60 });
    const b = sharedRateBudget('company-1', { perWindow: 60 });
    const c = sharedRateBudget('company-2', { perWindow: 60 });
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });
});

describe('aircallResetDelayMs (aircall-api.md §3)', () => {
  const now = 1_750_000_000_000;
  it('reads epoch seconds, floored at 1 s and capped at one window', () => {
    expect(aircallResetDelayMs('1750000007', now)).toBe(7000);
    expect(aircallResetDelayMs('1750000000', now)).toBe(1000);
    expect(aircallResetDelayMs('1749999990', now)).toBe(1000);
    expect(aircallResetDelayMs('1750003600', now)).toBe(60_000);
  });

  it('accepts epoch milliseconds and small second counts defensively', () => {
    expect(aircallResetDelayMs('1750000005000', now)).toBe(5000);
    expect(aircallResetDelayMs('12', now)).toBe(12_000);
  });

  it('is undefined when absent or unreadable', () => {
    expect(aircallResetDelayMs(null, now)).toBeUndefined();
    expect(aircallResetDelayMs('', now)).toBeUndefined();
    expect(aircallResetDelayMs('tomorrow', now)).toBeUndefined();
  });
});
