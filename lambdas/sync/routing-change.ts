// Use case: Zendesk says omnichannel routing was switched on or off (issue 14 §3). The status mode follows at once, so
// the next write goes through the new API (lambdas/sync/status-mode.ts); the sweep confirms it by reading.
import type { AccountStore, AuditStore, EventDedupeStore, StatusModeStore, StoredAccount } from '../store/port';
import { WebhookPayloadError } from '../webhooks/errors';
import { parseRoutingFeatureChanged } from '../zendesk/routing-event';
import type { SyncDeps } from './deps';
import { applyRoutingEvent } from './status-mode-adopt';
import type { WebhookOutcome } from './webhook-response';

/** Handles a verified routing event: once per event id; a bad body is a 400 that changes nothing. */
export async function receiveRoutingChange(
  deps: SyncDeps<AccountStore & AuditStore & StatusModeStore & EventDedupeStore>,
  account: StoredAccount,
  raw: string,
): Promise<WebhookOutcome> {
  let parsed: ReturnType<typeof parseRoutingFeatureChanged>;
  try {
    parsed = parseRoutingFeatureChanged(raw);
  } catch (error) {
    if (error instanceof WebhookPayloadError) return { outcome: 'bad_request', detail: error.message };
    throw error;
  }
  const ref = { account: account.id, provider: 'zendesk', key: parsed.id };
  if (await deps.store.eventSeen(ref, deps.now())) return { outcome: 'duplicate' };
  // Ordered by the event's time (never after its receipt), so a later sweep's detection is newer than it.
  await applyRoutingEvent(deps, account, parsed.routingOn, Math.min(parsed.at ?? deps.now(), deps.now()));
  await deps.store.claimEvent(ref, deps.now());
  return { outcome: 'accepted' };
}
