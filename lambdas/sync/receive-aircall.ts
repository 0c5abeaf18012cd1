// Use case: an Aircall webhook arrives. Verify, parse, dedupe, record the newest status, ask for the agent's sync.
import { aircallEventOf, aircallObservedChange, verifyAircallToken, type AircallWebhookEvent } from '../aircall/webhook';
import { isTooFarAhead } from '../../shared/sync/clock';
import { ACCOUNT_WIDE, observationOf, type AuditStore, type StoredAccount } from '../store/port';
import { wipeSide } from '../onboarding/wipe';
import { verifyWithWebhookSecret } from '../credentials/webhook-secrets';
import { WebhookPayloadError } from '../webhooks/errors';
import { isJsonObject } from '../webhooks/fields';
import { rawBody } from '../webhooks/request';
import type { AccountCache } from './accounts';
import type { SyncDeps } from './deps';
import { requestDirectoryRefresh } from './directory-request';
import { recordAndEnqueue, withEventNoted, type WebhookStores } from './record';
import { noteCallSignal } from './call-signal';
import { unauthenticated, type WebhookOutcome, type WebhookRequest } from './webhook-response';

/**
 * Handles one Aircall delivery. Authenticity comes from the payload `token` (aircall-api.md §8.6): the body is
 * parsed as JSON first to read it, and nothing is written before it matches.
 */
export async function receiveAircallWebhook(deps: SyncDeps<WebhookStores>, accounts: AccountCache, request: WebhookRequest): Promise<WebhookOutcome> {
  const raw = rawBody(request);
  if (raw.length > deps.config.maxBodyBytes) return { outcome: 'too_large', detail: `body over ${deps.config.maxBodyBytes} bytes` };
  // Every failure to authenticate answers alike (webhook-response.ts): a body without a readable token too, since the
  // token is in the body (aircall-api.md §8.6), so a known and an unknown account cannot be told apart.
  const account = request.accountId ? await accounts.get(request.accountId, deps.now()) : undefined;
  if (!account) return unauthenticated('no such account');

  // Parsed once: the token is read from it, and the same object is then read as the event (aircallEventOf).
  let envelope: unknown;
  try {
    envelope = JSON.parse(raw.toString('utf8'));
  } catch {
    return unauthenticated('body is not JSON: no token to verify');
  }
  if (!isJsonObject(envelope)) return unauthenticated('body is not a JSON object: no token to verify');
  const token = envelope.token;
  if (token === undefined || token === null || token === '') return unauthenticated('token is missing');
  if (!(await verifyWithWebhookSecret(deps, account.id, 'aircall', deps.now(), (secret) => verifyAircallToken(token, secret))))
    return unauthenticated('token does not match');
  const ahead = aheadOfReceipt(envelope, deps.now());
  if (ahead !== undefined) return ahead;

  let event: AircallWebhookEvent;
  try {
    event = aircallEventOf(envelope);
  } catch (error) {
    if (error instanceof WebhookPayloadError) return { outcome: 'bad_request', detail: error.message };
    throw error;
  }
  return withEventNoted(deps, account.id, 'aircall', () => dispatch(deps, account, event).then((outcome) => afterWrapUp(deps, account, event, outcome)));
}

/**
 * Wrap-up also ends a call hold (call-aware status, issue 14 §1): noted once the availability_status the event carries
 * is recorded, so the hold's end sees it among the Aircall changes of the call.
 */
async function afterWrapUp(
  deps: SyncDeps<WebhookStores>,
  account: StoredAccount,
  event: AircallWebhookEvent,
  outcome: WebhookOutcome,
): Promise<WebhookOutcome> {
  if (event.kind === 'user_activity') await noteCallSignal(deps, account, event);
  return outcome;
}

