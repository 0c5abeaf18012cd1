// The chaos suite's oracle: the seed's semantics, applied to what was driven and what the sandboxes saw. Pure.
//
// The seed's sentence: an agent's final target status is the source's last change mapped, unless the agent changed
// the target side afterwards; then the target keeps the person's value. So:
// - "own change reverted": a write by the stack to the target after a person's change there, with no newer source
//   change in between (writing the value the person set is no revert, only redundant);
// - "unorderable": a source webhook that never arrived, followed by the person's own change on the target. The
//   sweep sees the missed source change only after the person's, and a bulk read carries no change time, so either
//   final value is accepted and a write of the missed change after the person's is not counted as a revert;
// - "redundant": successful target writes beyond what an instant syncer needs (one per source change whose mapped
//   value differs from the target's value at that moment).
import { DEFAULT_MAPPING, mapStatus } from '../../shared/sync/mapping';
import type { ActiveDirection } from '../../shared/sync/types';
import type { ChangeSide } from './plan';

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
  direction: ActiveDirection;
  email: string;
  initial: Record<ChangeSide, string>;
  changes: DrivenChange[];
  writes: StackWrite[];
  final: Record<ChangeSide, string>;
}

export interface AgentVerdict {
  email: string;
  direction: ActiveDirection;
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

const mapped = (direction: ActiveDirection, status: string) => mapStatus(DEFAULT_MAPPING, direction, status);

/** What the final target must be, and how many writes an instant syncer would need. */
export function expectation(history: Pick<AgentHistory, 'direction' | 'initial' | 'changes'>): {
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
  const repair = lastSource && mapped(history.direction, lastSource.status);
  if (lastSource && lastSource.delivered === false && personAfterLastSource && repair && repair !== target) accepted.push(repair);
  return { target, fromSource, idealWrites, accepted };
}

/** Judges one agent. */
export function judge(history: AgentHistory): AgentVerdict {
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
    if (sourceBefore && sourceBefore.delivered === false && mapped(history.direction, sourceBefore.status) === write.status) {
      excused.add(sourceBefore);
      continue;
    }
    reverted++;
  }
  // Every missed source change followed by the person's own change counts once, whether the sweep wrote it or not.
  let unorderable = 0;
  changes.forEach((change, i) => {
    if (change.side !== 'source' || change.delivered !== false) return;
    const next = changes[i + 1];
    if (next?.side === 'target' || excused.has(change)) unorderable++;
  });

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
export function inStep(agents: ReadonlyArray<Pick<AgentHistory, 'direction' | 'initial' | 'changes' | 'final'>>): boolean {
  return agents.every((agent) => {
    const lastSource = [...agent.changes]
      .sort((a, b) => a.at - b.at)
      .reverse()
      .find((c) => c.side === 'source');
    return agent.final.source === (lastSource?.status ?? agent.initial.source) && expectation(agent).accepted.includes(agent.final.target);
  });
}
