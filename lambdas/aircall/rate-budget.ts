// Aircall's per-company request budget: at most N requests per window, shared by every client in the process.
import { RateLimitedError } from '../http/errors';

export { aircallCompanyKey } from './company';

/** Time for the budget. `sleep` resolves after `ms`, or as soon as `signal` aborts (it never rejects). */
export interface BudgetClock {
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

/** The real clock. */
export const realClock: BudgetClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const timer = setTimeout(done, Math.max(0, ms));
      function done(): void {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    }),
};

/** Called once when the request that took a token has its answer (or failed). */
export type ReleaseToken = () => void;

/** The budget as the Aircall client uses it; a cross-process implementation (e.g. DynamoDB) can replace it. */
export interface RequestBudget {
  /** Resolves when a token is free, in arrival order; rejects with `RateLimitedError` past `maxWaitMs`. */
  acquire(maxWaitMs?: number): Promise<ReleaseToken>;
  /** Reads `X-AircallApi-Remaining` / `X-AircallApi-Reset` from any answer. */
  observe(headers: Headers): void;
  /** Stops every caller for `ms` (after a 429). */
  pauseFor(ms: number): void;
  snapshot(): BudgetSnapshot;
}

/** The budget's state now. `available` below `capacity / 2` counts as "budget low" for `settleDelay`. */
export interface BudgetSnapshot {
  capacity: number;
  available: number;
  inFlight: number;
  pausedForMs: number;
}

/** Options of `RateBudget`. */
export interface RateBudgetOptions {
  /** Requests allowed per window. */
  perWindow: number;
  /** Default 60 000 ms. */
  windowMs?: number;
  clock?: BudgetClock;
}

interface Waiter {
  resolve: (release: ReleaseToken) => void;
  reject: (err: Error) => void;
  deadline: number;
}

/**
 * A token bucket whose tokens come back one window after the request that spent them has been answered.
 * That is stricter than a continuous refill (which allows ~2N in one window after an idle spell) and never
 * exceeds Aircall's limit, fixed or sliding window, whatever the latency: the server counted the request before
 * we saw its answer.
 */
export class RateBudget implements RequestBudget {
  private capacity: number;
  private windowMs: number;
  private readonly clock: BudgetClock;
  private inFlight = 0;
  private returning: number[] = [];
  private pausedUntil = 0;
  private readonly waiters: Waiter[] = [];
  private running = false;
  private wake: (() => void) | undefined;

  constructor(options: RateBudgetOptions) {
    this.capacity = positive(options.perWindow, 'perWindow');
    this.windowMs = positive(options.windowMs ?? 60_000, 'windowMs');
    this.clock = options.clock ?? realClock;
  }

  /** Changes the limit; waiting callers are re-evaluated. */
  reconfigure(perWindow: number, windowMs = this.windowMs): void {
    this.capacity = positive(perWindow, 'perWindow');
    this.windowMs = positive(windowMs, 'windowMs');
    this.wake?.();
  }

  acquire(maxWaitMs = Number.POSITIVE_INFINITY): Promise<ReleaseToken> {
    const now = this.clock.now();
    if (this.pausedUntil - now > maxWaitMs) return Promise.reject(new RateLimitedError('aircall', this.pausedUntil - now, undefined, undefined));
    return new Promise<ReleaseToken>((resolve, reject) => {
      this.waiters.push({ resolve, reject, deadline: now + maxWaitMs });
      this.wake?.();
      void this.run();
    });
  }