async function dispatch(deps: SyncDeps<WebhookStores>, account: StoredAccount, event: AircallWebhookEvent): Promise<WebhookOutcome> {
  const now = deps.now();
  switch (event.kind) {
    case 'user_status':
    case 'user_activity': {
      // Wrap-up and connection events carry the user's availability_status when Aircall includes it: a change
      // caused by a call is then seen like a manual one.
      if (event.status === undefined) return ignore(deps, account, event.event, 'carries no availability_status');
      const email = event.user.email ?? (await deps.store.getLinkByAircallUser(account.id, event.user.id))?.email;
      if (email === undefined) return ignore(deps, account, event.event, `user ${event.user.id} has no email and no link`);
      const change = aircallObservedChange({ ...event, kind: 'user_status', event: 'user.opened', status: event.status }, email, now);
      return recordAndEnqueue(deps, account, { provider: 'aircall', key: event.dedupeKey }, change, observationOf(change));
    }
    case 'user_lifecycle': {
      // A user joined or left: rebuild the account's agent links, once for a storm of such events. The delivery is
      // claimed once its refresh is asked for, so a failure in between leaves the provider's retry to ask again.
      const ref = { account: account.id, provider: 'aircall', key: event.dedupeKey };
      if (await deps.store.eventSeen(ref, now)) return { outcome: 'duplicate' };
      const refresh = await requestDirectoryRefresh(deps, account.id, `aircall:${account.id}:${event.dedupeKey}`);
      await deps.store.claimEvent(ref, now);
      return { outcome: 'accepted', detail: refresh === 'queued' ? 'directory refresh queued' : 'directory refresh already pending' };
    }
    case 'call':
      // A call changes the live state (in_call, wrap-up), not availability_status; a status change a call causes
      // arrives as user.opened / user.closed. With call-aware status on, it starts or ends the agent's call hold.
      return (await noteCallSignal(deps, account, event)) ?? ignore(deps, account, event.event, 'call events do not change availability_status');
    case 'ignored':
      if (event.event === INTEGRATION_DELETED) return integrationDeleted(deps, account);
      return ignore(deps, account, event.event, event.reason);
  }
}

/** Aircall's uninstall event, sent to OAuth webhooks (aircall-api.md §2.2, onboarding.md §5). */
export const INTEGRATION_DELETED = 'integration.deleted';

/**
 * The admin uninstalled us in Aircall: the Aircall side is disconnected (issue 12). Local wipe only: the install, its
 * token and its webhooks are gone on Aircall's side, and this function holds no Aircall credential to call with.
 * Repeats are harmless (nothing left to wipe).
 */
async function integrationDeleted(deps: SyncDeps<WebhookStores>, account: StoredAccount): Promise<WebhookOutcome> {
  if (!deps.credentials) return ignore(deps, account, INTEGRATION_DELETED, 'no credential store to disconnect with');
  await wipeSide({ ...deps, credentials: deps.credentials }, account.id, 'aircall', deps.now(), { reason: INTEGRATION_DELETED });
  return { outcome: 'accepted', detail: 'Aircall side disconnected' };
}

async function ignore(deps: SyncDeps<AuditStore>, account: StoredAccount, event: string, reason: string): Promise<WebhookOutcome> {
  await deps.store.appendAudit(account.id, ACCOUNT_WIDE, { kind: 'webhook_ignored', reason, detail: { provider: 'aircall', event } }, deps.now());
  return { outcome: 'ignored', detail: reason };
}

/**
 * The refusal of a delivery whose envelope `timestamp` (UNIX seconds, aircall-api.md §8.2) lies too far after its
 * receipt: stored, it would outrank every real change until then. Checked on the envelope, before anything is stored
 * (even the health note), for every event; a missing or malformed timestamp is the parser's to report.
 */
function aheadOfReceipt(envelope: unknown, now: number): WebhookOutcome | undefined {
  const timestamp = (envelope as { timestamp?: unknown }).timestamp;
  if (typeof timestamp !== 'number' || !Number.isFinite(timestamp) || !isTooFarAhead(timestamp * 1000, now)) return undefined;
  return { outcome: 'too_far_ahead', detail: `timestamp is ${Math.round(timestamp - now / 1000)} s after its receipt` };
}
