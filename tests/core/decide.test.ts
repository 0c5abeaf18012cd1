// The decision for one observed change: mapping rows, direction gating, every skip reason, echoes, versions.
import { AIRCALL_UNAVAILABLE_REASONS } from '../../shared/aircall/vocabulary';
import {
  DEFAULT_ECHO_WINDOW_MS,
  DEFAULT_SETTINGS,
  aircallVersion,
  applyDecision,
  decide,
  emptyKnowledge,
  statusAfterWrite,
  type SyncSettings,
} from '../../shared/sync/decide';
import { DEFAULT_MAPPING, type MappingTable } from '../../shared/sync/mapping';
import type { AgentKnowledge, AircallStatus, Decision, ObservedChange, SyncDirection } from '../../shared/sync/types';
import type { ZendeskDefaultStatus, ZendeskUnifiedStatus } from '../../shared/zendesk/vocabulary';

// ---- Factories ---------------------------------------------------------------------------------------------------

const AGENT = 'ann@example.com';
const T = 1_732_623_000_000; // epoch ms of our last write, where one is involved
const WINDOW = DEFAULT_ECHO_WINDOW_MS;

const settings = (direction: SyncDirection, overrides: Partial<SyncSettings> = {}): SyncSettings => ({
  ...DEFAULT_SETTINGS,
  direction,
  ...overrides,
});

/** Aircall statuses as they arrive normalised from webhooks. */
const ac = {
  available: { availabilityStatus: 'available', substatus: { kind: 'open' } },
  custom: { availabilityStatus: 'custom', substatus: { kind: 'open' } },
  unavailable: { availabilityStatus: 'unavailable', substatus: { kind: 'closed' } },
  /** The first `user.closed` of a pair may carry no substatus at all. */
  unavailableBare: { availabilityStatus: 'unavailable' },
  withReason: (reason: string): AircallStatus => ({ availabilityStatus: 'unavailable', substatus: { kind: 'reason', reason } }),
} satisfies Record<string, AircallStatus | ((reason: string) => AircallStatus)>;

const zd = (name: ZendeskDefaultStatus): ZendeskUnifiedStatus => ({ kind: 'default', name });
const zdCustom: ZendeskUnifiedStatus = { kind: 'custom', id: '360000000000000001', name: 'Lunch' };

function aircallChange(status: AircallStatus, overrides: Partial<{ version: number; observedAt: number; reason: string }> = {}): ObservedChange {
  return { side: 'aircall', agent: AGENT, status, version: 100, observedAt: T + 5_000, ...overrides };
}

function zendeskChange(status: ZendeskUnifiedStatus, overrides: Partial<{ version: number; observedAt: number; reason: string }> = {}): ObservedChange {
  return { side: 'zendesk', agent: AGENT, status, version: 100, observedAt: T + 5_000, ...overrides };
}

/** A linked agent about whom nothing else is known, with the given knowledge on top. */
const knowledge = (overrides: Partial<AgentKnowledge> = {}): AgentKnowledge => ({ ...emptyKnowledge(true), ...overrides });

const write = (side: 'aircall' | 'zendesk', status: string) => ({ action: 'write', side, status });
const skip = (reason: string) => ({ action: 'skip', reason });

// ---- The mapping, row by row -------------------------------------------------------------------------------------

