// Use case: call-aware status (issue 14 §1). Aircall's call and wrap-up signals update the agent's hold (webhook edge,
// call-signal.ts: store and queue only); the worker holds Zendesk at `callStatus` and acts on the hold's end; the sweep
// re-reads Aircall's live availability for holds still open (stuck calls). Pure rules: shared/sync/call-hold.ts.
import {
  aircallIsSource,
  applySignal,
  callStatusInForce,
  DEFAULT_CALL_HOLD_CAP_MS,
  isHoldActive,
  nextCheckAt,
  releaseAction,
  tick,
  type CallHold,
  type CallStatusInForce,
} from '../../shared/sync/call-hold';
import type { DirectionInForce } from '../../shared/app-api';
import { mapStatus, statusKey } from '../../shared/sync/mapping';
import { statusAfterWrite } from '../../shared/sync/decide';
import type { ZendeskUnifiedStatus } from '../../shared/zendesk/vocabulary';
import { knowledgeFromState } from '../store/knowledge';
import type { AccountStore, AgentLink, AgentStateStore, AuditStore, CallHoldStore, DirectoryStore, StatusModeStore, StoredAccount } from '../store/port';
import { hasCallHolds } from '../store/call-holds';
import { statusCatalog } from './catalog';
import type { SyncDeps } from './deps';
import { updateHold } from './call-signal';
import { statusModeFor, talkAdapterOff, writeZendeskStatus } from './status-mode';
import { directionFor } from './direction';

/** How old the cached status list must be before an unknown `callStatus` name has it read again. */
const CATALOG_RETRY_MS = 60_000;
/** A grace re-check is queued only when it is this near; the sweep looks at holds further out (the cap). */
const NEAR_CHECK_MS = 15 * 60_000;

/** What the worker and the sweep give; the call holds are found on the runtime's store (`hasCallHolds`). */
type StepDeps = SyncDeps<AccountStore & DirectoryStore & AgentStateStore & AuditStore & StatusModeStore>;
type HoldDeps = SyncDeps<AccountStore & DirectoryStore & AgentStateStore & AuditStore & StatusModeStore & CallHoldStore>;

/** The `callStatus` setting in force for the account: read against its statuses only when set. */
export async function callStatusFor(deps: SyncDeps<AccountStore>, account: StoredAccount, inForce: DirectionInForce): Promise<CallStatusInForce> {
  if (inForce.callStatus === undefined) return { state: 'off' };
  if (!aircallIsSource(inForce.direction)) return callStatusInForce(inForce.callStatus, inForce.direction, { entries: [] });
  const first = callStatusInForce(inForce.callStatus, inForce.direction, await statusCatalog(deps, account));
  // A custom status added since the cached list was read: read the list again, at most once a minute (a name that
  // stays wrong must not cost a Zendesk read per message).
  if (first.state !== 'invalid' || deps.now() - (account.statusCatalog?.fetchedAt ?? 0) < CATALOG_RETRY_MS) return first;
  return callStatusInForce(inForce.callStatus, inForce.direction, await statusCatalog(deps, account, { refresh: true }));
}

// ---- Worker -------------------------------------------------------------------------------------------------------

/**
 * The worker's step for one agent before the ordinary sync: `held` while a call or wrap-up holds Zendesk (the
 * ordinary sync then writes nothing to Zendesk: the change waits for the hold's end), else `free`. Holds Zendesk at
 * `callStatus` once per hold, remembering what it was; at the end, restores it, leaves the agent's own choice, or lets
 * the ordinary sync apply an Aircall change made during the call. Reads nothing while `callStatus` is off.
 */
export async function callHoldStep(deps: StepDeps, account: StoredAccount, agent: string, inForce: DirectionInForce): Promise<'held' | 'free'> {
  if (inForce.callStatus === undefined || !aircallIsSource(inForce.direction) || !hasCallHolds(deps.store)) return 'free';
  // No omnichannel routing and `talkAgentState` off (issue 14 §3): no Talk write; a hold left open waits for it.
  if (talkAdapterOff(await statusModeFor(deps, account), inForce)) return 'free';
  return step(deps as HoldDeps, account, agent, inForce);
}

async function step(deps: HoldDeps, account: StoredAccount, agent: string, inForce: DirectionInForce): Promise<'held' | 'free'> {
  const stored = await deps.store.getCallHold(account.id, agent);
  if (!stored) return 'free';
  const hold = tick(stored.hold, deps.now(), DEFAULT_CALL_HOLD_CAP_MS);
  if (isHoldActive(hold)) {
    if (hold.held === undefined && !(await startHold(deps, account, agent, inForce))) return 'free';
    await queueNextCheck(deps, account, agent, hold);
    return 'held';
  }
  if (hold.released !== undefined && hold.released.done !== true) return endHold(deps, account, agent, hold);
  return 'free';
}

