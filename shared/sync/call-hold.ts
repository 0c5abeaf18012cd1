// Call-aware status (issue 14 §1), pure: while an agent is on an Aircall call or in wrap-up, Zendesk is held at the
// `callStatus` setting; afterwards the newest Aircall change is applied, else the status from before the call comes
// back, unless the agent changed Zendesk meanwhile. No I/O: lambdas/sync/call-hold.ts reads and writes.
import type { AircallLiveAvailability } from '../aircall/vocabulary';
import { defaultStatusFromName, type ZendeskStatusCatalog } from '../zendesk/vocabulary';
import { isSourceSide } from './mapping';
import type { CallStatusView, OnCallView } from '../app-api';
import type { SyncDirection } from './types';

/** The app parameter (manifest.json): a Zendesk status name to hold during calls; empty is off. */
export const CALL_STATUS_SETTING = 'callStatus';
/** The longest a hold lasts without an end signal (Aircall users can stay `in_call`, aircall-api.md §6.3). */
export const DEFAULT_CALL_HOLD_CAP_MS = 2 * 60 * 60_000;
/**
 * After `call.hungup`, how long we wait for `user.wut_start` before taking the wrap-up as zero: Aircall sends no
 * `user.wut_*` then (aircall-api.md §8.3), and events arrive unordered (§8.7).
 */
export const WRAP_UP_GRACE_MS = 10_000;
/** A live reading must be this much newer than the hold's last signal to end it (clock skew, webhook lag). */
export const READING_MARGIN_MS = 5_000;
/** Ended call ids kept per agent, so a late `call.ended` or a reordered `call.answered` of one does nothing. */
const ENDED_CALLS_KEPT = 20;

/** What Aircall told us about the agent's calls. `at`: epoch ms (event timestamp, or the reading's time). */
export type CallSignal =
  | { kind: 'answered'; callId: string; at: number }
  /** `call.hungup` (immediate) or `call.ended` (~30 s later): the same end, counted once per call. */
  | { kind: 'hungup'; callId: string; at: number }
  | { kind: 'wrap_up_start'; at: number }
  | { kind: 'wrap_up_end'; at: number }
  /** `GET /v1/users/availabilities` (§6.3): `in_call` / `after_call_work` mean still busy; anything else, free. */
  | { kind: 'live'; availability: AircallLiveAvailability | 'unknown'; at: number };

/** `setting_off`: `callStatus` emptied, or Aircall no longer a source, while the agent was held. */
export type ReleaseReason = 'call_over' | 'wrap_up_ended' | 'not_on_call' | 'capped' | 'setting_off';

/** One agent's hold, as stored. Absent: never on a call since the feature was on. */
export interface CallHold {
  /** Calls answered and not over yet. */
  openCalls: string[];
  /** Recently ended calls (newest last). */
  endedCalls: string[];
  /** When the current hold began (first `answered`); absent when no hold is active. */
  since?: number;
  /** The newest signal's time. */
  lastSignalAt: number;
  /** When the last open call ended. */
  hungupAt?: number;
  /** The newest call's answer: wrap-up signals from before it belong to an earlier call. */
  answeredAt?: number;
  /** The newest `user.wut_start` / `user.wut_end` seen, kept even before a hold (events arrive unordered, §8.7). */
  wrapUpStartAt?: number;
  wrapUpEndAt?: number;
  /** The Zendesk status key before our hold write (absent: unknown). */
  remembered?: string;
  /** The Aircall status key when the hold began: a different one at the end is a change made during the call. */
  aircallAtStart?: string;
  /** Our hold write: the status key and when. Absent until the worker has written it. */
  held?: { value: string; at: number };
  /** Set once the hold is over; the worker then acts on it and sets `done`. */
  released?: { at: number; reason: ReleaseReason; done?: boolean };
}

export const emptyHold = (): CallHold => ({ openCalls: [], endedCalls: [], lastSignalAt: 0 });

