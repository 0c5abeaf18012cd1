// The Aircall request budget shared by every Lambda: each request takes a token from the account's DynamoDB bucket.
import type { BudgetSnapshot, ReleaseToken, RequestBudget } from '../aircall/rate-budget';
import { aircallResetDelayMs } from '../aircall/rate-budget';
import { RateLimitedError } from '../http/errors';
import type { RateBucketStore } from '../store/port';

/**
 * Aircall's limit is per company, shared by all callers (aircall-api.md §3), so an in-process budget is not
 * enough once several workers run. Every Aircall request (reads included) first takes a token from the company's
 * bucket in DynamoDB (conditional UpdateItem, see the store), waiting as long as the bucket says. A pause (a 429, or
 * Aircall saying none is left) is stored in the bucket too, so it stops every process of the company, whatever the
 * account.
 */
export class DynamoRequestBudget implements RequestBudget {
  private pausedUntil = 0;
  private lastLevel = { tokens: 0, capacity: 0 };

  /** `company`: `aircallCompanyKey(account)`. */
  constructor(
    private readonly store: RateBucketStore,
    private readonly company: string,
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
    private readonly onStoreError: (error: Error) => void = () => {},
  ) {
    this.lastLevel = { tokens: perMinute, capacity: perMinute };
  }

  async acquire(maxWaitMs = 60_000): Promise<ReleaseToken> {
    const deadline = this.now() + maxWaitMs;
    for (;;) {
      const pause = this.pausedUntil - this.now();
      if (pause > 0) {
        if (this.now() + pause > deadline) throw this.exhausted(pause);
        await this.sleep(pause);
      }
      const result = await this.store.takeToken(this.company, this.perMinute, this.now());
      if (result.ok) {
        this.lastLevel = { tokens: result.remaining, capacity: this.perMinute };
        return () => {};
      }
      this.lastLevel = { tokens: 0, capacity: this.perMinute };
      if (this.now() + result.retryAfterMs > deadline) throw this.exhausted(result.retryAfterMs);
      await this.sleep(result.retryAfterMs);
    }
  }

  observe(headers: Headers): void {
    // When Aircall says the company's counter is spent (other integrations count too), stop until its reset.
    if (headers.get('x-aircallapi-remaining') === '0') {
      const delay = aircallResetDelayMs(headers.get('x-aircallapi-reset'), this.now());
      if (delay !== undefined) this.pauseFor(delay);
    }
  }

  pauseFor(ms: number): void {
    const now = this.now();
    this.pausedUntil = Math.max(this.pausedUntil, now + ms);
    // This process stops at once; the others once the pause is stored. A failed write only loses the others' pause.
    this.store.pauseBucket(this.company, this.pausedUntil, now).catch((error: Error) => this.onStoreError(error));
  }

  snapshot(): BudgetSnapshot {
    return {
      capacity: this.lastLevel.capacity,
      available: this.lastLevel.tokens,
      inFlight: 0,
      pausedForMs: Math.max(0, this.pausedUntil - this.now()),
    };
  }

  private exhausted(retryAfterMs: number): RateLimitedError {
    return new RateLimitedError('aircall', retryAfterMs);
  }
}