/** Writes `callStatus` to Zendesk and notes it on the hold. `false` when the setting does not apply (invalid). */
async function startHold(deps: HoldDeps, account: StoredAccount, agent: string, inForce: DirectionInForce): Promise<boolean> {
  const setting = await callStatusFor(deps, account, inForce);
  if (setting.state !== 'on') return false;
  const link = await deps.store.getLinkByEmail(account.id, agent);
  if (!link) return false;
  const state = await deps.store.getAgentState(account.id, agent);
  const current = knowledgeFromState(state, true).current.zendesk;
  const remembered = current === undefined ? undefined : statusKey('zendesk', current);
  const aircallAtStart = state.observed.aircall === undefined ? undefined : statusKey('aircall', state.observed.aircall.status);
  const wrote = remembered !== setting.key;
  if (wrote) await writeHeldStatus(deps, account, link, setting.key);
  const at = deps.now();
  // Journalled as our own write: its echo is recognised, never taken for the agent's change, never sent to Aircall.
  // (Zendesk already at the hold status, set by the agent: nothing written, nothing journalled.)
  if (wrote) await deps.store.recordOwnWrite(account.id, agent, 'zendesk', { value: setting.key, at });
  await updateHold(deps.store, account.id, agent, at, (hold) =>
    hold === undefined || hold.held !== undefined
      ? undefined
      : {
          ...hold,
          held: { value: setting.key, at },
          ...(remembered !== undefined && { remembered }),
          ...(aircallAtStart !== undefined && { aircallAtStart }),
        },
  );
  await deps.store.appendAudit(
    account.id,
    agent,
    {
      kind: 'write',
      decision: 'write',
      reason: 'call_hold',
      detail: { side: 'zendesk', status: setting.key, remembered: remembered ?? null, message: `on an Aircall call: Zendesk held at ${setting.name}` },
    },
    at,
  );
  return true;
}

/** Acts once on a released hold; `free` lets the ordinary sync run after it. */
async function endHold(deps: HoldDeps, account: StoredAccount, agent: string, hold: CallHold): Promise<'free'> {
  const state = await deps.store.getAgentState(account.id, agent);
  const aircall = state.observed.aircall;
  const zendesk = state.observed.zendesk;
  const action = releaseAction(hold, {
    ...(aircall && {
      aircall: {
        key: statusKey('aircall', aircall.status),
        at: aircall.observedAt,
        mapped: mapStatus(account.mapping, 'aircall_to_zendesk', statusKey('aircall', aircall.status)) !== null,
      },
    }),
    ...(zendesk && { zendesk: { key: statusKey('zendesk', zendesk.status), at: zendesk.observedAt } }),
  });
  const link = action.action === 'restore' ? await deps.store.getLinkByEmail(account.id, agent) : undefined;
  if (action.action === 'restore' && link) await writeHeldStatus(deps, account, link, action.status);
  const kept =
    action.action === 'restore'
      ? statusAfterWrite('zendesk', action.status)
      : action.action === 'leave' && action.reason !== 'nothing_held'
        ? zendesk?.status
        : undefined;
  if (kept !== undefined) {
    // What Zendesk now shows is the agent's choice (from before the call, or made during it), not a change of ours
    // for the ordinary sync to complete: it is recorded as Zendesk's newest status at the hold's end, after the
    // call's Aircall events (user.wut_* repeat the availability_status), so Zendesk keeps it until the next Aircall
    // change, as before the call. Its version sits between the stored one and the next Zendesk sends (integers).
    await deps.store.recordObservation(account.id, agent, 'zendesk', {
      status: kept as ZendeskUnifiedStatus,
      version: (zendesk?.version ?? 0) + 0.5,
      observedAt: deps.now(),
      reason: 'CALL_HOLD_END',
    });
  }
  const released = hold.released as NonNullable<CallHold['released']>;
  await updateHold(deps.store, account.id, agent, deps.now(), (current) =>
    current?.released === undefined || current.released.done === true ? undefined : { ...current, released: { ...current.released, done: true } },
  );
  await deps.store.appendAudit(
    account.id,
    agent,
    {
      kind: action.action === 'restore' ? 'write' : 'decision',
      decision: action.action === 'restore' ? 'write' : 'skip',
      reason: `call_hold_${action.action}`,
      detail: {
        side: 'zendesk',
        ended: released.reason,
        ...(action.action === 'restore' && { status: action.status }),
        ...(action.action === 'leave' && { why: action.reason }),
      },
    },
    deps.now(),
  );
  return 'free';
}

