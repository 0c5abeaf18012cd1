// Aircall webhooks: token verification and a typed, validated parser for the events the sync uses (aircall-api.md §8).
import { createHash, timingSafeEqual } from 'node:crypto';
import { isAircallAvailabilityStatus, normalizeAircallSubstatus } from '../../shared/aircall/vocabulary';
import { aircallOrderTime, aircallVersion } from '../../shared/sync/decide';
import type { AircallStatus, ObservedChange } from '../../shared/sync/types';
import { WebhookPayloadError } from '../webhooks/errors';
import { FieldReader, isJsonObject, parseJsonObject, quote, type JsonObject } from '../webhooks/fields';

export { WebhookPayloadError } from '../webhooks/errors';

// ---------------------------------------------------------------------------------------------------------------
// Verification

/**
 * Whether the envelope's `token` is the one stored for the webhook, in constant time (aircall-api.md §8.6: Aircall
 * sends no signature; the body's token is the only credential). Both sides are hashed first so that tokens of
 * different lengths compare in the same time and `timingSafeEqual` never throws. A non-string or empty token, or
 * an empty `expected`, never verifies. Never log either token.
 *
 * @example verifyAircallToken(JSON.parse(body).token, account.aircall.webhookToken) // true | false
 */
export function verifyAircallToken(payloadToken: unknown, expected: string): boolean {
  if (typeof payloadToken !== 'string' || payloadToken === '' || expected === '') return false;
  const given = createHash('sha256').update(payloadToken, 'utf8').digest();
  const wanted = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(given, wanted);
}

// ---------------------------------------------------------------------------------------------------------------
// Parsed events

/** The user events that carry a status change (§8.3). */
export const AIRCALL_USER_STATUS_EVENTS = ['user.opened', 'user.closed'] as const;
/** The user events that tell about the agent's activity: wrap-up and Workspace open/closed (§8.3, §8.5). */
export const AIRCALL_USER_ACTIVITY_EVENTS = ['user.wut_start', 'user.wut_end', 'user.connected', 'user.disconnected'] as const;
export const AIRCALL_USER_LIFECYCLE_EVENTS = ['user.created', 'user.deleted'] as const;
/** The call events that say something about an agent's live state (§8.5). They have no `.v2` form. */
export const AIRCALL_CALL_EVENTS = [
  'call.created',
  'call.ringing_on_agent',
  'call.agent_declined',
  'call.answered',
  'call.transferred',
  'call.hungup',
  'call.ended',
] as const;

/**
 * The events our Aircall webhook subscribes to (registered by lambdas/onboarding/webhooks.ts): status changes, the
 * directory's, wrap-up, and the call's answer and end for call-aware status (issue 14 §1: `call.hungup` is the
 * immediate end, `call.ended` the same end ~30 s later, §8.5; both ignored while `callStatus` is off). Never empty:
 * Aircall reads an empty list as ALL events (§8.1). `integration.deleted` is not listed: Aircall sends it to OAuth
 * webhooks whatever they subscribe to, and it is not in the event catalogue (§2.2).
 */
export const AIRCALL_SUBSCRIBED_EVENTS = [
  'user.opened',
  'user.closed',
  'user.created',
  'user.deleted',
  'user.wut_start',
  'user.wut_end',
  'call.answered',
  'call.hungup',
  'call.ended',
] as const;

export type AircallUserStatusEventName = (typeof AIRCALL_USER_STATUS_EVENTS)[number];
export type AircallUserActivityEventName = (typeof AIRCALL_USER_ACTIVITY_EVENTS)[number];
export type AircallUserLifecycleEventName = (typeof AIRCALL_USER_LIFECYCLE_EVENTS)[number];
export type AircallCallEventName = (typeof AIRCALL_CALL_EVENTS)[number];

/** An Aircall user as an event names it. `email` is the key matched against Zendesk agents. */
export interface AircallUserRef {
  id: number;
  email?: string;
}

