// The per-company rate limit: a fixed 60-second window counting every authenticated API request (aircall-api.md §3).

/** The outcome of one request against the budget, with what the `X-AircallApi-*` headers carry. */
export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** UNIX epoch seconds when the window resets (the unit is UNCONFIRMED, §3; clients read it as seconds). */
  resetAt: number;
}

/** Counts requests in fixed windows aligned on the minute of `now()`. */
export class RateLimiter {
  private windowStart = -1;
  private count = 0;

  constructor(
    private perMinute: number,
    private readonly now: () => number,
  ) {}

  get limit(): number {
    return this.perMinute;
  }

  /** Counts one request and says whether it fits. A refused request counts too. */
  take(): RateLimitDecision {
    const start = Math.floor(this.now() / 60_000) * 60_000;
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.count = 0;
    }
    this.count += 1;
    return { allowed: this.count <= this.perMinute, ...this.peek() };
  }

  /** The current figures without counting a request. */
  peek(): Omit<RateLimitDecision, 'allowed'> {
    const start = Math.floor(this.now() / 60_000) * 60_000;
    const used = start === this.windowStart ? this.count : 0;
    return { limit: this.perMinute, remaining: Math.max(0, this.perMinute - used), resetAt: (start + 60_000) / 1000 };
  }

  setLimit(perMinute: number): void {
    this.perMinute = perMinute;
  }

  /** Starts a fresh window. */
  reset(): void {
    this.windowStart = -1;
    this.count = 0;
  }
}

/** The `X-AircallApi-*` headers for a decision. */
export function rateLimitHeaders(decision: Omit<RateLimitDecision, 'allowed'>): Record<string, string> {
  return {
    'X-AircallApi-Limit': String(decision.limit),
    'X-AircallApi-Remaining': String(decision.remaining),
    'X-AircallApi-Reset': String(decision.resetAt),
  };
}
