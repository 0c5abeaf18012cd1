// Two-way sync (issue 14 §2): which of two human changes wins, and when the two sides already agree (pure).
import { DIRECTION_FROM, mapStatus, statusKey, type MappingTable } from './mapping';
import type { AgentKnowledge, AircallStatus, ObservedChange, Side, TwoWayMaster } from './types';
import type { ZendeskUnifiedStatus } from '../zendesk/vocabulary';

/**
 * Two human changes on different sides closer than this cannot be ordered: each side has its own clock, and
 * Aircall's timestamps are whole seconds. The master side (`twoWayMaster`) wins them.
 */
export const UNORDERED_WITHIN_MS = 1_000;

/** A human change on one side, at its side's time (epoch ms on the ordering clock of `ObservedChange.observedAt`). */
export interface HumanChange {
  side: Side;
  at: number;
  /** Known only from a sweep's bulk read: `at` is when it was read, not when it changed (it may be hours older). */
  reading?: boolean;
}

/**
 * Whether `a` wins over `b` (changes on different sides): the newer one, or the master side's when they lie within
 * `UNORDERED_WITHIN_MS` of each other or a time is unknown (not finite). Within that second, a change seen by its
 * event beats one known only from a reading (a reading says how the side was when read, not that anyone changed it
 * then: the sweep's first reading of an agent is no change at all). Antisymmetric: of two changes, exactly one wins,
 * so two workers never write both ways.
 *
 * @example humanChangeWins({ side: 'zendesk', at: 5_000 }, { side: 'aircall', at: 1_000 }, 'aircall') // true
 * @example humanChangeWins({ side: 'zendesk', at: 1_500 }, { side: 'aircall', at: 1_000 }, 'aircall') // false: the master wins a tie
 */
export function humanChangeWins(a: HumanChange, b: HumanChange, master: TwoWayMaster): boolean {
  if (a.side === b.side) return a.at > b.at;
  const ordered = Number.isFinite(a.at) && Number.isFinite(b.at) && Math.abs(a.at - b.at) >= UNORDERED_WITHIN_MS;
  if (ordered) return a.at > b.at;
  if (Boolean(a.reading) !== Boolean(b.reading)) return !a.reading;
  return a.side === master;
}

/**
 * Whether the other side's status, mapped back by its own direction's row, is the status of `change`: the two sides
 * agree already, though a round trip is not the identity (Zendesk Away → Aircall Unavailable, and Unavailable would
 * map to Offline). The side the person changed keeps its value: nothing is written back.
 *
 * @example agreesBack(DEFAULT_MAPPING, aircallUnavailableChange, { kind: 'default', name: 'away' }) // true
 */
export function agreesBack(mapping: MappingTable, change: ObservedChange, other: AircallStatus | ZendeskUnifiedStatus | undefined): boolean {
  if (other === undefined) return false;
  const otherSide: Side = change.side === 'aircall' ? 'zendesk' : 'aircall';
  const back = mapStatus(mapping, DIRECTION_FROM[otherSide], statusKey(otherSide, other));
  return back !== null && back === statusKey(change.side, change.status);
}

/**
 * How much later than our write (on our clock) its echo may be stamped by the side: Aircall's whole-second timestamp
 * (ordered within its second by when it was received, never past it) and a little clock skew. A change carrying the
 * value we wrote but stamped later than this is a person's (they set the side back to that value), unless Zendesk
 * says `PUBLIC_API`.
 */
export const ECHO_STAMP_SKEW_MS = 2_000;

/**
 * Whether a change is stamped as our last write to its side could be (two-way sync's write journal, on top of the
 * core's `isEchoOfOwnWrite`: value, echo window, Zendesk reason): newer than the side's version our write went over
 * (`WriteRecord.afterVersion`), and within `ECHO_STAMP_SKEW_MS` of the write or marked `PUBLIC_API` by Zendesk. With
 * both sides synced, taking a person's change for our echo would let an older change of the other side overwrite it.
 */
export function stampedAsOurEcho(change: ObservedChange, known: AgentKnowledge): boolean {
  const written = known.written[change.side];
  if (written === undefined) return false;
  // The write journal's version: what the side showed before our write cannot be our write.
  if (written.afterVersion !== undefined && change.version <= written.afterVersion) return false;
  return change.observedAt - written.at <= ECHO_STAMP_SKEW_MS || (change.side === 'zendesk' && change.reason === 'PUBLIC_API');
}

/**
 * When someone other than us last changed `side`, as far as known: `changedAt`, or the side's newest observation
 * when it carries the value we wrote but was stamped too late to be its echo (`ECHO_STAMP_SKEW_MS`).
 */
export function humanChangeAt(known: AgentKnowledge, side: Side): number | undefined {
  const changed = known.changedAt?.[side];
  if (changed !== undefined) return changed;
  const at = known.observedAt?.[side];
  const written = known.written[side];
  return at !== undefined && written !== undefined && at - written.at > ECHO_STAMP_SKEW_MS ? at : undefined;
}

/**
 * Whether a write of ours landed on the change's side after the change (on that side's clock, `WriteRecord.at`):
 * the side no longer shows it, it was overwritten by a human change of the other side that we carried over. Acting
 * on it would put back a value nobody holds any more.
 */
export function isSupersededByOurWrite(change: ObservedChange, known: AgentKnowledge): boolean {
  const written = known.written[change.side];
  return written !== undefined && written.at > change.observedAt;
}
