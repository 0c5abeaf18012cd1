// The chaos suite's oracle for two-way sync (issue 14 §2). Pure. In a two-way lane both sides are people's sides:
// `source` is Zendesk and `target` is Aircall (the lane names its sides as zendesk_to_aircall does, world.ts).
//
// At rest both sides must agree (one side's status is the other's mapped, by either direction's rows) on the newest
// human change: its side holds it, the other side its mapping or a status that maps back to it (Away ↔ Unavailable).
// The other side's latest change is accepted instead ("unorderable", not a failure) when the two cannot be ordered:
// - they lie within `UNORDERABLE_WITHIN_MS` (the master side wins inside one second, and an Aircall change is ordered
//   by its whole-second timestamp plus when it was received);
// - the newer one's webhook never arrived, or arrived after the stack wrote over it: the stack acts on what it knows,
//   and the sweep reads an Aircall status with no change time.
// A write is a revert when it changes a side whose own latest human change the stack already knew and which is the
// newest human change, beyond doubt.
import { DEFAULT_MAPPING, mapStatus } from '../../shared/sync/mapping';
import type { AgentHistory, AgentVerdict, DrivenChange, StackWrite } from './oracle';
import type { ChangeSide } from './plan';

/** Two changes on different sides closer than this may be ordered either way (1 s of tie rule, 1 s of timestamp). */
export const UNORDERABLE_WITHIN_MS = 2_000;

const ROWS: Record<ChangeSide, 'zendesk_to_aircall' | 'aircall_to_zendesk'> = { source: 'zendesk_to_aircall', target: 'aircall_to_zendesk' };
const other = (side: ChangeSide): ChangeSide => (side === 'source' ? 'target' : 'source');

/** Whether the final pair agrees with `change`: its side holds it, the other side its mapping or a status mapping back to it. */
export function agreesWith(final: Record<ChangeSide, string>, side: ChangeSide, status: string): boolean {
  if (final[side] !== status) return false;
  const held = final[other(side)];
  return held === mapStatus(DEFAULT_MAPPING, ROWS[side], status) || mapStatus(DEFAULT_MAPPING, ROWS[other(side)], held) === status;
}

/** The latest human change of each side (`undefined` for a side nobody touched). */
function latest(changes: readonly DrivenChange[], before = Number.POSITIVE_INFINITY): Record<ChangeSide, DrivenChange | undefined> {
  const sorted = changes.filter((c) => c.at < before).sort((a, b) => a.at - b.at);
  return { source: sorted.filter((c) => c.side === 'source').at(-1), target: sorted.filter((c) => c.side === 'target').at(-1) };
}

/** Whether a write of ours to `change`'s side landed after it (the side no longer held it) or its webhook never came. */
function overrunOrUnseen(change: DrivenChange, writes: readonly StackWrite[]): boolean {
  if (change.arrivedAt === undefined) return true;
  return writes.some((w) => w.side === change.side && w.at > change.at && w.at < change.arrivedAt!);
}

/**
 * The human changes the final state may agree with: the newest, and the other side's latest too when the two cannot
 * be ordered. None when nobody changed anything (then both sides keep their initial statuses).
 */
export function twoWayWinners(history: Pick<AgentHistory, 'changes' | 'writes'>): { winners: DrivenChange[]; unorderable: boolean } {
  const { source, target } = latest(history.changes);
  const [newest, older] = [source, target].filter((c): c is DrivenChange => c !== undefined).sort((a, b) => b.at - a.at);
  if (!newest) return { winners: [], unorderable: false };
  const unorderable = older !== undefined && (newest.at - older.at < UNORDERABLE_WITHIN_MS || overrunOrUnseen(newest, history.writes));
  return { winners: unorderable ? [newest, older as DrivenChange] : [newest], unorderable };
}

/** Whether the final pair is one the two-way semantics accept. */
export function twoWayInStep(history: Pick<AgentHistory, 'initial' | 'changes' | 'writes' | 'final'>): boolean {
  const { winners } = twoWayWinners(history);
  if (winners.length === 0) return history.final.source === history.initial.source && history.final.target === history.initial.target;
  return winners.some((c) => agreesWith(history.final, c.side, c.status));
}

/** Judges one agent of a two-way lane. */
export function judgeTwoWay(history: AgentHistory): AgentVerdict {
  const changes = [...history.changes].sort((a, b) => a.at - b.at);
  const { winners, unorderable } = twoWayWinners(history);
  const correct = twoWayInStep(history);
  const newestHeld = winners.length > 0 && agreesWith(history.final, (winners[0] as DrivenChange).side, (winners[0] as DrivenChange).status);

  let reverted = 0;
  for (const write of history.writes) {
    const before = latest(changes, write.at);
    const own = before[write.side];
    if (!own || write.status === own.status) continue;
    const rival = before[other(write.side)];
    const ownNewest = rival === undefined || own.at - rival.at >= UNORDERABLE_WITHIN_MS;
    const known = own.arrivedAt !== undefined && own.arrivedAt < write.at;
    // The rival's webhook may have come late: then the stack could not order them.
    const rivalLate = rival !== undefined && (rival.arrivedAt === undefined || rival.arrivedAt > own.at);
    if (ownNewest && known && !rivalLate) reverted++;
  }
  // An instant syncer writes once per human change the other side does not already agree with.
  let idealWrites = 0;
  const state = { ...history.initial };
  for (const change of changes) {
    state[change.side] = change.status;
    if (!agreesWith(state, change.side, change.status)) {
      idealWrites++;
      state[other(change.side)] = mapStatus(DEFAULT_MAPPING, ROWS[change.side], change.status) ?? state[other(change.side)];
    }
  }
  return {
    email: history.email,
    direction: history.direction,
    correct,
    accepted: winners.map((w) => `${w.side === 'source' ? 'zendesk' : 'aircall'} ${w.status}`),
    lost: !correct,
    reverted,
    unorderable: unorderable && !newestHeld ? 1 : 0,
    redundant: Math.max(0, history.writes.length - idealWrites),
    sourceWrites: 0,
  };
}
