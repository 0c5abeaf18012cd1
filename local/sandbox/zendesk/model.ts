// The Zendesk account held by the sandbox: users, the unified status catalog and each agent's availability.
import {
  defaultStatusFromName,
  ZENDESK_DEFAULT_STATUSES,
  ZENDESK_STATUS_REASONS,
  type ZendeskDefaultStatus,
  type ZendeskStatusReason,
} from '../../../shared/zendesk/vocabulary';

export type ZendeskRole = 'end-user' | 'agent' | 'admin';
export const CHANNELS = ['messaging', 'support', 'talk'] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_STATES = ['online', 'away', 'transfers_only', 'offline'] as const;
export type ChannelState = (typeof CHANNEL_STATES)[number];

/** The `reason` enum of an agent status (zendesk-api.md §4.3): the product's own vocabulary. */
export const STATUS_REASONS = ZENDESK_STATUS_REASONS;
export type StatusReason = ZendeskStatusReason;

/** A user to seed. Ids are assigned when missing; `status` (name or id) applies to agents and admins. */
export interface ZendeskUserSeed {
  id?: number;
  name: string;
  email: string;
  role?: ZendeskRole;
  active?: boolean;
  suspended?: boolean;
  verified?: boolean;
  time_zone?: string;
  locale?: string;
  /** 0 custom, 1 light agent, 2 chat-only, … (UNCONFIRMED mapping, §8); `null` for plain agents. */
  role_type?: number | null;
  group_ids?: number[];
  /** Other verified emails (user identities, §8); search by email matches them too. */
  secondary_emails?: string[];
  /** Initial unified status, by id or name. Default `offline`. */
  status?: number | string;
  /** Initial `attributes.version` of the availability. Default 1. */
  version?: number;
}

export interface ZendeskUser {
  id: number;
  name: string;
  email: string;
  role: ZendeskRole;
  active: boolean;
  suspended: boolean;
  verified: boolean;
  time_zone: string;
  locale: string;
  role_type: number | null;
  group_ids: number[];
  secondary_emails: string[];
  created_at: number;
  updated_at: number;
}

/** A custom unified status to seed (§6.1). `channels` gives each channel's state; a missing channel is offline. */
export interface ZendeskCustomStatusSeed {
  id?: number;
  name: string;
  description?: string;
  channels?: Partial<Record<Channel, ChannelState>>;
  /** Groups eligible for it; empty means every agent. */
  group_ids?: number[];
}

export interface StatusEntry {
  id: number;
  name: string;
  description: string;
  kind: 'default' | 'custom';
  channels: Record<Channel, ChannelState>;
  group_ids: number[];
  updated_at: number;
}

/** One agent's availability: the unified status, its reason, the per-channel states and the version. */
export interface Availability {
  agentId: number;
  statusId: number;
  statusName: string;
  reason: StatusReason;
  updatedAt: number;
  /** Sub-millisecond digits of `updatedAt`, so timestamps of one millisecond still differ. */
  updatedAtSub: number;
  version: number;
  channels: Record<Channel, { state: ChannelState; updatedAt: number }>;
  /** Talk `via` (§7), the only Talk field the API may change under omnichannel routing. */
  talkVia: string;
}

export interface UnifiedState {
  id: number;
  name: string;
  reason: StatusReason;
}

/** What one status change did; the sandbox turns it into webhook events. */
export interface StatusChange {
  agentId: number;
  previous: UnifiedState;
  next: UnifiedState;
  version: number;
  at: number;
  atSub: number;
  /** Channels whose state changed. */
  channels: Array<{ channel: Channel; previous: ChannelState; next: ChannelState }>;
}

/** A request the model refuses; `code` picks the HTTP status at the edge. */
export class ZendeskModelError extends Error {
  constructor(
    readonly code: 'not_found' | 'invalid' | 'ineligible' | 'conflict',
    message: string,
  ) {
    super(message);
    this.name = 'ZendeskModelError';
  }
}