describe('decide: every mapping row', () => {
  test.each<[string, SyncDirection, ObservedChange, object]>([
    ['Aircall available → Zendesk online', 'aircall_to_zendesk', aircallChange(ac.available), write('zendesk', 'online')],
    ['Aircall available without substatus → online', 'aircall_to_zendesk', aircallChange({ availabilityStatus: 'available' }), write('zendesk', 'online')],
    ['Aircall unavailable → Zendesk offline', 'aircall_to_zendesk', aircallChange(ac.unavailable), write('zendesk', 'offline')],
    ['Aircall unavailable without substatus → offline', 'aircall_to_zendesk', aircallChange(ac.unavailableBare), write('zendesk', 'offline')],
    ...AIRCALL_UNAVAILABLE_REASONS.map((reason): [string, SyncDirection, ObservedChange, object] => [
      `Aircall unavailable (${reason}) → offline`,
      'aircall_to_zendesk',
      aircallChange(ac.withReason(reason)),
      write('zendesk', 'offline'),
    ]),
    ['Aircall unavailable (unknown raw reason) → offline', 'aircall_to_zendesk', aircallChange(ac.withReason('Dentist')), write('zendesk', 'offline')],
    ['Aircall custom (automatic schedule) is not synced', 'aircall_to_zendesk', aircallChange(ac.custom), skip('not_mapped')],
    ['Zendesk online → Aircall available', 'zendesk_to_aircall', zendeskChange(zd('online')), write('aircall', 'available')],
    ['Zendesk offline → Aircall unavailable', 'zendesk_to_aircall', zendeskChange(zd('offline')), write('aircall', 'unavailable')],
    ['Zendesk away → Aircall unavailable', 'zendesk_to_aircall', zendeskChange(zd('away')), write('aircall', 'unavailable')],
    ['Zendesk transfers_only → Aircall unavailable', 'zendesk_to_aircall', zendeskChange(zd('transfers_only')), write('aircall', 'unavailable')],
    ['Zendesk custom status is not synced', 'zendesk_to_aircall', zendeskChange(zdCustom), skip('not_mapped')],
  ])('%s', (_case, direction, change, expected) => {
    // Act
    const decision = decide(settings(direction), change, knowledge());

    // Assess
    expect(decision).toMatchObject({ ...expected, agent: AGENT, sourceVersion: change.version });
  });

  test('a write carries the agent, the target side and key, and the source version', () => {
    // Prepare
    const change = aircallChange(ac.available, { version: 17326230012 });

    // Act
    const decision = decide(settings('aircall_to_zendesk'), change, knowledge());

    // Assess
    expect(decision).toEqual<Decision>({ action: 'write', side: 'zendesk', agent: AGENT, status: 'online', sourceVersion: 17326230012 });
  });

  test('a configured mapping is followed instead of the default', () => {
    // Prepare
    const mapping: MappingTable = [...DEFAULT_MAPPING, { direction: 'zendesk_to_aircall', from: 'custom:9', to: 'unavailable' }];
    const change = zendeskChange({ kind: 'custom', id: '9', name: 'Meeting' });

    // Act
    const decision = decide(settings('zendesk_to_aircall', { mapping }), change, knowledge());

    // Assess
    expect(decision).toMatchObject(write('aircall', 'unavailable'));
  });
});

// ---- Direction gating --------------------------------------------------------------------------------------------

describe('decide: one direction at a time', () => {
  test.each<[SyncDirection, string, ObservedChange, object]>([
    ['off', 'Aircall available', aircallChange(ac.available), skip('direction_off')],
    ['off', 'Zendesk online', zendeskChange(zd('online')), skip('direction_off')],
    ['off', 'Aircall custom', aircallChange(ac.custom), skip('direction_off')],
    ['aircall_to_zendesk', 'Aircall available', aircallChange(ac.available), write('zendesk', 'online')],
    ['aircall_to_zendesk', 'Zendesk offline', zendeskChange(zd('offline')), skip('other_direction')],
    ['zendesk_to_aircall', 'Zendesk offline', zendeskChange(zd('offline')), write('aircall', 'unavailable')],
    ['zendesk_to_aircall', 'Aircall available', aircallChange(ac.available), skip('other_direction')],
  ])('direction %s, change %s', (direction, _change, change, expected) => {
    // Act
    const decision = decide(settings(direction), change, knowledge());

    // Assess
    expect(decision).toMatchObject(expected);
  });

  test('the default settings sync nothing until the admin picks a direction', () => {
    // Act
    const decision = decide(DEFAULT_SETTINGS, aircallChange(ac.available), knowledge());

    // Assess
    expect(decision).toMatchObject(skip('direction_off'));
  });
});

