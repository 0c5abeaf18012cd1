// The simulated Aircall company: its users and what happens to them (status changes, connections, calls) as events.
import type { AircallAvailabilityStatus } from '../../../shared/aircall/vocabulary';
import { isAircallAvailabilityStatus } from '../../../shared/aircall/vocabulary';
import { SandboxInputError } from '../common';
import { callPayload, newCall, type CallOptions, type CallPause, type CallState } from './calls';
import type { AircallEventPublisher } from './events';
import {
  isOpen,
  liveAvailability,
  parseReason,
  toUserV1,
  toUserV2,
  userFromSeed,
  type AircallUserRecord,
  type AircallUserSeed,
  type SubstatusSpelling,
} from './users';

export interface CompanyOptions {
  substatusesEnabled: boolean;
  spelling: SubstatusSpelling;
  now: () => number;
  /** The sandbox's own base URL, for `direct_link`s. */
  baseUrl: () => string;
  publisher: AircallEventPublisher;
}

/** Fields `PUT /v1/users/:id` accepts (aircall-api.md §7). */
export interface UserUpdate {
  availability_status?: AircallAvailabilityStatus;
  first_name?: string;
  last_name?: string;
  wrap_up_time?: number;
}

interface CallStep {
  run: () => void;
  /** The pause reached once this step ran. */
  reaches?: CallPause;
}

/** Users, their settings and live state; every change publishes the webhook events Aircall would send. */
export class AircallCompany {
  private readonly records = new Map<number, AircallUserRecord>();
  private readonly pausedCalls = new Map<number, CallStep[]>();
  private nextUserId = 100_001;
  private nextCallId = 9_000_001;

  constructor(private readonly options: CompanyOptions) {}

  /** Replaces every user by the seeds (no events). */
  load(seeds: AircallUserSeed[]): void {
    this.records.clear();
    this.pausedCalls.clear();
    for (const seed of seeds) this.insert(seed);
  }

  /** Users in id order. */
  users(): AircallUserRecord[] {
    return [...this.records.values()].sort((a, b) => a.id - b.id);
  }

  /** By numeric id or email (case-insensitive), as `GET /v1/users/:id` accepts (§7). */
  find(idOrEmail: string | number): AircallUserRecord | undefined {
    const key = String(idOrEmail).trim();
    if (/^\d+$/.test(key)) return this.records.get(Number(key));
    const email = key.toLowerCase();
    return this.users().find((user) => user.email.toLowerCase() === email);
  }

  /** Like `find`, but throws a 404 `SandboxInputError`. */
  require(idOrEmail: string | number): AircallUserRecord {
    const user = this.find(idOrEmail);
    if (!user) throw new SandboxInputError(`user ${idOrEmail} not found`, 404);
    return user;
  }

  /** Invites a user (`POST /v1/users` or the control API) and publishes `user.created`. */
  createUser(seed: AircallUserSeed, connected: boolean): AircallUserRecord {
    const user = this.insert({ ...seed, connected: seed.connected ?? connected });
    this.publishUser('user.created', user);
    return user;
  }

  /** Deletes a user and publishes `user.deleted`. */
  deleteUser(user: AircallUserRecord): void {
    this.records.delete(user.id);
    this.pausedCalls.delete(user.id);
    this.publishUser('user.deleted', user);
  }

  /**
   * The agent changes their own status in Aircall Workspace. With sub-statuses enabled an unavailable agent may
   * give a reason (snake_case or label); without, a reason cannot be chosen and is ignored (§6.2).
   */
  setStatusAsAgent(user: AircallUserRecord, status: unknown, substatus?: unknown): void {
    if (!isAircallAvailabilityStatus(status)) throw new SandboxInputError('availability_status must be available, custom or unavailable');
    if (substatus !== undefined && substatus !== null && typeof substatus !== 'string') throw new SandboxInputError('substatus must be a string');
    const reason = status === 'unavailable' && this.options.substatusesEnabled ? parseReason(substatus ?? undefined) : undefined;
    this.applyStatus(user, status, reason);
  }

  /**
   * An API `PUT /v1/users/:id`. The substatus then reads `always_closed` or open: the UNCONFIRMED presumption of
   * §6.2/§7. Our own writes echo back as webhooks, as §8.3 tells the sync to assume.
   */
  updateFromApi(user: AircallUserRecord, update: UserUpdate): void {
    if (update.first_name !== undefined) user.firstName = update.first_name;
    if (update.last_name !== undefined) user.lastName = update.last_name;
    if (update.wrap_up_time !== undefined) user.wrapUpTime = update.wrap_up_time;
    if (update.availability_status !== undefined) this.applyStatus(user, update.availability_status, undefined);
  }

  /** The agent opens or closes Aircall Workspace: `user.connected` / `user.disconnected`. */
  setConnection(user: AircallUserRecord, connected: boolean): void {
    if (user.connected === connected) return;
    user.connected = connected;
    this.publishUser(connected ? 'user.connected' : 'user.disconnected', user);
  }

  /** Working hours start or end; a `custom` user then opens or closes (UNCONFIRMED that this fires events, §8.3). */
  setWorkingHours(user: AircallUserRecord, inWorkingHours: boolean): void {
    const wasOpen = isOpen(user);
    user.inWorkingHours = inWorkingHours;
    if (isOpen(user) !== wasOpen) this.announceStatus(user);
  }