/** `role_type` of a light agent (UNCONFIRMED detection, zendesk-api.md §8). */
export const LIGHT_AGENT_ROLE_TYPE = 1;

/** Non-default ids, so a client that hard-codes Zendesk's documented 2/3/4/5 fails against the sandbox (§4.2). */
export const SANDBOX_DEFAULT_STATUS_IDS: Record<ZendeskDefaultStatus, number> = { online: 31, offline: 32, away: 33, transfers_only: 34 };

const DEFAULT_DESCRIPTIONS: Record<ZendeskDefaultStatus, string> = {
  online: 'Can receive work',
  away: 'Can only receive email tickets',
  transfers_only: 'Can only receive work from other agents',
  offline: "Can't receive work",
};

export interface ModelConfig {
  now: () => number;
  statusIds?: Partial<Record<ZendeskDefaultStatus, number>>;
  customStatuses: ZendeskCustomStatusSeed[];
  users: ZendeskUserSeed[];
  /** First id given to seeded users without one. */
  userIdBase?: number;
}

/** The account's state. Every method is synchronous and uses only the injected clock. */
export class ZendeskAccountModel {
  private users = new Map<number, ZendeskUser>();
  private availabilities = new Map<number, Availability>();
  private statuses: StatusEntry[] = [];
  private nextUserId = 0;
  private nextStatusId = 0;
  private subMs = 0;

  constructor(private readonly config: ModelConfig) {
    this.reset();
  }

  /** Back to the seeded users, statuses and availabilities. */
  reset(): void {
    const now = this.config.now();
    this.users.clear();
    this.availabilities.clear();
    this.statuses = [];
    this.nextUserId = this.config.userIdBase ?? 16_765_840_571_000;
    const ids = { ...SANDBOX_DEFAULT_STATUS_IDS, ...(this.config.statusIds ?? {}) };
    for (const name of ZENDESK_DEFAULT_STATUSES) {
      this.statuses.push({
        id: ids[name],
        name,
        description: DEFAULT_DESCRIPTIONS[name],
        kind: 'default',
        channels: allChannels(name),
        group_ids: [],
        updated_at: now,
      });
    }
    this.nextStatusId = Math.max(...this.statuses.map((s) => s.id)) + 1;
    for (const seed of this.config.customStatuses) this.addCustomStatus(seed);
    for (const seed of this.config.users) this.addUser(seed);
  }

  // ---- users ----

