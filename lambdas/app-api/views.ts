// From stored state and audit entries to what the app shows (pure).
import type { AuditEntryView, DirectionInForce, LastSyncView, RuleView, SideStatusView, ZendeskStatusModeView } from '../../shared/app-api';
import { DIRECTION_FROM, mapStatus, otherSide, SOURCE_SIDE, statusKey, type MappingTable } from '../../shared/sync/mapping';
import { SKIP_REASONS, type Side, type SkipReason } from '../../shared/sync/types';
import { keptOnOtherSide } from '../../shared/sync/decide';
import { syncSettings } from '../../shared/sync/direction';
import { knowledgeFromState, newestChange } from '../store/knowledge';
import type { AgentState, AuditEntry, StoredAccount } from '../store/port';

/**
 * Issue 14 §3, for the top bar: an account without omnichannel routing (its stored mode) syncs the Talk availability
 * when the `talkAgentState` setting is on, and Zendesk not at all when it is off. `undefined` with routing (unified).
 */
export function zendeskStatusModeView(account: Pick<StoredAccount, 'statusMode'>, direction: DirectionInForce): ZendeskStatusModeView | undefined {
  if (account.statusMode?.mode !== 'talk') return undefined;
  return { mode: 'talk', state: direction.talkAgentState === true ? 'talk_in_use' : 'talk_off' };
}

/**
 * One side's status as the backend last knew it: the newer, by time, of what the side reported and what we last
 * wrote to it (the same rule as the sync's own `knowledgeFromState`).
 */
export function sideStatusView(side: Side, state: AgentState): SideStatusView | undefined {
  const observed = state.observed[side];
  const wrote = state.written[side];
  if (wrote && (!observed || wrote.at > observed.observedAt)) return { key: wrote.value, observedAt: wrote.at };
  if (!observed) return undefined;
  const status = observed.status;
  let detail: string | undefined;
  if ('availabilityStatus' in status) detail = status.substatus?.kind === 'reason' ? status.substatus.reason : undefined;
  else if (status.kind === 'custom') detail = status.name;
  return { key: statusKey(side, status), ...(detail !== undefined && { detail }), observedAt: observed.observedAt };
}

/** The mapping row for the source side's current status; absent when sync is off or that status is unknown. */
export function ruleView(direction: DirectionInForce, mapping: MappingTable, statuses: Partial<Record<Side, SideStatusView>>): RuleView | undefined {
  if (direction.direction === 'off') return undefined;
  // Two-way sync: the rule of the side that changed last (its own row maps it to the other side).
  const source = direction.direction === 'both' ? newerSide(statuses) : SOURCE_SIDE[direction.direction];
  const from = statuses[source];
  if (!from) return undefined;
  const to = mapStatus(mapping, DIRECTION_FROM[source], from.key);
  return { from: { side: source, key: from.key }, to: to === null ? null : { side: otherSide(source), key: to } };
}

/** The side whose status was observed last (Aircall when neither or only it is known). */
function newerSide(statuses: Partial<Record<Side, SideStatusView>>): Side {
  return (statuses.zendesk?.observedAt ?? -Infinity) > (statuses.aircall?.observedAt ?? -Infinity) ? 'zendesk' : 'aircall';
}

/** Skips that re-check a change already handled: they do not replace the outcome of that change. */
const RECHECKS: readonly string[] = ['duplicate', 'stale', 'echo'] satisfies SkipReason[];

/**
 * The last thing the sync did for the agent, from its audit trail (newest first): a write, a failed write, or a
 * decision to skip. A re-check (duplicate, stale, echo) counts only when nothing else is in the trail.
 */
export function lastSyncView(trail: readonly AuditEntry[]): LastSyncView | undefined {
  const outcomes = trail.map(lastSyncOf).filter((v): v is LastSyncView => v !== undefined);
  return outcomes.find((v) => !(v.outcome === 'skipped' && RECHECKS.includes(v.reason ?? ''))) ?? outcomes[0];
}

function lastSyncOf(entry: AuditEntry): LastSyncView | undefined {
  switch (entry.kind) {
    case 'write': {
      const side = entry.detail?.side;
      const key = entry.detail?.status;
      const wrote = (side === 'aircall' || side === 'zendesk') && typeof key === 'string' ? { side: side as Side, key } : undefined;
      return { at: entry.at, outcome: 'written', ...(wrote && { wrote }) };
    }
    case 'write_failed':
    case 'rate_limited':
      return { at: entry.at, outcome: 'failed', reason: entry.reason ?? entry.kind };
    case 'decision':
      if (entry.decision !== 'skip' || !(SKIP_REASONS as readonly string[]).includes(entry.reason ?? '')) return undefined;
      return { at: entry.at, outcome: 'skipped', reason: entry.reason as SkipReason };
    default:
      return undefined;
  }
}

/** An audit entry as the admin sees it (details hold no secrets: the store redacts them on write). */
export function auditView(entry: AuditEntry): AuditEntryView {
  return {
    at: entry.at,
    agent: entry.agent,
    kind: entry.kind,
    ...(entry.decision !== undefined && { decision: entry.decision }),
    ...(entry.reason !== undefined && { reason: entry.reason }),
    ...(entry.detail !== undefined && { detail: entry.detail }),
  };
}

/**
 * Whether the agent changed the target side themselves after the last source change (kept until the next one), for
 * the top bar and the admin count; `undefined` when not, or with keepInStep or sync off.
 */
export function otherSideChange(
  direction: DirectionInForce,
  account: StoredAccount,
  echoWindowMs: number,
  email: string,
  state: AgentState,
): { side: Side; at: number } | undefined {
  // Two-way sync copies a change on either side: no side keeps a change the other does not follow.
  if (direction.direction === 'off' || direction.direction === 'both') return undefined;
  const settings = syncSettings(direction, account.mapping, echoWindowMs);
  return keptOnOtherSide(settings, newestChange(state, email, SOURCE_SIDE[direction.direction]), knowledgeFromState(state, true));
}
