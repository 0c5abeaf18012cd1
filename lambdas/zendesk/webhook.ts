// Zendesk webhooks: HMAC signature verification and a typed, validated parser for agent status events (zendesk-api.md §9).
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ObservedChange } from '../../shared/sync/types';
import { normalizeZendeskReason, resolveUnifiedStatus, type ZendeskStatusCatalog, type ZendeskStatusReason } from '../../shared/zendesk/vocabulary';
import { FieldReader, jsonType, parseJsonObject, quote, type JsonObject } from '../webhooks/fields';

export { WebhookPayloadError } from '../webhooks/errors';
export { rawBody, headerValue } from '../webhooks/request';

// ---------------------------------------------------------------------------------------------------------------
// Verification

/** Header names as API Gateway HTTP APIs deliver them (lower case); look them up with `headerValue`. */
export const ZENDESK_SIGNATURE_HEADER = 'x-zendesk-webhook-signature';
export const ZENDESK_SIGNATURE_TIMESTAMP_HEADER = 'x-zendesk-webhook-signature-timestamp';
export const DEFAULT_ZENDESK_SIGNATURE_TOLERANCE_MS = 300_000;

export type ZendeskSignatureFailure = 'missing_signature' | 'bad_signature' | 'stale_timestamp' | 'bad_timestamp';
/** Which signed text matched (§9.7): the current docs' TIMESTAMP + BODY, or the older page's BODY + TIMESTAMP. */
export type ZendeskSignatureOrder = 'timestamp_body' | 'body_timestamp';
export type ZendeskSignatureResult = { ok: true; order: ZendeskSignatureOrder } | { ok: false; reason: ZendeskSignatureFailure };

export interface ZendeskSignatureInput {
  /** The request body exactly as received (see `rawBody`). */
  rawBody: Buffer | string;
  /** `x-zendesk-webhook-signature`. */
  signature: string | undefined;
  /** `x-zendesk-webhook-signature-timestamp`, as sent (ISO-8601 text). */
  timestamp: string | undefined;
  /** The webhook's signing secret. */
  secret: string;
  /** Epoch ms. */
  now: number;
  /** Largest distance of the timestamp from `now`, either way. Default 5 minutes. */
  toleranceMs?: number;
}

const SIGNATURE_BYTES = 32; // SHA-256
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Verifies a Zendesk webhook delivery (zendesk-api.md §9.7): the signature header must be
 * base64(HMAC-SHA256(secret, TIMESTAMP + BODY)) or base64(HMAC-SHA256(secret, BODY + TIMESTAMP)), where TIMESTAMP is
 * the timestamp header's text as sent and BODY the raw body bytes, compared in constant time; and the timestamp must
 * lie within `toleranceMs` of `now`, either way (Zendesk documents no replay window: ±5 minutes is our choice, §9.7).
 *
 * Order, UNCONFIRMED (§9.7, issue 11): the current docs say TIMESTAMP + BODY; the only published test vector (the
 * older "event connectors" page) verifies only as BODY + TIMESTAMP. Both are accepted, and `order` says which matched.
 * This is safe: the two texts cannot be confused. A JSON body ends in `}` and starts with `{`, while a timestamp
 * never ends in `}` (nor starts with `{`), so no (timestamp, body) pair signed in one order equals a different pair
 * in the other order; a forger still needs the secret for either.
 *
 * Key handling, UNCONFIRMED by Zendesk's text (§9.7): the secret is used as a raw UTF-8 HMAC key, NOT base64-decoded
 * although it looks like base64, as in n8n's and zendesk-go's verifiers. Keep that choice here and nowhere else.
 * An empty secret never verifies (fail closed).
 *
 * Checks run in this order: headers present, timestamp well-formed, signature, then freshness; so
 * `stale_timestamp` only ever reports an authentic but old (or early) delivery.
 *
 * @example
 * verifyZendeskSignature({ rawBody: rawBody(event), signature: headerValue(event.headers, ZENDESK_SIGNATURE_HEADER),
 *   timestamp: headerValue(event.headers, ZENDESK_SIGNATURE_TIMESTAMP_HEADER), secret, now: Date.now() }) // { ok: true }
 */