/** Queues the agent again for the end of the wrap-up grace, when near (the sweep covers the cap). */
async function queueNextCheck(deps: SyncDeps<object>, account: StoredAccount, agent: string, hold: CallHold): Promise<void> {
  const at = nextCheckAt(hold, DEFAULT_CALL_HOLD_CAP_MS);
  if (at === undefined || at - deps.now() > NEAR_CHECK_MS) return;
  await deps.queue.enqueueAgentSync({ account: account.id, agent, notBefore: at }, `callhold-check:${account.id}:${agent}:${at}`);
}

/**
 * Our one write of a status to Zendesk for call-aware status (the hold and its restore), through the Zendesk status
 * port of the account's mode (unified status, or the Talk agent_state without omnichannel routing: status-mode.ts).
 */
async function writeHeldStatus(deps: HoldDeps, account: StoredAccount, link: AgentLink, key: string): Promise<void> {
  // The setting as in force now (the stored snapshot while fresh): a restore may come long after the hold began.
  await writeZendeskStatus(deps, account, link.zendeskUserId, key, await directionFor(deps, account, deps.now()));
}

// ---- Sweep --------------------------------------------------------------------------------------------------------

/**
 * The sweep's look at the account's holds: a hold still open is re-read against Aircall's live availability (one
 * bulk read, only when some hold is open): `in_call` / `after_call_work` keep it, anything else releases it (a lost
 * `call.hungup`); the cap releases one stuck for good. Each released hold's agent is queued for the worker to act.
 */
export async function sweepCallHolds(deps: StepDeps, account: StoredAccount, inForce: DirectionInForce): Promise<{ open: number; released: number }> {
  if (!hasCallHolds(deps.store)) return { open: 0, released: 0 };
  if (talkAdapterOff(await statusModeFor(deps, account), inForce)) return { open: 0, released: 0 };
  if (inForce.callStatus === undefined || !aircallIsSource(inForce.direction)) return endLeftHolds(deps as HoldDeps, account);
  return sweep(deps as HoldDeps, account);
}

/**
 * The setting was emptied (or Aircall stopped being a source) while agents were held: the worker no longer looks at
 * holds then, so the sweep ends them itself, as a call's end would (the status from before comes back).
 */
async function endLeftHolds(deps: HoldDeps, account: StoredAccount): Promise<{ open: number; released: number }> {
  const left = (await deps.store.listCallHolds(account.id)).filter(({ hold }) => hold.held !== undefined && hold.released?.done !== true);
  for (const { email } of left) {
    const at = deps.now();
    const next = await updateHold(deps.store, account.id, email, at, (hold) =>
      hold !== undefined && isHoldActive(hold) ? { ...hold, released: { at, reason: 'setting_off' } } : undefined,
    );
    const hold = next ?? (await deps.store.getCallHold(account.id, email))?.hold;
    if (hold?.released !== undefined && hold.released.done !== true) await endHold(deps, account, email, hold);
  }
  return { open: left.length, released: left.length };
}

async function sweep(deps: HoldDeps, account: StoredAccount): Promise<{ open: number; released: number }> {
  const holds = await deps.store.listCallHolds(account.id);
  const open = holds.filter((h) => isHoldActive(h.hold) || (h.hold.released !== undefined && h.hold.released.done !== true));
  if (open.length === 0) return { open: 0, released: 0 };
  const readAt = deps.now();
  const live = new Map((await deps.clients.aircall(account).listAvailabilities()).map((a) => [String(a.id), a]));
  const links = new Map((await deps.store.listLinks(account.id)).map((l) => [l.email, l]));
  let released = 0;
  for (const { email } of open) {
    const reading = live.get(links.get(email)?.aircallUserId ?? '');
    const next = await updateHold(deps.store, account.id, email, deps.now(), (hold) => {
      if (hold === undefined) return undefined;
      // A reading derived from the user list (availabilities endpoint gone, §6.3) cannot see in_call: only the cap.
      const signal =
        reading && reading.fromSetting !== true ? applySignal(hold, { kind: 'live', availability: reading.availability, at: readAt }, deps.now()) : hold;
      return tick(signal, deps.now(), DEFAULT_CALL_HOLD_CAP_MS);
    });
    const hold = next ?? (await deps.store.getCallHold(account.id, email))?.hold;
    if (hold && !isHoldActive(hold) && hold.released?.done !== true) {
      released++;
      await deps.queue.enqueueAgentSync({ account: account.id, agent: email }, `callhold-sweep:${account.id}:${email}:${readAt}`);
    }
  }
  return { open: open.length, released };
}