/** Whether Zendesk is (or is to be) held for this agent. */
export function isHoldActive(hold: CallHold | undefined): hold is CallHold & { since: number } {
  return hold !== undefined && hold.since !== undefined && hold.released === undefined;
}

/**
 * The hold after one signal. Idempotent: a repeated signal changes nothing, and a call's end counts once whichever of
 * `call.hungup` / `call.ended` comes first (or last), so nothing is restored twice.
 *
 * @example applySignal(undefined, { kind: 'answered', callId: '7', at: 1000 }, 1000).since // 1000
 */
export function applySignal(current: CallHold | undefined, signal: CallSignal, now: number, capMs = DEFAULT_CALL_HOLD_CAP_MS): CallHold {
  let hold: CallHold = structuredClone(current ?? emptyHold());
  const active = isHoldActive(hold);
  switch (signal.kind) {
    case 'answered': {
      // A call already over (its end came first, reordered) does not start anything.
      if (hold.endedCalls.includes(signal.callId) || hold.openCalls.includes(signal.callId)) break;
      if (hold.released !== undefined && hold.released.done !== true && hold.since !== undefined) {
        // The next call came before the worker acted on the last one's end: one hold goes on, remembering what
        // Zendesk was before the first call (not our own hold status).
        delete hold.released;
      } else if (!active) {
        const { endedCalls, lastSignalAt, wrapUpStartAt, wrapUpEndAt } = hold;
        hold = {
          ...emptyHold(),
          endedCalls,
          lastSignalAt,
          since: signal.at,
          ...(wrapUpStartAt !== undefined && { wrapUpStartAt }),
          ...(wrapUpEndAt !== undefined && { wrapUpEndAt }),
        };
      }
      hold.openCalls.push(signal.callId);
      hold.answeredAt = Math.max(hold.answeredAt ?? signal.at, signal.at);
      delete hold.hungupAt;
      break;
    }
    case 'hungup': {
      if (hold.endedCalls.includes(signal.callId)) break;
      hold.endedCalls = [...hold.endedCalls, signal.callId].slice(-ENDED_CALLS_KEPT);
      if (!hold.openCalls.includes(signal.callId)) break; // never seen answered here: nothing was held for it
      hold.openCalls = hold.openCalls.filter((id) => id !== signal.callId);
      if (hold.openCalls.length === 0) hold.hungupAt = signal.at;
      break;
    }
    case 'wrap_up_start':
      hold.wrapUpStartAt = Math.max(hold.wrapUpStartAt ?? signal.at, signal.at);
      break;
    case 'wrap_up_end':
      hold.wrapUpEndAt = Math.max(hold.wrapUpEndAt ?? signal.at, signal.at);
      break;
    case 'live':
      if (active && !isBusy(signal.availability) && signal.availability !== 'unknown' && signal.at - hold.lastSignalAt >= READING_MARGIN_MS) {
        hold.released = { at: now, reason: 'not_on_call' };
      }
      break;
  }
  if (signal.kind !== 'live') hold.lastSignalAt = Math.max(hold.lastSignalAt, signal.at);
  return tick(hold, now, capMs);
}

/** The hold at `now`: released when the call and wrap-up are over, or the cap is reached. */
export function tick(current: CallHold, now: number, capMs = DEFAULT_CALL_HOLD_CAP_MS): CallHold {
  if (!isHoldActive(current)) return current;
  const reason = releaseReason(current, now, capMs);
  return reason === undefined ? current : { ...current, released: { at: now, reason } };
}

function releaseReason(hold: CallHold & { since: number }, now: number, capMs: number): ReleaseReason | undefined {
  if (now - hold.since >= capMs) return 'capped';
  if (hold.openCalls.length > 0 || hold.hungupAt === undefined) return undefined;
  const wrapUp = wrapUpOf(hold);
  if (wrapUp === 'ended') return 'wrap_up_ended';
  if (wrapUp === 'started') return undefined;
  return now - hold.hungupAt >= WRAP_UP_GRACE_MS ? 'call_over' : undefined;
}

