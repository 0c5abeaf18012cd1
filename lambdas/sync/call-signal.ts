// Call-aware status (issue 14 §1) at the Aircall webhook edge: a call or wrap-up event updates the agent's hold and
// queues the agent; nothing is read from or written to Aircall or Zendesk here (the worker does: call-hold.ts).
import { aircallIsSource, applySignal, type CallHold, type CallSignal } from '../../shared/sync/call-hold';
import type { AircallCallEvent, AircallUserActivityEvent } from '../aircall/webhook';
import { hasCallHolds } from '../store/call-holds';
import type { CallHoldStore, DirectoryStore, StoredAccount } from '../store/port';
import type { SyncDeps } from './deps';
import { SyncError } from './errors';

/** Tries of one guarded update of a hold against concurrent webhooks before giving up (the next signal retries). */
const UPDATE_ATTEMPTS = 5;

/**
 * Records an Aircall call or wrap-up event in the agent's hold and queues the agent, when call-aware status may apply
 * (the stored direction snapshot names a `callStatus` and Aircall is a source). Nothing else is read here: the worker
 * resolves the setting. `undefined` when the event is not for the hold (the caller goes on as before).
 */
export async function noteCallSignal(
  deps: SyncDeps<object>,
  account: StoredAccount,
  event: AircallCallEvent | AircallUserActivityEvent,
): Promise<{ outcome: 'accepted' | 'ignored'; detail: string } | undefined> {
  const snapshot = account.directionSnapshot;
  if (snapshot?.callStatus === undefined || !aircallIsSource(snapshot.direction) || !hasCallHolds(deps.store)) return undefined;
  const signal = signalOf(event);
  if (signal === undefined) return undefined;
  const store = deps.store as unknown as CallHoldStore & DirectoryStore;
  const userId = aircallUserOf(event);
  if (userId === undefined) return { outcome: 'ignored', detail: `${event.event} names no agent` };
  const link = await store.getLinkByAircallUser(account.id, userId);
  if (!link) return { outcome: 'ignored', detail: `Aircall user ${userId} is not linked` };
  const changed = await updateHold(store, account.id, link.email, deps.now(), (hold) => {
    // Wrap-up signals before any hold only matter to one about to start: they never create an item.
    if (hold === undefined && signal.kind !== 'answered' && signal.kind !== 'hungup') return undefined;
    return applySignal(hold, signal, deps.now());
  });
  if (changed) await deps.queue.enqueueAgentSync({ account: account.id, agent: link.email }, `callhold:${account.id}:${event.dedupeKey}`);
  return { outcome: 'accepted', detail: changed ? 'call hold updated' : 'call hold unchanged' };
}

/** The hold signal an event carries. `at`: the event's timestamp (UNIX seconds) in ms. */
function signalOf(event: AircallCallEvent | AircallUserActivityEvent): CallSignal | undefined {
  const at = event.timestamp * 1000;
  if (event.kind === 'user_activity') {
    if (event.event === 'user.wut_start') return { kind: 'wrap_up_start', at };
    if (event.event === 'user.wut_end') return { kind: 'wrap_up_end', at };
    return undefined;
  }
  const callId = String(event.callId);
  if (event.event === 'call.answered') return { kind: 'answered', callId, at };
  if (event.event === 'call.hungup' || event.event === 'call.ended') return { kind: 'hungup', callId, at };
  return undefined;
}

/**
 * The Aircall user an event is about. User events: `data.id`. Call events: `data.user.id`, else the first
 * participant of `type: "user"` — which call events fill which is UNCONFIRMED (aircall-api.md §8.5); the parser's
 * `aircallCallAgent` (lambdas/aircall/webhook.ts) applies that rule once, and this only reads its answer.
 */
function aircallUserOf(event: AircallCallEvent | AircallUserActivityEvent): number | undefined {
  return event.kind === 'user_activity' ? event.user.id : event.agent?.id;
}

/**
 * Applies `change` to the stored hold under its revision guard, re-reading after a concurrent write. `change` returns
 * `undefined` to store nothing. Returns whether a new hold was stored.
 */
export async function updateHold(
  store: CallHoldStore,
  account: string,
  email: string,
  now: number,
  change: (hold: CallHold | undefined) => CallHold | undefined,
): Promise<CallHold | undefined> {
  for (let attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
    const stored = await store.getCallHold(account, email);
    const next = change(stored?.hold);
    if (next === undefined || (stored !== undefined && JSON.stringify(next) === JSON.stringify(stored.hold))) return undefined;
    if (await store.putCallHold(account, email, next, stored?.rev ?? 0, now)) return next;
  }
  throw new SyncError(`the call hold of ${email} kept changing under ${UPDATE_ATTEMPTS} updates`);
}
