// Retry delays: full-jitter exponential backoff, and the real sleep that tests replace.

/** Waits `ms` milliseconds. */
export type Sleep = (ms: number) => Promise<void>;

/** A real timer-based sleep. */
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** The exponential ceiling for a retry: `min(capMs, baseMs * 2^retry)`, with `retry` counting from 0. */
export function backoffCeiling(retry: number, baseMs: number, capMs: number): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, retry));
}

/**
 * Full jitter ("AWS Architecture Blog: Exponential Backoff and Jitter"): a uniform delay in `[0, ceiling)`,
 * so that many callers failing together do not retry together.
 *
 * @example fullJitterDelay(2, 200, 5000, Math.random) // somewhere in [0, 800)
 */
export function fullJitterDelay(retry: number, baseMs: number, capMs: number, random: () => number): number {
  return Math.floor(random() * backoffCeiling(retry, baseMs, capMs));
}
