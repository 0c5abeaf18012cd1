// From stored state to the core's AgentKnowledge (pure).
import { statusAfterWrite } from '../../shared/sync/decide';
import { SIDES, type AgentKnowledge, type Side } from '../../shared/sync/types';
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
  for (const side of SIDES) {
    const observed = state.observed[side];
    const wrote = state.written[side];
    if (wrote && (!observed || wrote.at > observed.observedAt)) setCurrent(knowledge, side, statusAfterWrite(side, wrote.value));
    else if (observed) setCurrent(knowledge, side, observed.status);
  }
  return knowledge;
}

function setCurrent(knowledge: AgentKnowledge, side: Side, status: NonNullable<AgentKnowledge['current'][Side]>): void {
  (knowledge.current as Record<Side, unknown>)[side] = status;
}
