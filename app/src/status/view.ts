// What the pane and the top-bar icon show for an agent's status answer: pure functions over shared/app-api.ts types.
import type { DirectionInForce, MeStatusResponse, SideStatusView, UnlinkedReason } from '../../../shared/app-api';
import { AIRCALL_AVAILABILITY_STATUSES, AIRCALL_UNAVAILABLE_REASONS } from '../../../shared/aircall/vocabulary';
import { ZENDESK_DEFAULT_STATUSES } from '../../../shared/zendesk/vocabulary';
import { SOURCE_SIDE, TARGET_SIDE, sourceSides } from '../../../shared/sync/mapping';
import { KEEP_IN_STEP_SETTING, TWO_WAY_MASTER_SETTING, readKeepInStep, readTwoWayMaster } from '../../../shared/sync/direction';
import { SYNC_DIRECTIONS, isSyncDirection, type Side } from '../../../shared/sync/types';
import type { BackendFailure } from '../backend/request';
import type { Label } from '../mapping-view';
import { statusLabel } from '../mapping-view';

/** The `<symbol>` ids of assets/icon_top_bar.svg, one per state the icon can show (`default` is required by ZAF). */
export const ICON_SYMBOLS = ['default', 'available', 'unavailable', 'paused', 'problem'] as const;
export type IconSymbol = (typeof ICON_SYMBOLS)[number];

/** Why nothing is synced for the agent right now, most important first; `undefined` when sync can act. */
export type SyncNote =
  | { kind: 'paused'; problem: NonNullable<DirectionInForce['problem']> }
  | { kind: 'off' }
  | { kind: 'needs_reconnect' }
  | { kind: 'unlinked'; reason: UnlinkedReason }
  | { kind: 'not_synced'; side: Side; key: string }
  | { kind: 'unknown_status'; side: Side };

/** The note for an answer. */
export function syncNote(status: MeStatusResponse): SyncNote | undefined {
  const { direction } = status;
  if (direction.problem) return { kind: 'paused', problem: direction.problem };
  if (direction.direction === 'off') return { kind: 'off' };
  // A connection failed for good (issue 12): nothing syncs for anyone until an admin reconnects it.
  if (status.needsReconnect) return { kind: 'needs_reconnect' };
  if (!status.linked) return { kind: 'unlinked', reason: status.unlinkedReason ?? 'not_in_directory' };
  const unknown = sourceSides(direction.direction).find((side) => !status[side]);
  if (unknown) return { kind: 'unknown_status', side: unknown };
  if (status.rule && status.rule.to === null) return { kind: 'not_synced', side: status.rule.from.side, key: status.rule.from.key };
  return undefined;
}

/** A key of a status that counts as "can take work" on its side. */
const AVAILABLE_KEYS: Record<Side, string> = { aircall: 'available', zendesk: 'online' };

/**
 * The top-bar icon for what the app knows. A backend failure shows `problem`, except a passing outage while data is
 * still there (the poll retries). Otherwise the agent's source-side status, or `paused` when sync does not act.
 */
export function iconSymbolFor(status: MeStatusResponse | undefined, failure: BackendFailure | undefined): IconSymbol {
  if (failure && !(failure.kind === 'unavailable' && status)) return 'problem';
  if (!status) return 'default';
  const note = syncNote(status);
  if (note?.kind === 'unknown_status') return 'default';
  if (note) return 'paused';
  if (status.lastSync?.outcome === 'failed') return 'problem';
  const source = shownSide(status.direction);
  return status[source]?.key === AVAILABLE_KEYS[source] ? 'available' : 'unavailable';
}

/** The side whose status the icon shows: the source, or with two-way sync the master side (`twoWayMaster`). */
export function shownSide(direction: DirectionInForce): Side {
  if (direction.direction === 'both') return direction.twoWayMaster ?? 'aircall';
  return direction.direction === 'off' ? 'aircall' : SOURCE_SIDE[direction.direction];
}

/**
 * The direction as the installation setting gives it, for display before the backend answers (or when it cannot be
 * reached). An invalid value pauses sync, as the backend does (issue 6), and is reported the same way.
 */
export function directionFromSetting(value: unknown, keepInStep?: unknown, twoWayMaster?: unknown): DirectionInForce {
  const keep = keepInStepFromSetting(keepInStep);
  if (value === 'both')
    return { direction: value, source: 'installation', keepInStep: keep, twoWayMaster: readTwoWayMaster({ [TWO_WAY_MASTER_SETTING]: twoWayMaster }) };
  if (isSyncDirection(value)) return { direction: value, source: 'installation', keepInStep: keep };
  const shown = value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  return { direction: 'off', source: 'installation', keepInStep: keep, problem: { setting: 'syncDirection', value: shown, allowed: SYNC_DIRECTIONS } };
}

/**
 * The `keepInStep` checkbox as `metadata().settings` gives it, read as the backend reads the installation
 * (`readKeepInStep`: a boolean, or its text form; anything else, or no value, is off).
 */
export function keepInStepFromSetting(value: unknown): boolean {
  return readKeepInStep({ [KEEP_IN_STEP_SETTING]: value });
}

/** The agent's own change on the target side that the target keeps until the next source change (`otherSideChanged`). */
export interface OtherSideChange {
  /** The side the agent changed: the direction's target. */
  side: Side;
  /** The side whose next change the target follows again. */
  source: Side;
  at: number;
}

/**
 * `otherSideChanged` when it applies to the direction in force: only the target side keeps an own change, and never
 * with keepInStep or sync off. Anything else (a stale or malformed value) shows nothing rather than a wrong sentence.
 */
export function otherSideChange(status: MeStatusResponse): OtherSideChange | undefined {
  const changed = status.otherSideChanged;
  const { direction } = status;
  if (!changed || direction.direction === 'off' || direction.direction === 'both' || direction.problem || direction.keepInStep === true || !status.linked)
    return undefined;
  const source = SOURCE_SIDE[direction.direction];
  const target = TARGET_SIDE[direction.direction];
  if (changed.side !== target || typeof changed.at !== 'number' || !Number.isFinite(changed.at)) return undefined;
  return { side: target, source, at: changed.at };
}

const REASONS: readonly string[] = AIRCALL_UNAVAILABLE_REASONS;
const KNOWN: Record<Side, readonly string[]> = { aircall: AIRCALL_AVAILABILITY_STATUSES, zendesk: ZENDESK_DEFAULT_STATUSES };

/** The label of a status key; a key the app has no words for is shown as it is. */
export function statusKeyLabel(side: Side, key: string): Label {
  if (KNOWN[side].includes(key) || (side === 'zendesk' && key.startsWith('custom:'))) return statusLabel(side, key);
  return { key: 'status.raw', vars: { key } };
}

/**
 * The label of one side's status, with its detail: an Aircall unavailable reason ("Unavailable (Out for lunch)") or
 * the name of a Zendesk custom status.
 */
export function sideStatusLabel(side: Side, view: SideStatusView | undefined): Label {
  if (!view) return { key: 'status.unknown' };
  if (side === 'zendesk' && view.key.startsWith('custom:') && view.detail) return { key: 'status.zendesk.custom_named', vars: { name: view.detail } };
  const base = statusKeyLabel(side, view.key);
  if (side === 'aircall' && view.detail) {
    const reason = view.detail
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_');
    return { key: 'status.with_detail', vars: { status: base, detail: REASONS.includes(reason) ? { key: `status.aircall_reason.${reason}` } : view.detail } };
  }
  return base;
}
