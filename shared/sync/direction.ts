// The direction in force (issue 6): which app installation is ours and what its `syncDirection` setting means.
// Pure: reading the installations from Zendesk is lambdas/sync/app-settings.ts.
import type { DirectionInForce } from '../app-api';
import { directionPeriod, type SyncSettings } from './decide';
import type { MappingTable } from './mapping';
import { CALL_STATUS_SETTING } from './call-hold';
import { DEFAULT_TWO_WAY_MASTER, SYNC_DIRECTIONS, TWO_WAY_MASTERS, isSyncDirection, type SyncDirection, type TwoWayMaster } from './types';

/** The app's parameter names (manifest.json). */
export const DIRECTION_SETTING = 'syncDirection';
/** The opt-in "Undo changes made on the other side" checkbox (issue 10); off unless it says true. */
export const KEEP_IN_STEP_SETTING = 'keepInStep';
/** With two-way sync (`both`), the side that wins changes that cannot be ordered (issue 14): `aircall` or `zendesk`. */
export const TWO_WAY_MASTER_SETTING = 'twoWayMaster';
/**
 * The opt-in "Without omnichannel routing, sync the Talk availability" checkbox (issue 14 §3); off unless it says true.
 * Off: an account without omnichannel routing gets no Talk `agent_state` read or write (the seed's behaviour).
 */
export const TALK_AGENT_STATE_SETTING = 'talkAgentState';

/** An app installation as the core needs it (the Zendesk client's `ZendeskInstallation` fits). */
export interface InstallationSettings {
  id: string;
  appId?: string;
  enabled: boolean;
  settings: Readonly<Record<string, string | number | boolean>>;
}

/** Which installation is ours, or why none applies. */
export type InstallationChoice =
  | { found: true; installation: InstallationSettings }
  /** `disabled`: ours is installed, but every match is disabled. */
  | { found: false; reason: 'not_installed' | 'disabled' };

export type DirectionProblem = NonNullable<DirectionInForce['problem']>;

/** The direction in force, and the installation it comes from. */
export type DirectionDecision = DirectionInForce & { installationId?: string };

const MAX_SHOWN_VALUE = 100;

/**
 * Picks our installation among the account's. With `appId`, those of that app; without it, those whose settings hold
 * our `syncDirection` parameter. Several may match (the app installed twice, or another app with a parameter of the
 * same name): the enabled ones win, then, without an app id, one that also has our `keepInStep` (the `backendUrl`
 * parameter that used to tell ours apart is gone, issue 12; whether Zendesk stores an unticked checkbox is
 * UNCONFIRMED, so this only ranks), then the lowest id (numeric order), so that every process picks the same one.
 *
 * @example pickInstallation([{ id: '7', enabled: true, settings: { syncDirection: 'off' } }]) // { found: true, installation: … }
 */
export function pickInstallation(installations: readonly InstallationSettings[], appId?: string | number): InstallationChoice {
  const wanted = appId === undefined ? undefined : String(appId);
  const ours = installations.filter((i) => (wanted !== undefined ? i.appId === wanted : DIRECTION_SETTING in i.settings));
  if (ours.length === 0) return { found: false, reason: 'not_installed' };
  const enabled = ours.filter((i) => i.enabled);
  if (enabled.length === 0) return { found: false, reason: 'disabled' };
  const rank = (i: InstallationSettings) => (wanted === undefined && !(KEEP_IN_STEP_SETTING in i.settings) ? 1 : 0);
  const [first] = [...enabled].sort((a, b) => rank(a) - rank(b) || compareIds(a.id, b.id));
  return { found: true, installation: first as InstallationSettings };
}

/**
 * What the `syncDirection` setting says: a direction, or a problem naming the setting, its value and the allowed
 * values. Surrounding spaces are ignored; anything else (another word, another case, a missing or non-text value) is
 * a problem, which pauses sync: guessing what an admin meant could sync the wrong way.
 */
export function readDirectionSetting(settings: Readonly<Record<string, unknown>>): { direction: SyncDirection } | { problem: DirectionProblem } {
  const raw = settings[DIRECTION_SETTING];
  const value = typeof raw === 'string' ? raw.trim() : '';
  if (isSyncDirection(value)) return { direction: value };
  const shown = raw === undefined || raw === null ? '' : String(raw);
  return {
    problem: { setting: DIRECTION_SETTING, value: shown.length > MAX_SHOWN_VALUE ? `${shown.slice(0, MAX_SHOWN_VALUE)}…` : shown, allowed: SYNC_DIRECTIONS },
  };
}

/**
 * What the `keepInStep` checkbox says. Zendesk stores a checkbox as a boolean; a text `"true"` (an API client's
 * write) counts too. Anything else is off: the seed's behaviour, which never reverts a person's change, is the safe
 * default.
 *
 * @example readKeepInStep({ keepInStep: true }) // true
 * @example readKeepInStep({}) // false
 */
export function readKeepInStep(settings: Readonly<Record<string, unknown>>): boolean {
  const raw = settings[KEEP_IN_STEP_SETTING];
  return raw === true || (typeof raw === 'string' && raw.trim().toLowerCase() === 'true');
}

