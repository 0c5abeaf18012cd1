// Call-aware status (issue 14 §1), the pure core: how signals start and end a hold, and what its end does.
import {
  DEFAULT_CALL_HOLD_CAP_MS,
  READING_MARGIN_MS,
  WRAP_UP_GRACE_MS,
  applySignal,
  callStatusInForce,
  isHoldActive,
  nextCheckAt,
  releaseAction,
  tick,
  type CallHold,
  type CallSignal,
} from '../../shared/sync/call-hold';
import { directionInForce, readCallStatusSetting } from '../../shared/sync/direction';
import type { SyncDirection } from '../../shared/sync/types';
import { buildStatusCatalog } from '../../shared/zendesk/vocabulary';

const T = 1_795_424_400_000;
const tickAt = (signals: CallSignal[], now: number) => {
  const hold = signals.reduce<CallHold | undefined>((h, s) => applySignal(h, s, s.at), undefined);
  return hold && tick(hold, now);
};

describe('a hold follows the call and the wrap-up', () => {
  test.each(
    (
      [
        ['answered starts a hold', [{ kind: 'answered', callId: '1', at: T }], T, 'active'],
        ['hung up, wrap-up not yet known: still held within the grace', [a('1', T), h('1', T + 60_000)], T + 60_000 + WRAP_UP_GRACE_MS - 1, 'active'],
        [
          'hung up and no wrap-up (zero): released once the grace is over',
          [a('1', T), h('1', T + 60_000)],
          T + 60_000 + WRAP_UP_GRACE_MS,
          'released',
          'call_over',
        ],
        ['wrap-up started: held past the grace', [a('1', T), h('1', T + 60_000), ws(T + 60_500)], T + 600_000, 'active'],
        ['wrap-up ended: released', [a('1', T), h('1', T + 60_000), ws(T + 60_500), we(T + 90_000)], T + 90_000, 'released', 'wrap_up_ended'],
        [
          'wrap-up end before the hang-up (reordered): released at the hang-up',
          [a('1', T), we(T + 90_000), h('1', T + 60_000)],
          T + 90_000,
          'released',
          'wrap_up_ended',
        ],
        ['a second call keeps the hold while the first ends', [a('1', T), a('2', T + 1_000), h('1', T + 60_000)], T + 600_000, 'active'],
        ['the hang-up before the answer (reordered) starts nothing', [h('1', T + 60_000), a('1', T)], T + 60_000, 'none'],
        ['a missed call (hung up, never answered) holds nothing', [h('9', T)], T + 60_000, 'none'],
        ['wrap-up without a call holds nothing', [ws(T)], T, 'none'],
        ['capped after 2 hours without an end', [a('1', T)], T + DEFAULT_CALL_HOLD_CAP_MS, 'released', 'capped'],
        [
          'Aircall reads the user free (stuck hold): released',
          [a('1', T), live('available', T + READING_MARGIN_MS)],
          T + READING_MARGIN_MS,
          'released',
          'not_on_call',
        ],
        ['Aircall reads the user still in_call: held', [a('1', T), live('in_call', T + 600_000)], T + 600_000, 'active'],
        ['Aircall reads after_call_work: held', [a('1', T), h('1', T + 1_000), ws(T + 1_500), live('after_call_work', T + 600_000)], T + 600_000, 'active'],
        ['a reading just after the answer is not trusted', [a('1', T), live('available', T + READING_MARGIN_MS - 1)], T + READING_MARGIN_MS - 1, 'active'],
        ['an unknown reading says nothing', [a('1', T), live('unknown', T + 600_000)], T + 600_000, 'active'],
      ] as Row<CallSignal[], number, 'active' | 'released' | 'none'>[]
    ).map(pad),
  )('%s', (_name, signals, now, expected, reason) => {
    const hold = tickAt(signals, now);
    const state = hold === undefined || hold.since === undefined ? 'none' : isHoldActive(hold) ? 'active' : 'released';
    expect(state).toBe(expected);
    if (reason !== undefined) expect(hold?.released?.reason).toBe(reason);
  });

  test('call.ended after call.hungup changes nothing: the end counts once', () => {
    const hungup = tickAt([a('1', T), h('1', T + 60_000)], T + 60_000 + WRAP_UP_GRACE_MS) as CallHold;
    const done: CallHold = { ...hungup, released: { ...(hungup.released as NonNullable<CallHold['released']>), done: true } };
    const ended = applySignal(done, { kind: 'hungup', callId: '1', at: T + 90_000 }, T + 90_000);
    expect(ended).toEqual({ ...done, lastSignalAt: T + 90_000 });
  });

  test('a new call after a finished hold starts a new one; its old calls stay over', () => {
    const done: CallHold = { ...(tickAt([a('1', T), h('1', T + 1_000)], T + 1_000 + WRAP_UP_GRACE_MS) as CallHold) };
    done.released = { ...(done.released as NonNullable<CallHold['released']>), done: true };
    const next = applySignal(done, a('2', T + 100_000), T + 100_000);
    expect(isHoldActive(next)).toBe(true);
    expect(next.since).toBe(T + 100_000);
    expect(next.held).toBeUndefined();
    expect(applySignal(next, a('1', T + 100_500), T + 100_500).openCalls).toEqual(['2']);
  });

  test('a call before the worker acted on the last end continues the hold and keeps what Zendesk was before it', () => {
    const first: CallHold = {
      ...(tickAt([a('1', T), h('1', T + 1_000)], T + 1_000 + WRAP_UP_GRACE_MS) as CallHold),
      remembered: 'online',
      held: { value: 'transfers_only', at: T + 10 },
    };
    const next = applySignal(first, a('2', T + 20_000), T + 20_000);
    expect(isHoldActive(next)).toBe(true);
    expect(next.remembered).toBe('online');
    expect(next.held).toEqual({ value: 'transfers_only', at: T + 10 });
  });

  test('nextCheckAt: the end of the grace after a hang-up, else the cap', () => {
    const answered = applySignal(undefined, a('1', T), T);
    expect(nextCheckAt(answered)).toBe(T + DEFAULT_CALL_HOLD_CAP_MS);
    expect(nextCheckAt(applySignal(answered, h('1', T + 5_000), T + 5_000))).toBe(T + 5_000 + WRAP_UP_GRACE_MS);
  });
});

