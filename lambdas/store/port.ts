// The store ports, one per aggregate; a use case's signature names those it touches. DynamoSyncStore implements all.
import type { DirectionInForce } from '../../shared/app-api';
import type { MappingTable } from '../../shared/sync/mapping';
import type { AgentKnowledge, Decision, ObservedChange, Side, StatusOf, WriteRecord } from '../../shared/sync/types';
import type { ZendeskStatusCatalog } from '../../shared/zendesk/vocabulary';
import type { Account, AccountSettings } from '../accounts/account';
import type { CallHoldStore } from './call-holds';

export type { CallHoldStore, StoredCallHold } from './call-holds';

/** How long a cached Zendesk status catalog is trusted before the worker reads it again. */
export const STATUS_CATALOG_MAX_AGE_MS = 10 * 60_000;

/** A Zendesk status catalog as cached on the account, with when it was read (epoch ms). */
export interface CachedStatusCatalog extends ZendeskStatusCatalog {
  fetchedAt: number;
}

/** Whether a cached catalog is recent enough to use. */
export function isCatalogFresh(cached: CachedStatusCatalog | undefined, now: number, maxAgeMs = STATUS_CATALOG_MAX_AGE_MS): cached is CachedStatusCatalog {
  return cached !== undefined && now - cached.fetchedAt < maxAgeMs && now >= cached.fetchedAt - 60_000;
}

/**
 * The direction in force as last worked out from the app's installation settings (issue 6), kept on the account's
 * settings item (`putDirectionSnapshot`); an accounts-file import (`putAccount`) leaves it as it is.
 */
export interface DirectionSnapshot extends DirectionInForce {
  /** Epoch ms of the last attempt to read the settings, successful or not: freshness is counted from it. */
  attemptedAt: number;
  /** The installation the direction comes from (`source: 'installation'`). */
  installationId?: string;
  /**
   * Epoch ms since when Zendesk has listed no installation of the app, after one was seen (issue 12: an app gone for
   * 24 hours disconnects the account, lambdas/onboarding/upkeep.ts). Absent while installed, or never seen installed.
   */
  appMissingSince?: number;
}

/** An account as stored: its settings, the mapping (DEFAULT_MAPPING when none is stored) and the cached catalog. */
export interface StoredAccount extends AccountSettings {
  mapping: MappingTable;
  statusCatalog?: CachedStatusCatalog;
  /** The direction in force from the app's settings; absent until first read (use `directionFor`, lambdas/sync/app-settings.ts). */
  directionSnapshot?: DirectionSnapshot;
  /** Which Zendesk status API the account uses (issue 14 §3); absent until first detected: `unified`. */
  statusMode?: StatusModeSnapshot;
  /** Epoch ms of the last `putAccount`. */
  updatedAt: number;
}

/** An agent present on both sides under one email. Ids are strings (Zendesk ids exceed 2^53). */
export interface AgentLink {
  /** Lower-cased. */
  email: string;
  aircallUserId: string;
  zendeskUserId: string;
  aircallName?: string;
  zendeskName?: string;
  /** Epoch ms; set by the store. */
  updatedAt?: number;
}

/** A user found on one side only. */
export interface DirectoryUser {
  id: string;
  email?: string;
  name?: string;
}

/** The last directory build: who could not be linked. Lists are capped (`truncated`) to keep the item small. */
export interface DirectoryReport {
  builtAt: number;
  unmatchedAircall: DirectoryUser[];
  unmatchedZendesk: DirectoryUser[];
  linkedCount?: number;
  truncated?: boolean;
}

/** The newest status seen on one side, from a webhook or the reconcile sweep. */
export interface ObservedStatus<S extends Side = Side> {
  status: StatusOf<S>;
  /** Orders changes of one agent on one side (see `ObservedChange.version`). */
  version: number;
  /** Epoch ms. */
  observedAt: number;
  reason?: string;
  /** Set when the status comes from a bulk read (reconcile), not a change event: it is not counted as a change. */
  reading?: boolean;
}

