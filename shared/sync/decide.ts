// The decision: given an observed change and what is known of the agent, what to write, or why to skip.
import type { AircallStatus, AgentKnowledge, Decision, ObservedChange, Side, SkipReason, SyncDirection, TwoWayMaster } from './types';
import { DEFAULT_MAPPING, DIRECTION_FROM, SOURCE_SIDE, TARGET_SIDE, mapStatus, otherSide, statusKey, type MappingTable } from './mapping';
import { agreesBack, humanChangeAt, humanChangeWins, isSupersededByOurWrite, stampedAsOurEcho } from './two-way';
import type { ZendeskUnifiedStatus } from '../zendesk/vocabulary';

export interface SyncSettings {
  direction: SyncDirection;
  mapping: MappingTable;
  /** How long after our own write a matching change on that side is taken as its echo. */
  echoWindowMs: number;
  /**
   * The opt-in "Undo changes made on the other side" (app setting `keepInStep`): the target always follows the
   * source, reverting an agent's own change there. Off (the default, Aircall's own feature): only a source change
   * that has not been applied yet is written, and the target keeps what a person sets there until the next one.
   */
  keepInStep?: boolean;
  /**
   * With `both` (two-way sync): the side that wins two human changes that cannot be ordered (app setting
   * `twoWayMaster`); `aircall` when absent. Ignored otherwise.
   */
  twoWayMaster?: TwoWayMaster;
  /**
   * Identifies the period since the direction in force took effect (`directionPeriod`). Each linked agent gets one
   * initial sync per period: it is brought once to the mapped state of the source's current status. Absent: no
   * initial sync: a change-triggered run, or a caller that does not track periods.
   */
  period?: string;
}

export const DEFAULT_ECHO_WINDOW_MS = 120_000;
export const DEFAULT_SETTINGS: SyncSettings = { direction: 'off', mapping: DEFAULT_MAPPING, echoWindowMs: DEFAULT_ECHO_WINDOW_MS };

// Aircall timestamps are whole seconds, so two changes can share one. Within a second, the moment the webhook was
// received orders them (Aircall sends one company's events as they happen; a delivery that comes after its second
// is over counts as the last of it). When even that ties, the rank decides: unavailable beats available (a wrongly
// "available" agent gets work they cannot take), and an unavailable carrying a reason beats the plain one, which
// makes the second `user.closed` of a pair (aircall-api.md §8.4) the newer. The reconcile sweep reads the true
// state within one period whatever a tie-break got wrong.
const AIRCALL_RANK = { custom: 1, available: 2, unavailable: 3 } as const;
const RANKS = 10;
const SUB_SECOND = 1000;

/**
 * The version of an Aircall change: its timestamp (UNIX seconds), then the millisecond within that second at which
 * it was received (when known), then a rank.
 *
 * @example aircallVersion(1732623001, { availabilityStatus: 'unavailable' }) // 17326230010003
 * @example aircallVersion(1732623001, { availabilityStatus: 'available' }, 1732623001250) // 17326230012502
 */
export function aircallVersion(timestampSeconds: number, status: AircallStatus, receivedAtMs?: number): number {
  const reason = status.availabilityStatus === 'unavailable' && status.substatus?.kind === 'reason' ? 1 : 0;
  return aircallOrderTime(timestampSeconds, receivedAtMs) * RANKS + AIRCALL_RANK[status.availabilityStatus] + reason;
}

/**
 * When an Aircall change happened, in epoch ms, on the one clock that orders it against our own writes: its
 * whole-second `timestamp`, then, within that second, the millisecond it was received (a delivery that comes after
 * its second is over counts as the last of it). So a person's change received just after our write in the same second
 * is newer than the write, while across seconds the timestamp decides, and a late retry never wins.
 *
 * @example aircallOrderTime(1732623001, 1732623001250) // 1732623001250
 * @example aircallOrderTime(1732623001, 1732623009000) // 1732623001999
 */
export function aircallOrderTime(timestampSeconds: number, receivedAtMs?: number): number {
  const second = Math.floor(timestampSeconds);
  const sub = receivedAtMs === undefined ? 0 : Math.min(SUB_SECOND - 1, Math.max(0, Math.floor(receivedAtMs - second * 1000)));
  return second * SUB_SECOND + sub;
}

/**
 * Whether a change is our own write coming back. Aircall: a matching value within the echo window, without an
 * unavailable reason (our own `PUT` presumably fires `user.opened/closed`, UNCONFIRMED, aircall-api.md §8.3). Zendesk: the same, and the
 * event's reason must be `PUBLIC_API` when it carries one, since other integrations also write through the API
 * and the agent's own switch says `AGENT_STATUS_SWITCHER` (zendesk-api.md §9.9).
 */
