// The chaos suite's oracle: the seed's semantics, applied to what was driven and what the sandboxes saw. Pure.
//
// The seed's sentence: an agent's final target status is the source's last change mapped, unless the agent changed
// the target side afterwards; then the target keeps the person's value. So:
// - "own change reverted": a write by the stack to the target after a person's change there, with no newer source
//   change in between (writing the value the person set is no revert, only redundant);
// - "unorderable": a source change the stack could not order before the person's own change on the target that
//   followed it: its webhook never arrived (a bulk read carries no change time), arrived after the person's change,
//   or the stack's write of it landed before the person's change reached the stack. Either final value is accepted,
//   and that write is not counted as a revert (`cannotOrder` below);
// - "redundant": successful target writes beyond what an instant syncer needs (one per source change whose mapped
//   value differs from the target's value at that moment).
import { DEFAULT_MAPPING, mapStatus } from '../../shared/sync/mapping';
import type { ActiveDirection } from '../../shared/sync/types';
import type { ChangeSide, ChaosDirection } from './plan';
import { judgeTwoWay, twoWayInStep } from './two-way-oracle';

/** One change a person made, as driven. */
export interface DrivenChange {
  at: number;
  side: ChangeSide;
  status: string;
  /** Source changes: whether any copy of its webhook reached the stack (2xx). */
  delivered?: boolean;
  /** When the first copy of its webhook was answered by the stack (for the report only). */
  arrivedAt?: number;
}

/** One successful status write by the stack (from a sandbox's request journal). */
export interface StackWrite {
  at: number;
  side: ChangeSide;
  status: string;
}

export interface AgentHistory {
  direction: ChaosDirection;
  email: string;
  initial: Record<ChangeSide, string>;
  changes: DrivenChange[];
  writes: StackWrite[];
  final: Record<ChangeSide, string>;
}

export interface AgentVerdict {
  email: string;
  direction: ChaosDirection;
  correct: boolean;
  /** The target values the seed's semantics accept (two only in the unorderable case). */
  accepted: string[];
  /** The final target is wrong and should have been the source's last change mapped. */
  lost: boolean;
  reverted: number;
  unorderable: number;
  redundant: number;
  /** Writes by the stack to the side it should only read. */
  sourceWrites: number;
}

/** The rows a lane's `source` change maps by (a two-way lane names its sides as zendesk_to_aircall does). */
const rowsOf = (direction: ChaosDirection): ActiveDirection => (direction === 'both' ? 'zendesk_to_aircall' : direction);
const mapped = (direction: ChaosDirection, status: string) => mapStatus(DEFAULT_MAPPING, rowsOf(direction), status);

/** What the final target must be, and how many writes an instant syncer would need. */
export function expectation(history: Pick<AgentHistory, 'direction' | 'initial' | 'changes'> & { writes?: readonly StackWrite[] }): {
  target: string;
  fromSource: boolean;
  idealWrites: number;
  accepted: string[];
} {
  let target = history.initial.target;
  let fromSource = true;
  let idealWrites = 0;
  let lastSource: DrivenChange | undefined;
  let personAfterLastSource = false;
  for (const change of [...history.changes].sort((a, b) => a.at - b.at)) {
    if (change.side === 'target') {
      target = change.status;
      fromSource = false;
      personAfterLastSource = true;
      continue;
    }
    lastSource = change;
    personAfterLastSource = false;
    fromSource = true;
    const to = mapped(history.direction, change.status);
    if (to !== null && to !== target) {
      idealWrites++;
      target = to;
    }
  }
  const accepted = [target];
  const stale = staleBeliefBefore(lastSource, history.direction, history.changes);
  if (stale && !personAfterLastSource && !accepted.includes(stale.status)) accepted.push(stale.status);
  const repair = lastSource && mapped(history.direction, lastSource.status);
  if (lastSource && personAfterLastSource && repair && repair !== target && cannotOrder(lastSource, history.direction, history.changes, history.writes ?? []))
    accepted.push(repair);
  return { target, fromSource, idealWrites, accepted };
}

/**
 * Whether the stack could not order `source` before the person's next change on the target, so that either final
 * value is the seed's and a write of `source` after the person's change is no revert:
 * - its webhook never arrived (the sweep sees it only later, by a bulk read with no change time);
 * - it arrived only after the person had changed the target (a late delivery);
 * - the stack's write of it landed after the person's change but before that change's webhook reached the stack: the
 *   stack acts on what it knows, and a change still on its way to it cannot be known.
 */