/** The observation carried by a change (for `recordObservation`). */
export function observationOf<S extends Side>(change: ObservedChange & { side: S }): ObservedStatus<S> {
  return {
    status: change.status as StatusOf<S>,
    version: change.version,
    observedAt: change.observedAt,
    ...(change.reason !== undefined && { reason: change.reason }),
  };
}

/** The sync state of one agent, as stored (each field written independently). */
export interface AgentState {
  observed: { aircall?: ObservedStatus<'aircall'>; zendesk?: ObservedStatus<'zendesk'> };
  /** When the change before the newest one was observed, per side (for settling a flapping agent). Readings don't count. */
  previousObservedAt: Partial<Record<Side, number>>;
  applied: Partial<Record<Side, number>>;
  written: Partial<Record<Side, WriteRecord>>;
  /** The direction period whose single initial sync the agent has had (`AgentKnowledge.initialSync`). */
  initialSync?: string;
}

/**
 * What `recordChange` did. `recorded`: the change is the side's newest, `state` as it now is. Else `state` as stored,
 * `sameEvent` when the stored change is this very delivery (a redelivery), and `taken` when the worker has written or
 * used it up since (its outcome write), or a newer change superseded it: the redelivery has nothing left to queue.
 */
export type RecordedChange = { recorded: true; state: AgentState } | { recorded: false; state: AgentState; sameEvent: boolean; taken: boolean };

/** A webhook delivery's identity, for dedupe. `key` is the provider's event id (any length; long ones are hashed). */
export interface EventRef {
  account: string;
  provider: 'aircall' | 'zendesk' | (string & {});
  key: string;
}

