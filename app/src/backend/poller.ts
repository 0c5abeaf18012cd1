// Runs a task now and then again and again, never two at once, backing off while it fails.

/** What one run of the task reports. `stop` ends the polling (e.g. the backend said this caller may not ask). */
export type PollOutcome = 'ok' | 'failed' | 'stop';

export interface PollerOptions {
  /** The delay after a successful run, ms. */
  intervalMs: number;
  /** The longest delay while failing, ms: the delay doubles per failure in a row up to this. */
  maxIntervalMs: number;
}

/**
 * The delay before the next run after `failures` failed runs in a row.
 *
 * @example nextDelay({ intervalMs: 5000, maxIntervalMs: 60000 }, 3) // 40000
 */
export function nextDelay(options: PollerOptions, failures: number): number {
  return Math.min(options.intervalMs * 2 ** failures, Math.max(options.maxIntervalMs, options.intervalMs));
}

/** A started polling loop: `stop()` cancels the next run (a run in flight completes but schedules nothing). */
export interface Poller {
  stop(): void;
}

/**
 * Starts polling: runs `task` at once, then after each run waits `nextDelay`. Uses setTimeout chains rather than
 * setInterval so a slow run never overlaps the next. A task that throws counts as failed.
 */
export function startPoller(task: () => Promise<PollOutcome>, options: PollerOptions): Poller {
  let stopped = false;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = async () => {
    timer = undefined;
    let outcome: PollOutcome;
    try {
      outcome = await task();
    } catch {
      outcome = 'failed';
    }
    if (stopped || outcome === 'stop') return;
    failures = outcome === 'ok' ? 0 : failures + 1;
    timer = setTimeout(() => void run(), nextDelay(options, failures));
  };
  void run();
  return {
    stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}