// ---- Every skip reason, minimally --------------------------------------------------------------------------------

describe('decide: every skip reason', () => {
  test.each<[string, SyncDirection, ObservedChange, AgentKnowledge, object]>([
    ['direction_off', 'off', aircallChange(ac.available), knowledge(), skip('direction_off')],
    ['other_direction', 'aircall_to_zendesk', zendeskChange(zd('online')), knowledge(), skip('other_direction')],
    ['not_mapped (Aircall custom)', 'aircall_to_zendesk', aircallChange(ac.custom), knowledge(), skip('not_mapped')],
    ['not_mapped (Zendesk custom)', 'zendesk_to_aircall', zendeskChange(zdCustom), knowledge(), skip('not_mapped')],
    [
      'stale: older than the change already applied',
      'aircall_to_zendesk',
      aircallChange(ac.available, { version: 99 }),
      knowledge({ applied: { aircall: 100 } }),
      skip('stale'),
    ],
    [
      'duplicate: the applied change again, target still in its state',
      'aircall_to_zendesk',
      aircallChange(ac.available, { version: 100 }),
      knowledge({ applied: { aircall: 100 }, current: { zendesk: zd('online') } }),
      skip('duplicate'),
    ],
    [
      'duplicate: the applied change again, target state unknown',
      'aircall_to_zendesk',
      aircallChange(ac.available, { version: 100 }),
      knowledge({ applied: { aircall: 100 } }),
      skip('duplicate'),
    ],
    [
      'echo of our own Zendesk write',
      'aircall_to_zendesk',
      zendeskChange(zd('online'), { observedAt: T + 1_000, reason: 'PUBLIC_API' }),
      knowledge({ written: { zendesk: { value: 'online', at: T } } }),
      skip('echo'),
    ],
    [
      'echo of our own Aircall write',
      'zendesk_to_aircall',
      aircallChange(ac.unavailable, { observedAt: T + 1_000 }),
      knowledge({ written: { aircall: { value: 'unavailable', at: T } } }),
      skip('echo'),
    ],
    ['already_in_state', 'aircall_to_zendesk', aircallChange(ac.available), knowledge({ current: { zendesk: zd('online') } }), skip('already_in_state')],
    ['agent_not_linked', 'aircall_to_zendesk', aircallChange(ac.available), emptyKnowledge(false), skip('agent_not_linked')],
  ])('%s', (_case, direction, change, known, expected) => {
    // Act
    const decision = decide(settings(direction), change, known);

    // Assess
    expect(decision).toMatchObject({ ...expected, agent: AGENT, sourceVersion: change.version });
  });

  test('the applied change again writes nothing when the target has drifted since (the other side keeps it)', () => {
    // Prepare: applied v100 (online, observed at T + 5 s), then someone set Zendesk offline at T + 9 s.
    const known = knowledge({ applied: { aircall: 100 }, current: { zendesk: zd('offline') }, changedAt: { zendesk: T + 9_000 } });

    // Act
    const decision = decide(settings('aircall_to_zendesk'), aircallChange(ac.available, { version: 100 }), known);

    // Assess
    expect(decision).toMatchObject({ ...skip('changed_on_other_side'), sourceVersion: 100 });
  });

  test('an applied change whose target turns out to differ from before it (a lost webhook) is completed', () => {
    // Prepare: "already in state" was judged while Zendesk's own change to offline at T + 1 s had not reached us.
    const known = knowledge({ applied: { aircall: 100 }, current: { zendesk: zd('offline') }, changedAt: { zendesk: T + 1_000 } });

    // Act
    const decision = decide(settings('aircall_to_zendesk'), aircallChange(ac.available, { version: 100 }), known);

    // Assess: the source change (at T + 5 s) is newer than what the target shows: written.
    expect(decision).toMatchObject({ ...write('zendesk', 'online'), sourceVersion: 100 });
  });

  test('with keepInStep, the applied change again is written once more when the target has drifted since', () => {
    // Prepare: applied v100 (online), then someone set Zendesk offline.
    const known = knowledge({ applied: { aircall: 100 }, current: { zendesk: zd('offline') } });

    // Act
    const decision = decide(settings('aircall_to_zendesk', { keepInStep: true }), aircallChange(ac.available, { version: 100 }), known);

    // Assess
    expect(decision).toMatchObject({ ...write('zendesk', 'online'), sourceVersion: 100 });
  });

  test('a newer change is written even when an older one was applied', () => {
    // Prepare
    const known = knowledge({ applied: { aircall: 100 }, current: { zendesk: zd('online') } });

    // Act
    const decision = decide(settings('aircall_to_zendesk'), aircallChange(ac.unavailable, { version: 101 }), known);

    // Assess
    expect(decision).toMatchObject(write('zendesk', 'offline'));
  });

  test('the applied version of the other side does not make a change stale', () => {
    // Prepare
    const known = knowledge({ applied: { zendesk: 1_000 } });

    // Act
    const decision = decide(settings('aircall_to_zendesk'), aircallChange(ac.available, { version: 5 }), known);

    // Assess
    expect(decision).toMatchObject(write('zendesk', 'online'));
  });

  // The documented order: off, echo, other direction, not linked, not mapped, stale, target state.
  test.each<[string, SyncDirection, ObservedChange, AgentKnowledge, string]>([
    [
      'direction_off before echo',
      'off',
      zendeskChange(zd('online'), { observedAt: T }),
      knowledge({ written: { zendesk: { value: 'online', at: T } } }),
      'direction_off',
    ],
    [
      'echo before other_direction',
      'aircall_to_zendesk',
      zendeskChange(zd('online'), { observedAt: T }),
      knowledge({ written: { zendesk: { value: 'online', at: T } } }),
      'echo',
    ],
    ['other_direction before agent_not_linked', 'zendesk_to_aircall', aircallChange(ac.available), emptyKnowledge(false), 'other_direction'],
    ['agent_not_linked before not_mapped', 'aircall_to_zendesk', aircallChange(ac.custom), emptyKnowledge(false), 'agent_not_linked'],
    ['not_mapped before stale', 'aircall_to_zendesk', aircallChange(ac.custom, { version: 1 }), knowledge({ applied: { aircall: 100 } }), 'not_mapped'],
    [
      'stale before already_in_state',
      'aircall_to_zendesk',
      aircallChange(ac.available, { version: 1 }),
      knowledge({ applied: { aircall: 100 }, current: { zendesk: zd('online') } }),
      'stale',
    ],
  ])('precedence: %s', (_case, direction, change, known, reason) => {
    // Act
    const decision = decide(settings(direction), change, known);

    // Assess
    expect(decision).toMatchObject(skip(reason));
  });
});