  /** Adds a user (and an availability for agents and admins); throws on a duplicate id or email. */
  addUser(seed: ZendeskUserSeed): ZendeskUser {
    if (typeof seed.name !== 'string' || seed.name.trim() === '') throw new ZendeskModelError('invalid', 'name must be a non-empty string');
    if (typeof seed.email !== 'string' || !seed.email.includes('@')) throw new ZendeskModelError('invalid', 'email must be an email address');
    const role = seed.role ?? 'agent';
    if (!['end-user', 'agent', 'admin'].includes(role)) throw new ZendeskModelError('invalid', 'role must be end-user, agent or admin');
    if (seed.id !== undefined && (!Number.isSafeInteger(seed.id) || seed.id <= 0)) throw new ZendeskModelError('invalid', 'id must be a positive integer');
    if (seed.group_ids !== undefined && !isIdList(seed.group_ids)) throw new ZendeskModelError('invalid', 'group_ids must be an array of positive integers');
    if (
      seed.secondary_emails !== undefined &&
      !(Array.isArray(seed.secondary_emails) && seed.secondary_emails.every((e) => typeof e === 'string' && e.includes('@')))
    ) {
      throw new ZendeskModelError('invalid', 'secondary_emails must be an array of email addresses');
    }
    const id = seed.id ?? this.nextUserId;
    if (this.users.has(id)) throw new ZendeskModelError('conflict', `user ${id} already exists`);
    if (this.findUserByEmail(seed.email)) throw new ZendeskModelError('conflict', `a user with email ${seed.email} already exists`);
    this.nextUserId = Math.max(this.nextUserId, id) + 7; // gaps, as real ids have: never assume id + 1
    const now = this.config.now();
    const user: ZendeskUser = {
      id,
      name: seed.name,
      email: seed.email,
      role,
      active: seed.active ?? true,
      suspended: seed.suspended ?? false,
      verified: seed.verified ?? true,
      time_zone: seed.time_zone ?? 'Europe/Paris',
      locale: seed.locale ?? 'en-US',
      role_type: seed.role_type ?? null,
      group_ids: [...(seed.group_ids ?? [])],
      secondary_emails: [...(seed.secondary_emails ?? [])],
      created_at: now,
      updated_at: now,
    };
    let status: StatusEntry | undefined;
    // Light agents (role_type 1) cannot use unified statuses (§4.1): a sandbox choice gives them no availability.
    if (role !== 'end-user' && user.role_type !== LIGHT_AGENT_ROLE_TYPE) {
      status = seed.status === undefined ? this.statusByName('offline') : this.resolveStatus(seed.status);
      if (!status) throw new ZendeskModelError('invalid', `status ${String(seed.status)} is not in the catalog`);
    }
    this.users.set(id, user);
    if (status) {
      const channels = {} as Availability['channels'];
      for (const channel of CHANNELS) channels[channel] = { state: status.channels[channel], updatedAt: now };
      this.availabilities.set(id, {
        agentId: id,
        statusId: status.id,
        statusName: status.name,
        reason: 'UNKNOWN',
        updatedAt: now,
        updatedAtSub: this.tick(),
        version: seed.version ?? 1,
        channels,
        talkVia: 'client',
      });
    }
    return { ...user };
  }

  /** Every user, by increasing id. */
  listUsers(): ZendeskUser[] {
    return [...this.users.values()].sort((a, b) => a.id - b.id).map((u) => ({ ...u }));
  }

  findUser(id: number): ZendeskUser | undefined {
    const user = this.users.get(id);
    return user ? { ...user } : undefined;
  }

  /** Changes a user as an admin would in Admin Center (demote, suspend, deactivate); throws for an unknown id. */
  updateUser(id: number, patch: Partial<Pick<ZendeskUser, 'role' | 'suspended' | 'active'>>): ZendeskUser {
    const user = this.users.get(id);
    if (!user) throw new ZendeskModelError('not_found', `no user ${id}`);
    Object.assign(user, patch, { updated_at: Date.now() });
    return { ...user };
  }

  /** The user with this email, primary or secondary, compared case-insensitively. */
  findUserByEmail(email: string): ZendeskUser | undefined {
    const key = email.trim().toLowerCase();
    for (const user of this.users.values()) {
      if (user.email.toLowerCase() === key || user.secondary_emails.some((e) => e.toLowerCase() === key)) return { ...user };
    }
    return undefined;
  }

  // ---- statuses ----

  /** Adds a custom status; a duplicate id or name (case-insensitive) is refused. */
  addCustomStatus(seed: ZendeskCustomStatusSeed): StatusEntry {
    if (typeof seed.name !== 'string' || seed.name.trim() === '') throw new ZendeskModelError('invalid', 'name must be a non-empty string');
    if (seed.id !== undefined && (!Number.isSafeInteger(seed.id) || seed.id <= 0)) throw new ZendeskModelError('invalid', 'id must be a positive integer');
    if (seed.group_ids !== undefined && !isIdList(seed.group_ids)) throw new ZendeskModelError('invalid', 'group_ids must be an array of positive integers');
    const id = seed.id ?? this.nextStatusId;
    if (this.statuses.some((s) => s.id === id)) throw new ZendeskModelError('conflict', `status id ${id} already exists`);
    if (this.statuses.some((s) => s.name.toLowerCase() === seed.name.toLowerCase()))
      throw new ZendeskModelError('conflict', `status "${seed.name}" already exists`);
    const channels = {} as Record<Channel, ChannelState>;
    for (const channel of CHANNELS) {
      const state = seed.channels?.[channel] ?? 'offline';
      if (!(CHANNEL_STATES as readonly string[]).includes(state))
        throw new ZendeskModelError('invalid', `channels.${channel} must be one of ${CHANNEL_STATES.join(', ')}`);
      channels[channel] = state;
    }
    const entry: StatusEntry = {
      id,
      name: seed.name,
      description: seed.description ?? '',
      kind: 'custom',
      channels,
      group_ids: [...(seed.group_ids ?? [])],
      updated_at: this.config.now(),
    };
    this.statuses.push(entry);
    this.nextStatusId = Math.max(this.nextStatusId, id + 1);
    return { ...entry };
  }

