// Shared by both webhook receivers: dedupe, record the observation if newer, queue the agent's sync; note health.
import { statusKey } from '../../shared/sync/mapping';
import type { ObservedChange, Side } from '../../shared/sync/types';
import type { AgentStateStore, AuditStore, DirectoryStore, EventDedupeStore, EventRef, HealthStore, ObservedStatus, StoredAccount } from '../store/port';
import type { SyncDeps } from './deps';
import type { WebhookOutcome } from './webhook-response';

/**
 * The level-triggered step: the webhook only records what it saw and asks for the agent to be synced; the worker
 * brings the agent to the state the mapping requires.
 *
 * The delivery is remembered (claimed) only once its work is done, so that nothing between recording and queueing
 * can lose it: if queueing fails, or the process dies in between, the provider's redelivery finds no claim, finds its
 * change already recorded (the same version and status), and queues the agent again. Queueing twice is harmless: the
 * queue drops a repeated dedupe id, and the worker skips a change already applied. An older change stays `stale`.
 */
/** The store ports a webhook receiver touches: links, dedupe, agent state, audit and health; never accounts or the bucket. */
export type WebhookStores = DirectoryStore & EventDedupeStore & AgentStateStore & AuditStore & HealthStore;

export async function recordAndEnqueue(
  deps: SyncDeps<EventDedupeStore & AgentStateStore & AuditStore>,
  account: StoredAccount,
  event: Omit<EventRef, 'account'>,
  change: ObservedChange,
  observed: ObservedStatus,
): Promise<WebhookOutcome> {
  const ref: EventRef = { account: account.id, ...event };
  if (await deps.store.eventSeen(ref, deps.now())) return { outcome: 'duplicate' };
  const recorded = await deps.store.recordObservation(account.id, change.agent, change.side, observed);
  if (!recorded && !(await alreadyRecorded(deps, account.id, change))) {
    await deps.store.appendAudit(
      account.id,
      change.agent,
      { kind: 'webhook_ignored', reason: 'stale', detail: { provider: event.provider, side: change.side, version: change.version } },
      deps.now(),
    );
    await deps.store.claimEvent(ref, deps.now());
    return { outcome: 'stale' };
  }
  await deps.queue.enqueueAgentSync({ account: account.id, agent: change.agent }, `${event.provider}:${account.id}:${event.key}`);
  await deps.store.claimEvent(ref, deps.now());
  return { outcome: 'accepted' };
}

/** Whether the stored observation is this very change (same version, same status): recorded, perhaps never queued. */
async function alreadyRecorded(deps: SyncDeps<AgentStateStore>, account: string, change: ObservedChange): Promise<boolean> {
  const stored = (await deps.store.getAgentState(account, change.agent)).observed[change.side];
  return stored !== undefined && stored.version === change.version && statusKey(change.side, stored.status) === statusKey(change.side, change.status);
}

/**
 * Runs a verified webhook's `work` while noting its arrival for the health view, in parallel: every authenticated
 * event counts (status, lifecycle, call or ignored), and the note costs the webhook no extra round trip.
 */
export async function withEventNoted(deps: SyncDeps<HealthStore>, account: string, side: Side, work: () => Promise<WebhookOutcome>): Promise<WebhookOutcome> {
  const [outcome] = await Promise.all([work(), noteEventReceived(deps, account, side)]);
  return outcome;
}

/** How often one process notes a side's last webhook per account: the admin view needs seconds, not every event. */
export const EVENT_NOTE_INTERVAL_MS = 5_000;
const lastNoted = new WeakMap<object, Map<string, number>>();

/**
 * Notes that a verified webhook from `side` arrived (the admin view's health), at most once per
 * `EVENT_NOTE_INTERVAL_MS` per account and side in this process. Never fails the webhook: a failure is logged.
 */
export async function noteEventReceived(deps: SyncDeps<HealthStore>, account: string, side: Side): Promise<void> {
  const now = deps.now();
  let noted = lastNoted.get(deps.store);
  if (!noted) {
    noted = new Map();
    lastNoted.set(deps.store, noted);
  }
  const key = `${account}#${side}`;
  const last = noted.get(key);
  if (last !== undefined && now - last < EVENT_NOTE_INTERVAL_MS && now >= last) return;
  noted.set(key, now);
  try {
    await deps.store.recordEventReceived(account, side, now);
  } catch (error) {
    noted.delete(key);
    deps.log.warn('could not note the webhook for the health view', { account, side, error: (error as Error).message });
  }
}
