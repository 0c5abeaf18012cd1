// The contract between the ZAF app and its backend (`lambdas/app-api`): routes and response bodies (the session the
// app calls with comes from its page's boot object, shared/app-boot.ts). Both sides import these types, so a change here is checked on both at compile time.
import type { AircallConnectionView, ZendeskConnectionView } from './console';
import type { SkipReason, Side, SyncDirection, TwoWayMaster } from './sync/types';

export const APP_API_ROUTES = {
  /** The calling agent's link, both statuses, the rule and the last decision. */
  meStatus: '/api/me/status',
  /** Admins only: health, unmatched agents, latest audit entries. */
  adminOverview: '/api/admin/overview',
} as const;

/** Where the direction in force comes from (issue 6): the app's installation settings, else the accounts file. */
export type DirectionSource = 'installation' | 'accounts_file';

/** The direction the backend applies for an account, and why. */
export interface DirectionInForce {
  /** What the backend applies: `off` while paused by an invalid setting. */
  direction: SyncDirection;
  source: DirectionSource;
  /** Set when the installation's `syncDirection` is invalid: sync is paused until it is fixed. */
  problem?: { setting: 'syncDirection'; value: string; allowed: readonly SyncDirection[] };
  /** Epoch ms of the last read of the installation settings; absent when never read. */
  checkedAt?: number;
  /** Set when the last read of the settings failed (credential-free): the direction is the last known one. */
  error?: string;
  /**
   * The `keepInStep` app setting ("Undo changes made on the other side", default off). Off: the target side keeps
   * what an agent sets there until the next source change (Aircall's own feature). On: the target always follows
   * the source, and an agent's own change there is reverted.
   */
  keepInStep?: boolean;
  /**
   * The `callStatus` app setting as typed (issue 14 §1): the Zendesk status held while an agent is on an Aircall call
   * or in wrap-up. Absent or empty: off. Resolved against the account's statuses by `callStatusInForce`.
   */
  callStatus?: string;
  /** With `both` (two-way sync): the side that wins changes that cannot be ordered (`twoWayMaster`, default aircall). */
  twoWayMaster?: TwoWayMaster;
  /**
   * The `talkAgentState` app setting (issue 14 §3, "Without omnichannel routing, sync the Talk availability", default
   * off). Absent is off: an account without omnichannel routing then has no Talk `agent_state` read or written.
   */
  talkAgentState?: boolean;
  /**
   * Epoch ms since which this direction has been in force (the moment it was enabled or switched). Each linked
   * agent gets one initial sync per such period; absent before the first read.
   */
  since?: number;
}

/** One side's status as the backend last saw it. `key` is a mapping-table key (`statusKey`), e.g. `available`, `online`. */
export interface SideStatusView {
  key: string;
  /** Aircall unavailable reason or Zendesk custom status name, when there is one. */
  detail?: string;
  /** Epoch ms. */
  observedAt: number;
}

/** The mapping row in force for the agent's current source status; `to: null` means "not synced". */
export interface RuleView {
  from: { side: Side; key: string };
  to: { side: Side; key: string } | null;
}

/** Why the agent cannot be synced at all. */
export type UnlinkedReason = 'no_aircall_user' | 'no_zendesk_user' | 'not_in_directory';

/** The last thing the sync did for this agent. */
export interface LastSyncView {
  /** Epoch ms. */
  at: number;
  outcome: 'written' | 'skipped' | 'failed';
  /** A SkipReason for `skipped`, an error name for `failed`. */
  reason?: SkipReason | string;
  /** For `written`: the side written and the status key written. */
  wrote?: { side: Side; key: string };
}

/** Call-aware status (issue 14 §1): the `callStatus` setting as the backend applies it. Absent: off (empty). */
export interface CallStatusView {
  /** The setting as typed (trimmed). */
  name: string;
  /** `ignored`: Aircall is not a source (zendesk_to_aircall, or off); `invalid`: no such Zendesk status (off). */
  state: 'on' | 'ignored' | 'invalid';
  /** With `on`: the status key held (`transfers_only`, `custom:<id>`), once resolved against the account's statuses. */
  key?: string;
  /** With `invalid`: what is wrong, for the admin (English). */
  problem?: string;
}

/** The agent is on an Aircall call, or in its wrap-up, and Zendesk is held at `callStatus`. */
export interface OnCallView {
  phase: 'call' | 'wrap_up';
  /** The status key Zendesk is held at, and a custom status's name. */
  key: string;
  name?: string;
  /** Epoch ms when the hold began. */
  since: number;
}