function cannotOrder(source: DrivenChange, direction: ChaosDirection, changes: readonly DrivenChange[], writes: readonly StackWrite[]): boolean {
  if (source.delivered === false) return true;
  const person = changes.filter((c) => c.side === 'target' && c.at > source.at).sort((a, b) => a.at - b.at)[0];
  if (person === undefined) return false;
  if (source.arrivedAt !== undefined && source.arrivedAt > person.at) return true;
  const value = mapped(direction, source.status);
  const seenAt = person.arrivedAt ?? Number.POSITIVE_INFINITY;
  return writes.some((w) => w.side === 'target' && w.status === value && w.at > person.at && w.at < seenAt);
}

/**
 * The person's own change on an Aircall target whose webhook never arrived, made before `source` (the latest target
 * change before it), or `undefined`. The stack still believes the older value, so a source change that maps to it is
 * taken as already in state; the sweep then reads the person's value with no change time (Aircall's bulk reads carry
 * none), so it cannot tell it from a change made after `source` and keeps it: the second unorderable case, the mirror
 * of a lost source webhook. Zendesk readings carry `updated_at`, which orders them: not excused there.
 */
function staleBeliefBefore(source: DrivenChange | undefined, direction: ChaosDirection, changes: readonly DrivenChange[]): DrivenChange | undefined {
  if (source === undefined || direction !== 'zendesk_to_aircall') return undefined;
  const person = changes.filter((c) => c.side === 'target' && c.at < source.at).sort((a, b) => b.at - a.at)[0];
  return person !== undefined && person.arrivedAt === undefined ? person : undefined;
}

/** Judges one agent (a two-way lane's by its own rules: two-way-oracle.ts). */
export function judge(history: AgentHistory): AgentVerdict {
  if (history.direction === 'both') return judgeTwoWay(history);
  const changes = [...history.changes].sort((a, b) => a.at - b.at);
  const expected = expectation(history);
  const lastSource = [...changes].reverse().find((c) => c.side === 'source');
  const sourceOk = history.final.source === (lastSource?.status ?? history.initial.source);
  const targetOk = expected.accepted.includes(history.final.target);
  const targetWrites = history.writes.filter((w) => w.side === 'target');

  let reverted = 0;
  const excused = new Set<DrivenChange>();
  for (const write of targetWrites) {
    const before = changes.filter((c) => c.at < write.at);
    const latest = before[before.length - 1];
    if (latest?.side !== 'target' || write.status === latest.status) continue;
    const sourceBefore = [...before].reverse().find((c) => c.side === 'source');
    if (
      sourceBefore &&
      cannotOrder(sourceBefore, history.direction, changes, targetWrites) &&
      mapped(history.direction, sourceBefore.status) === write.status
    ) {
      excused.add(sourceBefore);
      continue;
    }
    reverted++;
  }
  // Every missed source change followed by the person's own change counts once, whether the sweep wrote it or not.
  let unorderable = 0;
  changes.forEach((change, i) => {
    if (change.side !== 'source' || !cannotOrder(change, history.direction, changes, targetWrites)) return;
    const next = changes[i + 1];
    if (next?.side === 'target' || excused.has(change)) unorderable++;
  });
  if (staleBeliefBefore(lastSource, history.direction, changes) && history.final.target !== mapped(history.direction, lastSource?.status ?? '')) unorderable++;

  return {
    email: history.email,
    direction: history.direction,
    correct: sourceOk && targetOk,
    accepted: expected.accepted,
    lost: !targetOk && expected.fromSource,
    reverted,
    unorderable,
    redundant: Math.max(0, targetWrites.length - expected.idealWrites),
    sourceWrites: history.writes.filter((w) => w.side === 'source').length,
  };
}

/** True when every agent's current state is one the semantics accept (for the convergence clock). */
export function inStep(agents: ReadonlyArray<Pick<AgentHistory, 'direction' | 'initial' | 'changes' | 'final'> & { writes?: readonly StackWrite[] }>): boolean {
  return agents.every((agent) => {
    if (agent.direction === 'both') return twoWayInStep({ ...agent, writes: [...(agent.writes ?? [])] });
    const lastSource = [...agent.changes]
      .sort((a, b) => a.at - b.at)
      .reverse()
      .find((c) => c.side === 'source');
    return agent.final.source === (lastSource?.status ?? agent.initial.source) && expectation(agent).accepted.includes(agent.final.target);
  });
}
