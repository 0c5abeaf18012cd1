// Fault injection for the service API routes: random 500/503, added latency, a full outage, a burst of 429s.
import { SandboxInputError } from './errors';
import { seededRandom } from './prng';

/** The configured faults. All off by default. */
export interface FaultSettings {
  /** Share of API requests (0..1) answered 500 or 503. */
  errorRate: number;
  /** Delay added before every API request is handled. */
  latencyMs: number;
  /** When true, every API request is answered 503. */
  outage: boolean;
  /** The next N API requests are answered 429. Counts down. */
  burst429: number;
  /** `Retry-After` (seconds) of the burst's 429s; 0 = the sandbox's own rate-limit headers only. */
  retryAfterSeconds: number;
  /** Epoch ms until which every API request is answered 503 (a timed outage); 0 = none. Set with `outageForSeconds`. */
  outageUntil: number;
}

/** The fault to answer instead of handling the request; each sandbox shapes the body its own way. */
export interface InjectedFault {
  status: 429 | 500 | 503;
  kind: 'outage' | 'burst429' | 'error';
  /** On a burst 429: the `Retry-After` to send, when configured. */
  retryAfterSeconds?: number;
}

export const NO_FAULTS: FaultSettings = { errorRate: 0, latencyMs: 0, outage: false, burst429: 0, retryAfterSeconds: 0, outageUntil: 0 };

export interface FaultInjectorOptions {
  /** PRNG seed for `errorRate` (default 1), so a test sees the same failures on every run. */
  seed?: number;
  /** Replaces the real wait for `latencyMs` (tests may pass a no-op). */
  sleep?: (ms: number) => Promise<void>;
  /** The clock of a timed outage (default `Date.now`). */
  now?: () => number;
}

/** Holds the fault settings and decides, per API request, whether to inject one. */
export class FaultInjector {
  private current: FaultSettings = { ...NO_FAULTS };
  private random: () => number;
  private readonly seed: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(options: FaultInjectorOptions = {}) {
    this.seed = options.seed ?? 1;
    this.random = seededRandom(this.seed);
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? Date.now;
  }

  get settings(): FaultSettings {
    return { ...this.current };
  }

  /** Merges a partial update after validating it; throws `SandboxInputError` naming the bad field. */
  configure(patch: unknown): FaultSettings {
    const input = asObject(patch, 'faults');
    const next = { ...this.current };
    if (input.errorRate !== undefined) next.errorRate = numberIn(input.errorRate, 'errorRate', 0, 1);
    if (input.latencyMs !== undefined) next.latencyMs = numberIn(input.latencyMs, 'latencyMs', 0, 600_000);
    if (input.burst429 !== undefined) next.burst429 = Math.floor(numberIn(input.burst429, 'burst429', 0, 1_000_000));
    if (input.retryAfterSeconds !== undefined) next.retryAfterSeconds = Math.floor(numberIn(input.retryAfterSeconds, 'retryAfterSeconds', 0, 3600));
    // A timed outage ends by itself, so a fault window does not depend on a second control call arriving on time.
    if (input.outageUntil !== undefined) next.outageUntil = numberIn(input.outageUntil, 'outageUntil', 0, Number.MAX_SAFE_INTEGER);
    if (input.outageForSeconds !== undefined) next.outageUntil = this.now() + numberIn(input.outageForSeconds, 'outageForSeconds', 0, 3600) * 1000;
    if (input.outage !== undefined) {
      if (typeof input.outage !== 'boolean') throw new SandboxInputError('outage must be a boolean');
      next.outage = input.outage;
    }
    this.current = next;
    return this.settings;
  }

  /** Turns every fault off and restarts the PRNG from its seed. */
  clear(): void {
    this.current = { ...NO_FAULTS };
    this.random = seededRandom(this.seed);
  }

  /** Applies latency, then returns the fault to answer, if any. Call once per API request. */
  async inject(): Promise<InjectedFault | undefined> {
    if (this.current.latencyMs > 0) await this.sleep(this.current.latencyMs);
    if (this.current.outage || this.now() < this.current.outageUntil) return { status: 503, kind: 'outage' };
    if (this.current.burst429 > 0) {
      this.current.burst429 -= 1;
      const retryAfterSeconds = this.current.retryAfterSeconds;
      return { status: 429, kind: 'burst429', ...(retryAfterSeconds > 0 && { retryAfterSeconds }) };
    }
    if (this.current.errorRate > 0 && this.random() < this.current.errorRate) {
      return { status: this.random() < 0.5 ? 500 : 503, kind: 'error' };
    }
    return undefined;
  }
}

function asObject(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SandboxInputError(`${name} must be a JSON object`);
  return value as Record<string, unknown>;
}

function numberIn(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new SandboxInputError(`${name} must be a number from ${min} to ${max}`);
  }
  return value;
}
