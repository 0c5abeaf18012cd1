// Use case: the periodic sweep. Read both sides in bulk, record what webhooks missed, queue agents that are off.
import { aircallVersion, decide, type SyncSettings } from '../../shared/sync/decide';
import { SOURCE_SIDE, TARGET_SIDE, statusKey } from '../../shared/sync/mapping';
import type { AircallStatus, ObservedChange, Side, SyncDirection } from '../../shared/sync/types';
import { resolveUnifiedStatus, type ZendeskUnifiedStatus } from '../../shared/zendesk/vocabulary';
import { knowledgeFromState } from '../store/knowledge';
import { ACCOUNT_WIDE, type AgentLink, type AgentState, type ObservedStatus, type StoredAccount } from '../store/port';
import { directionFor } from './app-settings';
import { statusCatalog } from './catalog';
import type { SyncDeps } from './deps';

export interface ReconcileResult {
  agents: number;
  /** Observations the sweep recorded because no webhook had brought them. */
  recorded: number;
  queued: number;
  /** Agents that need a write but were left for the next sweep to stay within the Aircall budget. */
  deferred: number;
}

interface Reading {
  /**
   * When the reads were sent. A reading is versioned by this time, never by when it is recorded: a change made
   * between the two reaches us by webhook with a newer version, and must not be overwritten by the older reading.
   */
  readAt: number;
  aircall: Map<string, AircallStatus>;
  zendesk: Map<string, { status: ZendeskUnifiedStatus; version: number }>;
}

/**
 * Sweeps one account in the direction in force. It first reads the app's installation settings again (the
 * direction may just have changed: the sweep then brings every agent to the new direction's state). With
 * `read: false` it only looks at what is stored (no API calls, the stored direction while fresh): used at start-up to
 * re-queue agents whose newest change was recorded but not yet synced.
 */
export async function reconcileAccount(deps: SyncDeps, account: StoredAccount, options: { runId: string; read?: boolean }): Promise<ReconcileResult> {
  const result: ReconcileResult = { agents: 0, recorded: 0, queued: 0, deferred: 0 };
  const { direction } = await directionFor(deps, account, deps.now(), { force: options.read !== false });
  if (direction === 'off') return result;
  const settings: SyncSettings = { direction, mapping: account.mapping, echoWindowMs: deps.config.echoWindowMs };
  const links = await deps.store.listLinks(account.id);
  result.agents = links.length;
  if (links.length === 0) return result;
  const reading = options.read === false ? undefined : await readBothSides(deps, account);

  const due: AgentLink[] = [];
  for (const link of links) {
    const state = await deps.store.getAgentState(account.id, link.email);
    if (reading) result.recorded += await recordReading(deps, account, link, state, reading);
    const source = SOURCE_SIDE[direction];
    const observed = state.observed[source];
    if (!observed) continue;
    const change = { side: source, agent: link.email, status: observed.status, version: observed.version, observedAt: observed.observedAt } as ObservedChange;
    if (decide(settings, change, knowledgeFromState(state, true)).action === 'write') due.push(link);
  }

  const allowance = await queueAllowance(deps, account, direction, due.length);
  for (const link of due.slice(0, allowance)) {
    await deps.queue.enqueueAgentSync({ account: account.id, agent: link.email }, `reconcile:${account.id}:${link.email}:${options.runId}`);
  }
  result.queued = Math.min(allowance, due.length);
  result.deferred = due.length - result.queued;
  await deps.store.appendAudit(account.id, ACCOUNT_WIDE, { kind: 'reconcile', detail: { ...result, read: options.read !== false } }, deps.now());
  return result;
}

// Writes to Aircall spend the company's budget: queue no more agents than the bucket can pay for now.
async function queueAllowance(deps: SyncDeps, account: StoredAccount, direction: SyncDirection, wanted: number): Promise<number> {
  if (direction === 'off' || TARGET_SIDE[direction] !== 'aircall') return wanted;
  const level = await deps.store.bucketLevel(account.id, account.aircall.rateLimitPerMinute, deps.now());
  return Math.min(wanted, Math.max(1, Math.floor(level.tokens)));
}

async function readBothSides(deps: SyncDeps, account: StoredAccount): Promise<Reading> {
  const readAt = deps.now();
  const [users, availabilities, catalog] = await Promise.all([
    deps.clients.aircall(account).listUsers(),
    deps.clients.zendesk(account).listAvailabilities(),
    statusCatalog(deps, account),
  ]);
  const aircall = new Map(users.map((u) => [String(u.id), { availabilityStatus: u.availabilityStatus, ...(u.substatus && { substatus: u.substatus }) } as AircallStatus]));
  const zendesk = new Map<string, { status: ZendeskUnifiedStatus; version: number }>();
  for (const a of availabilities) {
    // An account without omnichannel routing returns no unified status (zendesk-api.md §4.3): nothing to record.
    if (a.statusId === undefined) continue;
    const status = resolveUnifiedStatus(catalog, { id: a.statusId, ...(a.statusName !== undefined && { name: a.statusName }) });
    zendesk.set(a.agentId, { status, version: a.version });
  }
  return { readAt, aircall, zendesk };
}

/** Records each side's status as read when it differs from what is stored; updates `state` in place. */
async function recordReading(deps: SyncDeps, account: StoredAccount, link: AgentLink, state: AgentState, reading: Reading): Promise<number> {
  const at = reading.readAt;
  let recorded = 0;
  const aircall = reading.aircall.get(link.aircallUserId);
  if (aircall && !sameAircall(state.observed.aircall?.status, aircall)) {
    // A read has no Aircall version: the time the read was sent orders it (a late webhook from before it is stale).
    const observed: ObservedStatus<'aircall'> = { status: aircall, version: aircallVersion(Math.floor(at / 1000), aircall, at), observedAt: at, reading: true };
    if (await deps.store.recordObservation(account.id, link.email, 'aircall', observed)) {
      note(state, 'aircall', observed);
      recorded++;
    }
  }
  const zendesk = reading.zendesk.get(link.zendeskUserId);
  const stored = state.observed.zendesk;
  if (zendesk && (!stored || zendesk.version > stored.version)) {
    const observed: ObservedStatus<'zendesk'> = { status: zendesk.status, version: zendesk.version, observedAt: at, reading: true };
    if (await deps.store.recordObservation(account.id, link.email, 'zendesk', observed)) {
      note(state, 'zendesk', observed);
      recorded++;
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