export function verifyZendeskSignature(input: ZendeskSignatureInput): ZendeskSignatureResult {
  const { signature, timestamp, secret, now, toleranceMs = DEFAULT_ZENDESK_SIGNATURE_TOLERANCE_MS } = input;
  if (signature === undefined || signature.trim() === '' || timestamp === undefined || timestamp.trim() === '') {
    return { ok: false, reason: 'missing_signature' };
  }
  const signedAt = ISO_8601.test(timestamp.trim()) ? Date.parse(timestamp.trim()) : Number.NaN;
  if (Number.isNaN(signedAt)) return { ok: false, reason: 'bad_timestamp' };
  if (secret === '') return { ok: false, reason: 'bad_signature' };

  const body = typeof input.rawBody === 'string' ? Buffer.from(input.rawBody, 'utf8') : input.rawBody;
  const key = Buffer.from(secret, 'utf8');
  // The timestamp is signed as sent (untrimmed): any change to it must break the signature.
  const timestampFirst = createHmac('sha256', key).update(timestamp, 'utf8').update(body).digest();
  const bodyFirst = createHmac('sha256', key).update(body).update(timestamp, 'utf8').digest();
  const given = Buffer.from(signature.trim(), 'base64');
  if (given.length !== SIGNATURE_BYTES) return { ok: false, reason: 'bad_signature' };
  // Both comparisons always run, each in constant time: the time taken says nothing about which order matched.
  const matchesTimestampFirst = timingSafeEqual(given, timestampFirst);
  const matchesBodyFirst = timingSafeEqual(given, bodyFirst);
  if (!matchesTimestampFirst && !matchesBodyFirst) return { ok: false, reason: 'bad_signature' };

  if (Math.abs(now - signedAt) > toleranceMs) return { ok: false, reason: 'stale_timestamp' };
  return { ok: true, order: matchesTimestampFirst ? 'timestamp_body' : 'body_timestamp' };
}

// ---------------------------------------------------------------------------------------------------------------
// Parsed events

export const ZENDESK_UNIFIED_STATE_CHANGED = 'zen:event-type:agent.unified_state_changed';
export const ZENDESK_STATE_CHANGED = 'zen:event-type:agent.state_changed';

export { ZENDESK_STATUS_REASONS, isZendeskStatusReason, normalizeZendeskReason, type ZendeskStatusReason } from '../../shared/zendesk/vocabulary';

/** A unified status as an event names it. `id` is a decimal string: compare ids as strings (§9.4). */
export interface ZendeskUnifiedStateRef {
  id: string;
  name: string;
  /** Absent when the event carries no reason. */
  reason?: ZendeskStatusReason;
}

interface ZendeskAgentEnvelope {
  /** The event id (ULID-like): the dedupe key. */
  id: string;
  /** The Zendesk account id, as a decimal string. */
  accountId: string;
  /** The agent's Zendesk user id, as a decimal string. Not the email: resolve it through the directory. */
  agentId: string;
  /** `detail.version`: increases per agent; orders the agent's changes (§9.8). */
  version: number;
  /** `event.updated_at` as sent, when present. */
  updatedAt?: string;
  /** The envelope's `time` as sent. */
  time: string;
}

/** `zen:event-type:agent.unified_state_changed`. */
export interface ZendeskUnifiedStateChangedEvent extends ZendeskAgentEnvelope {
  kind: 'unified_state_changed';
  newState: ZendeskUnifiedStateRef;
  previousState?: ZendeskUnifiedStateRef;
}

/** `zen:event-type:agent.state_changed`: one channel's state (`online`, `away`, `transfers_only`, `offline`), as sent. */
export interface ZendeskStateChangedEvent extends ZendeskAgentEnvelope {
  kind: 'state_changed';
  /** `messaging`, `support` or `talk` (§4.1), as sent. */
  channel: string;
  newState: string;
  previousState?: string;
}

/** Any other event type. Not an error: answer 2xx and drop it. */
export interface ZendeskIgnoredEvent {
  kind: 'ignored';
  type: string;
  id?: string;
  reason: string;
}

export type ZendeskWebhookEvent = ZendeskUnifiedStateChangedEvent | ZendeskStateChangedEvent | ZendeskIgnoredEvent;

// ---------------------------------------------------------------------------------------------------------------
// Parsing

/**
 * Parses a Zendesk webhook body (the raw request text) into a typed event (envelope: zendesk-api.md §9.3). Unknown
 * event types come back as `{ kind: 'ignored' }`; a body that is not JSON, an envelope without `type`, or a known
 * event with a missing or invalid field throws a `WebhookPayloadError` naming the field.
 *
 * @example parseZendeskWebhook(body) // { kind: 'unified_state_changed', agentId: '10011', version: 3, newState: { id: '3', name: 'online', reason: 'AGENT_STATUS_SWITCHER' }, … }
 */
export function parseZendeskWebhook(raw: string): ZendeskWebhookEvent {
  const body = parseJsonObject(raw, 'zendesk', 'Zendesk webhook');
  const type = new FieldReader('zendesk', 'Zendesk webhook').string(body.type, 'type');

  if (type === ZENDESK_UNIFIED_STATE_CHANGED) {
    const { reader, envelope, event } = readAgentEnvelope(body, type);
    const parsed: ZendeskUnifiedStateChangedEvent = {
      kind: 'unified_state_changed',
      ...envelope,
      newState: readUnifiedState(reader, event.new_unified_state, 'event.new_unified_state'),
    };
    if (!reader.isMissing(event.previous_unified_state)) {
      parsed.previousState = readUnifiedState(reader, event.previous_unified_state, 'event.previous_unified_state');
    }
    return parsed;
  }
  if (type === ZENDESK_STATE_CHANGED) {
    const { reader, envelope, event } = readAgentEnvelope(body, type);
    const parsed: ZendeskStateChangedEvent = {
      kind: 'state_changed',
      ...envelope,
      channel: reader.string(event.channel, 'event.channel'),
      newState: reader.string(event.new_state, 'event.new_state'),
    };
    const previous = reader.optionalString(event.previous_state, 'event.previous_state');
    if (previous !== undefined) parsed.previousState = previous;
    return parsed;
  }

  const ignored: ZendeskIgnoredEvent = { kind: 'ignored', type, reason: `the sync does not use ${quote(type, 200)} events` };
  if (typeof body.id === 'string' && body.id !== '') ignored.id = body.id;
  return ignored;
}

