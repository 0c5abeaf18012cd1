// The words for what the pane reports: a label (translation key and values) per note, failure and last sync.
import type { CallStatusView, DirectionInForce, LastSyncView, MeStatusResponse, OnCallView } from '../../../shared/app-api';
import { SKIP_REASONS } from '../../../shared/sync/types';
import type { BackendFailure } from '../backend/request';
import type { Label } from '../mapping-view';
import { SOURCE_SIDE, TARGET_SIDE } from '../../../shared/sync/mapping';
import { statusKeyLabel, type OtherSideChange, type SyncNote } from './view';

const quoted = (value: string) => JSON.stringify(value);

/** The paused message: agents learn that sync waits for an admin; admins get the setting, its value and the allowed values. */
export function pausedLabel(problem: NonNullable<DirectionInForce['problem']>, isAdmin: boolean): Label {
  if (!isAdmin) return { key: 'note.paused_agent' };
  const allowed = problem.allowed.join(', ');
  // JSON form so stray spaces show.
  return problem.value === ''
    ? { key: 'note.paused_admin_empty', vars: { allowed } }
    : { key: 'note.paused_admin', vars: { value: quoted(problem.value), allowed } };
}

/** Why nothing syncs for the agent. */
export function noteLabel(note: SyncNote, viewer: { isAdmin: boolean; email?: string }): Label {
  switch (note.kind) {
    case 'paused':
      return pausedLabel(note.problem, viewer.isAdmin);
    case 'off':
      return { key: 'note.off' };
    case 'needs_reconnect':
      return { key: viewer.isAdmin ? 'note.needs_reconnect_admin' : 'note.needs_reconnect' };
    case 'unlinked':
      if (note.reason === 'no_aircall_user') {
        return viewer.email ? { key: 'note.no_aircall_user', vars: { email: viewer.email } } : { key: 'note.no_aircall_user_unknown_email' };
      }
      return { key: note.reason === 'no_zendesk_user' ? 'note.no_zendesk_user' : 'note.not_in_directory' };
    case 'not_synced':
      if (note.side === 'aircall' && note.key === 'custom') return { key: 'note.not_synced_aircall_custom' };
      if (note.side === 'zendesk' && note.key.startsWith('custom:')) return { key: 'note.not_synced_zendesk_custom' };
      return {
        key: 'note.not_synced',
        vars: { status: { key: 'pane.status_on_side', vars: { side: { key: `side.${note.side}` }, status: statusKeyLabel(note.side, note.key) } } },
      };
    case 'unknown_status':
      return { key: 'note.unknown_status', vars: { side: { key: `side.${note.side}` } } };
  }
}

/** A backend failure, for everyone (the fix is an admin's, and the words say so). */
export function failureLabel(failure: BackendFailure): Label {
  switch (failure.kind) {
    case 'bad_backend_url':
      return { key: 'backend.bad_backend_url', vars: { value: quoted(failure.value) } };
    case 'rejected':
      return { key: 'backend.rejected', vars: { status: failure.status } };
    case 'no_session':
      // `no_token` reads as `unsigned`: ZAS flags "token" followed by a quote in translation files as a possible secret.
      return { key: `backend.no_session_${failure.reason === 'no_token' ? 'unsigned' : failure.reason}` };
    default:
      return { key: `backend.${failure.kind}` };
  }
}

const SKIPS: readonly string[] = SKIP_REASONS;

/** The last sync, `when` being the already formatted time. */
export function lastSyncLabel(last: LastSyncView, when: string): Label {
  if (last.outcome === 'written') {
    if (!last.wrote) return { key: 'last_sync.written_plain', vars: { when } };
    return { key: 'last_sync.written', vars: { when, side: { key: `side.${last.wrote.side}` }, status: statusKeyLabel(last.wrote.side, last.wrote.key) } };
  }
  const reason = last.reason ? (SKIPS.includes(last.reason) ? { key: `last_sync.reason.${last.reason}` } : last.reason) : undefined;
  if (last.outcome === 'skipped') return { key: 'last_sync.skipped', vars: { when, reason: reason ?? '—' } };
  return reason ? { key: 'last_sync.failed', vars: { when, reason } } : { key: 'last_sync.failed_plain', vars: { when } };
}

