// Shared by both webhook receivers: dedupe, record the observation if newer, queue the agent's sync; note health.
import { isEchoOfOwnWrite, isTwoWayEcho } from '../../shared/sync/decide';
import { TARGET_SIDE } from '../../shared/sync/mapping';
import type { ObservedChange, Side } from '../../shared/sync/types';
import { knowledgeFromState } from '../store/knowledge';
import type {
  AgentState,
  AgentStateStore,
  AuditStore,
  DirectoryStore,
  EventDedupeStore,
  EventRef,
  HealthStore,
  ObservedStatus,
  StoredAccount,
} from '../store/port';
import { view } from './direction-view';
import type { SyncDeps } from './deps';
import type { WebhookOutcome } from './webhook-response';

/**
 * The level-triggered step: the webhook only records what it saw and asks for the agent to be synced; the worker
 * brings the agent to the state the mapping requires.
 *
 * One conditional write records the change and dedupes the delivery (`recordChange`: the version, and the event key
 * on the agent's state item), and returns the state it leaves. Our own write coming back (the core's
 * `isEchoOfOwnWrite`, on the direction the edge knows) is recorded and answered without queueing: the worker would
 * only skip it. A possible echo that cannot be told (no journal yet, or the direction unknown here) goes through.
 *
 * Nothing is claimed on the first delivery: the worker's outcome write marks the change it acted on taken. A redelivery of the stored
 * change finds it taken (or claimed by an earlier redelivery): a duplicate; else it was recorded but perhaps never
 * queued (the enqueue failed, or the process died in between), so it is queued again and claimed. Queueing twice is
 * harmless: the queue drops a repeated dedupe id, and the worker skips a change already applied. An older change
 * stays `stale`.
 */
/** The store ports a webhook receiver touches: links, dedupe, agent state, audit and health; never accounts or the bucket. */
export type WebhookStores = DirectoryStore & EventDedupeStore & AgentStateStore & AuditStore & HealthStore;

/** The answer's detail when a delivery is our own write coming back. */
export const ECHO_DETAIL = 'echo of our own write: recorded, not queued';

export async function recordAndEnqueue(
  deps: SyncDeps<EventDedupeStore & AgentStateStore & AuditStore>,
  account: StoredAccount,
  event: Omit<EventRef, 'account'>,
  change: ObservedChange,
  observed: ObservedStatus,
): Promise<WebhookOutcome> {
  const ref: EventRef = { account: account.id, ...event };
  const dedupeId = `${event.provider}:${account.id}:${event.key}`;
  const result = await deps.store.recordChange(account.id, change.agent, change.side, observed, event.key);
  if (result.recorded) {
    if (isOwnEcho(deps, account, change, result.state)) return { outcome: 'accepted', detail: ECHO_DETAIL };
    await deps.queue.enqueueAgentSync({ account: account.id, agent: change.agent }, dedupeId);
    return { outcome: 'accepted' };
  }
  if (result.sameEvent) {
    if (result.taken || isOwnEcho(deps, account, change, result.state) || (await deps.store.eventSeen(ref, deps.now()))) return { outcome: 'duplicate' };
    await deps.queue.enqueueAgentSync({ account: account.id, agent: change.agent }, dedupeId);
    await deps.store.claimEvent(ref, deps.now());
    return { outcome: 'accepted' };
  }
  if (await deps.store.eventSeen(ref, deps.now())) return { outcome: 'duplicate' };
  await deps.store.appendAudit(
    account.id,
    change.agent,
    { kind: 'webhook_ignored', reason: 'stale', detail: { provider: event.provider, side: change.side, version: change.version } },
    deps.now(),
  );
  await deps.store.claimEvent(ref, deps.now());
  return { outcome: 'stale' };
}

/**
 * Whether a recorded change is our own write coming back, by the core's rule, and on a side the worker would never
 * act on for it: the target of the direction this process knows for the account (or either side, two-way). On a
 * source side the same value may be a person's real change after a direction switch, so it goes through.
 */
function isOwnEcho(deps: SyncDeps<object>, account: StoredAccount, change: ObservedChange, state: AgentState): boolean {
  const direction = account.directionSnapshot ? view(account.directionSnapshot, account).direction : account.direction;
  const actsOn = direction === 'both' || (direction !== 'off' && TARGET_SIDE[direction] === change.side);
  if (!actsOn) return false;
  // Two-way sync's echo rule is stricter (the write journal's version and stamp, issue 14): the worker's own.
  return (direction === 'both' ? isTwoWayEcho : isEchoOfOwnWrite)(change, knowledgeFromState(state, true), deps.config.echoWindowMs);
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