/** When the worker should look again (epoch ms): the end of the wrap-up grace, else the cap; none when released. */
export function nextCheckAt(hold: CallHold, capMs = DEFAULT_CALL_HOLD_CAP_MS): number | undefined {
  if (!isHoldActive(hold)) return undefined;
  if (hold.openCalls.length === 0 && hold.hungupAt !== undefined && wrapUpOf(hold) === undefined) return hold.hungupAt + WRAP_UP_GRACE_MS;
  return hold.since + capMs;
}

/**
 * The newest call's wrap-up: signals from before its answer belong to an earlier call; an end without its start
 * (reordered, or the start lost) ends it all the same.
 */
export function wrapUpOf(hold: CallHold): 'started' | 'ended' | undefined {
  const from = hold.answeredAt ?? hold.since ?? -Infinity;
  const start = hold.wrapUpStartAt !== undefined && hold.wrapUpStartAt >= from ? hold.wrapUpStartAt : undefined;
  const end = hold.wrapUpEndAt !== undefined && hold.wrapUpEndAt >= from && hold.wrapUpEndAt >= (start ?? -Infinity) ? hold.wrapUpEndAt : undefined;
  return end !== undefined ? 'ended' : start !== undefined ? 'started' : undefined;
}

/** What the agent is in, for the top bar: the call, or its wrap-up. */
export function holdPhase(hold: CallHold): 'call' | 'wrap_up' {
  return hold.openCalls.length === 0 && wrapUpOf(hold) === 'started' ? 'wrap_up' : 'call';
}

function isBusy(availability: AircallLiveAvailability | 'unknown'): boolean {
  return availability === 'in_call' || availability === 'after_call_work';
}

/** What the worker does once a hold is released. */
export type ReleaseAction =
  /**
   * An Aircall change came during the call (or Zendesk's status from before is unknown): the ordinary sync applies
   * the newest Aircall status (the mapping decides).
   */
  | { action: 'sync' }
  /** Put back what Zendesk was before the call. */
  | { action: 'restore'; status: string }
  /** Leave Zendesk as it is: the agent changed it themselves, or nothing was held, or it was the hold status already. */
  | { action: 'leave'; reason: 'agent_changed_zendesk' | 'nothing_held' | 'nothing_remembered' };

/**
 * The end of a hold. `aircall`: the newest Aircall status key, when it was observed, and whether the mapping syncs it
 * to Zendesk (`mapped: false`: Auto, `custom`, is not synced); `zendesk`: the newest Zendesk status key and when it was
 * observed. An Aircall change the mapping does not sync never leaves Zendesk at the hold status: the status from
 * before comes back.
 *
 * @example releaseAction({ ...hold, remembered: 'online', held: { value: 'transfers_only', at: 5 } }, {}) // { action: 'restore', status: 'online' }
 */
export function releaseAction(
  hold: CallHold,
  seen: { aircall?: { key: string; at: number; mapped?: boolean }; zendesk?: { key: string; at: number } },
): ReleaseAction {
  if (hold.held === undefined || hold.since === undefined) return { action: 'leave', reason: 'nothing_held' };
  const { aircall, zendesk } = seen;
  const syncable = aircall?.mapped !== false;
  const changedInCall = aircall !== undefined && aircall.at >= hold.since && hold.aircallAtStart !== undefined && aircall.key !== hold.aircallAtStart;
  if (changedInCall && syncable) return { action: 'sync' };
  if (zendesk !== undefined && zendesk.at > hold.held.at && zendesk.key !== hold.held.value) return { action: 'leave', reason: 'agent_changed_zendesk' };
  // Zendesk's status before the call was never seen: the mapping of Aircall's decides, as for any change.
  if (hold.remembered === undefined) return syncable ? { action: 'sync' } : { action: 'leave', reason: 'nothing_remembered' };
  if (hold.remembered === hold.held.value) return { action: 'leave', reason: 'nothing_remembered' };
  return { action: 'restore', status: hold.remembered };
}

