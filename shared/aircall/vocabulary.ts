// Aircall's status vocabularies, exactly as documented (../shared/reference/aircall-api.md §6).

/** The user's setting, read and written through `PUT /v1/users/:id`. `custom` is the automatic schedule ("Auto"). */
export const AIRCALL_AVAILABILITY_STATUSES = ['available', 'custom', 'unavailable'] as const;
export type AircallAvailabilityStatus = (typeof AIRCALL_AVAILABILITY_STATUSES)[number];

/** The live state, read-only (`GET /v1/users/availabilities`); Aircall sets it by itself. */
export const AIRCALL_LIVE_AVAILABILITIES = ['available', 'offline', 'do_not_disturb', 'in_call', 'after_call_work'] as const;
export type AircallLiveAvailability = (typeof AIRCALL_LIVE_AVAILABILITIES)[number];

/** The unavailable reasons an agent can pick in Aircall Workspace (no API sets them). */
export const AIRCALL_UNAVAILABLE_REASONS = ['out_for_lunch', 'on_a_break', 'in_training', 'doing_back_office', 'other'] as const;
export type AircallUnavailableReason = (typeof AIRCALL_UNAVAILABLE_REASONS)[number];

/** `substatus` after normalisation: open, closed without a reason, or closed with a reason (known or raw). */
export type AircallSubstatus = { kind: 'open' } | { kind: 'closed' } | { kind: 'reason'; reason: AircallUnavailableReason | string };

export function isAircallAvailabilityStatus(value: unknown): value is AircallAvailabilityStatus {
  return typeof value === 'string' && (AIRCALL_AVAILABILITY_STATUSES as readonly string[]).includes(value);
}

export function isAircallLiveAvailability(value: unknown): value is AircallLiveAvailability {
  return typeof value === 'string' && (AIRCALL_LIVE_AVAILABILITIES as readonly string[]).includes(value);
}

// Both wire spellings seen for each value: snake_case from the Workspace bus docs (with its `in_traning` typo)
// and the labels from the reference description.
const REASON_SPELLINGS: Record<string, AircallUnavailableReason> = {
  out_for_lunch: 'out_for_lunch',
  'out for lunch': 'out_for_lunch',
  on_a_break: 'on_a_break',
  'on a break': 'on_a_break',
  in_training: 'in_training',
  in_traning: 'in_training',
  'in training': 'in_training',
  doing_back_office: 'doing_back_office',
  back_office: 'doing_back_office',
  'back office': 'doing_back_office',
  other: 'other',
};

/**
 * Normalises Aircall's `substatus`. UNCONFIRMED wire values (aircall-api.md §6.2): accepts `always_open` and
 * `always_opened`, labels and snake_case reasons; any other value is "unavailable, reason = raw string".
 * A missing value is `undefined`: the first of the two `user.closed` deliveries may carry none (§8.4).
 *
 * @example normalizeAircallSubstatus('Out for lunch') // { kind: 'reason', reason: 'out_for_lunch' }
 */
export function normalizeAircallSubstatus(raw: string | null | undefined): AircallSubstatus | undefined {
  if (raw === null || raw === undefined || raw.trim() === '') return undefined;
  const value = raw.trim().toLowerCase();
  if (value === 'always_open' || value === 'always_opened') return { kind: 'open' };
  if (value === 'always_closed') return { kind: 'closed' };
  return { kind: 'reason', reason: REASON_SPELLINGS[value] ?? raw.trim() };
}