function readAgentEnvelope(body: JsonObject, type: string) {
  const reader = new FieldReader('zendesk', `Zendesk ${type.replace(/^zen:event-type:/, '')}`);
  const detail = reader.object(body.detail, 'detail');
  const accountId = reader.isMissing(body.account_id)
    ? normalizeZendeskInteger(reader, detail.account_id, 'detail.account_id').text
    : normalizeZendeskInteger(reader, body.account_id, 'account_id').text;
  const envelope: ZendeskAgentEnvelope = {
    id: reader.string(body.id, 'id'),
    accountId,
    agentId: normalizeZendeskInteger(reader, detail.agent_id, 'detail.agent_id').text,
    version: normalizeZendeskInteger(reader, detail.version, 'detail.version').value,
    time: reader.string(body.time, 'time'),
  };
  const event = reader.object(body.event, 'event');
  const updatedAt = reader.optionalString(event.updated_at, 'event.updated_at');
  if (updatedAt !== undefined) envelope.updatedAt = updatedAt;
  return { reader, envelope, event };
}

function readUnifiedState(reader: FieldReader, value: unknown, path: string): ZendeskUnifiedStateRef {
  const state = reader.object(value, path);
  const ref: ZendeskUnifiedStateRef = {
    id: normalizeZendeskInteger(reader, state.id, `${path}.id`).text,
    name: reader.string(state.name, `${path}.name`),
  };
  const reason = normalizeZendeskReason(state.reason);
  if (reason !== undefined) ref.reason = reason;
  return ref;
}

/**
 * The one place for the UNCONFIRMED value types of agent events (zendesk-api.md §9.4, §9.3): `detail.agent_id`,
 * `detail.version` and `detail.account_id` are documented as strings, `account_id` as a number, and the unified state
 * `id` is a number in public code but may be a string. Accepts a non-negative integer as a JSON number or a decimal
 * string; returns it as a number and as its canonical decimal text (no leading zeros), so that ids compare as
 * strings whatever type was sent.
 */
function normalizeZendeskInteger(reader: FieldReader, value: unknown, path: string): { value: number; text: string } {
  if (reader.isMissing(value)) reader.fail(path, 'is missing');
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) reader.fail(path, `must be a non-negative integer, got ${quote(value)}`);
    return { value, text: String(value) };
  }
  if (typeof value !== 'string') reader.fail(path, `must be an integer or a decimal string, got ${jsonType(value)}`);
  const digits = value.trim();
  if (!/^\d+$/.test(digits)) reader.fail(path, `must be an integer or a decimal string, got ${quote(value)}`);
  const number = Number(digits);
  if (!Number.isSafeInteger(number)) reader.fail(path, `is too large to handle: ${quote(value)}`);
  return { value: number, text: String(number) };
}

// ---------------------------------------------------------------------------------------------------------------
// To the sync core

/**
 * The change a unified status event reports, for `decide`. `agent` is the agent's key (the lower-cased email),
 * resolved by the caller from `event.agentId`: the event does not carry it. The status is the catalog's entry for
 * the new state's id; the version is `detail.version`; the reason is the new state's. It was observed at
 * `event.updated_at`, else the envelope's `time`, else `receivedAt` (epoch ms) when neither parses.
 *
 * @example zendeskObservedChange(parsed, { catalog, agent: 'ann@example.com', receivedAt: Date.now() })
 * // { side: 'zendesk', agent: 'ann@example.com', status: { kind: 'default', name: 'online' }, version: 3, reason: 'AGENT_STATUS_SWITCHER', … }
 */
export function zendeskObservedChange(
  event: ZendeskUnifiedStateChangedEvent,
  input: { catalog: ZendeskStatusCatalog; agent: string; receivedAt: number },
): Extract<ObservedChange, { side: 'zendesk' }> {
  const change: Extract<ObservedChange, { side: 'zendesk' }> = {
    side: 'zendesk',
    agent: input.agent.trim().toLowerCase(),
    status: resolveUnifiedStatus(input.catalog, event.newState),
    version: event.version,
    observedAt: firstTime(event.updatedAt, event.time) ?? input.receivedAt,
  };
  if (event.newState.reason !== undefined) change.reason = event.newState.reason;
  return change;
}

function firstTime(...texts: Array<string | undefined>): number | undefined {
  for (const text of texts) {
    const ms = text === undefined ? Number.NaN : Date.parse(text);
    if (!Number.isNaN(ms)) return ms;
  }
  return undefined;
}