// ---- Zendesk → Aircall overwrites an unavailable reason ----------------------------------------------------------

describe('decide: Zendesk → Aircall and Aircall unavailable reasons', () => {
  test.each<[string, ZendeskDefaultStatus, AircallStatus, object]>([
    ...AIRCALL_UNAVAILABLE_REASONS.map((reason): [string, ZendeskDefaultStatus, AircallStatus, object] => [
      `unavailable (${reason}) is overwritten by plain unavailable`,
      'offline',
      ac.withReason(reason),
      write('aircall', 'unavailable'),
    ]),
    ['an unknown raw reason is overwritten too', 'away', ac.withReason('Dentist'), write('aircall', 'unavailable')],
    ['away over a reason', 'away', ac.withReason('on_a_break'), write('aircall', 'unavailable')],
    ['transfers_only over a reason', 'transfers_only', ac.withReason('in_training'), write('aircall', 'unavailable')],
    ['online over a reason', 'online', ac.withReason('out_for_lunch'), write('aircall', 'available')],
    ['plain unavailable is already in state', 'offline', ac.unavailable, skip('already_in_state')],
    ['unavailable without substatus is already in state', 'away', ac.unavailableBare, skip('already_in_state')],
    ['available is already in state', 'online', ac.available, skip('already_in_state')],
    ['custom (Auto) is not available: write', 'online', ac.custom, write('aircall', 'available')],
  ])('%s', (_case, zendeskStatus, aircallNow, expected) => {
    // Prepare
    const known = knowledge({ current: { aircall: aircallNow } });

    // Act
    const decision = decide(settings('zendesk_to_aircall'), zendeskChange(zd(zendeskStatus)), known);

    // Assess
    expect(decision).toMatchObject(expected);
  });

  test('Aircall → Zendesk: an unavailable with a reason is already offline in Zendesk', () => {
    // Prepare
    const known = knowledge({ current: { zendesk: zd('offline') } });

    // Act
    const decision = decide(settings('aircall_to_zendesk'), aircallChange(ac.withReason('out_for_lunch')), known);

    // Assess
    expect(decision).toMatchObject(skip('already_in_state'));
  });

  test('Aircall → Zendesk: a custom Zendesk status is not the mapped default, so it is overwritten', () => {
    // Prepare
    const known = knowledge({ current: { zendesk: zdCustom } });

    // Act
    const decision = decide(settings('aircall_to_zendesk'), aircallChange(ac.unavailable), known);

    // Assess
    expect(decision).toMatchObject(write('zendesk', 'offline'));
  });
});