/**
 * What the `talkAgentState` checkbox says, read as `readKeepInStep` reads its own: a boolean, or its text form `"true"`.
 * Anything else is off, the default: accounts without omnichannel routing are then not synced on the Zendesk side.
 *
 * @example readTalkAgentState({ talkAgentState: true }) // true
 * @example readTalkAgentState({}) // false
 */
export function readTalkAgentState(settings: Readonly<Record<string, unknown>>): boolean {
  const raw = settings[TALK_AGENT_STATE_SETTING];
  return raw === true || (typeof raw === 'string' && raw.trim().toLowerCase() === 'true');
}

/**
 * What the `twoWayMaster` setting says: `aircall` or `zendesk` (surrounding spaces and case ignored). Anything else,
 * or no value, is the default, `aircall`: the setting only breaks ties of two-way sync, and pausing the sync over it
 * would stop far more than it protects.
 *
 * @example readTwoWayMaster({ twoWayMaster: 'Zendesk' }) // 'zendesk'
 * @example readTwoWayMaster({}) // 'aircall'
 */
export function readTwoWayMaster(settings: Readonly<Record<string, unknown>>): TwoWayMaster {
  const raw = settings[TWO_WAY_MASTER_SETTING];
  const value = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  return (TWO_WAY_MASTERS as readonly string[]).includes(value) ? (value as TwoWayMaster) : DEFAULT_TWO_WAY_MASTER;
}

/**
 * The `callStatus` text setting (issue 14 §1), trimmed: `{ callStatus }` when set, `{}` when empty or absent (off).
 * Whether it names a status of the account is judged with the account's statuses (`callStatusInForce`).
 *
 * @example readCallStatusSetting({ callStatus: ' transfers_only ' }) // { callStatus: 'transfers_only' }
 */
export function readCallStatusSetting(settings: Readonly<Record<string, unknown>>): { callStatus?: string } {
  const raw = settings[CALL_STATUS_SETTING];
  const value = typeof raw === 'string' ? raw.trim().slice(0, 200) : '';
  return value === '' ? {} : { callStatus: value };
}

/**
 * The direction the backend applies: our enabled installation's `syncDirection` (`off`, with a problem, when it is
 * invalid), else the accounts file's `fallback` (not installed, or disabled).
 *
 * @example directionInForce({ fallback: 'off', installations, checkedAt: now }).direction // 'zendesk_to_aircall'
 */
export function directionInForce(input: {
  fallback: SyncDirection;
  installations: readonly InstallationSettings[];
  appId?: string | number;
  checkedAt: number;
}): DirectionDecision {
  const choice = pickInstallation(input.installations, input.appId);
  if (!choice.found) return { direction: input.fallback, source: 'accounts_file', checkedAt: input.checkedAt, keepInStep: false };
  const read = readDirectionSetting(choice.installation.settings);
  const base = {
    source: 'installation' as const,
    checkedAt: input.checkedAt,
    installationId: choice.installation.id,
    keepInStep: readKeepInStep(choice.installation.settings),
    ...readCallStatusSetting(choice.installation.settings),
    // Absent is off: snapshots stored before the setting existed read the same.
    ...(readTalkAgentState(choice.installation.settings) && { talkAgentState: true }),
    // Only with two-way sync: a one-way snapshot stays as it was.
    ...('direction' in read && read.direction === 'both' && { twoWayMaster: readTwoWayMaster(choice.installation.settings) }),
  };
  return 'problem' in read ? { ...base, direction: 'off', problem: read.problem } : { ...base, direction: read.direction };
}

/**
 * A sentence for the admin about an invalid setting.
 *
 * @example problemMessage({ setting: 'syncDirection', value: 'sideways', allowed: SYNC_DIRECTIONS })
 * // 'The app setting "syncDirection" is "sideways", which is not allowed: use aircall_to_zendesk, zendesk_to_aircall, both or off. Sync is paused until it is fixed.'
 */
export function problemMessage(problem: DirectionProblem): string {
  const allowed = `${problem.allowed.slice(0, -1).join(', ')} or ${problem.allowed[problem.allowed.length - 1] ?? ''}`;
  const what = problem.value === '' ? 'is not set' : `is "${problem.value}", which is not allowed`;
  return `The app setting "${problem.setting}" ${what}: use ${allowed}. Sync is paused until it is fixed.`;
}

function compareIds(a: string, b: string): number {
  // Zendesk ids are numbers that may exceed 2^53: compare digit strings by length, then text.
  const digits = /^\d+$/;
  if (digits.test(a) && digits.test(b)) return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * What the core decides with, from the direction in force: the direction, `keepInStep`, and the period whose single
 * initial sync each agent gets.
 */
export function syncSettings(inForce: DirectionInForce, mapping: MappingTable, echoWindowMs: number): SyncSettings {
  return {
    direction: inForce.direction,
    mapping,
    echoWindowMs,
    // `keepInStep` has no meaning with two-way sync: ignored.
    keepInStep: inForce.keepInStep === true && inForce.direction !== 'both',
    ...(inForce.direction === 'both' && { twoWayMaster: inForce.twoWayMaster ?? DEFAULT_TWO_WAY_MASTER }),
    period: directionPeriod(inForce.direction, inForce.since),
  };
}
