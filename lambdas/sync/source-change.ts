// The change an agent's sync decides on, from stored state: the source side's newest, or with `both` either side's.
import { decide, type SyncSettings } from '../../shared/sync/decide';
import { sourceSides } from '../../shared/sync/mapping';
import { decideOnSources, type SourceDecision } from '../../shared/sync/sources';
import { knowledgeFromState, newestChange } from '../store/knowledge';
import type { AgentState } from '../store/port';

/**
 * Decides on the agent's newest change of each source side (two with `both`, issue 14) and returns the one to act
 * on (`decideOnSources`); with sync off, the Aircall change and its `direction_off` skip, as before two-way sync.
 * `undefined` when no source side was observed.
 */
export function decideForAgent(settings: SyncSettings, state: AgentState, agent: string, linked: boolean): SourceDecision | undefined {
  const known = knowledgeFromState(state, linked);
  if (settings.direction === 'off') {
    const change = newestChange(state, agent, 'aircall');
    return change && { change, decision: decide(settings, change, known) };
  }
  const changes = sourceSides(settings.direction).map((side) => newestChange(state, agent, side));
  return decideOnSources(settings, changes, known);
}