  /**
   * Deletes a custom status. Agents holding it go offline with reason `AGENT_STATUS_DELETED` (§4.3); the changes
   * are returned so the sandbox can emit their events.
   */
  removeCustomStatus(id: number): StatusChange[] {
    const index = this.statuses.findIndex((s) => s.id === id && s.kind === 'custom');
    if (index < 0) throw new ZendeskModelError('not_found', `no custom status ${id}`);
    this.statuses.splice(index, 1);
    const offline = this.statusByName('offline') as StatusEntry;
    const changes: StatusChange[] = [];
    for (const availability of this.availabilities.values()) {
      if (availability.statusId !== id) continue;
      const change = this.apply(availability, offline, 'AGENT_STATUS_DELETED');
      if (change) changes.push(change);
    }
    return changes;
  }

  /** The catalog, each part in lexicographic order of name (§6.1). */
  catalog(): { default: StatusEntry[]; custom: StatusEntry[] } {
    const byName = (a: StatusEntry, b: StatusEntry) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    return {
      default: this.statuses
        .filter((s) => s.kind === 'default')
        .sort(byName)
        .map((s) => ({ ...s })),
      custom: this.statuses
        .filter((s) => s.kind === 'custom')
        .sort(byName)
        .map((s) => ({ ...s })),
    };
  }

  statusById(id: number): StatusEntry | undefined {
    return this.statuses.find((s) => s.id === id);
  }

  /** A default status by any spelling ("Transfers only"), or a custom one by exact name, case-insensitively. */
  statusByName(name: string): StatusEntry | undefined {
    const fold = defaultStatusFromName(name);
    if (fold) {
      const found = this.statuses.find((s) => s.kind === 'default' && s.name === fold);
      if (found) return found;
    }
    return this.statuses.find((s) => s.name.toLowerCase() === name.trim().toLowerCase());
  }

  /** A status by id (number or numeric string) or by name. */
  resolveStatus(idOrName: number | string): StatusEntry | undefined {
    if (typeof idOrName === 'number') return this.statusById(idOrName);
    if (/^\d+$/.test(idOrName.trim())) return this.statusById(Number(idOrName.trim()));
    return this.statusByName(idOrName);
  }

  // ---- availabilities ----

  availability(agentId: number): Availability | undefined {
    const found = this.availabilities.get(agentId);
    return found ? cloneAvailability(found) : undefined;
  }

  /** Every availability, by increasing agent id. */
  listAvailabilities(): Availability[] {
    return [...this.availabilities.values()].sort((a, b) => a.agentId - b.agentId).map(cloneAvailability);
  }

  /**
   * Sets an agent's unified status. Returns the change, or `undefined` when the agent already has that status
   * (a sandbox choice: no version bump and no event for a no-op; Zendesk's behaviour there is unknown).
   * A custom status restricted to groups the agent is not in is refused (`ineligible`, §6.1 `group_ids`).
   */
  setStatus(agentId: number, statusIdOrName: number | string, reason: StatusReason): StatusChange | undefined {
    const availability = this.availabilities.get(agentId);
    if (!availability) throw new ZendeskModelError('not_found', `no agent ${agentId}`);
    const status = this.resolveStatus(statusIdOrName);
    if (!status) throw new ZendeskModelError('invalid', `status ${String(statusIdOrName)} does not exist in this account`);
    const user = this.users.get(agentId);
    if (status.kind === 'custom' && status.group_ids.length > 0 && !status.group_ids.some((g) => user?.group_ids.includes(g))) {
      throw new ZendeskModelError('ineligible', `status ${status.id} ("${status.name}") is not available to agent ${agentId}'s groups`);
    }
    return this.apply(availability, status, reason);
  }