describe('the end of a hold', () => {
  const hold: CallHold = {
    openCalls: [],
    endedCalls: ['1'],
    since: T,
    lastSignalAt: T,
    remembered: 'online',
    aircallAtStart: 'available',
    held: { value: 'transfers_only', at: T + 100 },
  };
  test.each<[string, Parameters<typeof releaseAction>[1], ReturnType<typeof releaseAction>]>([
    ['nothing changed: the status from before comes back', {}, { action: 'restore', status: 'online' }],
    ['our own hold status echoed back: still restored', { zendesk: { key: 'transfers_only', at: T + 200 } }, { action: 'restore', status: 'online' }],
    ['the agent set Zendesk during the call: theirs stays', { zendesk: { key: 'away', at: T + 200 } }, { action: 'leave', reason: 'agent_changed_zendesk' }],
    ['an Aircall change during the call: the sync applies the newest', { aircall: { key: 'unavailable', at: T + 50 } }, { action: 'sync' }],
    ['wrap-up events repeat the same Aircall status: not a change', { aircall: { key: 'available', at: T + 50 } }, { action: 'restore', status: 'online' }],
    ['an Aircall change from before the call: not during it', { aircall: { key: 'unavailable', at: T - 1 } }, { action: 'restore', status: 'online' }],
    ['a Zendesk status from before our write is not the agent’s change', { zendesk: { key: 'away', at: T + 99 } }, { action: 'restore', status: 'online' }],
  ])('%s', (_name, seen, expected) => {
    expect(releaseAction(hold, seen)).toEqual(expected);
  });

  test('an Aircall change the mapping does not sync (Auto) never leaves Zendesk at the hold status', () => {
    expect(releaseAction(hold, { aircall: { key: 'custom', at: T + 50, mapped: false } })).toEqual({ action: 'restore', status: 'online' });
    expect(releaseAction({ ...hold, remembered: undefined }, { aircall: { key: 'custom', at: T + 50, mapped: false } })).toEqual({
      action: 'leave',
      reason: 'nothing_remembered',
    });
  });
  test('nothing was held: nothing to do', () => {
    expect(releaseAction({ ...hold, held: undefined }, {})).toEqual({ action: 'leave', reason: 'nothing_held' });
  });
  test('Zendesk before the call unknown: the mapping of Aircall decides', () => {
    expect(releaseAction({ ...hold, remembered: undefined }, {})).toEqual({ action: 'sync' });
  });
  test('Zendesk already was the hold status: nothing to restore', () => {
    expect(releaseAction({ ...hold, remembered: 'transfers_only' }, {})).toEqual({ action: 'leave', reason: 'nothing_remembered' });
  });
});