export function isEchoOfOwnWrite(change: ObservedChange, known: AgentKnowledge, echoWindowMs: number): boolean {
  const written = known.written[change.side];
  if (!written || !isValueWeWrite(change.side, change.status, written.value)) return false;
  if (change.observedAt - written.at > echoWindowMs || change.observedAt < written.at - 1000) return false;
  if (change.side === 'zendesk' && change.reason !== undefined && change.reason !== 'PUBLIC_API') return false;
  // Our echo comes before any later change of that side: after someone else's change, the same value is theirs.
  if ((known.changedAt?.[change.side] ?? -Infinity) >= written.at) return false;
  return true;
}

/**
 * Our own write coming back, with two-way sync: the one-way rule (`isEchoOfOwnWrite`) and the write journal's version
 * and stamp (`stampedAsOurEcho`): a person setting a side back to the value we wrote is not taken for our echo.
 */
export function isTwoWayEcho(change: ObservedChange, known: AgentKnowledge, echoWindowMs: number): boolean {
  return isEchoOfOwnWrite(change, known, echoWindowMs) && stampedAsOurEcho(change, known);
}

/**
 * Whether `status` is what our write of `value` (a status key) leaves on `side`. We write a plain Aircall
 * unavailable: one that carries an unavailable reason was set by a person.
 */
export function isValueWeWrite(side: Side, status: AircallStatus | ZendeskUnifiedStatus, value: string): boolean {
  if (statusKey(side, status) !== value) return false;
  return !(side === 'aircall' && (status as AircallStatus).substatus?.kind === 'reason');
}

/** Whether a side's known status already is the target status key. */
export function isInState(side: Side, known: AgentKnowledge, target: string): boolean {
  if (side === 'aircall') {
    const current = known.current.aircall;
    if (!current || current.availabilityStatus !== target) return false;
    // Zendesk → Aircall writes plain unavailable over any unavailable reason.
    return !(target === 'unavailable' && current.substatus?.kind === 'reason');
  }
  const current = known.current.zendesk;
  return current !== undefined && statusKey('zendesk', current) === target;
}

/**
 * The period token of a direction in force: it changes whenever the direction is enabled or switched (`since`, the
 * epoch ms it took effect, from the stored direction snapshot).
 *
 * @example directionPeriod('aircall_to_zendesk', 1795424400000) // 'aircall_to_zendesk@1795424400000'
 */
export function directionPeriod(direction: SyncDirection, since: number | undefined): string {
  return `${direction}@${since ?? 0}`;
}

/**
 * Whether someone other than this service changed `side` after `at` (epoch ms on the observation clock): the
 * side's own newest change, when it is newer than our last write there and not the value we wrote.
 */
export function changedAfter(known: AgentKnowledge, side: Side, at: number): boolean {
  const changed = known.changedAt?.[side];
  return changed !== undefined && changed > at;
}

/**
 * Decides what one observed change requires (Aircall's own feature, the seed's semantics): a write happens only for
 * a source-side change that has not been applied yet, and the target keeps whatever a person sets there until the
 * next source change. In order: direction off; a change on the target side (echo of our own write, else
 * other_direction: recorded, never acted on); agent not linked; not mapped; stale; the direction's single initial
 * sync (written even over a person's choice: a direction just took effect); the target already in state (duplicate
 * when applied before); a person's change on the target after the source change (changed_on_other_side: the change
 * is used up); else a write, also of an applied change whose target turns out to differ with no later change there
 * (it never really landed). With `keepInStep` the target always follows: a drifted target is written again.
 *
 * @example
 * decide({ ...DEFAULT_SETTINGS, direction: 'aircall_to_zendesk' },
 *        { side: 'aircall', agent: 'ann@example.com', status: { availabilityStatus: 'available' }, version: 10, observedAt: 0 },
 *        { linked: true, applied: {}, written: {}, current: {} })
 * // { action: 'write', side: 'zendesk', agent: 'ann@example.com', status: 'online', sourceVersion: 10 }
 */
