// The chaos scenarios of issue 10 §3, as the faults each one turns on while changes are driven; scenario 8 runs
// two-way sync (issue 14 §2) under them all.
import type { ChaosDirection } from './plan';

export type Fault = 'duplicates' | 'errors' | 'bursts429' | 'outage' | 'loss' | 'kill';

export interface Scenario {
  id: number;
  name: string;
  faults: readonly Fault[];
  /** The lanes it runs; absent: the suite's (both one-way directions). */
  directions?: readonly ChaosDirection[];
}

export const SCENARIOS: readonly Scenario[] = [
  { id: 1, name: 'every webhook 3 times, shuffled within 2 s', faults: ['duplicates'] },
  { id: 2, name: '30% of API calls answer 5xx', faults: ['errors'] },
  { id: 3, name: '429 bursts with Retry-After', faults: ['bursts429'] },
  { id: 4, name: '10 s outage of the target API', faults: ['outage'] },
  { id: 5, name: '10% of webhooks never delivered', faults: ['loss'] },
  { id: 6, name: 'stack killed mid-stream, restarted on its DATA_DIR', faults: ['kill'] },
  { id: 7, name: 'all of the above at once', faults: ['duplicates', 'errors', 'bursts429', 'outage', 'loss', 'kill'] },
  {
    id: 8,
    name: 'two-way sync (both), all of the above at once',
    faults: ['duplicates', 'errors', 'bursts429', 'outage', 'loss', 'kill'],
    directions: ['both'],
  },
];

/** The fault figures, in one place. */
export const FAULTS = {
  duplicates: { copies: 3, windowMs: 2_000 },
  errors: { errorRate: 0.3 },
  /** A burst of 429s on every sandbox, every `everyMs`, each saying `Retry-After: retryAfterSeconds`. */
  bursts429: { size: 6, everyMs: 4_000, retryAfterSeconds: 2 },
  /** The target API of each direction is down for `seconds`, from `startsAt` of the drive. */
  outage: { seconds: 10, startsAt: 0.25 },
  loss: { lossRate: 0.1 },
  /** The stack's process is killed at `at` of the drive (scenario 6 alone) or `atWhenCombined` (scenario 7). */
  kill: { at: 0.4, atWhenCombined: 0.6 },
} as const;

/** Picks scenarios by id from CLI-style arguments (`1 5 6`); none = all. Unknown ids are an error. */
export function pickScenarios(args: readonly string[]): Scenario[] {
  if (args.length === 0) return [...SCENARIOS];
  return args.map((arg) => {
    const found = SCENARIOS.find((s) => String(s.id) === arg);
    if (!found) throw new Error(`unknown scenario "${arg}": pick from ${SCENARIOS.map((s) => s.id).join(', ')}`);
    return found;
  });
}
