// When to write: at once for a calm agent; after a quiet period for one that flaps or when the budget runs low.

/**
 * Settling trades a little latency for API calls. A write spent on a state the agent leaves a second later is
 * wasted, and under a tight budget (Aircall: 60 requests/min per company) it delays everyone else. So:
 * - a calm agent (no earlier change within `flapWindowMs`) is written at once, while the budget is healthy;
 * - a flapping agent, or any agent while the budget is low, is written once it has been quiet for `quietMs`.
 * Then a storm of flips costs one write per agent: its final state.
 */
export interface SettlePolicy {
  /** How recent an earlier change must be for the agent to count as flapping. */
  flapWindowMs: number;
  /** How long a flapping agent (or any agent under a low budget) must be quiet before its write. */
  quietMs: number;
}

export const DEFAULT_SETTLE_POLICY: SettlePolicy = { flapWindowMs: 10_000, quietMs: 8_000 };

export interface SettleInput {
  now: number;
  /** When the newest change of the source side was observed (epoch ms). */
  newestObservedAt: number;
  /** When the change before it was observed, if known. */
  previousObservedAt?: number;
  /** Whether the target's rate budget is below half its capacity. */
  budgetLow: boolean;
}

/**
 * How long to wait before writing, in ms; 0 means write now.
 *
 * @example settleDelay({ now: 10_000, newestObservedAt: 9_000, previousObservedAt: 8_000, budgetLow: false }, DEFAULT_SETTLE_POLICY) // 7000
 */
export function settleDelay(input: SettleInput, policy: SettlePolicy = DEFAULT_SETTLE_POLICY): number {
  const flapping = input.previousObservedAt !== undefined && input.newestObservedAt - input.previousObservedAt < policy.flapWindowMs;
  if (!flapping && !input.budgetLow) return 0;
  return Math.max(0, input.newestObservedAt + policy.quietMs - input.now);
}