  observe(headers: Headers): void {
    const remaining = headers.get('x-aircallapi-remaining');
    if (remaining === null || Number(remaining) > 0) return;
    const now = this.clock.now();
    this.pauseFor(aircallResetDelayMs(headers.get('x-aircallapi-reset'), now, this.windowMs) ?? this.windowMs);
  }

  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + Math.max(0, ms));
    this.wake?.();
  }

  snapshot(): BudgetSnapshot {
    const now = this.clock.now();
    this.prune(now);
    return {
      capacity: this.capacity,
      available: Math.max(0, this.capacity - this.inFlight - this.returning.length),
      inFlight: this.inFlight,
      pausedForMs: Math.max(0, this.pausedUntil - now),
    };
  }

  // The single loop that hands out tokens, so callers are served strictly in arrival order.
  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.waiters.length > 0) {
        const now = this.clock.now();
        this.prune(now);
        this.expire(now);
        const head = this.waiters[0];
        if (!head) break;
        const wait = this.waitMs(now);
        if (wait === 0) {
          this.waiters.shift();
          this.inFlight++;
          head.resolve(this.releaser());
          continue;
        }
        const earliestDeadline = Math.min(...this.waiters.map((w) => w.deadline));
        await this.sleepUntilWoken(Math.min(wait, earliestDeadline - now));
      }
    } finally {
      this.running = false;
    }
  }

  private waitMs(now: number): number {
    if (this.pausedUntil > now) return this.pausedUntil - now;
    if (this.inFlight + this.returning.length < this.capacity) return 0;
    // Tokens held by requests still in flight come back only after they end: wait for a release.
    return this.returning.length > 0 ? Math.max(1, (this.returning[0] ?? now) - now) : Number.POSITIVE_INFINITY;
  }

  private async sleepUntilWoken(ms: number): Promise<void> {
    const controller = new AbortController();
    this.wake = () => controller.abort();
    if (Number.isFinite(ms)) await this.clock.sleep(Math.max(1, ms), controller.signal);
    else await new Promise<void>((resolve) => controller.signal.addEventListener('abort', () => resolve(), { once: true }));
    this.wake = undefined;
  }

  private releaser(): ReleaseToken {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight--;
      this.returning.push(this.clock.now() + this.windowMs);
      this.returning.sort((a, b) => a - b);
      this.wake?.();
    };
  }

  private prune(now: number): void {
    while (this.returning.length > 0 && (this.returning[0] ?? 0) <= now) this.returning.shift();
  }

  private expire(now: number): void {
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const waiter = this.waiters[i];
      if (!waiter || waiter.deadline > now) continue;
      this.waiters.splice(i, 1);
      const wait = this.waitMs(now);
      waiter.reject(new RateLimitedError('aircall', Number.isFinite(wait) ? Math.max(1, wait) : this.windowMs, undefined, undefined));
    }
  }
}

/**
 * The wait implied by `X-AircallApi-Reset`, in ms, or `undefined` when absent or unreadable.
 * aircall-api.md §3: the unit is not documented (UNCONFIRMED); clients treat it as UNIX epoch seconds, so a value
 * that looks like epoch seconds gives `reset * 1000 - now`, floored at 1 s. Defensively, epoch milliseconds are
 * accepted too, and a small number is read as seconds from now. Capped at one window: Aircall's window is a minute,
 * so a later reset only means a skewed clock.
 */
export function aircallResetDelayMs(raw: string | null, now: number, windowMs = 60_000): number | undefined {
  if (raw === null || raw.trim() === '') return undefined;
  const value = Number(raw.trim());
  if (!Number.isFinite(value) || value < 0) return undefined;
  const ms = value >= 1e11 ? value - now : value >= 1e9 ? value * 1000 - now : value * 1000;
  return Math.min(Math.max(1000, ms), Math.max(1000, windowMs));
}

const budgets = new Map<string, RateBudget>();

/**
 * The process-wide budget for one Aircall company (`key`), created on first use. Every client with the same key
 * shares it, so several handlers in one Lambda container queue for the same tokens. A later call with another
 * limit reconfigures the shared budget; the clock of the first call stays.
 */
export function sharedRateBudget(key: string, options: RateBudgetOptions): RateBudget {
  const existing = budgets.get(key);
  if (existing) {
    existing.reconfigure(options.perWindow, options.windowMs);
    return existing;
  }
  const budget = new RateBudget(options);
  budgets.set(key, budget);
  return budget;
}

/** Forgets every shared budget (tests). */
export function clearRateBudgets(): void {
  budgets.clear();
}

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`Aircall rate budget: ${name} must be a positive number, got ${value}`);
  return value;
}