// ---- Echo of our own write ---------------------------------------------------------------------------------------

describe('decide: echo only within the window', () => {
  const wroteOnline = knowledge({ written: { zendesk: { value: 'online', at: T } } });

  test.each<[string, Partial<{ observedAt: number; reason: string }>, ZendeskUnifiedStatus, string]>([
    ['at the write', { observedAt: T }, zd('online'), 'echo'],
    ['at the end of the window', { observedAt: T + WINDOW }, zd('online'), 'echo'],
    ['just after the window', { observedAt: T + WINDOW + 1 }, zd('online'), 'other_direction'],
    ['up to 1 s before the write (clock skew)', { observedAt: T - 1_000 }, zd('online'), 'echo'],
    ['more than 1 s before the write', { observedAt: T - 1_001 }, zd('online'), 'other_direction'],
    ['a different value', { observedAt: T + 1 }, zd('offline'), 'other_direction'],
    ['a custom status', { observedAt: T + 1 }, zdCustom, 'other_direction'],
    ['reason PUBLIC_API', { observedAt: T + 1, reason: 'PUBLIC_API' }, zd('online'), 'echo'],
    ['no reason', { observedAt: T + 1 }, zd('online'), 'echo'],
    ["the agent's own switch", { observedAt: T + 1, reason: 'AGENT_STATUS_SWITCHER' }, zd('online'), 'other_direction'],
    ['reason UNKNOWN', { observedAt: T + 1, reason: 'UNKNOWN' }, zd('online'), 'other_direction'],
    ['idle timeout', { observedAt: T + 1, reason: 'AGENT_IDLE_TIMEOUT' }, zd('online'), 'other_direction'],
  ])('Zendesk: %s', (_case, overrides, status, reason) => {
    // Act
    const decision = decide(settings('aircall_to_zendesk'), zendeskChange(status, overrides), wroteOnline);

    // Assess
    expect(decision).toMatchObject(skip(reason));
  });

  test('Zendesk: a shorter configured window', () => {
    // Prepare
    const change = zendeskChange(zd('online'), { observedAt: T + 5_001 });

    // Act
    const decision = decide(settings('aircall_to_zendesk', { echoWindowMs: 5_000 }), change, wroteOnline);

    // Assess
    expect(decision).toMatchObject(skip('other_direction'));
  });

  const wroteUnavailable = knowledge({ written: { aircall: { value: 'unavailable', at: T } } });

  test.each<[string, AircallStatus, number, string]>([
    ['unavailable at the write', ac.unavailable, T, 'echo'],
    ['unavailable at the end of the window', ac.unavailable, T + WINDOW, 'echo'],
    ['unavailable after the window', ac.unavailable, T + WINDOW + 1, 'other_direction'],
    ['unavailable more than 1 s before the write', ac.unavailable, T - 1_001, 'other_direction'],
    ['available', ac.available, T + 1, 'other_direction'],
  ])('Aircall: %s', (_case, status, observedAt, reason) => {
    // Act
    const decision = decide(settings('zendesk_to_aircall'), aircallChange(status, { observedAt }), wroteUnavailable);

    // Assess
    expect(decision).toMatchObject(skip(reason));
  });

  test('Aircall: the reason rule is Zendesk only', () => {
    // Prepare
    const change = aircallChange(ac.unavailable, { observedAt: T + 1, reason: 'AGENT_STATUS_SWITCHER' });

    // Act
    const decision = decide(settings('zendesk_to_aircall'), change, wroteUnavailable);

    // Assess
    expect(decision).toMatchObject(skip('echo'));
  });
});

