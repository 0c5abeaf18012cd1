// Use case: a Zendesk webhook arrives. Verify the signature, parse, dedupe, record the newest status, queue the agent.
import { isTooFarAhead } from '../../shared/sync/clock';
import { emptyCatalog } from '../../shared/zendesk/vocabulary';
import { ACCOUNT_WIDE, observationOf, type AccountStore, type StatusModeStore, type StoredAccount } from '../store/port';
import { verifyWithWebhookSecret } from '../credentials/webhook-secrets';
import { WebhookPayloadError } from '../webhooks/errors';
import { headerValue, rawBody } from '../webhooks/request';
import {
  ZENDESK_SIGNATURE_HEADER,
  ZENDESK_SIGNATURE_TIMESTAMP_HEADER,
  parseZendeskWebhook,
  verifyZendeskSignature,
  zendeskObservedChange,
  type ZendeskSignatureResult,
  type ZendeskWebhookEvent,
} from '../zendesk/webhook';
import type { AccountCache } from './accounts';
import type { SyncDeps } from './deps';
import { linkByZendeskUser } from './link-cache';
import { recordAndEnqueue, withEventNoted, type WebhookStores } from './record';
import { receiveRoutingChange } from './routing-change';
import { ROUTING_FEATURE_CHANGED } from '../zendesk/routing-event';
import { unauthenticated, type WebhookOutcome, type WebhookRequest } from './webhook-response';

/** Handles one Zendesk delivery, signed with the webhook's secret (zendesk-api.md §9.7). */
export async function receiveZendeskWebhook(
  deps: SyncDeps<WebhookStores & AccountStore & StatusModeStore>,
  accounts: AccountCache,
  request: WebhookRequest,
): Promise<WebhookOutcome> {
  const raw = rawBody(request);
  if (raw.length > deps.config.maxBodyBytes) return { outcome: 'too_large', detail: `body over ${deps.config.maxBodyBytes} bytes` };
  // Every failure to authenticate answers alike (webhook-response.ts), so a known and an unknown account cannot be told apart.
  const account = request.accountId ? await accounts.get(request.accountId, deps.now()) : undefined;
  if (!account) return unauthenticated('no such account');

  // The signing secret comes only from its sealed item (lambdas/credentials); the last verdict is the one reported.
  // No stored secret: as a wrong signature (every refusal answers alike).
  const last: { verdict: ZendeskSignatureResult } = { verdict: { ok: false, reason: 'bad_signature' } };
  const signature = headerValue(request.headers, ZENDESK_SIGNATURE_HEADER);
  const timestamp = headerValue(request.headers, ZENDESK_SIGNATURE_TIMESTAMP_HEADER);
  await verifyWithWebhookSecret(deps, account.id, 'zendesk', deps.now(), (secret) => {
    last.verdict = verifyZendeskSignature({
      rawBody: raw,
      signature,
      timestamp,
      secret,
      now: deps.now(),
      toleranceMs: deps.config.zendeskSignatureToleranceMs,
    });
    return last.verdict.ok;
  });
  const verdict = last.verdict;
  if (!verdict.ok) return unauthenticated(verdict.reason === 'missing_signature' ? 'signature headers are missing' : `signature rejected (${verdict.reason})`);
  // Which signed order matched (zendesk-api.md §9.7 is UNCONFIRMED on it; see verifyZendeskSignature).
  deps.log.debug('zendesk webhook signature verified', { account: account.id, order: verdict.order });

  let event: ZendeskWebhookEvent;
  try {
    event = parseZendeskWebhook(raw.toString('utf8'));
  } catch (error) {
    if (error instanceof WebhookPayloadError) return { outcome: 'bad_request', detail: error.message };
    throw error;
  }
  const ahead = aheadOfReceipt(event, deps.now());
  if (ahead !== undefined) return ahead;
  // Omnichannel routing switched on or off: the account's status mode follows (issue 14 §3).
  if (event.kind === 'ignored' && event.type === ROUTING_FEATURE_CHANGED)
    return withEventNoted(deps, account.id, 'zendesk', () => receiveRoutingChange(deps, account, raw.toString('utf8')));
  return withEventNoted(deps, account.id, 'zendesk', () => dispatch(deps, account, event));
}

/**
 * The refusal of a status event whose time lies too far after its receipt, before anything is stored. `detail.version`
 * is a per-agent counter, not a time (zendesk-api.md §9.4), so no bound applies to it; the event's time (as
 * `zendeskObservedChange` reads it) is what orders it against our writes.
 */
function aheadOfReceipt(event: ZendeskWebhookEvent, now: number): WebhookOutcome | undefined {
  if (event.kind !== 'unified_state_changed') return undefined;
  const at = zendeskObservedChange(event, { catalog: emptyCatalog(), agent: '', receivedAt: now }).observedAt;
  if (!isTooFarAhead(at, now)) return undefined;
  return { outcome: 'too_far_ahead', detail: `event time is ${Math.round((at - now) / 1000)} s after its receipt` };
}

/**
 * Audits an ignored delivery once per event id: a replay of it (a redelivery, or someone holding a captured signed
 * delivery within the signature's 5 minutes) is a duplicate and appends nothing (issue 13's fuzz suite, class "replays").
 */
async function ignoreOnce(
  deps: SyncDeps<WebhookStores>,
  account: StoredAccount,
  id: string | undefined,
  reason: string,
  detail: Record<string, string>,
): Promise<WebhookOutcome> {
  if (id !== undefined && !(await deps.store.claimEvent({ account: account.id, provider: 'zendesk', key: id }, deps.now()))) return { outcome: 'duplicate' };
  await deps.store.appendAudit(account.id, ACCOUNT_WIDE, { kind: 'webhook_ignored', reason, detail: { provider: 'zendesk', ...detail } }, deps.now());
  return { outcome: 'ignored', detail: reason };
}

async function dispatch(deps: SyncDeps<WebhookStores>, account: StoredAccount, event: ZendeskWebhookEvent): Promise<WebhookOutcome> {
  if (event.kind !== 'unified_state_changed') {
    // Per-channel states follow the unified status under omnichannel routing; the unified event is the one synced.
    const what = event.kind === 'ignored' ? event.type : `agent.state_changed (${event.channel})`;
    const reason = event.kind === 'ignored' ? event.reason : 'per-channel state: the unified status is what syncs';
    return ignoreOnce(deps, account, event.id, reason, { event: what });
  }
  // Cached per process (link-cache.ts): the link is read for every delivery, our own echoes included.
  const link = await linkByZendeskUser(deps, account.id, event.agentId, deps.now());
  if (!link) return ignoreOnce(deps, account, event.id, 'agent_not_linked', { zendeskUserId: event.agentId });
  const change = zendeskObservedChange(event, {
    catalog: account.statusCatalog ?? emptyCatalog(),
    agent: link.email,
    receivedAt: deps.now(),
  });
  return recordAndEnqueue(deps, account, { provider: 'zendesk', key: event.id }, change, observationOf(change));
}