interface AircallEnvelope {
  /** `1` for V1 names (`user.closed`), `2` for `.v2` names (`user.closed.v2`). Call events are always `1`. */
  apiVersion: 1 | 2;
  /** UNIX seconds when Aircall built the payload. */
  timestamp: number;
  /** Identifies the Aircall account; verify it with `verifyAircallToken`. Secret: never log it. */
  token: string;
  /** See `aircallDedupeKey`. */
  dedupeKey: string;
}

/** `user.opened` / `user.closed` (V1 or `.v2`): the user's `availability_status` changed. */
export interface AircallUserStatusEvent extends AircallEnvelope {
  kind: 'user_status';
  event: AircallUserStatusEventName;
  user: AircallUserRef;
  /** `substatus` is absent when the payload has none (the first of a double `user.closed`, §8.4). */
  status: AircallStatus;
}

/** Wrap-up start/end and Workspace connected/disconnected (V1 or `.v2`). */
export interface AircallUserActivityEvent extends AircallEnvelope {
  kind: 'user_activity';
  event: AircallUserActivityEventName;
  user: AircallUserRef;
  /** Present when the payload carries `availability_status`. */
  status?: AircallStatus;
  /** `data.wrap_up_time` (seconds) when present (§5). */
  wrapUpTimeSeconds?: number;
}

/** `user.created` / `user.deleted` (V1 or `.v2`): the directory changed. */
export interface AircallUserLifecycleEvent extends AircallEnvelope {
  kind: 'user_lifecycle';
  event: AircallUserLifecycleEventName;
  user: AircallUserRef;
}

/** A call event that matters to an agent's live state. */
export interface AircallCallEvent extends AircallEnvelope {
  kind: 'call';
  event: AircallCallEventName;
  apiVersion: 1;
  callId: number;
  /** `data.status`: `initial` | `answered` | `done` (§8.5), kept as sent. */
  callStatus?: string;
  /** The agent on the call, when the payload names one (see `aircallCallAgent`). */
  agent?: AircallUserRef;
}

/** Any other event (other resources, other call events, unknown names). Not an error: answer 2xx and drop it. */
export interface AircallIgnoredEvent {
  kind: 'ignored';
  event: string;
  /** The envelope's token when it is a string, so the delivery can still be authenticated. Secret. */
  token?: string;
  reason: string;
}

export type AircallWebhookEvent = AircallUserStatusEvent | AircallUserActivityEvent | AircallUserLifecycleEvent | AircallCallEvent | AircallIgnoredEvent;

// ---------------------------------------------------------------------------------------------------------------
// Parsing

/**
 * The dedupe key of a delivery. Aircall sends no event id, so, as aircall-api.md §8.2 suggests, it is the SHA-256
 * (hex) of `event` + `data.id` + `timestamp` + `data.availability_status` + `data.substatus`, the raw wire values
 * (the two deliveries of a double `user.closed` differ only by `substatus`). The parts are joined as a JSON array
 * so that no two part lists give the same text. `event` is the name as sent: `user.closed` and `user.closed.v2`
 * are separate deliveries. Whether a retry keeps its `timestamp` is UNCONFIRMED (§8.2), so applying a state must
 * stay idempotent anyway.
 *
 * @example aircallDedupeKey({ event: 'user.closed', dataId: 456, timestamp: 1732623001, availabilityStatus: 'unavailable' })
 */