// ---- aircallVersion ----------------------------------------------------------------------------------------------

describe('aircallVersion', () => {
  const second = 1_732_623_001;

  test('is the timestamp, the millisecond of receipt within it, and a rank digit', () => {
    // Act / Assess
    expect(aircallVersion(second, ac.unavailableBare)).toBe(17_326_230_010_003);
    expect(aircallVersion(second, ac.available, second * 1000 + 250)).toBe(17_326_230_012_502);
  });

  test('same second: the change received later wins, whatever the statuses', () => {
    // Prepare: unavailable received at .100, then available at .400 of the same second.
    const first = aircallVersion(second, ac.unavailable, second * 1000 + 100);
    const then = aircallVersion(second, ac.available, second * 1000 + 400);

    // Assess
    expect(then).toBeGreaterThan(first);
  });

  test('a delivery received after its second counts as the last of that second, never as a later second', () => {
    const late = aircallVersion(second, ac.available, second * 1000 + 60_000);
    expect(late).toBeGreaterThan(aircallVersion(second, ac.unavailable, second * 1000 + 998));
    expect(late).toBeLessThan(aircallVersion(second + 1, ac.custom));
  });

  test.each<[string, AircallStatus, AircallStatus]>([
    ['unavailable beats available', ac.unavailable, ac.available],
    ['unavailable without substatus beats available', ac.unavailableBare, ac.available],
    ['a reason beats plain unavailable', ac.withReason('out_for_lunch'), ac.unavailable],
    ['a raw reason beats unavailable without substatus', ac.withReason('Dentist'), ac.unavailableBare],
    ['available beats custom', ac.available, ac.custom],
    ['unavailable beats custom', ac.unavailable, ac.custom],
  ])('same second: %s', (_case, winner, loser) => {
    // Act / Assess
    expect(aircallVersion(second, winner)).toBeGreaterThan(aircallVersion(second, loser));
  });

  test.each<[string, AircallStatus, AircallStatus]>([
    ['custom after a reason', ac.custom, ac.withReason('out_for_lunch')],
    ['available after unavailable', ac.available, ac.unavailable],
    ['plain after a reason', ac.unavailable, ac.withReason('other')],
  ])('a later second always wins: %s', (_case, later, earlier) => {
    // Act / Assess
    expect(aircallVersion(second + 1, later)).toBeGreaterThan(aircallVersion(second, earlier));
  });

  test('a fractional timestamp counts as its whole second', () => {
    // Act / Assess
    expect(aircallVersion(second + 0.999, ac.available)).toBe(aircallVersion(second, ac.available));
  });

  test('only unavailable gets the reason bonus', () => {
    // Prepare: not a real combination, but the rank must not depend on it.
    const odd: AircallStatus = { availabilityStatus: 'available', substatus: { kind: 'reason', reason: 'other' } };

    // Act / Assess
    expect(aircallVersion(second, odd)).toBe(aircallVersion(second, ac.available));
  });

  // The double `user.closed` (aircall-api.md §8.4): the two deliveries may arrive in either order.
  test.each<[string, number]>([
    ['same second', 0],
    ['next second', 1],
  ])('the double user.closed (%s) writes offline once, in either order', (_case, gap) => {
    // Prepare
    const first = aircallChange(ac.unavailableBare, { version: aircallVersion(second, ac.unavailableBare) });
    const secondDelivery = aircallChange(ac.withReason('out_for_lunch'), { version: aircallVersion(second + gap, ac.withReason('out_for_lunch')) });
    const run = (changes: ObservedChange[]) => {
      let known = knowledge({ current: { zendesk: zd('online') } });
      return changes.map((change, i) => {
        const decision = decide(settings('aircall_to_zendesk'), change, known);
        known = applyDecision(known, change, decision, T + i);
        return decision.action === 'write' ? `write ${decision.status}` : decision.reason;
      });
    };

    // Act
    const inOrder = run([first, secondDelivery]);
    const reversed = run([secondDelivery, first]);

    // Assess
    expect(inOrder).toEqual(['write offline', 'already_in_state']);
    expect(reversed).toEqual(['write offline', 'stale']);
  });

  test('available and unavailable in one second end unavailable, in either order', () => {
    // Prepare
    const available = aircallChange(ac.available, { version: aircallVersion(second, ac.available) });
    const unavailable = aircallChange(ac.unavailable, { version: aircallVersion(second, ac.unavailable) });
    const finalZendesk = (changes: ObservedChange[]) =>
      changes.reduce((known, change, i) => applyDecision(known, change, decide(settings('aircall_to_zendesk'), change, known), T + i), knowledge()).current
        .zendesk;

    // Act / Assess
    expect(finalZendesk([available, unavailable])).toEqual(zd('offline'));
    expect(finalZendesk([unavailable, available])).toEqual(zd('offline'));
  });
});