export function decide(settings: SyncSettings, change: ObservedChange, known: AgentKnowledge): Decision {
  const skip = (reason: SkipReason, initial?: string): Decision => ({
    action: 'skip',
    reason,
    agent: change.agent,
    sourceVersion: change.version,
    ...(initial !== undefined && { initial }),
  });
  if (settings.direction === 'off') return skip('direction_off');
  if (settings.direction === 'both') return decideTwoWay(settings, change, known, skip);
  // Only a change on the side we write to can be our own write coming back. On the source side it would be a real
  // change that merely repeats a value we wrote before a direction switch, and must sync.
  if (SOURCE_SIDE[settings.direction] !== change.side) {
    return skip(isEchoOfOwnWrite(change, known, settings.echoWindowMs) ? 'echo' : 'other_direction');
  }
  if (!known.linked) return skip('agent_not_linked');

  const target = mapStatus(settings.mapping, settings.direction, statusKey(change.side, change.status));
  if (target === null) return skip('not_mapped');

  const applied = known.applied[change.side];
  if (applied !== undefined && change.version < applied) return skip('stale');
  const targetSide = TARGET_SIDE[settings.direction];
  const write = (initial?: string): Decision => writeDecision(change, targetSide, target, { initial });
  const inState = isInState(targetSide, known, target);

  if (settings.period !== undefined && known.initialSync !== settings.period) {
    return inState ? skip('already_in_state', settings.period) : write(settings.period);
  }
  const fresh = applied === undefined || change.version > applied;
  if (inState) return skip(fresh ? 'already_in_state' : 'duplicate');
  if (settings.keepInStep) {
    // The same change again: write only if the target is known to have drifted from it since.
    return fresh || known.current[targetSide] !== undefined ? write() : skip('duplicate');
  }
  if (changedAfter(known, targetSide, change.observedAt)) return skip('changed_on_other_side');
  if (!fresh && known.current[targetSide] === undefined) return skip('duplicate');
  // The target differs and nobody set it after this source change: the change has not really landed (its write
  // failed, or "already in state" was judged on a view of the target that a lost webhook left stale). Completing it
  // undoes no one's choice: whatever the target shows was set before the change.
  return write();
}

/** The write of `status` (a key) to `side` for `change`, with the period of an initial sync and, two-way, the side's version it goes over. */
function writeDecision(
  change: ObservedChange,
  side: Side,
  status: string,
  extra: { initial?: string | undefined; afterVersion?: number | undefined },
): Decision {
  return {
    action: 'write',
    side,
    agent: change.agent,
    status,
    sourceVersion: change.version,
    ...(extra.afterVersion !== undefined && { afterVersion: extra.afterVersion }),
    ...(extra.initial !== undefined && { initial: extra.initial }),
  };
}

/**
 * Two-way sync (`both`, issue 14): a change on either side is a source change, mapped by its own direction's rows.
 * In order: our own write coming back (echo: never propagates); agent not linked; not mapped; stale, or overwritten
 * on its side by a write of ours that landed after it; the period's initial sync (the master side's status, written
 * over the other side); a newer human change on the other side (`changed_on_other_side`: that one wins, and is
 * decided on its own; within a second the master side wins); the other side already in step, by this direction's
 * row or by its own row back (Zendesk Away and Aircall Unavailable agree: no Offline written back, no ping-pong);
 * else a write of the mapped status to the other side. `keepInStep` has no meaning here and is ignored.
 */
function decideTwoWay(
  settings: SyncSettings,
  change: ObservedChange,
  known: AgentKnowledge,
  skip: (reason: SkipReason, initial?: string) => Decision,
): Decision {
  if (isTwoWayEcho(change, known, settings.echoWindowMs)) return skip('echo');
  if (!known.linked) return skip('agent_not_linked');
  const targetSide = otherSide(change.side);
  const target = mapStatus(settings.mapping, DIRECTION_FROM[change.side], statusKey(change.side, change.status));
  if (target === null) return skip('not_mapped');
  const applied = known.applied[change.side];
  if ((applied !== undefined && change.version < applied) || isSupersededByOurWrite(change, known)) return skip('stale');
  const inStep = isInState(targetSide, known, target) || agreesBack(settings.mapping, change, known.current[targetSide]);
  const master = settings.twoWayMaster ?? 'aircall';
  const write = (initial?: string): Decision => writeDecision(change, targetSide, target, { initial, afterVersion: known.versions?.[targetSide] });
  if (settings.period !== undefined && known.initialSync !== settings.period && change.side === master) {
    return inStep ? skip('already_in_state', settings.period) : write(settings.period);
  }
  const rival = humanChangeAt(known, targetSide);
  const reading = (side: Side) => known.readings?.[side] === true;
  const own = { side: change.side, at: change.observedAt, reading: reading(change.side) };
  if (rival !== undefined && humanChangeWins({ side: targetSide, at: rival, reading: reading(targetSide) }, own, master)) {
    return skip('changed_on_other_side');
  }
  const fresh = applied === undefined || change.version > applied;
  if (inStep) return skip(fresh ? 'already_in_state' : 'duplicate');
  if (!fresh && known.current[targetSide] === undefined) return skip('duplicate');
  return write();
}

