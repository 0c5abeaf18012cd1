// Shared by both webhook receivers: dedupe, record the observation if newer, and queue the agent's sync.
import type { ObservedChange } from '../../shared/sync/types';
import type { EventRef, ObservedStatus, StoredAccount } from '../store/port';
import type { SyncDeps } from './deps';
import type { WebhookOutcome } from './webhook-response';

/**
 * The level-triggered step: the webhook only records what it saw and asks for the agent to be synced; the worker
 * brings the agent to the state the mapping requires. If queueing fails, the dedupe claim is released and the
 * error goes up, so the provider's retry is processed.
 */
export async function recordAndEnqueue(
  deps: SyncDeps,
  account: StoredAccount,
  event: Omit<EventRef, 'account'>,
  change: ObservedChange,
  observed: ObservedStatus,
): Promise<WebhookOutcome> {
  const ref: EventRef = { account: account.id, ...event };
  if (!(await deps.store.claimEvent(ref, deps.now()))) return { outcome: 'duplicate' };
  try {
    const newer = await deps.store.recordObservation(account.id, change.agent, change.side, observed);
    if (!newer) {
      await deps.store.appendAudit(
        account.id,
        change.agent,
        { kind: 'webhook_ignored', reason: 'stale', detail: { provider: event.provider, side: change.side, version: change.version } },
        deps.now(),
      );
      return { outcome: 'stale' };
    }
    await deps.queue.enqueueAgentSync({ account: account.id, agent: change.agent }, `${event.provider}:${account.id}:${event.key}`);
    return { outcome: 'accepted' };
  } catch (error) {
    await deps.store.releaseEvent(ref).catch(() => undefined);
    throw error;
  }
}