export interface MeStatusResponse {
  account: string;
  direction: DirectionInForce;
  agent: { zendeskUserId: string; email?: string; name?: string; aircallUserId?: string };
  linked: boolean;
  unlinkedReason?: UnlinkedReason;
  aircall?: SideStatusView;
  zendesk?: SideStatusView;
  /** Absent when sync is off or the source status is unknown. */
  rule?: RuleView;
  lastSync?: LastSyncView;
  /**
   * Set when the agent changed the target side themselves after the last source change: the target keeps it until
   * the next change on the source side ("You changed Zendesk yourself; it follows Aircall again at your next
   * Aircall change"). Never set with `keepInStep`.
   */
  otherSideChanged?: { side: Side; at: number };
  /**
   * Set when a connection of the account failed for good (issue 12): the sync is paused until an admin connects again
   * in the console; changes are still recorded and replayed after.
   */
  needsReconnect?: true;
  /** The `callStatus` setting (issue 14 §1); absent when empty (off). */
  callStatus?: CallStatusView;
  /** Set while the agent is on an Aircall call or in wrap-up and Zendesk is held (issue 14 §1). */
  onCall?: OnCallView;
  /** Set when the account has no omnichannel routing (issue 14 §3): the Talk availability is synced, or not (setting off). */
  zendeskStatusMode?: ZendeskStatusModeView;
}

/**
 * An account without omnichannel routing (issue 14 §3), as the top bar shows it. `talk_in_use`: the Zendesk status in
 * use is the Talk availability (`talkAgentState` on). `talk_off`: the setting is off, so Zendesk is not synced.
 */
export interface ZendeskStatusModeView {
  mode: 'talk';
  state: 'talk_in_use' | 'talk_off';
}

export interface WebhookHealth {
  /** Whether at least one active webhook points at this backend; `undefined` when it could not be checked. */
  registered?: boolean;
  count?: number;
  /** Set when the check failed (a credential-free message). */
  error?: string;
}

export interface AuditEntryView {
  at: number;
  agent: string;
  kind: string;
  decision?: string;
  reason?: string;
  detail?: Record<string, string | number | boolean | null>;
}

export interface AdminOverviewResponse {
  account: string;
  direction: DirectionInForce;
  health: {
    /** Epoch ms of the last webhook accepted from each side. */
    lastEventAt: Partial<Record<Side, number>>;
    webhooks: Record<Side, WebhookHealth>;
    /** The Aircall request budget: tokens used of the per-minute capacity. */
    budget: { used: number; capacity: number; perMinute: number };
  };
  linkedCount: number;
  /** Linked agents who changed the target side themselves since the last source change (see `otherSideChanged`). */
  otherSideChangedCount?: number;
  unmatched: {
    aircall: { id: string; email?: string; name?: string }[];
    zendesk: { id: string; email?: string; name?: string }[];
    builtAt?: number;
    truncated?: boolean;
  };
  audit: AuditEntryView[];
  /** What the backend learned about the account's Aircall and Zendesk APIs, and where no form works (issue 11). */
  apiShapes?: ApiShapesView;
  /** Each side's connection (issue 12): `needs_reconnect` pauses the sync. Absent where no credential store is wired. */
  connection?: { zendesk: ZendeskConnectionView; aircall: AircallConnectionView };
}

/** One UNCONFIRMED request shape and the form that worked for this account. */
export interface ApiShapeView {
  system: Side;
  /** Stable key, e.g. `aircall_users`, `zendesk_status_body` (README "What the product learns about each account"). */
  point: string;
  /** The form in use, e.g. `v2`, `jsonapi`, `25`. */
  value: string;
  /** Epoch ms: first seen to work, and last put to the test. */
  learnedAt: number;
  checkedAt: number;
  /** What proved the other form wrong, e.g. `GET /v1/users answered 410`. */
  evidence?: string;
  /** A fact to know, e.g. that V2 users carry no substatus. */
  note?: string;
}

/** A point on which no known form works, e.g. `aircall_status_write`: statuses cannot be written to Aircall. */
export interface ApiProblemView {
  system: Side;
  point: string;
  since: number;
  checkedAt: number;
  detail: string;
}

export interface ApiShapesView {
  learned: ApiShapeView[];
  problems: ApiProblemView[];
}

/** The error body of every non-2xx answer. `code` is stable; `message` is for people. */
export interface AppApiError {
  error: { code: 'unauthorized' | 'forbidden' | 'not_found' | 'method_not_allowed' | 'rate_limited' | 'unavailable'; message: string };
}