/** The status a side will have once `status` (a key) is written to it. */
export function statusAfterWrite(side: 'aircall', key: string): AircallStatus;
export function statusAfterWrite(side: Side, key: string): NonNullable<AgentKnowledge['current'][Side]>;
export function statusAfterWrite(side: Side, key: string): NonNullable<AgentKnowledge['current'][Side]> {
  if (side === 'aircall') {
    const availabilityStatus = key as AircallStatus['availabilityStatus'];
    return { availabilityStatus, substatus: { kind: availabilityStatus === 'unavailable' ? 'closed' : 'open' } };
  }
  return key.startsWith('custom:') ? { kind: 'custom', id: key.slice(7), name: key.slice(7) } : { kind: 'default', name: key as never };
}

/**
 * What is known after acting on a decision (`now` is epoch ms). A write is taken as done: call this only once
 * the write succeeded. Changes that were not mapped do not move `applied`, so an older mapped change that arrives
 * later still counts.
 */
export function applyDecision(known: AgentKnowledge, change: ObservedChange, decision: Decision, now: number): AgentKnowledge {
  const next: AgentKnowledge = {
    linked: known.linked,
    applied: { ...known.applied },
    written: { ...known.written },
    current: { ...known.current, [change.side]: change.status },
    ...(known.changedAt !== undefined && { changedAt: { ...known.changedAt } }),
    ...(known.initialSync !== undefined && { initialSync: known.initialSync }),
    ...(known.versions !== undefined && { versions: { ...known.versions } }),
    ...(known.readings !== undefined && { readings: { ...known.readings } }),
    ...(known.observedAt !== undefined && { observedAt: { ...known.observedAt } }),
  };
  if (decision.initial !== undefined) next.initialSync = decision.initial;
  if (decision.action === 'write') {
    next.applied[change.side] = Math.max(change.version, known.applied[change.side] ?? -Infinity);
    next.written[decision.side] = { value: decision.status, at: now, ...(decision.afterVersion !== undefined && { afterVersion: decision.afterVersion }) };
    next.current = { ...next.current, [decision.side]: statusAfterWrite(decision.side, decision.status) };
    if (next.changedAt) delete next.changedAt[decision.side]; // our write is now the side's newest state
  } else if (usesUpChange(decision)) {
    next.applied[change.side] = Math.max(change.version, known.applied[change.side] ?? -Infinity);
  } else if (decision.reason === 'stale') {
    next.current = known.current; // an older change says nothing about the side's present state
  }
  // A change on the target side that is not our echo: someone set that side; it keeps their choice.
  if (decision.action === 'skip' && decision.reason === 'other_direction') next.changedAt = { ...next.changedAt, [change.side]: change.observedAt };
  return next;
}

/**
 * Whether a person changed the target side after the newest source change, so that the target keeps their choice
 * until the next source change: what the agent ("You changed Zendesk yourself; it follows Aircall again at your next
 * Aircall change") and the admin are told. Never with `keepInStep` or with sync off.
 *
 * @example keptOnOtherSide(settings, newestAircallChange, known) // { side: 'zendesk', at: 1795424405000 }
 */
export function keptOnOtherSide(settings: SyncSettings, change: ObservedChange | undefined, known: AgentKnowledge): { side: Side; at: number } | undefined {
  if (change === undefined || settings.direction === 'off' || settings.direction === 'both' || settings.keepInStep) return undefined;
  const { period: _period, ...changesOnly } = settings;
  const decision = decide(changesOnly, change, known);
  if (decision.action !== 'skip' || decision.reason !== 'changed_on_other_side') return undefined;
  const side = TARGET_SIDE[settings.direction];
  const at = known.changedAt?.[side];
  return at === undefined ? undefined : { side, at };
}

/**
 * Whether a decision uses up its source change without a write (`applied` moves to it): the target already had the
 * mapped status, or a person's later change on the target overrides it. A retry of the same change then writes
 * nothing.
 */
export function usesUpChange(decision: Decision): boolean {
  return decision.action === 'skip' && (decision.reason === 'already_in_state' || decision.reason === 'changed_on_other_side');
}

/** Knowledge of an agent nobody has seen change yet. */
export function emptyKnowledge(linked: boolean): AgentKnowledge {
  return { linked, applied: {}, written: {}, current: {} };
}
