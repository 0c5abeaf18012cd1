// Use case: the periodic sweep. Read both sides in bulk, record what webhooks missed, queue agents that are off.
import { aircallVersion } from '../../shared/sync/decide';
import { TARGET_SIDE, sourceSides, statusKey } from '../../shared/sync/mapping';
import type { AircallStatus, Side } from '../../shared/sync/types';
import type { ZendeskUnifiedStatus } from '../../shared/zendesk/vocabulary';
import type { ZendeskStatusPort } from '../zendesk/status-port';
import { sweepStatusPort, talkReadingVersion } from './talk-poll';
import {
  ACCOUNT_WIDE,
  type AccountStore,
  type AgentLink,
  type AgentState,
  type AgentStateStore,
  type AuditStore,
  type DirectoryStore,
  type ObservedStatus,
  type StatusModeStore,
  type StoredAccount,
} from '../store/port';
import { syncSettings } from '../../shared/sync/direction';
import { directionFor } from './direction';
import { decideForAgent } from './source-change';
import type { SyncDeps } from './deps';
import { connectionPause } from '../credentials/connection';
import { sweepCallHolds } from './call-hold';

export interface ReconcileResult {
  agents: number;
  /** Observations the sweep recorded because no webhook had brought them. */
  recorded: number;
  /** Source changes that no webhook had brought: recorded as changes, and synced. */
  missedChanges: number;
  /** Agents whose target side was changed by a person since the last source change: left as they are. */
  otherSideChanged: number;
  queued: number;
  /** Agents that need a write but were left for the next sweep to stay within the Aircall budget. */
  deferred: number;
  /** Set when the sweep did nothing because the account is paused (a side needs a reconnect). */
  paused?: 'needs_reconnect';
}

/**
 * The account upkeep the scheduled sweep runs once the installations are read (lambdas/onboarding/upkeep.ts:
 * webhooks healed, an app uninstalled for a day disconnected). Passed in by the reconcile handler, so the worker,
 * which also sweeps (a new direction's first period), bundles no webhook management, disconnect or sessions.
 */
export type AccountUpkeep = (account: StoredAccount) => Promise<{ disconnected?: true }>;

/** The sweep's default period: the backlog it queues is sized to what the Aircall budget can pay for within it. */
export const DEFAULT_RECONCILE_PERIOD_MS = 5 * 60_000;

interface Reading {
  /**
   * When the reads were sent. A reading is versioned by this time, never by when it is recorded: a change made
   * between the two reaches us by webhook with a newer version, and must not be overwritten by the older reading.
   */
  readAt: number;
  aircall: Map<string, AircallStatus>;
  zendesk: Map<string, ZendeskReading>;
}

/** One agent's Zendesk status as read. `at`: when it was set, by Zendesk's `updated_at` (never after the read). */
interface ZendeskReading {
  status: ZendeskUnifiedStatus;
  /** Absent for a Talk reading (issue 14 §3): a different status is then the next version after the stored one. */
  version?: number;
  at: number;
  reason?: string;
}

/**
 * Sweeps one account in the direction in force: it repairs missed source changes, not people's choices. It first
 * reads the app's installation settings again (the direction may just have changed: each agent then gets the new
 * direction's single initial sync), then both sides in bulk. A source status that differs from the newest one
 * recorded is a missed webhook: recorded as a new source change, and synced. A target that differs from the mapping
 * is recorded and counted (`otherSideChanged`), never written, unless `keepInStep` is on. With `read: false` it only
 * looks at what is stored (no API calls, the stored direction while fresh): used at start-up to re-queue agents whose
 * newest change was recorded but not yet synced. `upkeep` (the scheduled sweep's) runs after the installations are
 * read, only when reading; a disconnect ends the sweep there.
 *
 * Writes to Aircall spend the company's budget: the agents due are spread over the budget per minute
 * (`notBefore`), at most what the budget pays for in one `periodMs`; the rest is `deferred` to the next sweep.
 */