describe('the callStatus setting', () => {
  const catalog = buildStatusCatalog(
    [
      { id: 1, name: 'Online' },
      { id: 2, name: 'Away' },
      { id: 3, name: 'Transfers only' },
      { id: 4, name: 'Offline' },
    ],
    [
      { id: 901, name: 'On a call' },
      { id: 902, name: 'Lunch' },
      { id: 903, name: 'lunch ' },
    ],
  );
  test.each(
    (
      [
        ['empty is off (the default)', '', 'aircall_to_zendesk', 'off'],
        ['absent is off', undefined, 'aircall_to_zendesk', 'off'],
        ['a default status by key', 'transfers_only', 'aircall_to_zendesk', 'on', 'transfers_only'],
        ['a default status by its shown name', ' Transfers only ', 'aircall_to_zendesk', 'on', 'transfers_only'],
        ['a custom status by name, any case', 'on a CALL', 'aircall_to_zendesk', 'on', 'custom:901'],
        ['an unknown name is a problem', 'Busy', 'aircall_to_zendesk', 'invalid'],
        ['a name two custom statuses share is a problem', 'Lunch', 'aircall_to_zendesk', 'invalid'],
        ['ignored when Zendesk is the source', 'transfers_only', 'zendesk_to_aircall', 'ignored'],
        ['ignored while sync is off', 'transfers_only', 'off', 'ignored'],
        ['applies with two-way sync', 'transfers_only', 'both', 'on', 'transfers_only'],
      ] as Row<string | undefined, string, ReturnType<typeof callStatusInForce>['state']>[]
    ).map(pad),
  )('%s', (_name, setting, direction, state, key) => {
    const result = callStatusInForce(setting, direction as SyncDirection, catalog);
    expect(result.state).toBe(state);
    if (key !== undefined) expect(result).toMatchObject({ key });
    if (state === 'invalid') expect((result as { problem: string }).problem).toMatch(/callStatus.*Call-aware status is off until it is fixed/);
  });
});

function a(callId: string, at: number): CallSignal {
  return { kind: 'answered', callId, at };
}
function h(callId: string, at: number): CallSignal {
  return { kind: 'hungup', callId, at };
}
function ws(at: number): CallSignal {
  return { kind: 'wrap_up_start', at };
}
function we(at: number): CallSignal {
  return { kind: 'wrap_up_end', at };
}
function live(availability: 'available' | 'in_call' | 'after_call_work' | 'unknown', at: number): CallSignal {
  return { kind: 'live', availability, at };
}

type Row<A, B, C> = [string, A, B, C, string?];
/** Every row at full length: jest passes a `done` callback to a test given fewer arguments than it takes. */
function pad<A, B, C>(row: Row<A, B, C>): [string, A, B, C, string | undefined] {
  return [row[0], row[1], row[2], row[3], row[4]];
}

describe('the callStatus setting as read from the installation', () => {
  test('carried trimmed on the direction in force; empty or absent is off; not a reason to pause the sync', () => {
    const inForce = (settings: Record<string, string | boolean>) =>
      directionInForce({
        fallback: 'off',
        installations: [{ id: '7', enabled: true, settings: { syncDirection: 'aircall_to_zendesk', ...settings } }],
        checkedAt: T,
      });
    expect(inForce({ callStatus: ' On a call ' })).toMatchObject({ direction: 'aircall_to_zendesk', callStatus: 'On a call' });
    expect(inForce({ callStatus: '  ' }).callStatus).toBeUndefined();
    expect(inForce({}).callStatus).toBeUndefined();
    expect(readCallStatusSetting({ callStatus: 42 as unknown as string })).toEqual({});
  });
});
