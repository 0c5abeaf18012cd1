// The chaos suite's plan: which agent changes what, on which side, when. Pure and seeded, so a run is replayable.
import { seededRandom } from '../../local/sandbox/common';
import type { SyncDirection } from '../../shared/sync/types';

export type ChangeSide = 'source' | 'target';

/**
 * A chaos lane's direction: one way, or `both` (two-way sync, issue 14), whose lane names Zendesk `source` and
 * Aircall `target` as zendesk_to_aircall does; there both are people's sides and both are written.
 */
export type ChaosDirection = Exclude<SyncDirection, 'off'>;

/** The statuses a person picks from, per side of each direction (only synced ones on the source side). */
export const CHOICES: Record<ChaosDirection, Record<ChangeSide, readonly string[]>> = {
  aircall_to_zendesk: { source: ['available', 'unavailable'], target: ['online', 'offline', 'away', 'transfers_only'] },
  zendesk_to_aircall: { source: ['online', 'offline', 'away', 'transfers_only'], target: ['available', 'unavailable'] },
  both: { source: ['online', 'offline', 'away', 'transfers_only'], target: ['available', 'unavailable'] },
};

/** Where every agent starts: both sides in step, so no first sync is needed. */
export const INITIAL: Record<ChaosDirection, Record<ChangeSide, string>> = {
  aircall_to_zendesk: { source: 'available', target: 'online' },
  zendesk_to_aircall: { source: 'online', target: 'available' },
  both: { source: 'online', target: 'available' },
};

export interface PlannedChange {
  /** Milliseconds after the drive starts. */
  at: number;
  direction: ChaosDirection;
  /** Index of the agent (0-based) in its direction's sandboxes. */
  agent: number;
  side: ChangeSide;
  /** The statuses in the order the person would pick them; the first one that is a change is taken. */
  preference: string[];
}

export interface PlanOptions {
  seed: number;
  agents: number;
  directions: readonly ChaosDirection[];
  /** How long changes are driven. */
  durationMs: number;
  /** Changes per agent: from `min` to `max`. */
  changesPerAgent: { min: number; max: number };
  /** Share of changes made on the source side; the rest are a person's own change on the target side. */
  sourceShare: number;
  /**
   * Least time between two changes of one agent. Above 1 s, so two changes never share an Aircall whole-second
   * timestamp (which cannot order them) and a person's change is never a race with the write before it.
   */
  minGapMs: number;
}

/** Every change of the run, in time order. */
export function planChanges(options: PlanOptions): PlannedChange[] {
  const random = seededRandom(options.seed);
  const changes: PlannedChange[] = [];
  for (const direction of options.directions) {
    for (let agent = 0; agent < options.agents; agent++) {
      const { min, max } = options.changesPerAgent;
      const count = min + Math.floor(random() * (max - min + 1));
      const times = Array.from({ length: count }, () => Math.floor(random() * options.durationMs)).sort((a, b) => a - b);
      let last = -Infinity;
      for (const wanted of times) {
        const at = Math.max(wanted, last + options.minGapMs);
        const side: ChangeSide = random() < options.sourceShare ? 'source' : 'target';
        const preference = shuffle([...CHOICES[direction][side]], random);
        if (at > options.durationMs) continue;
        last = at;
        changes.push({ at, direction, agent, side, preference });
      }
    }
  }
  return changes.sort((a, b) => a.at - b.at);
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}