  /** Sets the Talk `via` (the one field the Talk API may change with omnichannel routing on, §7). */
  setTalkVia(agentId: number, via: string): void {
    const availability = this.availabilities.get(agentId);
    if (!availability) throw new ZendeskModelError('not_found', `no agent ${agentId}`);
    availability.talkVia = via;
  }

  /**
   * Sets the Talk `agent_state` directly: only an account without omnichannel routing can (§7; the caller checks the
   * mode, routing.ts). Bumps the availability's `version` like any change of it; returns whether anything changed.
   */
  setTalkState(agentId: number, state: ChannelState): boolean {
    const availability = this.availabilities.get(agentId);
    if (!availability) throw new ZendeskModelError('not_found', `no agent ${agentId}`);
    if (!(CHANNEL_STATES as readonly string[]).includes(state))
      throw new ZendeskModelError('invalid', `agent_state must be one of ${CHANNEL_STATES.join(', ')}`);
    if (availability.channels.talk.state === state) return false;
    availability.channels.talk = { state, updatedAt: this.config.now() };
    availability.version += 1;
    return true;
  }

  /** Turning omnichannel routing on: every channel follows the agent's unified status again (no events: a sandbox choice). */
  followUnifiedStatus(): void {
    for (const availability of this.availabilities.values()) {
      const status = this.statusById(availability.statusId);
      if (!status) continue;
      for (const channel of CHANNELS) availability.channels[channel] = { state: status.channels[channel], updatedAt: this.config.now() };
    }
  }

  private apply(availability: Availability, status: StatusEntry, reason: StatusReason): StatusChange | undefined {
    if (availability.statusId === status.id) return undefined;
    const now = this.config.now();
    const sub = this.tick();
    const previous: UnifiedState = { id: availability.statusId, name: availability.statusName, reason: availability.reason };
    const channels: StatusChange['channels'] = [];
    for (const channel of CHANNELS) {
      const before = availability.channels[channel].state;
      const after = status.channels[channel];
      if (before !== after) {
        channels.push({ channel, previous: before, next: after });
        availability.channels[channel] = { state: after, updatedAt: now };
      }
    }
    availability.statusId = status.id;
    availability.statusName = status.name;
    availability.reason = reason;
    availability.updatedAt = now;
    availability.updatedAtSub = sub;
    availability.version += 1;
    return {
      agentId: availability.agentId,
      previous,
      next: { id: status.id, name: status.name, reason },
      version: availability.version,
      at: now,
      atSub: sub,
      channels,
    };
  }

  // Sub-millisecond digits for timestamps: increasing, so events of one millisecond keep their order.
  private tick(): number {
    this.subMs = (this.subMs + 1) % 1_000_000;
    return this.subMs;
  }
}

function isIdList(value: unknown): boolean {
  return Array.isArray(value) && value.every((v) => Number.isSafeInteger(v) && (v as number) > 0);
}

function allChannels(state: ChannelState): Record<Channel, ChannelState> {
  return { messaging: state, support: state, talk: state };
}

function cloneAvailability(a: Availability): Availability {
  const channels = {} as Availability['channels'];
  for (const channel of CHANNELS) channels[channel] = { ...a.channels[channel] };
  return { ...a, channels };
}

export function isStatusReason(value: unknown): value is StatusReason {
  return typeof value === 'string' && (STATUS_REASONS as readonly string[]).includes(value);
}