export const AUDIT_KINDS = [
  'webhook_accepted',
  'webhook_ignored',
  'decision',
  'write',
  'write_failed',
  'rate_limited',
  'reconcile',
  'directory',
  /** The app's installation settings changed the direction in force, or could not be applied (issue 6). */
  'settings',
  /** Our webhook on a side was registered, adopted, re-activated, re-created or deleted (issue 12, lambdas/onboarding). */
  'webhook',
  /** A side was disconnected (console, Aircall's integration.deleted, the app uninstalled for 24 h): issue 12. */
  'connection',
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/** Agent key for audit entries that concern the whole account (no agent known). */
export const ACCOUNT_WIDE = '*';

export type AuditValue = string | number | boolean | null;

/** What to record. `detail` must hold no secret; keys that look like one (token, secret, password…) are redacted. */
export interface AuditInput {
  kind: AuditKind;
  /** e.g. `write` / `skip` */
  decision?: string;
  /** e.g. a SkipReason or an error's name */
  reason?: string;
  detail?: Record<string, AuditValue>;
}

/** One entry for `appendAudits`: what `appendAudit` takes. */
export interface AuditAppend {
  account: string;
  agent: string;
  entry: AuditInput;
  now: number;
}

export interface AuditEntry extends AuditInput {
  /** Unique within the agent's trail: `<ISO time>#<random>`. */
  id: string;
  account: string;
  agent: string;
  /** Epoch ms. */
  at: number;
}

/** What the backend noted about an account's webhooks (the admin view's health). */
export interface AccountHealth {
  /** Epoch ms of the last verified webhook from each side. */
  lastEventAt: Partial<Record<Side, number>>;
}

export type TokenResult = { ok: true; remaining: number } | { ok: false; retryAfterMs: number };

/** Accounts: settings, the cached Zendesk status catalog and the direction snapshot (one item per account). */
export interface AccountStore {
  /** Creates or updates an account's settings. Keeps a stored mapping unless `mapping` is given; drops the cached catalog. */
  /**
   * Writes the account's settings (never its secrets: `accountSettings` picks the plain fields, and the credentials go
   * to lambdas/credentials, e.g. `putAccountWithCredentials`), keeping a stored mapping and the direction snapshot.
   */
  putAccount(account: (Account | AccountSettings) & { mapping?: MappingTable }, now: number): Promise<void>;
  /** The account, or `undefined` when there is none with that id. */
  getAccount(id: string): Promise<StoredAccount | undefined>;
  listAccounts(): Promise<StoredAccount[]>;
  putStatusCatalog(account: string, catalog: ZendeskStatusCatalog, fetchedAt: number): Promise<void>;
  /**
   * Stores the direction in force read from the app's installation settings, unless a newer one (by `attemptedAt`)
   * is stored; the account must exist. Returns whether it was stored and, if so, the snapshot it replaced: the one
   * process whose write changed the direction is the one that audits it.
   */
  putDirectionSnapshot(account: string, snapshot: DirectionSnapshot): Promise<{ stored: boolean; previous?: DirectionSnapshot }>;
}

/**
 * The directory: agent links, the last build's report, and the refresh requests of Aircall user.created / user.deleted
 * (one pending request, one refresh per interval).
 */
export interface DirectoryStore {
  putLink(account: string, link: AgentLink, now: number): Promise<void>;
  putLinks(account: string, links: readonly AgentLink[], now: number): Promise<void>;
  getLinkByEmail(account: string, email: string): Promise<AgentLink | undefined>;
  getLinkByAircallUser(account: string, aircallUserId: string | number): Promise<AgentLink | undefined>;
  getLinkByZendeskUser(account: string, zendeskUserId: string | number): Promise<AgentLink | undefined>;
  listLinks(account: string): Promise<AgentLink[]>;
  deleteLink(account: string, email: string): Promise<void>;
  putDirectoryReport(account: string, report: DirectoryReport): Promise<void>;
  getDirectoryReport(account: string): Promise<DirectoryReport | undefined>;
  /**
   * Records that a refresh is wanted, unless one is already pending (asked for within `staleAfterMs`): `true` when
   * this call made the request, and the caller must queue it.
   */
  requestDirectoryRefresh(account: string, now: number, staleAfterMs: number): Promise<boolean>;
  /** Withdraws the request made at `requestedAt` (queueing it failed), so the provider's retry asks again. */
  withdrawDirectoryRefresh(account: string, requestedAt: number): Promise<void>;
  /**
   * Starts a refresh if none started within `intervalMs`, clearing the pending request (later changes ask again);
   * otherwise says when the next may start.
   */
  startDirectoryRefresh(account: string, now: number, intervalMs: number): Promise<{ ok: true } | { ok: false; retryAfterMs: number }>;
}

/** Each agent's sync state: observed statuses, what was applied and written. */
export interface AgentStateStore {
  /** The agent's state; empty when nothing was recorded yet. */
  getAgentState(account: string, email: string): Promise<AgentState>;
  /** Every agent's sync state in the account (the admin view's counts); eventually consistent. */
  listAgentStates(account: string): Promise<{ email: string; state: AgentState }[]>;
  /** What the core needs to decide: the state plus whether a link exists. */
  loadKnowledge(account: string, email: string): Promise<AgentKnowledge>;
  /** Records `observed` as the side's newest status if its version is newer than the stored one. Returns whether it was. */
  recordObservation<S extends Side>(account: string, email: string, side: S, observed: ObservedStatus<S>): Promise<boolean>;
  /**
   * The webhook's one write (issue 15): records `observed` as `recordObservation` does, deduping the delivery by
   * `eventKey` too, and returns the state it leaves; when nothing was recorded, whether the stored change is this
   * delivery and whether the worker has taken it since (see `RecordedChange`).
   */
  recordChange<S extends Side>(account: string, email: string, side: S, observed: ObservedStatus<S>, eventKey: string): Promise<RecordedChange>;
  /** The worker's read: the agent's state (writes nothing; `recordOutcome` marks the change acted on as taken). */
  takeAgentState(account: string, email: string): Promise<AgentState>;
  /**
   * Persists what `applyDecision` changes in `applied`, `written` and `initialSync`; call it once the write (if any)
   * succeeded. `seen`: the versions of each side's observation the decision was made on, marked taken with the change.
   */
  recordOutcome(account: string, email: string, change: ObservedChange, decision: Decision, now: number, seen?: Partial<Record<Side, number>>): Promise<void>;
}

/** Webhook dedupe: which provider events were already handled (records expire). */
export interface EventDedupeStore {
  /** `true` the first time an event is seen (or once its record expired), `false` for a duplicate. */
  claimEvent(ref: EventRef, now: number): Promise<boolean>;
  /** Whether an event was claimed and its claim has not expired at `now`, without claiming it. */
  eventSeen(ref: EventRef, now: number): Promise<boolean>;
  /** Forgets a claim, so the provider's retry is processed (e.g. when enqueueing failed after the claim). */
  releaseEvent(ref: EventRef): Promise<void>;
}

/** The audit trail, per agent and per account. */
export interface AuditStore {
  appendAudit(account: string, agent: string, entry: AuditInput, now: number): Promise<AuditEntry>;
  /** Appends several entries in as few round trips as the store allows (the worker's entries of one invocation). */
  appendAudits(entries: readonly AuditAppend[]): Promise<AuditEntry[]>;
  /** Newest first, expired entries left out. `limit` defaults to 50. */
  listAudit(account: string, agent: string, options: { now: number; limit?: number }): Promise<AuditEntry[]>;
  /** The account's trail across all agents (GSI `auditByAccount`), newest first, expired entries left out. `limit` defaults to 50. */
  listAccountAudit(account: string, options: { now: number; limit?: number }): Promise<AuditEntry[]>;
}

/** When each side's webhooks last arrived (the admin view's health). */
export interface HealthStore {
  /** Notes that a verified webhook from `side` arrived at `at` (epoch ms); never moves the time back. */
  recordEventReceived(account: string, side: Side, at: number): Promise<void>;
  /** When the last verified webhook arrived from each side; empty when none was noted. */
  getHealth(account: string): Promise<AccountHealth>;
}

/** The Aircall rate budget, one bucket per company, shared by all workers. `company` is `aircallCompanyKey(account)`. */
export interface RateBucketStore {
  /** Takes one token from the company's bucket (capacity `perMinute`, refilled at `perMinute` per minute). */
  takeToken(company: string, perMinute: number, now: number): Promise<TokenResult>;
  /** The bucket's level without taking a token (e.g. "budget low" = tokens < capacity / 2); 0 while paused. */
  bucketLevel(company: string, perMinute: number, now: number): Promise<{ tokens: number; capacity: number }>;
  /** Gives no token to any process until `until` (epoch ms), e.g. after Aircall's 429; never shortens a longer pause. */
  pauseBucket(company: string, until: number, now: number): Promise<void>;
}

/** Every port: what the runtime builds (DynamoSyncStore) and hands to the use cases, each taking the part it uses. */
export interface SyncStore
  extends AccountStore,
    DirectoryStore,
    AgentStateStore,
    EventDedupeStore,
    AuditStore,
    HealthStore,
    RateBucketStore,
    CallHoldStore,
    StatusModeStore {}

/**
 * Which Zendesk API holds an account's agent statuses (issue 14 §3): the unified agent status (omnichannel routing)
 * or the Talk `agent_state` (no routing). Detected at connect, on every sweep and from the routing webhook event
 * (lambdas/sync/status-mode.ts), cached on the account like the direction snapshot.
 */
export interface StatusModeSnapshot {
  mode: 'unified' | 'talk';
  /** What decided it: the account setting, the availability answers, the routing event, or nothing known (`default`). */
  source: 'account_setting' | 'availability' | 'webhook' | 'default';
  /** Epoch ms of the detection (or event) that produced it: freshness and ordering are counted from it. */
  checkedAt: number;
  /** Epoch ms since when this mode is in force. */
  since: number;
}

/** The status mode on the account's settings item (core: the OAuth connect step stores it too). */
export interface StatusModeStore {
  /** Stores the mode unless a newer one (by `checkedAt`) is stored; returns whether it was stored and what it replaced. */
  putStatusMode(account: string, snapshot: StatusModeSnapshot): Promise<{ stored: boolean; previous?: StatusModeSnapshot }>;
}