export function aircallDedupeKey(parts: { event: string; dataId: number; timestamp: number; availabilityStatus?: string; substatus?: string }): string {
  const text = JSON.stringify([parts.event, parts.dataId, parts.timestamp, parts.availabilityStatus ?? '', parts.substatus ?? '']);
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

const isOneOf = <T extends string>(names: readonly T[], name: string): name is T => (names as readonly string[]).includes(name);

/**
 * Parses an Aircall webhook body (the raw request text) into a typed event. V1 and `.v2` user events share one
 * shape: `event` is the base name and `apiVersion` tells which was sent. Unknown events come back as
 * `{ kind: 'ignored' }`; a body that is not JSON, an envelope without `event`, or a known event with a missing or
 * invalid field throws a `WebhookPayloadError` naming the field.
 *
 * @example
 * parseAircallWebhook('{"resource":"user","event":"user.closed.v2","timestamp":1732623001,"token":"…","data":{"id":456,"availability_status":"unavailable"}}')
 * // { kind: 'user_status', event: 'user.closed', apiVersion: 2, user: { id: 456 }, status: { availabilityStatus: 'unavailable' }, … }
 */
export function parseAircallWebhook(raw: string): AircallWebhookEvent {
  return aircallEventOf(parseJsonObject(raw, 'aircall', 'Aircall webhook'));
}

/**
 * The typed event of an already parsed body (a JSON object), as `parseAircallWebhook` reads it: the webhook handler
 * parses the body once to read its token, then hands the same object here instead of parsing the text again.
 */
export function aircallEventOf(body: JsonObject): AircallWebhookEvent {
  const wireEvent = new FieldReader('aircall', 'Aircall webhook').string(body.event, 'event');
  const apiVersion = wireEvent.endsWith('.v2') ? 2 : 1;
  const base = apiVersion === 2 ? wireEvent.slice(0, -'.v2'.length) : wireEvent;

  if (isOneOf(AIRCALL_USER_STATUS_EVENTS, base)) {
    const { user, envelope, availability, substatus, reader } = readUserEvent(body, wireEvent, apiVersion);
    const status = availability === undefined ? reader.fail('data.availability_status', 'is missing') : readStatus(reader, availability, substatus);
    return { kind: 'user_status', event: base, ...envelope, user, status };
  }
  if (isOneOf(AIRCALL_USER_ACTIVITY_EVENTS, base)) {
    const { user, envelope, availability, substatus, reader, data } = readUserEvent(body, wireEvent, apiVersion);
    const activity: AircallUserActivityEvent = { kind: 'user_activity', event: base, ...envelope, user };
    if (availability !== undefined) activity.status = readStatus(reader, availability, substatus);
    const wrapUp = reader.optionalInteger(data.wrap_up_time, 'data.wrap_up_time');
    if (wrapUp !== undefined) activity.wrapUpTimeSeconds = wrapUp;
    return activity;
  }
  if (isOneOf(AIRCALL_USER_LIFECYCLE_EVENTS, base)) {
    const { user, envelope } = readUserEvent(body, wireEvent, apiVersion);
    return { kind: 'user_lifecycle', event: base, ...envelope, user };
  }
  if (apiVersion === 1 && isOneOf(AIRCALL_CALL_EVENTS, base)) return parseCallEvent(body, base);

  const ignored: AircallIgnoredEvent = { kind: 'ignored', event: wireEvent, reason: `the sync does not use ${quote(wireEvent, 200)} events` };
  if (typeof body.token === 'string') ignored.token = body.token;
  return ignored;
}

interface Envelope {
  reader: FieldReader;
  timestamp: number;
  token: string;
  data: JsonObject;
}

function readEnvelope(body: JsonObject, wireEvent: string, resource: 'user' | 'call'): Envelope {
  const reader = new FieldReader('aircall', `Aircall ${wireEvent}`);
  const sentResource = reader.string(body.resource, 'resource');
  if (sentResource !== resource) reader.fail('resource', `is ${quote(sentResource)}, expected ${quote(resource)}`);
  return {
    reader,
    timestamp: reader.integer(body.timestamp, 'timestamp'),
    token: reader.string(body.token, 'token'),
    data: reader.object(body.data, 'data'),
  };
}

/** The parts every user event shares. `availability` is checked as a string only; `readStatus` checks its value. */
function readUserEvent(body: JsonObject, wireEvent: string, apiVersion: 1 | 2) {
  const { reader, timestamp, token, data } = readEnvelope(body, wireEvent, 'user');
  const user: AircallUserRef = { id: reader.integer(data.id, 'data.id') };
  const email = reader.optionalString(data.email, 'data.email');
  if (email !== undefined) user.email = email;
  const availability = reader.optionalString(data.availability_status, 'data.availability_status');
  const substatus = reader.optionalString(data.substatus, 'data.substatus');
  const dedupeKey = aircallDedupeKey({ event: wireEvent, dataId: user.id, timestamp, availabilityStatus: availability, substatus });
  return { reader, data, user, availability, substatus, envelope: { apiVersion, timestamp, token, dedupeKey } };
}

function readStatus(reader: FieldReader, availability: string, substatus: string | undefined): AircallStatus {
  if (!isAircallAvailabilityStatus(availability)) {
    reader.fail('data.availability_status', `is ${quote(availability)}, expected one of available, custom, unavailable`);
  }
  const status: AircallStatus = { availabilityStatus: availability };
  const normalized = normalizeAircallSubstatus(substatus);
  if (normalized !== undefined) status.substatus = normalized;
  return status;
}

function parseCallEvent(body: JsonObject, event: AircallCallEventName): AircallCallEvent {
  const { reader, timestamp, token, data } = readEnvelope(body, event, 'call');
  const callId = reader.integer(data.id, 'data.id');
  const parsed: AircallCallEvent = {
    kind: 'call',
    event,
    apiVersion: 1,
    timestamp,
    token,
    callId,
    dedupeKey: aircallDedupeKey({ event, dataId: callId, timestamp }),
  };
  const callStatus = reader.optionalString(data.status, 'data.status');
  if (callStatus !== undefined) parsed.callStatus = callStatus;
  const agent = aircallCallAgent(data);
  if (agent !== undefined) parsed.agent = agent;
  return parsed;
}

/**
 * The agent a call event is about: `data.user` when it names a user (an `id`), else the first entry of
 * `data.participants` with `type: "user"`. Which of the two each call event fills is UNCONFIRMED
 * (aircall-api.md §8.5; the `call.created` sample has `"user": {}` and the agent only among the participants), so
 * this never throws: a malformed or absent entry just means "no agent named". Ids may come as numbers or digit
 * strings.
 *
 * @example aircallCallAgent({ user: {}, participants: [{ type: 'external' }, { id: 123, type: 'user' }] }) // { id: 123 }
 */
export function aircallCallAgent(data: JsonObject): AircallUserRef | undefined {
  if (isJsonObject(data.user)) {
    const fromUser = userRef(data.user);
    if (fromUser) return fromUser;
  }
  if (Array.isArray(data.participants)) {
    for (const participant of data.participants) {
      if (isJsonObject(participant) && participant.type === 'user') {
        const fromParticipant = userRef(participant);
        if (fromParticipant) return fromParticipant;
      }
    }
  }
  return undefined;
}

function userRef(entry: JsonObject): AircallUserRef | undefined {
  const id = typeof entry.id === 'string' && /^\d+$/.test(entry.id) ? Number(entry.id) : entry.id;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) return undefined;
  const ref: AircallUserRef = { id };
  if (typeof entry.email === 'string' && entry.email.trim() !== '') ref.email = entry.email;
  return ref;
}

