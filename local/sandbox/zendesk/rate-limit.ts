// Zendesk's account rate limit (zendesk-api.md §3): a per-minute budget, its headers, and scheduled 429s.
import { SandboxInputError } from '../common';

export interface RateLimitSettings {
  /** Requests per minute (`X-Rate-Limit`). Default 700 (Enterprise). */
  limit: number;
  /** `Retry-After` seconds on a scheduled 429 (`everyN` or a fault burst). Default 7. */
  retryAfterSeconds: number;
  /** When > 0, every Nth API request is answered 429. */
  everyN: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitSettings = { limit: 700, retryAfterSeconds: 7, everyN: 0 };

/** The outcome of one request: the headers every response carries, and the 429's `Retry-After` when refused. */
export interface RateDecision {
  headers: Record<string, string>;
  retryAfterSeconds?: number;
}

/** Counts API requests in fixed minute windows of the injected clock. */
export class ZendeskRateLimiter {
  private settings: RateLimitSettings;
  private windowStart = -1;
  private used = 0;
  private seen = 0;

  constructor(
    private readonly initial: RateLimitSettings,
    private readonly now: () => number,
  ) {
    this.settings = { ...initial };
  }

  get current(): RateLimitSettings {
    return { ...this.settings };
  }

  /** Merges `{limit?, retryAfterSeconds?, everyN?}` after validation (control API). */
  configure(patch: unknown): RateLimitSettings {
    if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) throw new SandboxInputError('rate-limit must be a JSON object');
    const input = patch as Record<string, unknown>;
    const next = { ...this.settings };
    const int = (name: string, min: number): number => {
      const value = input[name];
      if (typeof value !== 'number' || !Number.isInteger(value) || value < min) throw new SandboxInputError(`${name} must be an integer >= ${min}`);
      return value;
    };
    if (input.limit !== undefined) next.limit = int('limit', 1);
    if (input.retryAfterSeconds !== undefined) next.retryAfterSeconds = int('retryAfterSeconds', 0);
    if (input.retryAfter !== undefined) next.retryAfterSeconds = int('retryAfter', 0);
    if (input.everyN !== undefined) next.everyN = int('everyN', 0);
    this.settings = next;
    this.seen = 0;
    return this.current;
  }

  /** Back to the start-up settings and a fresh window. */
  reset(): void {
    this.settings = { ...this.initial };
    this.windowStart = -1;
    this.used = 0;
    this.seen = 0;
  }

  /** Counts one request. A refused request counts too, as it does against Zendesk's budget. */
  take(): RateDecision {
    this.roll();
    this.used += 1;
    this.seen += 1;
    const headers = this.headers();
    if (this.used > this.settings.limit) return { headers, retryAfterSeconds: Math.max(1, Math.ceil((this.windowStart + 60_000 - this.now()) / 1000)) };
    if (this.settings.everyN > 0 && this.seen % this.settings.everyN === 0) return { headers, retryAfterSeconds: this.settings.retryAfterSeconds };
    return { headers };
  }

  /** The headers for a response that did not count (e.g. an injected fault). */
  headers(): Record<string, string> {
    this.roll();
    const remaining = Math.max(0, this.settings.limit - this.used);
    const reset = Math.max(0, Math.ceil((this.windowStart + 60_000 - this.now()) / 1000));
    return {
      'X-Rate-Limit': String(this.settings.limit),
      'X-Rate-Limit-Remaining': String(remaining),
      // The Ticketing APIs also send these (§3).
      'ratelimit-limit': String(this.settings.limit),
      'ratelimit-remaining': String(remaining),
      'ratelimit-reset': String(reset),
    };
  }

  private roll(): void {
    const start = Math.floor(this.now() / 60_000) * 60_000;
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.used = 0;
    }
  }
}
