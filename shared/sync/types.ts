// The sync's domain types: sides, direction, statuses as observed, and what is known of an agent.
import type { AircallAvailabilityStatus, AircallSubstatus } from '../aircall/vocabulary';
import type { ZendeskUnifiedStatus } from '../zendesk/vocabulary';

export type Side = 'aircall' | 'zendesk';
export const SIDES: readonly Side[] = ['aircall', 'zendesk'];

/** The admin's choice: one direction, both (opt-in two-way sync, issue 14), or off. */
export const SYNC_DIRECTIONS = ['aircall_to_zendesk', 'zendesk_to_aircall', 'both', 'off'] as const;
export type SyncDirection = (typeof SYNC_DIRECTIONS)[number];
/** One way, from a source side to a target side: what a mapping row and a single write follow. */
export type OneWayDirection = Exclude<SyncDirection, 'off' | 'both'>;
/** A one-way direction (the name predates two-way sync; `both` syncs each way by its one-way rows). */
export type ActiveDirection = OneWayDirection;
export const ONE_WAY_DIRECTIONS: readonly OneWayDirection[] = ['aircall_to_zendesk', 'zendesk_to_aircall'];

/** With two-way sync, the side that wins two human changes that cannot be ordered (app setting `twoWayMaster`). */
export const TWO_WAY_MASTERS = ['aircall', 'zendesk'] as const satisfies readonly Side[];
export type TwoWayMaster = (typeof TWO_WAY_MASTERS)[number];
export const DEFAULT_TWO_WAY_MASTER: TwoWayMaster = 'aircall';

export function isSyncDirection(value: unknown): value is SyncDirection {
  return typeof value === 'string' && (SYNC_DIRECTIONS as readonly string[]).includes(value);
}

/** An Aircall user's status: the setting plus, when known, the normalised `substatus`. */
export interface AircallStatus {
  availabilityStatus: AircallAvailabilityStatus;
  substatus?: AircallSubstatus;
}

export type StatusOf<S extends Side> = S extends 'aircall' ? AircallStatus : ZendeskUnifiedStatus;

/**
 * A change seen on one side. `version` orders changes of one agent on one side: Zendesk's `detail.version`,
 * or for Aircall `aircallVersion(timestamp, status)`. `observedAt` is epoch ms; `reason` is Zendesk's
 * `new_unified_state.reason` when the event carries one.
 */
export type ObservedChange =
  | { side: 'aircall'; agent: string; status: AircallStatus; version: number; observedAt: number; reason?: string }
  | { side: 'zendesk'; agent: string; status: ZendeskUnifiedStatus; version: number; observedAt: number; reason?: string };

/**
 * A value we wrote to one side, and when (epoch ms). `value` is a status key (see `statusKey`). `afterVersion`: the
 * side's newest version we knew of when writing (two-way sync's write journal): our echo is the first change of that
 * side newer than it carrying `value`; absent for writes recorded before it existed.
 */
export interface WriteRecord {
  value: string;
  at: number;
  afterVersion?: number;
}

/** What is known of one agent. Every field is optional knowledge: an unknown one never blocks a write. */
export interface AgentKnowledge {
  /** Whether the agent exists on both sides under one email. */
  linked: boolean;
  /** The newest source version acted on (written, or found already in place), per side it came from. */
  applied: Partial<Record<Side, number>>;
  /** The last value this service wrote, per side. */
  written: Partial<Record<Side, WriteRecord>>;
  /** The latest known status of each side, from events, reads or our own writes. */
  current: { aircall?: AircallStatus; zendesk?: ZendeskUnifiedStatus };
  /**
   * When someone other than this service (the agent, an admin, another integration) last set each side, as far as
   * known (epoch ms, on the ordering clock of `ObservedChange.observedAt`): the side's newest observation when it is
   * newer than our last write there and not the value we wrote. Absent: nobody changed it since our write.
   */
  changedAt?: Partial<Record<Side, number>>;
  /** The direction period (`SyncSettings.period`) whose single initial sync this agent has had. */
  initialSync?: string;
  /** The newest observed version per side: what a write of ours goes over (`WriteRecord.afterVersion`). */
  versions?: Partial<Record<Side, number>>;
  /** Sides whose newest observation comes from a sweep's bulk read, not a change event (two-way conflicts). */
  readings?: Partial<Record<Side, true>>;
  /** When each side's newest observation happened (`ObservedChange.observedAt`), for two-way sync's echo guard. */
  observedAt?: Partial<Record<Side, number>>;
}

export const SKIP_REASONS = [
  'direction_off',
  'other_direction',
  'not_mapped',
  'stale',
  'duplicate',
  'echo',
  'already_in_state',
  'agent_not_linked',
  /**
   * A person changed the target side after the source change (or since it was applied): the target keeps their
   * choice until the next source change. Never with `keepInStep`.
   */
  'changed_on_other_side',
  /**
   * Never decided by the core: the worker's, when a Zendesk write is due in an account without omnichannel routing
   * and the `talkAgentState` setting is off (issue 14 §3). The change stays unapplied until the setting is turned on.
   */
  'talk_mode_off',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** The decision for one observed change: write `status` (a status key) to `side`, or skip for a reason. */
export type Decision =
  | { action: 'write'; side: Side; agent: string; status: string; sourceVersion: number; initial?: string; afterVersion?: number }
  | { action: 'skip'; reason: SkipReason; agent: string; sourceVersion: number; initial?: string };
// `initial`: the direction period whose single initial sync this decision is (see `SyncSettings.period`).
// `afterVersion`: the target side's newest version known when deciding, kept in the write journal (`WriteRecord`).