export async function reconcileAccount(
  deps: SyncDeps<AccountStore & DirectoryStore & AgentStateStore & AuditStore & StatusModeStore>,
  account: StoredAccount,
  options: { runId: string; read?: boolean; periodMs?: number; upkeep?: AccountUpkeep },
): Promise<ReconcileResult> {
  const result: ReconcileResult = { agents: 0, recorded: 0, missedChanges: 0, otherSideChanged: 0, queued: 0, deferred: 0 };
  // Paused while a side needs a reconnect: the sweep after it (onReconnected) replays what was missed.
  const paused = await connectionPause(deps, account.id);
  if (paused) {
    deps.log.warn('account paused: a connection needs a reconnect', { account: account.id, side: paused.side, since: paused.since });
    return { ...result, paused: 'needs_reconnect' };
  }
  const inForce = await directionFor(deps, account, deps.now(), { force: options.read !== false });
  // Issue 12: both webhooks present, active and ours (healed, audited); an app uninstalled for a day disconnects.
  if (options.read !== false && options.upkeep) {
    const upkeep = await options.upkeep(account);
    if (upkeep.disconnected) return result;
  }
  if (inForce.direction === 'off') return result;
  // Call-aware status (issue 14 §1): open call holds re-read against Aircall (stuck calls), capped; never fails the sweep.
  if (options.read !== false)
    await sweepCallHolds(deps, account, inForce).catch((error: Error) =>
      deps.log.warn('could not check the call holds', { account: account.id, error: error.message }),
    );
  const settings = syncSettings(inForce, account.mapping, deps.config.echoWindowMs);
  // Two-way sync (issue 14): both sides are sources, each change mapped by its own rows.
  const sources = sourceSides(inForce.direction);
  const links = await deps.store.listLinks(account.id);
  result.agents = links.length;
  if (links.length === 0) return result;
  // The Zendesk status mode is detected again on every reading sweep (issue 14 §3), then read through its port.
  // Without routing and with `talkAgentState` off (issue 14 §3): no port, no Talk read, and no Zendesk write queued.
  const port = options.read === false ? undefined : await sweepStatusPort(deps, account, links, inForce);
  const reading = options.read === false ? undefined : await readBothSides(deps, account, port, links);
  const zendeskOff = options.read !== false && port === undefined;

  const due: { link: AgentLink; initial: boolean }[] = [];
  for (const link of links) {
    const state = await deps.store.getAgentState(account.id, link.email);
    if (reading) {
      const recorded = await recordReading(deps, account, link, state, reading, sources);
      result.recorded += recorded.length;
      if (recorded.some((side) => sources.includes(side))) result.missedChanges++;
    }
    const decided = decideForAgent(settings, state, link.email, true);
    if (!decided) continue;
    const { change, decision } = decided;
    if (decision.action === 'write') {
      if (!(zendeskOff && decision.side === 'zendesk')) due.push({ link, initial: decision.initial !== undefined });
    }
    // With two-way sync that skip means the other side's newer change wins (and is synced): no one's change is kept.
    else if (decision.reason === 'changed_on_other_side' && inForce.direction !== 'both') result.otherSideChanged++;
    // An initial sync that finds the target already in state is done: record it, or a person's later change on the
    // target would count as still waiting for it.
    if (decision.action === 'skip' && decision.initial !== undefined) await deps.store.recordOutcome(account.id, link.email, change, decision, deps.now());
  }

  // Two-way writes may go to Aircall: spread them over its budget.
  const target = inForce.direction === 'both' ? 'aircall' : TARGET_SIDE[inForce.direction];
  const schedule = queueSchedule(account, target, due.length, deps.now(), options.periodMs ?? DEFAULT_RECONCILE_PERIOD_MS);
  // One SendMessageBatch per 10 agents, not one request per agent.
  await deps.queue.enqueueAgentSyncs(
    due.slice(0, schedule.length).map(({ link, initial }, i) => {
      const notBefore = schedule[i];
      return {
        message: { account: account.id, agent: link.email, ...(notBefore !== undefined && { notBefore }), ...(initial && { initial: true as const }) },
        dedupeId: `reconcile:${account.id}:${link.email}:${options.runId}`,
      };
    }),
  );
  result.queued = schedule.length;
  result.deferred = due.length - result.queued;
  await deps.store.appendAudit(account.id, ACCOUNT_WIDE, { kind: 'reconcile', detail: { ...result, read: options.read !== false } }, deps.now());
  return result;
}

/**
 * When each due agent may be synced. Zendesk's limits are far above the sweep's needs: all now. Aircall's budget is
 * per minute: the i-th agent not before `now + i × 60 s / budget`, and no more than the budget pays for in one
 * period (the next sweep queues the rest), so a backlog of N converges in about N ÷ budget minutes.
 */
