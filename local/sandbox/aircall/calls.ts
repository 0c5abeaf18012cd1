// Simulated calls: the options a test gives and the call payload Aircall sends in call.* webhooks (§8.4, §8.5).
import { randomBytes } from 'node:crypto';
import type { AircallAvailabilityStatus } from '../../../shared/aircall/vocabulary';
import { SandboxInputError } from '../common';
import { abridgedUser, type AircallUserRecord } from './users';

/** Where a simulated call may stop, to observe live availability mid-call; `continueCall` runs the rest. */
export const CALL_PAUSES = ['ringing', 'in_call', 'after_call_work'] as const;
export type CallPause = (typeof CALL_PAUSES)[number];

/** A simulated inbound call to one agent (control body of `POST /_sandbox/users/:id/call`). */
export interface CallOptions {
  outcome?: 'answered' | 'missed';
  /** Wrap-up after an answered call; defaults to the user's `wrap_up_time`. `user.wut_*` only when > 0. */
  wrapUpSeconds?: number;
  /** A status change the call causes once over (e.g. a missed call sets the agent unavailable). */
  setsStatus?: AircallAvailabilityStatus;
  pauseAt?: CallPause;
  /** The caller's number. */
  from?: string;
  /** Also send `call.ended` (Aircall: ~30 s after `call.hungup`, §8.5) as the call's last event. */
  sendEnded?: boolean;
}

/** The mutable call as it goes from `initial` to `answered` to `done`. */
export interface CallState {
  id: number;
  callUuid: string;
  status: 'initial' | 'answered' | 'done';
  startedAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  missedCallReason: string | null;
  from: string;
}

/** Validates a control body into call options; throws `SandboxInputError` naming the field. */
export function parseCallOptions(body: Record<string, unknown> | undefined): CallOptions {
  const input = body ?? {};
  const options: CallOptions = {};
  if (input.outcome !== undefined) {
    if (input.outcome !== 'answered' && input.outcome !== 'missed') throw new SandboxInputError('outcome must be answered or missed');
    options.outcome = input.outcome;
  }
  if (input.wrapUpSeconds !== undefined) {
    if (typeof input.wrapUpSeconds !== 'number' || input.wrapUpSeconds < 0) throw new SandboxInputError('wrapUpSeconds must be a number >= 0');
    options.wrapUpSeconds = input.wrapUpSeconds;
  }
  if (input.setsStatus !== undefined) {
    if (input.setsStatus !== 'available' && input.setsStatus !== 'custom' && input.setsStatus !== 'unavailable') {
      throw new SandboxInputError('setsStatus must be available, custom or unavailable');
    }
    options.setsStatus = input.setsStatus;
  }
  if (input.pauseAt !== undefined) {
    if (!(CALL_PAUSES as readonly unknown[]).includes(input.pauseAt)) throw new SandboxInputError(`pauseAt must be one of ${CALL_PAUSES.join(', ')}`);
    options.pauseAt = input.pauseAt as CallPause;
  }
  if (input.sendEnded !== undefined) {
    if (typeof input.sendEnded !== 'boolean') throw new SandboxInputError('sendEnded must be a boolean');
    options.sendEnded = input.sendEnded;
  }
  if (input.from !== undefined) {
    if (typeof input.from !== 'string') throw new SandboxInputError('from must be a phone number string');
    options.from = input.from;
  }
  return options;
}

/** A new call, started now (UNIX seconds). */
export function newCall(id: number, startedAt: number, from = '+1 800-123-4567'): CallState {
  return {
    id,
    callUuid: `CA${randomBytes(16).toString('hex')}`,
    status: 'initial',
    startedAt,
    answeredAt: null,
    endedAt: null,
    missedCallReason: null,
    from,
  };
}

/** The call object in webhook payloads, shaped like the reference's `call.created` sample (§8.4). */
export function callPayload(call: CallState, user: AircallUserRecord, baseUrl: string): Record<string, unknown> {
  const duration = call.endedAt === null ? 0 : call.endedAt - (call.answeredAt ?? call.startedAt);
  return {
    id: call.id,
    direct_link: `${baseUrl}/v1/calls/${call.id}`,
    direction: 'inbound',
    call_uuid: call.callUuid,
    status: call.status,
    missed_call_reason: call.missedCallReason,
    started_at: call.startedAt,
    answered_at: call.answeredAt,
    ended_at: call.endedAt,
    duration,
    cost: '0',
    hangup_cause: null,
    voicemail: null,
    recording: null,
    raw_digits: call.from,
    participants: [
      { phone_number: call.from, type: 'external' },
      { id: user.id, name: [user.firstName, user.lastName].filter((part) => part !== '').join(' '), type: 'user' },
    ],
    user: abridgedUser(user, baseUrl),
    contact: null,
    number: { id: 1, direct_link: `${baseUrl}/v1/numbers/1`, name: 'Sandbox support line', digits: '+1 800-000-0000' },
  };
}
