// The Aircall client's domain objects, and the readers that turn API JSON into them (aircall-api.md §5, §6, §8).
import {
  isAircallAvailabilityStatus,
  isAircallLiveAvailability,
  normalizeAircallSubstatus,
  type AircallAvailabilityStatus,
  type AircallLiveAvailability,
  type AircallSubstatus,
} from '../../shared/aircall/vocabulary';
import { field, readArray, readId, readNumber, readString } from '../http/read';
import { InvalidResponseError, type RequestTarget } from '../http/errors';

/** An Aircall user as the sync needs it. `substatus` is normalised; absent when Aircall sent none (§5). */
export interface AircallUser {
  id: number;
  email: string;
  name: string;
  availabilityStatus: AircallAvailabilityStatus;
  substatus?: AircallSubstatus;
  /** "Current availability status of the User, based on their working hours", when sent. */
  available?: boolean;
}

/**
 * A user's live state (§6.3). A value outside the documented five is kept as `'unknown'` with the raw text,
 * rather than failing the whole list: one agent in a new state must not stop the reconciliation of the others.
 */
export interface AircallAvailability {
  id: number;
  availability: AircallLiveAvailability | 'unknown';
  /** The value as sent, only when `availability` is `'unknown'`. */
  rawAvailability?: string;
  /**
   * Derived from the user's `availability_status` because `/v1/users/availabilities` is gone (§6.3; see
   * api-shapes.ts): `in_call`, `after_call_work` and `offline` cannot be seen then.
   */
  fromSetting?: true;
}

/** A webhook (§8.1). `token` authenticates its deliveries: store it, never log it. */
export interface AircallWebhook {
  webhookId: string;
  url: string;
  events: string[];
  active?: boolean;
  customName?: string;
  token?: string;
}

/** What `createWebhook` sends. `events` must not be empty: Aircall reads an empty list as ALL events (§8.1). */
export interface AircallWebhookInput {
  url: string;
  events: readonly string[];
  customName?: string;
}

/** What `updateWebhook` sends: `events` always (never empty), the rest when given. */
export interface AircallWebhookUpdate {
  events: readonly string[];
  active?: boolean;
  url?: string;
  customName?: string;
}

/** Reads one User object; a missing id/email or an invalid `availability_status` is an `InvalidResponseError`. */
export function readAircallUser(raw: unknown, target?: RequestTarget): AircallUser {
  const id = readNumber(field(raw, 'id'));
  if (id === undefined || !Number.isInteger(id)) throw new InvalidResponseError('aircall', 'a user without a numeric id', target);
  const email = readString(field(raw, 'email'));
  if (!email) throw new InvalidResponseError('aircall', `user ${id} without an email`, target);
  const status = field(raw, 'availability_status');
  if (!isAircallAvailabilityStatus(status)) {
    throw new InvalidResponseError(
      'aircall',
      `user ${id} with availability_status ${JSON.stringify(status) ?? 'missing'} (expected available, custom or unavailable)`,
      target,
    );
  }
  const rawSubstatus = field(raw, 'substatus');
  const substatus = normalizeAircallSubstatus(typeof rawSubstatus === 'string' ? rawSubstatus : undefined);
  const available = field(raw, 'available');
  return {
    id,
    email,
    name: readString(field(raw, 'name')) ?? '',
    availabilityStatus: status,
    ...(substatus ? { substatus } : {}),
    ...(typeof available === 'boolean' ? { available } : {}),
  };
}

/** Reads one `{id, availability}` entry of `GET /v1/users/availabilities`. */
export function readAircallAvailability(raw: unknown, target?: RequestTarget): AircallAvailability {
  const id = readNumber(field(raw, 'id'));
  if (id === undefined || !Number.isInteger(id)) throw new InvalidResponseError('aircall', 'an availability without a numeric user id', target);
  const value = field(raw, 'availability');
  if (isAircallLiveAvailability(value)) return { id, availability: value };
  return { id, availability: 'unknown', rawAvailability: typeof value === 'string' ? value : (JSON.stringify(value) ?? 'missing') };
}

/** Reads one Webhook object (`webhook_id` is a UUID; a legacy numeric id is accepted). */
export function readAircallWebhook(raw: unknown, target?: RequestTarget): AircallWebhook {
  const webhookId = readId(field(raw, 'webhook_id'));
  if (!webhookId) throw new InvalidResponseError('aircall', 'a webhook without a webhook_id', target);
  const events = (readArray(field(raw, 'events')) ?? []).filter((e): e is string => typeof e === 'string');
  const active = field(raw, 'active');
  const customName = readString(field(raw, 'custom_name'));
  const token = readString(field(raw, 'token'));
  return {
    webhookId,
    url: readString(field(raw, 'url')) ?? '',
    events,
    ...(typeof active === 'boolean' ? { active } : {}),
    ...(customName ? { customName } : {}),
    ...(token ? { token } : {}),
  };
}
