// How far ahead of our clock a change's time may lie: the one bound for every time a change is ordered by (pure).

/**
 * The most a change's time may lie after the moment we see it. Aircall stamps webhooks with whole seconds and clocks
 * drift a little; a time further ahead is forged or broken, and stored it would make every later real change look
 * older (stale) until that time passes.
 */
export const MAX_FUTURE_SKEW_MS = 60_000;

/**
 * Whether `atMs` (epoch ms: a webhook's `timestamp`, an event time, a version the sweep writes) lies more than
 * `MAX_FUTURE_SKEW_MS` after `nowMs`, the moment it was received or read. Such a time must not be stored.
 *
 * @example isTooFarAhead(Date.UTC(2026, 0, 1, 12, 1, 1), Date.UTC(2026, 0, 1, 12)) // true: 61 s ahead
 * @example isTooFarAhead(Date.UTC(2026, 0, 1, 12, 1, 0), Date.UTC(2026, 0, 1, 12)) // false: exactly 60 s is allowed
 */
export function isTooFarAhead(atMs: number, nowMs: number): boolean {
  return !Number.isFinite(atMs) || atMs - nowMs > MAX_FUTURE_SKEW_MS;
}
