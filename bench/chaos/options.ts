// The chaos suite's two runs: the full one (`npm run chaos`) and the short one the jest suite runs (tests/e2e/chaos.test.ts).
import { join } from 'node:path';
import type { SuiteOptions } from './suite';

/** The full run: 50 agents per direction, 30 s of changes per scenario, a 10 s reconcile period, fast settling. */
export function fullRunOptions(workDir: string, print: (line: string) => void): SuiteOptions {
  return {
    agents: 50,
    seed: Number(process.env.CHAOS_SEED ?? 20261203),
    directions: ['aircall_to_zendesk', 'zendesk_to_aircall'],
    driveMs: 30_000,
    changesPerAgent: { min: 2, max: 5 },
    sourceShare: 0.6,
    minGapMs: 1_300,
    reconcileIntervalMs: 10_000,
    visibilityTimeoutSeconds: 10,
    settle: { flapWindowMs: 1_500, quietMs: 700 },
    maxHoldMs: 5_000,
    aircallRateLimitPerMinute: 600,
    // One reconcile period, plus what the sweep queues: the settle hold and the write.
    convergeWithinS: 13,
    maxObserveMs: 90_000,
    workDir,
    logFile: join(workDir, 'stack.log'),
    logLevel: process.env.LOG_LEVEL ?? 'INFO',
    print,
  };
}

/** The short run inside `npm test`: the same code on 20 agents per direction, 12 s of changes, a 5 s period. */
export function shortRunOptions(workDir: string, print: (line: string) => void): SuiteOptions {
  return {
    ...fullRunOptions(workDir, print),
    seed: 20261203,
    agents: 20,
    driveMs: 12_000,
    changesPerAgent: { min: 2, max: 4 },
    reconcileIntervalMs: 5_000,
    convergeWithinS: 8,
    maxObserveMs: 40_000,
    logLevel: 'WARN',
  };
}
