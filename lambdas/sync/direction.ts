// The direction in force and its settings (`syncDirection`, `keepInStep`, `callStatus`, `talkAgentState`…): read from the app's installation in
// Zendesk (direction-read.ts, which the app's GET routes use alone), then stored on the account, audited and started
// (a new period's sweep) by the worker and the sweep. The pure rules are shared/sync/direction.ts.
import type { DirectionInForce } from '../../shared/app-api';
import { problemMessage } from '../../shared/sync/direction';
import { ACCOUNT_WIDE, type AccountStore, type AuditStore, type DirectionSnapshot, type StoredAccount } from '../store/port';
import type { SyncDeps } from './deps';
import { isFresh, readSettings, view } from './direction-read';

/** Options of `directionFor`. */
export interface DirectionOptions {
  /** The oldest snapshot (by its last read attempt) used as is. Default `SETTINGS_REFRESH_SECONDS`. */
  maxAgeMs?: number;
  /** Read Zendesk now, whatever the snapshot's age (`reconcile` does, at its start). */
  force?: boolean;
}

// One read at a time per account and store: a burst of messages after the snapshot went stale costs one Zendesk read.
const inFlight = new WeakMap<object, Map<string, Promise<DirectionSnapshot>>>();

/**
 * The direction the backend applies for `account`: the `syncDirection` setting of the app's enabled installation,
 * else the accounts file's `direction` (app not installed, or disabled); `off` with a `problem` when the setting is
 * invalid. The admin sets it in Admin Center › Apps › the app › Settings; no request to the backend can change it.
 *
 * Returns the stored snapshot while its last read attempt is younger than `maxAgeMs` (so the worker costs no
 * Zendesk read per message); else reads the stored item (another process may have refreshed it), and only then the
 * installations from Zendesk with the account's own credentials. A new snapshot is stored on the account (and on
 * `account` itself, which may be the AccountCache's copy), and a change of direction is audited on the account-wide
 * trail (`'*'`, kind `settings`): "direction changed from aircall_to_zendesk to zendesk_to_aircall". Every snapshot
 * used was read from Zendesk at most `maxAgeMs` ago, so an admin's change applies within that period.
 *
 * Never fails because Zendesk cannot be read (network, 5xx, 401/403, bad answer): the last known direction stays in
 * force (the accounts file's when none is known) and the snapshot records the error for the admin view.
 *
 * Callers: the worker (default max age), `reconcile` (`{ force: true }`), and the app API, for which opening the app
 * is a harmless nudge: it calls with `{ maxAgeMs: 5000 }`, so the backend then reads Zendesk itself, at most every 5 s.
 *
 * @example const { direction } = await directionFor(deps, account, deps.now());
 */
export async function directionFor(
  deps: SyncDeps<AccountStore & AuditStore>,
  account: StoredAccount,
  now: number,
  options: DirectionOptions = {},
): Promise<DirectionInForce> {
  const maxAgeMs = options.maxAgeMs ?? deps.config.settingsRefreshSeconds * 1000;
  if (!options.force && isFresh(account.directionSnapshot, now, maxAgeMs)) return view(account.directionSnapshot, account);
  if (!options.force) {
    const stored = (await deps.store.getAccount(account.id))?.directionSnapshot;
    if (stored && stored.attemptedAt > (account.directionSnapshot?.attemptedAt ?? -Infinity)) account.directionSnapshot = stored;
    if (isFresh(account.directionSnapshot, now, maxAgeMs)) return view(account.directionSnapshot, account);
  }
  const snapshot = await refreshOnce(deps, account, now);
  // A caller that joined another's read (another copy of the account) keeps the result too.
  if (snapshot.attemptedAt >= (account.directionSnapshot?.attemptedAt ?? -Infinity)) account.directionSnapshot = snapshot;
  return view(snapshot, account);
}

function refreshOnce(deps: SyncDeps<AccountStore & AuditStore>, account: StoredAccount, now: number): Promise<DirectionSnapshot> {
  const perStore = inFlight.get(deps.store) ?? new Map<string, Promise<DirectionSnapshot>>();
  inFlight.set(deps.store, perStore);
  const running = perStore.get(account.id);
  if (running) return running;
  const started = refresh(deps, account, now).finally(() => perStore.delete(account.id));
  perStore.set(account.id, started);
  return started;
}