/**
 * What the other (target) side does with an agent's own change there: keeps it until the next source change (the
 * default), or always follows the source (`keepInStep`). Nothing while sync is off or paused.
 */
export function keepInStepLabel(direction: DirectionInForce): Label | undefined {
  if (direction.direction === 'off' || direction.problem) return undefined;
  // Two-way sync: each side keeps what a person sets there and is copied to the other; keepInStep means nothing.
  if (direction.direction === 'both') return { key: direction.keepInStep === true ? 'pane.keep_in_step_ignored' : 'pane.two_way_keeps' };
  const sides = { source: { key: `side.${SOURCE_SIDE[direction.direction]}` }, target: { key: `side.${TARGET_SIDE[direction.direction]}` } };
  return { key: direction.keepInStep === true ? 'pane.keep_in_step_on' : 'pane.keep_in_step_off', vars: sides };
}

/** With two-way sync, which side wins two changes that cannot be ordered (`twoWayMaster`); nothing otherwise. */
export function twoWayMasterLabel(direction: DirectionInForce): Label | undefined {
  if (direction.direction !== 'both' || direction.problem) return undefined;
  return { key: 'pane.two_way_master', vars: { side: { key: `side.${direction.twoWayMaster ?? 'aircall'}` } } };
}

/** "You changed Zendesk yourself; it follows Aircall again at your next Aircall change". */
export function otherSideChangedLabel(change: OtherSideChange): Label {
  return { key: 'pane.other_side_changed', vars: { side: { key: `side.${change.side}` }, source: { key: `side.${change.source}` } } };
}

/** The status Zendesk is (or will be) held at during calls: a default status's label, or a custom status's name. */
function heldStatusLabel(key: string | undefined, name: string): Label | string {
  if (key === undefined || (key.startsWith('custom:') && name !== '')) return key === undefined ? name : { key: 'status.zendesk.custom_named', vars: { name } };
  return statusKeyLabel('zendesk', key);
}

/** Call-aware status (issue 14 §1): "On a call: Zendesk held at Transfers only until the call ends." */
export function onCallLabel(onCall: OnCallView): Label {
  return { key: onCall.phase === 'wrap_up' ? 'pane.on_call_wrap_up' : 'pane.on_call', vars: { status: heldStatusLabel(onCall.key, onCall.name ?? '') } };
}

/** The `callStatus` setting as it applies: what calls do, that it is ignored, or (admins) that it names no status. */
export function callStatusLabel(view: CallStatusView, isAdmin: boolean): Label | undefined {
  switch (view.state) {
    case 'on':
      return { key: 'pane.call_status_on', vars: { status: heldStatusLabel(view.key, view.name) } };
    case 'ignored':
      return { key: 'pane.call_status_ignored', vars: { name: quoted(view.name) } };
    case 'invalid':
      return isAdmin ? { key: 'pane.call_status_invalid', vars: { name: quoted(view.name) } } : undefined;
  }
}

/** The console's line for the `callStatus` setting (issue 14 §1); `undefined` (absent) is off. */
export function callStatusSettingLabel(view: CallStatusView | undefined): Label {
  if (!view) return { key: 'admin.call_status_off' };
  if (view.state === 'on') return { key: 'admin.call_status_on', vars: { status: heldStatusLabel(view.key, view.name) } };
  return { key: view.state === 'ignored' ? 'admin.call_status_ignored' : 'admin.call_status_invalid', vars: { name: quoted(view.name) } };
}

/**
 * Issue 14 §3: without omnichannel routing, the Zendesk status in use (the Talk availability), or that Zendesk is not
 * synced because the `talkAgentState` setting is off. Nothing with routing, with sync off or paused, or for a state
 * this app does not know.
 */
export function zendeskModeLabel(status: MeStatusResponse): Label | undefined {
  const mode = status.zendeskStatusMode;
  if (mode?.mode !== 'talk' || status.direction.direction === 'off' || status.direction.problem) return undefined;
  if (mode.state === 'talk_in_use') return { key: 'pane.zendesk_mode_talk' };
  return mode.state === 'talk_off' ? { key: 'pane.zendesk_mode_talk_off' } : undefined;
}