/** The setting as the backend applies it. */
export type CallStatusInForce =
  | { state: 'off' }
  /** Set, but Aircall is not a source (`zendesk_to_aircall`, or sync off): ignored, and the app says so. */
  | { state: 'ignored'; name: string; direction: SyncDirection }
  /** Names no status of this Zendesk account: the feature stays off, and the admin is told. */
  | { state: 'invalid'; name: string; problem: string }
  | { state: 'on'; name: string; key: string };

/** Whether Aircall is a source in `direction`: `aircall_to_zendesk`, and `both` (two-way sync, issue 14 §2). */
export function aircallIsSource(direction: SyncDirection): boolean {
  return isSourceSide(direction, 'aircall');
}

/**
 * Resolves the `callStatus` setting against the account's statuses: a default status by name ("transfers_only",
 * "Transfers only"), else a custom status by its exact name (case and surrounding spaces aside). Empty: off.
 *
 * @example callStatusInForce('Transfers only', 'aircall_to_zendesk', catalog) // { state: 'on', name: 'Transfers only', key: 'transfers_only' }
 */
export function callStatusInForce(setting: string | undefined, direction: SyncDirection, catalog: ZendeskStatusCatalog): CallStatusInForce {
  const name = (setting ?? '').trim();
  if (name === '') return { state: 'off' };
  if (!aircallIsSource(direction)) return { state: 'ignored', name, direction };
  const resolved = resolveCallStatus(name, catalog);
  return 'key' in resolved ? { state: 'on', name, key: resolved.key } : { state: 'invalid', name, problem: resolved.problem };
}

/** A status name to a status key (`transfers_only`, `custom:<id>`), or a problem for the admin. */
export function resolveCallStatus(name: string, catalog: ZendeskStatusCatalog): { key: string } | { problem: string } {
  const wanted = name.trim();
  const asDefault = defaultStatusFromName(wanted);
  if (asDefault !== undefined) return { key: asDefault };
  const fold = (s: string) => s.trim().toLowerCase();
  const matches = catalog.entries.filter((e) => e.status.kind === 'custom' && fold(e.name) === fold(wanted));
  const shown = wanted.length > 100 ? `${wanted.slice(0, 100)}…` : wanted;
  if (matches.length === 1) return { key: `custom:${(matches[0] as { id: string }).id}` };
  if (matches.length > 1)
    return {
      problem: `The app setting "callStatus" is "${shown}", which names ${matches.length} Zendesk statuses: rename one. Call-aware status is off until it is fixed.`,
    };
  return {
    problem: `The app setting "callStatus" is "${shown}", which is no status of this Zendesk account: use online, away, transfers_only, offline or a custom status's name. Call-aware status is off until it is fixed.`,
  };
}

/**
 * The setting as the app shows it, resolved against the account's cached statuses (the views read no API). Without a
 * cached list a custom status's name cannot be judged yet: shown as set; the worker reads the list and decides.
 */
export function callStatusView(setting: string | undefined, direction: SyncDirection, catalog: ZendeskStatusCatalog | undefined): CallStatusView | undefined {
  const inForce = callStatusInForce(setting, direction, catalog ?? { entries: [] });
  switch (inForce.state) {
    case 'off':
      return undefined;
    case 'ignored':
      return { name: inForce.name, state: 'ignored' };
    case 'invalid':
      return catalog === undefined ? { name: inForce.name, state: 'on' } : { name: inForce.name, state: 'invalid', problem: inForce.problem };
    case 'on':
      return { name: inForce.name, state: 'on', key: inForce.key };
  }
}

/** What the top bar shows of an active hold: the phase and the status Zendesk is held at. */
export function onCallView(hold: CallHold | undefined, now: number, customName?: string): OnCallView | undefined {
  if (hold === undefined) return undefined;
  const current = tick(hold, now);
  if (!isHoldActive(current) || current.held === undefined) return undefined;
  return { phase: holdPhase(current), key: current.held.value, ...(customName !== undefined && { name: customName }), since: current.since };
}
