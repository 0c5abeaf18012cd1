// API Gateway's throttling as the local gateway enforces it: one token bucket per route key, holding `burstLimit`
// tokens and refilled at `rateLimit` per second; a request finding it empty gets 429 before any handler runs.
import type { Throttle } from '../../infra/lib/api-throttles';

/** A token bucket on an injectable clock (milliseconds). */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly limit: Throttle,
    private readonly now: () => number = Date.now,
  ) {
    if (!(limit.rateLimit > 0) || !(limit.burstLimit >= 1)) throw new Error(`A throttle needs rateLimit > 0 and burstLimit ≥ 1, got ${JSON.stringify(limit)}`);
    this.tokens = limit.burstLimit;
    this.last = now();
  }

  /** Takes one token if there is one. */
  take(): boolean {
    const at = this.now();
    this.tokens = Math.min(this.limit.burstLimit, this.tokens + ((at - this.last) / 1000) * this.limit.rateLimit);
    this.last = at;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** One bucket per route key, each with the limit `limitFor(routeKey)` gives it. */
export class RouteThrottles {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly limitFor: (routeKey: string) => Throttle,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether a request on `routeKey` may go on to its handler. */
  admit(routeKey: string): boolean {
    let bucket = this.buckets.get(routeKey);
    if (!bucket) {
      bucket = new TokenBucket(this.limitFor(routeKey), this.now);
      this.buckets.set(routeKey, bucket);
    }
    return bucket.take();
  }
}