function queueSchedule(account: StoredAccount, target: Side, wanted: number, now: number, periodMs: number): (number | undefined)[] {
  if (target !== 'aircall') return Array.from({ length: wanted }, () => undefined);
  const perMinute = account.aircall.rateLimitPerMinute;
  const slots = Math.min(wanted, Math.max(1, Math.floor((perMinute * periodMs) / 60_000)));
  return Array.from({ length: slots }, (_, i) => (i === 0 ? undefined : now + Math.floor((i * 60_000) / perMinute)));
}

async function readBothSides(
  deps: SyncDeps<AccountStore>,
  account: StoredAccount,
  port: ZendeskStatusPort | undefined,
  links: readonly AgentLink[],
): Promise<Reading> {
  const readAt = deps.now();
  const [users, statuses] = await Promise.all([
    deps.clients.aircall(account).listUsers(),
    port ? port.readStatuses(links.map((l) => l.zendeskUserId)) : new Map<string, never>(),
  ]);
  const aircall = new Map(
    users.map((u) => [String(u.id), { availabilityStatus: u.availabilityStatus, ...(u.substatus && { substatus: u.substatus }) } as AircallStatus]),
  );
  const zendesk = new Map<string, ZendeskReading>();
  // Unified: agents without a unified status are left out by the port (zendesk-api.md §4.3). Talk: no version.
  for (const [agentId, read] of statuses) {
    zendesk.set(agentId, {
      status: read.status,
      ...(read.version !== undefined && { version: read.version }),
      at: Math.min(read.setAt ?? readAt, readAt),
      ...(read.reason !== undefined && { reason: read.reason }),
    });
  }
  return { readAt, aircall, zendesk };
}

/**
 * Records each side's status as read when it differs from what is stored; updates `state` in place and returns the
 * sides recorded. On the source side only a different status counts (a missed change): a newer version of the same
 * status is no change, and recording it would re-apply the source over a person's choice on the target.
 */
async function recordReading(
  deps: SyncDeps<AgentStateStore>,
  account: StoredAccount,
  link: AgentLink,
  state: AgentState,
  reading: Reading,
  sources: readonly Side[],
): Promise<Side[]> {
  const at = reading.readAt;
  const recorded: Side[] = [];
  const aircall = reading.aircall.get(link.aircallUserId);
  const storedAircall = state.observed.aircall?.status;
  if (
    aircall &&
    !(sources.includes('aircall')
      ? storedAircall !== undefined && statusKey('aircall', storedAircall) === statusKey('aircall', aircall)
      : sameAircall(storedAircall, aircall))
  ) {
    // A read has no Aircall version: the time the read was sent orders it (a late webhook from before it is stale).
    const observed: ObservedStatus<'aircall'> = { status: aircall, version: aircallVersion(Math.floor(at / 1000), aircall, at), observedAt: at, reading: true };
    if (await deps.store.recordObservation(account.id, link.email, 'aircall', observed)) {
      note(state, 'aircall', observed);
      recorded.push('aircall');
    }
  }
  const zendesk = reading.zendesk.get(link.zendeskUserId);
  const stored = state.observed.zendesk;
  const differs = !stored || statusKey('zendesk', stored.status) !== statusKey('zendesk', zendesk?.status ?? stored.status);
  const version = zendesk?.version ?? talkReadingVersion(stored, differs);
  if (zendesk && version !== undefined && (!stored || version > stored.version) && (!sources.includes('zendesk') || differs)) {
    // Ordered by when Zendesk says the status was set: a person's change whose webhook was lost is then seen as
    // older than a later source change, which must still land (not as the person's choice made after it).
    const observed: ObservedStatus<'zendesk'> = {
      status: zendesk.status,
      version,
      observedAt: zendesk.at,
      reading: true,
      ...(zendesk.reason !== undefined && { reason: zendesk.reason }),
    };
    if (await deps.store.recordObservation(account.id, link.email, 'zendesk', observed)) {
      note(state, 'zendesk', observed);
      recorded.push('zendesk');
    }
  }
  return recorded;
}

function note(state: AgentState, side: Side, observed: ObservedStatus): void {
  (state.observed as Record<Side, ObservedStatus>)[side] = observed;
}

function sameAircall(a: AircallStatus | undefined, b: AircallStatus): boolean {
  return a !== undefined && statusKey('aircall', a) === statusKey('aircall', b) && (a.substatus?.kind === 'reason') === (b.substatus?.kind === 'reason');
}