// ---- applyDecision and friends -----------------------------------------------------------------------------------

describe('applyDecision', () => {
  const NOW = T + 60_000;

  test('a write advances applied, records the write and the target state it leaves', () => {
    // Prepare
    const change = aircallChange(ac.withReason('on_a_break'), { version: 100 });
    const known = knowledge({ applied: { aircall: 90 }, current: { zendesk: zd('online') } });
    const decision = decide(settings('aircall_to_zendesk'), change, known);

    // Act
    const next = applyDecision(known, change, decision, NOW);

    // Assess
    expect(next).toEqual<AgentKnowledge>({
      linked: true,
      applied: { aircall: 100 },
      written: { zendesk: { value: 'offline', at: NOW } },
      current: { aircall: ac.withReason('on_a_break'), zendesk: zd('offline') },
    });
  });

  test('a Zendesk → Aircall write leaves plain unavailable, dropping the reason', () => {
    // Prepare
    const change = zendeskChange(zd('away'));
    const known = knowledge({ current: { aircall: ac.withReason('out_for_lunch') } });
    const decision = decide(settings('zendesk_to_aircall'), change, known);

    // Act
    const next = applyDecision(known, change, decision, NOW);

    // Assess
    expect(next.current.aircall).toEqual(ac.unavailable);
    expect(next.written.aircall).toEqual({ value: 'unavailable', at: NOW });
  });

  test('already_in_state advances applied but records no write', () => {
    // Prepare
    const change = aircallChange(ac.available, { version: 100 });
    const known = knowledge({ current: { zendesk: zd('online') } });
    const decision = decide(settings('aircall_to_zendesk'), change, known);

    // Act
    const next = applyDecision(known, change, decision, NOW);

    // Assess
    expect(decision).toMatchObject(skip('already_in_state'));
    expect(next.applied).toEqual({ aircall: 100 });
    expect(next.written).toEqual({});
  });

  test('stale keeps everything, including the newer status of the source side', () => {
    // Prepare
    const known = knowledge({ applied: { aircall: 100 }, current: { aircall: ac.unavailable, zendesk: zd('offline') } });
    const change = aircallChange(ac.available, { version: 50 });
    const decision = decide(settings('aircall_to_zendesk'), change, known);

    // Act
    const next = applyDecision(known, change, decision, NOW);

    // Assess
    expect(decision).toMatchObject(skip('stale'));
    expect(next).toEqual(known);
  });

  test('not_mapped records the source status but does not advance applied', () => {
    // Prepare
    const known = knowledge({ applied: { aircall: 100 }, current: { zendesk: zd('online') } });
    const change = aircallChange(ac.custom, { version: 200 });
    const decision = decide(settings('aircall_to_zendesk'), change, known);

    // Act
    const next = applyDecision(known, change, decision, NOW);

    // Assess
    expect(decision).toMatchObject(skip('not_mapped'));
    expect(next.applied).toEqual({ aircall: 100 });
    expect(next.current).toEqual({ aircall: ac.custom, zendesk: zd('online') });
  });

  test('a rewrite of the applied version after drift (keepInStep) keeps applied where it was', () => {
    // Prepare
    const known = knowledge({ applied: { aircall: 100 }, current: { zendesk: zd('offline') } });
    const change = aircallChange(ac.available, { version: 100 });
    const decision = decide(settings('aircall_to_zendesk', { keepInStep: true }), change, known);

    // Act
    const next = applyDecision(known, change, decision, NOW);

    // Assess
    expect(decision.action).toBe('write');
    expect(next.applied).toEqual({ aircall: 100 });
    expect(next.current.zendesk).toEqual(zd('online'));
  });

  test('does not change the knowledge it was given', () => {
    // Prepare
    const known = knowledge({ applied: { aircall: 1 }, current: { zendesk: zd('offline') } });
    const snapshot = structuredClone(known);
    const change = aircallChange(ac.available, { version: 2 });

    // Act
    applyDecision(known, change, decide(settings('aircall_to_zendesk'), change, known), NOW);

    // Assess
    expect(known).toEqual(snapshot);
  });

  test.each<[string, 'aircall' | 'zendesk', string, unknown]>([
    ['Aircall available', 'aircall', 'available', ac.available],
    ['Aircall unavailable (plain)', 'aircall', 'unavailable', ac.unavailable],
    ['Zendesk default', 'zendesk', 'transfers_only', zd('transfers_only')],
    ['Zendesk custom', 'zendesk', 'custom:42', { kind: 'custom', id: '42', name: '42' }],
  ])('statusAfterWrite: %s', (_case, side, key, expected) => {
    // Act / Assess
    expect(statusAfterWrite(side, key)).toEqual(expected);
  });

  test('emptyKnowledge knows nothing but whether the agent is linked', () => {
    // Act / Assess
    expect(emptyKnowledge(false)).toEqual({ linked: false, applied: {}, written: {}, current: {} });
    expect(emptyKnowledge(true).linked).toBe(true);
  });
});

describe('after a direction switch', () => {
  test('a real source-side change that repeats a value we wrote before the switch still syncs', () => {
    // Prepare: Zendesk → Aircall wrote Aircall "available" at T; the admin then switched to Aircall → Zendesk.
    const known = knowledge({ written: { aircall: { value: 'available', at: T } }, current: { zendesk: zd('offline') } });

    // Act: within the echo window the agent really becomes available in Aircall.
    const decision = decide(settings('aircall_to_zendesk'), aircallChange(ac.available, { observedAt: T + 30_000 }), known);

    // Assess: it is not taken for an echo: Zendesk is set online.
    expect(decision).toMatchObject(write('zendesk', 'online'));
  });
});
