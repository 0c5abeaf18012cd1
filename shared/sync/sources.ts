// Which change of an agent the sync decides on: the source side's newest, or with `both` the newest of either side.
import { decide, type SyncSettings } from './decide';
import { sourceSides } from './mapping';
import type { AgentKnowledge, Decision, ObservedChange } from './types';

export interface SourceDecision {
  change: ObservedChange;
  decision: Decision;
}

/**
 * Decides on the newest change of each source side (`sourceSides`) and returns the one to act on: a write when one
 * side's change needs it (the two-way rules let at most one of two human changes win), else the decision on the
 * newest change. `undefined` when no source side was observed (or the direction is off).
 *
 * @example decideOnSources(settings, [newestAircallChange, newestZendeskChange], known)
 * // { change: newestZendeskChange, decision: { action: 'write', side: 'aircall', … } }
 */
export function decideOnSources(settings: SyncSettings, changes: readonly (ObservedChange | undefined)[], known: AgentKnowledge): SourceDecision | undefined {
  const sides = sourceSides(settings.direction);
  const decided = changes
    .filter((c): c is ObservedChange => c !== undefined && sides.includes(c.side))
    .map((change) => ({ change, decision: decide(settings, change, known) }))
    .sort((a, b) => rank(b) - rank(a) || b.change.observedAt - a.change.observedAt);
  return decided[0];
}

/** A write first; then a skip that moves the agent on (the initial sync, a change used up); then any other. */
function rank({ decision }: SourceDecision): number {
  if (decision.action === 'write') return 2;
  return decision.initial !== undefined ? 1 : 0;
}