async function refresh(deps: SyncDeps<AccountStore & AuditStore>, account: StoredAccount, now: number): Promise<DirectionSnapshot> {
  const previous = account.directionSnapshot;
  let next = await readSettings(deps, account, previous, now);
  const put = await deps.store.putDirectionSnapshot(account.id, next).catch((error: Error) => {
    // The snapshot still applies in this process; the next stale read tries to store one again.
    deps.log.warn('could not store the direction in force', { account: account.id, error: error.message });
    return undefined;
  });
  if (put?.stored === false) {
    // Another process stored a newer reading: use it, so every process works in the same direction period.
    const stored = (await deps.store.getAccount(account.id).catch(() => undefined))?.directionSnapshot;
    if (stored) next = stored;
  } else if (put === undefined && previous?.direction === next.direction && previous.since !== undefined) {
    next.since = previous.since;
  }
  account.directionSnapshot = next;
  // Audit against what the table held, not this process's copy: when several processes read the same change, only
  // the one whose write replaced the old direction audits it. A newer snapshot already stored audited its own change.
  if (put === undefined) await auditChange(deps, account, previous, next, now);
  else if (put.stored) {
    await auditChange(deps, account, put.previous, next, now);
    await startPeriod(deps, account, put.previous, next);
  }
  return next;
}

/**
 * When this process's write made a direction take effect (enabled or switched), it queues a sweep of the account:
 * each linked agent gets the new period's single initial sync now, rather than at its next change, which could be a
 * person's own change on the new target side. A failure is logged: the scheduled sweep does the same within a period.
 */
async function startPeriod(deps: SyncDeps<object>, account: StoredAccount, previous: DirectionSnapshot | undefined, next: DirectionSnapshot): Promise<void> {
  const before = previous ? view(previous, account).direction : account.direction;
  if (next.direction === 'off' || (previous !== undefined && before === next.direction)) return;
  await deps.queue
    .enqueueAccountSweep(account.id, `sweep:${account.id}:${next.direction}:${next.since ?? next.attemptedAt}`)
    .catch((error: Error) => deps.log.warn('could not queue the sweep of a new direction', { account: account.id, error: error.message }));
}

/** Audits a change of direction, of its source, or of the problem with the setting; nothing when only the read time moved. */
async function auditChange(
  deps: SyncDeps<AuditStore>,
  account: StoredAccount,
  previous: DirectionSnapshot | undefined,
  next: DirectionSnapshot,
  now: number,
): Promise<void> {
  // Before the first read, the backend applied the accounts file's direction.
  const from = previous ? view(previous, account) : { direction: account.direction, source: 'accounts_file' as const };
  const to = view(next, account);
  let message: string | undefined;
  if (from.direction !== to.direction) message = `direction changed from ${from.direction} to ${to.direction}`;
  else if (from.source !== to.source)
    message = `direction ${to.direction} now comes from ${to.source === 'installation' ? 'the app settings' : 'the accounts file'}`;
  else if (to.problem && to.problem.value !== previous?.problem?.value) message = 'the sync direction setting changed, still invalid';
  else if (Boolean(from.keepInStep) !== Boolean(to.keepInStep))
    message = `"Undo changes made on the other side" (keepInStep) turned ${to.keepInStep ? 'on' : 'off'}`;
  else if (to.direction === 'both' && from.twoWayMaster !== to.twoWayMaster)
    message = `two-way sync: ${to.twoWayMaster ?? 'aircall'} now wins ties (twoWayMaster)`;
  else if ((from.callStatus ?? '') !== (to.callStatus ?? ''))
    message = to.callStatus === undefined ? 'call-aware status (callStatus) turned off' : `call-aware status (callStatus) set to "${to.callStatus}"`;
  else if (Boolean(from.talkAgentState) !== Boolean(to.talkAgentState))
    message = `"Without omnichannel routing, sync the Talk availability" (talkAgentState) turned ${to.talkAgentState ? 'on' : 'off'}`;
  if (message === undefined) return;
  const detail = {
    message: to.problem ? `${message}. ${problemMessage(to.problem)}` : message,
    from: from.direction,
    to: to.direction,
    source: to.source,
    keepInStep: Boolean(to.keepInStep),
    ...(to.callStatus !== undefined && { callStatus: to.callStatus }),
    ...(to.talkAgentState === true && { talkAgentState: true }),
    ...(next.installationId !== undefined && { installation: next.installationId }),
    ...(to.problem && { setting: to.problem.setting, value: to.problem.value, allowed: to.problem.allowed.join(', ') }),
  };
  await deps.store
    .appendAudit(account.id, ACCOUNT_WIDE, { kind: 'settings', decision: 'direction', reason: to.problem ? 'invalid_setting' : to.source, detail }, now)
    .catch((error: Error) => deps.log.warn('could not audit the direction change', { account: account.id, error: error.message }));
}