// ---------------------------------------------------------------------------------------------------------------
// To the sync core

/**
 * The change a `user_status` event reports, for `decide`. The agent is the lower-cased email: the event's, or
 * `agentEmail` when the caller resolved it otherwise (e.g. from the user id through the directory). Its version is
 * `aircallVersion(timestamp, status, receivedAt)` (the receipt time orders changes within one second); it was
 * observed at `timestamp` (epoch ms).
 * Throws a `WebhookPayloadError` when no email is known: the change cannot be matched to a Zendesk agent.
 *
 * @example aircallObservedChange(parsed) // { side: 'aircall', agent: 'john.doe@aircall.io', status, version: 17326230010003, observedAt: 1732623001000 }
 */
export function aircallObservedChange(event: AircallUserStatusEvent, agentEmail?: string, receivedAt?: number): Extract<ObservedChange, { side: 'aircall' }> {
  const email = (agentEmail ?? event.user.email ?? '').trim().toLowerCase();
  if (email === '') {
    throw new WebhookPayloadError(
      `Aircall ${event.event}: data.email is missing for user ${event.user.id}; the change cannot be matched to a Zendesk agent`,
      'aircall',
      'data.email',
    );
  }
  return {
    side: 'aircall',
    agent: email,
    status: event.status,
    version: aircallVersion(event.timestamp, event.status, receivedAt),
    observedAt: aircallOrderTime(event.timestamp, receivedAt),
  };
}