  /**
   * Runs a simulated inbound call: `call.created`, `call.ringing_on_agent`, then `call.answered`, `call.hungup` and
   * `user.wut_start`/`user.wut_end` (wrap-up > 0), or for a missed call `call.hungup` with a missed reason; then the
   * `setsStatus` change; `call.ended` last, only with `sendEnded`. Stops at `pauseAt` until `continueCall`.
   */
  startCall(user: AircallUserRecord, options: CallOptions): CallState {
    if (this.pausedCalls.has(user.id)) throw new SandboxInputError(`user ${user.id} is already on a simulated call`, 409);
    const live = liveAvailability(user);
    if (live !== 'available') throw new SandboxInputError(`user ${user.id} cannot receive calls (live availability ${live})`, 409);
    const call = newCall(this.nextCallId++, this.nowSeconds(), options.from);
    const answered = (options.outcome ?? 'answered') === 'answered';
    const wrapUp = options.wrapUpSeconds ?? user.wrapUpTime;
    const steps: CallStep[] = [
      { run: () => this.publishCall('call.created', call, user) },
      { run: () => this.publishCall('call.ringing_on_agent', call, user), reaches: 'ringing' },
    ];
    if (answered) {
      steps.push({
        run: () => {
          call.status = 'answered';
          call.answeredAt = this.nowSeconds();
          user.activity = 'in_call';
          this.publishCall('call.answered', call, user);
        },
        reaches: 'in_call',
      });
    }
    steps.push({
      run: () => {
        call.status = 'done';
        call.endedAt = this.nowSeconds();
        if (!answered) call.missedCallReason = 'agents_did_not_answer';
        user.activity = 'idle';
        this.publishCall('call.hungup', call, user);
      },
    });
    if (answered && wrapUp > 0) {
      steps.push({
        run: () => {
          user.activity = 'after_call_work';
          this.publishUser('user.wut_start', user);
        },
        reaches: 'after_call_work',
      });
      steps.push({
        run: () => {
          user.activity = 'idle';
          this.publishUser('user.wut_end', user);
        },
      });
    }
    if (options.setsStatus) {
      const status = options.setsStatus;
      steps.push({ run: () => this.applyStatus(user, status, undefined) });
    }
    if (options.sendEnded) steps.push({ run: () => this.publishCall('call.ended', call, user) });
    this.runSteps(user, steps, options.pauseAt);
    return call;
  }

  /** Runs the rest of a paused call. */
  continueCall(user: AircallUserRecord): void {
    const steps = this.pausedCalls.get(user.id);
    if (!steps) throw new SandboxInputError(`user ${user.id} has no paused call`, 409);
    this.pausedCalls.delete(user.id);
    this.runSteps(user, steps, undefined);
  }

  private runSteps(user: AircallUserRecord, steps: CallStep[], pauseAt: CallPause | undefined): void {
    for (let index = 0; index < steps.length; index++) {
      const step = steps[index] as CallStep;
      step.run();
      if (pauseAt !== undefined && step.reaches === pauseAt && index < steps.length - 1) {
        this.pausedCalls.set(user.id, steps.slice(index + 1));
        return;
      }
    }
  }

  private insert(seed: AircallUserSeed): AircallUserRecord {
    if (typeof seed.email !== 'string' || !seed.email.includes('@')) throw new SandboxInputError('email is required');
    if (this.find(seed.email)) throw new SandboxInputError('Email has already been taken');
    if (seed.id !== undefined && this.records.has(seed.id)) throw new SandboxInputError(`id ${seed.id} is already taken`);
    const user = userFromSeed(seed, this.nextUserId, new Date(this.options.now()).toISOString(), this.options.substatusesEnabled);
    this.nextUserId = Math.max(this.nextUserId, user.id) + 1;
    this.records.set(user.id, user);
    return user;
  }

  private applyStatus(user: AircallUserRecord, status: AircallAvailabilityStatus, reason: string | undefined): void {
    const before = statusKey(user);
    user.availabilityStatus = status;
    user.reason = status === 'unavailable' ? reason : undefined;
    if (statusKey(user) !== before) this.announceStatus(user);
  }

  // With sub-statuses on, `user.closed` goes out twice: first without `substatus`, then with it (§8.4).
  private announceStatus(user: AircallUserRecord): void {
    if (isOpen(user)) {
      this.publishUser('user.opened', user);
      return;
    }
    if (this.options.substatusesEnabled) this.publishUser('user.closed', user, false);
    this.publishUser('user.closed', user);
  }

  private publishUser(event: string, user: AircallUserRecord, withSubstatus = true): void {
    const base = this.options.baseUrl();
    const { spelling } = this.options;
    this.options.publisher.publish('user', event, {
      v1: toUserV1(user, base, spelling, withSubstatus),
      v2: toUserV2(user, `${base}/v2/users/${user.id}`, spelling, withSubstatus),
    });
  }

  private publishCall(event: string, call: CallState, user: AircallUserRecord): void {
    this.options.publisher.publish('call', event, { v1: callPayload(call, user, this.options.baseUrl()) });
  }

  private nowSeconds(): number {
    return Math.floor(this.options.now() / 1000);
  }
}

function statusKey(user: AircallUserRecord): string {
  return `${user.availabilityStatus}|${user.reason ?? ''}|${isOpen(user)}`;
}
