// Aircall users in the sandbox: the stored record, its User V1/V2 wire shapes, live availability and demo seeds.
import { normalizeAircallSubstatus, type AircallAvailabilityStatus, type AircallLiveAvailability } from '../../../shared/aircall/vocabulary';

/** A seed user. Only `email` is required; names default from the email, status to `available`, connected. */
export interface AircallUserSeed {
  id?: number;
  email: string;
  first_name?: string;
  last_name?: string;
  availability_status?: AircallAvailabilityStatus;
  /** An unavailable reason (snake_case or label); kept only with sub-statuses enabled. */
  substatus?: string;
  time_zone?: string;
  language?: string;
  wrap_up_time?: number;
  /** Logged into Aircall Workspace (default true for seeds). */
  connected?: boolean;
  /** Inside the user's working hours, for `custom` (default true). */
  inWorkingHours?: boolean;
  created_at?: string;
}

/** What the sandbox stores per user. */
export interface AircallUserRecord {
  id: number;
  firstName: string;
  lastName: string;
  email: string;
  createdAt: string;
  timeZone: string;
  language: string;
  wrapUpTime: number;
  availabilityStatus: AircallAvailabilityStatus;
  /** The unavailable reason the agent chose (normalised snake_case, or a raw unknown string). */
  reason?: string;
  connected: boolean;
  inWorkingHours: boolean;
  activity: 'idle' | 'in_call' | 'after_call_work';
}

/** How `substatus` is spelled on the wire; both are UNCONFIRMED (aircall-api.md §6.2). */
export interface SubstatusSpelling {
  open: 'always_opened' | 'always_open';
  reasons: 'snake_case' | 'label';
}

/** The User object (V1), exactly the reference's fields (aircall-api.md §5). */
export interface AircallUserV1 {
  id: number;
  direct_link: string;
  name: string;
  email: string;
  available: boolean;
  availability_status: AircallAvailabilityStatus;
  substatus?: string;
  created_at: string;
  time_zone: string;
  language: string;
  wrap_up_time: number;
  numbers: unknown[];
}

/** User V2: V1 without `numbers`. */
export type AircallUserV2 = Omit<AircallUserV1, 'numbers'>;

// The Workspace bus docs spell the reasons this way, `in_traning` typo included (aircall-api.md §6.2).
const SNAKE_CASE: Record<string, string> = {
  out_for_lunch: 'out_for_lunch',
  on_a_break: 'on_a_break',
  in_training: 'in_traning',
  doing_back_office: 'doing_back_office',
  other: 'other',
};
const LABELS: Record<string, string> = {
  out_for_lunch: 'Out for lunch',
  on_a_break: 'On a break',
  in_training: 'In training',
  doing_back_office: 'Back office',
  other: 'Other',
};

/** Builds a record from a seed; `id` is used when the seed has none. */
export function userFromSeed(seed: AircallUserSeed, id: number, createdAt: string, withReasons: boolean): AircallUserRecord {
  const local = seed.email.split('@')[0] ?? seed.email;
  const status = seed.availability_status ?? 'available';
  return {
    id: seed.id ?? id,
    firstName: seed.first_name ?? local,
    lastName: seed.last_name ?? '',
    email: seed.email,
    createdAt: seed.created_at ?? createdAt,
    timeZone: seed.time_zone ?? 'Etc/UTC',
    language: seed.language ?? 'en-US',
    wrapUpTime: seed.wrap_up_time ?? 0,
    availabilityStatus: status,
    reason: status === 'unavailable' && withReasons ? parseReason(seed.substatus) : undefined,
    connected: seed.connected ?? true,
    inWorkingHours: seed.inWorkingHours ?? true,
    activity: 'idle',
  };
}

/**
 * Reads a reason given to the control API: snake_case, label or the `in_traning` typo; `always_closed` or nothing
 * means no reason; an unknown string is kept raw.
 */
export function parseReason(raw: string | undefined): string | undefined {
  const parsed = normalizeAircallSubstatus(raw);
  return parsed?.kind === 'reason' ? parsed.reason : undefined;
}

/** Whether the user takes calls by their setting: `available`, or `custom` inside working hours. */
export function isOpen(user: AircallUserRecord): boolean {
  return user.availabilityStatus === 'available' || (user.availabilityStatus === 'custom' && user.inWorkingHours);
}

/**
 * The live availability (aircall-api.md §6.3). Calls win; then unavailable ⇒ `do_not_disturb`; not logged in ⇒
 * `offline`. A `custom` user outside working hours is UNCONFIRMED (§6.3): the sandbox answers `offline`.
 */
export function liveAvailability(user: AircallUserRecord): AircallLiveAvailability {
  if (user.activity !== 'idle') return user.activity;
  if (user.availabilityStatus === 'unavailable') return 'do_not_disturb';
  if (!user.connected || !isOpen(user)) return 'offline';
  return 'available';
}

/** The wire `substatus`: open, `always_closed`, or the reason in the chosen spelling. */
export function wireSubstatus(user: AircallUserRecord, spelling: SubstatusSpelling): string {
  if (user.availabilityStatus !== 'unavailable') return spelling.open;
  if (user.reason === undefined) return 'always_closed';
  const table = spelling.reasons === 'label' ? LABELS : SNAKE_CASE;
  return table[user.reason] ?? user.reason;
}

/** The User V1 object. `withSubstatus: false` omits the field (the first of two `user.closed`, §8.4). */
export function toUserV1(user: AircallUserRecord, baseUrl: string, spelling: SubstatusSpelling, withSubstatus = true): AircallUserV1 {
  return { ...toUserV2(user, `${baseUrl}/v1/users/${user.id}`, spelling, withSubstatus), numbers: [] };
}

/** The User V2 object (no `numbers`). */
export function toUserV2(user: AircallUserRecord, directLink: string, spelling: SubstatusSpelling, withSubstatus = true): AircallUserV2 {
  const wire: AircallUserV2 = {
    id: user.id,
    direct_link: directLink,
    name: [user.firstName, user.lastName].filter((part) => part !== '').join(' '),
    email: user.email,
    available: isOpen(user),
    availability_status: user.availabilityStatus,
    substatus: wireSubstatus(user, spelling),
    created_at: user.createdAt,
    time_zone: user.timeZone,
    language: user.language,
    wrap_up_time: user.wrapUpTime,
  };
  if (!withSubstatus) delete wire.substatus;
  return wire;
}

/** The abridged user inside call payloads: no `substatus`, no `wrap_up_time` (aircall-api.md §5). */
export function abridgedUser(user: AircallUserRecord, baseUrl: string): Record<string, unknown> {
  const {
    substatus: _substatus,
    wrap_up_time: _wrapUp,
    ...rest
  } = toUserV2(user, `${baseUrl}/v1/users/${user.id}`, { open: 'always_opened', reasons: 'snake_case' });
  return rest;
}

/**
 * Demo agents for the local stack: `agent01@example.com` … with ids 1001…, all available and connected.
 *
 * @example await startAircallSandbox({ apiId, apiToken, users: demoAircallUsers(20) });
 */
export function demoAircallUsers(n: number): AircallUserSeed[] {
  return Array.from({ length: n }, (_, index) => {
    const number = String(index + 1).padStart(2, '0');
    return {
      id: 1001 + index,
      email: `agent${number}@example.com`,
      first_name: 'Agent',
      last_name: number,
      availability_status: 'available',
      created_at: '2026-01-05T09:00:00.000Z',
    };
  });
}
