// From stored state to the core's AgentKnowledge (pure).
import { isValueWeWrite, statusAfterWrite } from '../../shared/sync/decide';
import { SIDES, type AgentKnowledge, type ObservedChange, type Side, type StatusOf, type WriteRecord } from '../../shared/sync/types';
import type { AgentState } from './port';

export const emptyAgentState = (): AgentState => ({ observed: {}, previousObservedAt: {}, applied: {}, written: {} });

/**
 * The core's view of an agent. `current[side]` is the newer, by time, of the side's newest observed status and the
 * status our last write to that side leaves (`statusAfterWrite`); an observation made at the very time of the write
 * wins, since it is what the side itself reported.
 *
 * @example knowledgeFromState({ ...emptyAgentState(), written: { zendesk: { value: 'offline', at: 5 } } }, true).current.zendesk
 * // { kind: 'default', name: 'offline' }
 */
export function knowledgeFromState(state: AgentState, linked: boolean): AgentKnowledge {
  const knowledge: AgentKnowledge = { linked, applied: { ...state.applied }, written: { ...state.written }, current: {} };
  if (state.initialSync !== undefined) knowledge.initialSync = state.initialSync;
  for (const side of SIDES) {
    const observed = state.observed[side];
    const wrote = state.written[side];
    if (wrote && (!observed || wrote.at > observed.observedAt)) setCurrent(knowledge, side, statusAfterWrite(side, wrote.value));
    else if (observed) setCurrent(knowledge, side, observed.status);
    // What a write of ours goes over: two-way sync keys its write journal by it (`WriteRecord.afterVersion`).
    if (observed) knowledge.versions = { ...knowledge.versions, [side]: observed.version };
    if (observed) knowledge.observedAt = { ...knowledge.observedAt, [side]: observed.observedAt };
    if (observed?.reading) knowledge.readings = { ...knowledge.readings, [side]: true };
    // Someone else set the side: its newest observation is newer than our last write and is not what we wrote (our
    // echo, or a reading of it). The echo comes before any later change of the side: after another change in
    // between, the same value is somebody's. The core keeps their choice until the next source change.
    if (observed && !(wrote && (wrote.at > observed.observedAt || isOurEcho(side, observed.status, wrote, state.previousObservedAt[side])))) {
      knowledge.changedAt = { ...knowledge.changedAt, [side]: observed.observedAt };
    }
  }
  return knowledge;
}

/** Whether the side's newest status is the value we wrote, with no other change of that side in between. */
function isOurEcho(side: Side, status: StatusOf<Side>, wrote: WriteRecord, previousObservedAt: number | undefined): boolean {
  return isValueWeWrite(side, status, wrote.value) && !((previousObservedAt ?? -Infinity) > wrote.at);
}

function setCurrent(knowledge: AgentKnowledge, side: Side, status: NonNullable<AgentKnowledge['current'][Side]>): void {
  (knowledge.current as Record<Side, unknown>)[side] = status;
}

/**
 * The newest observed change of `side` as the core decides on it (the worker, the sweep and the app's views all
 * look at the source side's newest status), or `undefined` when that side was never observed.
 */
export function newestChange(state: AgentState, agent: string, side: Side): ObservedChange | undefined {
  const observed = state.observed[side];
  if (!observed) return undefined;
  return {
    side,
    agent,
    status: observed.status,
    version: observed.version,
    observedAt: observed.observedAt,
    ...(observed.reason !== undefined && { reason: observed.reason }),
  } as ObservedChange;
}
