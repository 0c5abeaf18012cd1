// The seed's semantics (issue 10): a write happens only for a source change not applied yet; the other side keeps
// what a person sets there until the next source change. Table tests, then fast-check properties over interleavings
// of source changes, people's changes on the target, echoes, duplicates and failed writes.
import fc from 'fast-check';
import {
  DEFAULT_SETTINGS,
  aircallOrderTime,
  aircallVersion,
  applyDecision,
  decide,
  directionPeriod,
  emptyKnowledge,
  type SyncSettings,
} from '../../shared/sync/decide';
import { SOURCE_SIDE, TARGET_SIDE, mapStatus, statusKey } from '../../shared/sync/mapping';
import type { ActiveDirection, AgentKnowledge, AircallStatus, Decision, ObservedChange, Side } from '../../shared/sync/types';
import type { ZendeskUnifiedStatus } from '../../shared/zendesk/vocabulary';

const AGENT = 'ann@example.com';
const T = 1_795_424_400_000;

const settings = (direction: ActiveDirection, overrides: Partial<SyncSettings> = {}): SyncSettings => ({ ...DEFAULT_SETTINGS, direction, ...overrides });
const zd = (name: 'online' | 'away' | 'transfers_only' | 'offline'): ZendeskUnifiedStatus => ({ kind: 'default', name });
const ac = (availabilityStatus: 'available' | 'unavailable' | 'custom'): AircallStatus => ({ availabilityStatus });

function change(side: Side, status: AircallStatus | ZendeskUnifiedStatus, version: number, observedAt: number, reason?: string): ObservedChange {
  return { side, agent: AGENT, status, version, observedAt, ...(reason !== undefined && { reason }) } as ObservedChange;
}

/** Runs a change through decide + applyDecision, as the webhook (record) and the worker (act) do together. */
function step(s: SyncSettings, known: AgentKnowledge, c: ObservedChange, at: number): { decision: Decision; known: AgentKnowledge } {
  const decision = decide(s, c, known);
  return { decision, known: applyDecision(known, c, decision, at) };
}

describe('the seed: the other side keeps what a person sets there', () => {
  const rows: {
    direction: ActiveDirection;
    source: AircallStatus | ZendeskUnifiedStatus;
    wrote: string;
    person: AircallStatus | ZendeskUnifiedStatus;
    personReason?: string;
  }[] = [
    { direction: 'aircall_to_zendesk', source: ac('unavailable'), wrote: 'offline', person: zd('online'), personReason: 'AGENT_STATUS_SWITCHER' },
    { direction: 'aircall_to_zendesk', source: ac('available'), wrote: 'online', person: zd('away'), personReason: 'AGENT_STATUS_SWITCHER' },
    { direction: 'zendesk_to_aircall', source: zd('away'), wrote: 'unavailable', person: ac('available') },
    { direction: 'zendesk_to_aircall', source: zd('online'), wrote: 'available', person: ac('unavailable') },
  ];

  test.each(rows)(
    '$direction: after the source change is written, a person sets the target; nothing is written until the next source change',
    ({ direction, source, wrote, person, personReason }) => {
      const s = settings(direction);
      const sourceSide = SOURCE_SIDE[direction];
      const targetSide = TARGET_SIDE[direction];
      const sourceChange = change(sourceSide, source, 100, T);
      // The source change is written.
      let run = step(s, emptyKnowledge(true), sourceChange, T + 100);
      expect(run.decision).toMatchObject({ action: 'write', side: targetSide, status: wrote });
      // The person sets the target themselves: recorded, not acted on.
      run = step(s, run.known, change(targetSide, person, 7, T + 5_000, personReason), T + 5_000);
      expect(run.decision).toMatchObject({ action: 'skip', reason: 'other_direction' });
      // The worker looks at the agent again (the target-side webhook queued it), and a late copy of the source change
      // arrives: neither writes.
      for (const again of [sourceChange, { ...sourceChange }]) {
        const decision = decide(s, again, run.known);
        expect(decision).toMatchObject({ action: 'skip', reason: 'changed_on_other_side' });
      }
      // The next source change writes again (it may map to what the person chose: then nothing to write).
      const next = change(sourceChange.side, source, 101, T + 10_000);
      const after = decide(s, next, run.known);
      expect(after).toMatchObject({ action: 'write', side: targetSide, status: wrote });
    },
  );

  test('a pending source change is used up by a person changing the target after it', () => {
    const s = settings('aircall_to_zendesk');
    // Aircall went unavailable at T; before the worker wrote (settling, or a failed write), the agent set Zendesk online.
    const pending = change('aircall', ac('unavailable'), 100, T);
    let run = step(s, emptyKnowledge(true), change('zendesk', zd('online'), 7, T + 2_000, 'AGENT_STATUS_SWITCHER'), T + 2_000);
    run = step(s, run.known, pending, T + 3_000);
    expect(run.decision).toMatchObject({ action: 'skip', reason: 'changed_on_other_side' });
    expect(run.known.applied.aircall).toBe(100);
    // A retry of that change stays a skip.
    expect(decide(s, pending, run.known)).toMatchObject({ action: 'skip' });
  });

  test('a failed write is retried until it lands: it never happened, so this is no revert', () => {
    const s = settings('zendesk_to_aircall');
    const away = change('zendesk', zd('away'), 100, T);
    // The write failed: nothing is applied, so the retry decides the same.
    expect(decide(s, away, emptyKnowledge(true))).toMatchObject({ action: 'write', status: 'unavailable' });
    expect(decide(s, away, emptyKnowledge(true))).toMatchObject({ action: 'write', status: 'unavailable' });
  });

  test('our own echo on the target is not a person: the next duplicate is a plain duplicate', () => {
    const s = settings('aircall_to_zendesk');
    const source = change('aircall', ac('available'), 100, T);
    let run = step(s, emptyKnowledge(true), source, T + 100);
    run = step(s, run.known, change('zendesk', zd('online'), 8, T + 400, 'PUBLIC_API'), T + 400);
    expect(run.decision).toMatchObject({ action: 'skip', reason: 'echo' });
    expect(decide(s, source, run.known)).toMatchObject({ action: 'skip', reason: 'duplicate' });
  });

  test('a direction taking effect brings the agent once to the mapped state, even over a person choice', () => {
    const period = directionPeriod('aircall_to_zendesk', T);
    const s = settings('aircall_to_zendesk', { period });
    // Applied long ago; since then the agent set Zendesk away.
    const source = change('aircall', ac('available'), 100, T - 60_000);
    const known: AgentKnowledge = {
      ...emptyKnowledge(true),
      applied: { aircall: 100 },
      current: { aircall: ac('available'), zendesk: zd('away') },
      changedAt: { zendesk: T - 1_000 },
    };
    const first = step(s, known, source, T + 1_000);
    expect(first.decision).toMatchObject({ action: 'write', status: 'online', initial: period });
    expect(first.known.initialSync).toBe(period);
    // Once per period: the agent's next own change is kept.
    const person = step(s, first.known, change('zendesk', zd('away'), 9, T + 5_000, 'AGENT_STATUS_SWITCHER'), T + 5_000);
    expect(decide(s, source, person.known)).toMatchObject({ action: 'skip', reason: 'changed_on_other_side' });
    // A new period (the direction was switched off and on again) syncs once more.
    expect(decide({ ...s, period: directionPeriod('aircall_to_zendesk', T + 10_000) }, source, person.known)).toMatchObject({ action: 'write' });
  });

  test('an initial sync that finds the target in state is recorded as done', () => {
    const period = directionPeriod('zendesk_to_aircall', T);
    const s = settings('zendesk_to_aircall', { period });
    const known: AgentKnowledge = { ...emptyKnowledge(true), current: { aircall: ac('available') } };
    const run = step(s, known, change('zendesk', zd('online'), 5, T), T);
    expect(run.decision).toMatchObject({ action: 'skip', reason: 'already_in_state', initial: period });
    expect(run.known.initialSync).toBe(period);
  });

  test('keepInStep: the other side always follows, a person change there is reverted', () => {
    const s = settings('aircall_to_zendesk', { keepInStep: true });
    const source = change('aircall', ac('available'), 100, T);
    let run = step(s, emptyKnowledge(true), source, T + 100);
    run = step(s, run.known, change('zendesk', zd('away'), 7, T + 5_000, 'AGENT_STATUS_SWITCHER'), T + 5_000);
    expect(decide(s, source, run.known)).toMatchObject({ action: 'write', status: 'online' });
  });
});

describe('one clock for ordering Aircall changes', () => {
  test('within one second, the receipt orders; across seconds, the timestamp does', () => {
    const second = Math.floor(T / 1000);
    expect(aircallOrderTime(second, second * 1000 + 640)).toBe(second * 1000 + 640);
    // A late delivery counts as the last moment of its second, never later.
    expect(aircallOrderTime(second, second * 1000 + 9_000)).toBe(second * 1000 + 999);
    expect(aircallOrderTime(second + 1, second * 1000 + 9_000)).toBeGreaterThan(aircallOrderTime(second, second * 1000 + 9_000));
  });
});

// ---- Properties over interleavings -------------------------------------------------------------------------------

type Op =
  | { kind: 'source'; status: number }
  | { kind: 'person'; status: number }
  | { kind: 'duplicate' }
  | { kind: 'echo' }
  | { kind: 'fail' }
  | { kind: 'work' };

const AIRCALL_STATUSES: AircallStatus[] = [
  ac('available'),
  ac('unavailable'),
  ac('custom'),
  { availabilityStatus: 'unavailable', substatus: { kind: 'reason', reason: 'Lunch' } },
];
const ZENDESK_STATUSES: ZendeskUnifiedStatus[] = [zd('online'), zd('away'), zd('transfers_only'), zd('offline'), { kind: 'custom', id: '9', name: 'Training' }];
const statusesOf = (side: Side) => (side === 'aircall' ? AIRCALL_STATUSES : ZENDESK_STATUSES);

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('source' as const), status: fc.nat(4) }),
  fc.record({ kind: fc.constant('person' as const), status: fc.nat(4) }),
  fc.constant({ kind: 'duplicate' as const }),
  fc.constant({ kind: 'echo' as const }),
  fc.constant({ kind: 'fail' as const }),
  fc.constant({ kind: 'work' as const }),
);

interface Trace {
  writes: { at: number; sourceVersion: number; initial: boolean }[];
  /** Times of people's changes on the target. */
  personAt: number[];
  /** Source changes in order: version, time, mapped target key (null: not synced). */
  sources: { version: number; at: number; target: string | null }[];
  known: AgentKnowledge;
  target: string | undefined;
}

/**
 * Simulates one agent: each op is delivered (webhook → record) and the worker then acts on the newest source change,
 * as lambdas/sync/sync-agent.ts does. `fail` makes the worker's next write fail (nothing applied). The target's real
 * status is tracked separately from what the core knows.
 */
function simulate(direction: ActiveDirection, ops: readonly Op[], s: SyncSettings): Trace {
  const sourceSide = SOURCE_SIDE[direction];
  const targetSide = TARGET_SIDE[direction];
  const trace: Trace = { writes: [], personAt: [], sources: [], known: emptyKnowledge(true), target: undefined };
  let t = T;
  let newest: ObservedChange | undefined;
  let failNext = false;
  let targetVersion = 0;
  let lastWrite: string | undefined;
  // An echo comes once per write, and only while it is still the side's newest state (an older one is refused by
  // version when the side moved on since).
  let echoPending = false;
  const version = (side: Side, status: AircallStatus | ZendeskUnifiedStatus) =>
    side === 'aircall' ? aircallVersion(Math.floor(t / 1000), status as AircallStatus, t) : t;
  const observedAt = (side: Side) => (side === 'aircall' ? aircallOrderTime(Math.floor(t / 1000), t) : t);

  const work = () => {
    if (!newest) return;
    const decision = decide(s, newest, trace.known);
    if (decision.action === 'write') {
      if (failNext) {
        failNext = false;
        return;
      }
      trace.writes.push({ at: t, sourceVersion: decision.sourceVersion, initial: decision.initial !== undefined });
      trace.target = decision.status;
      lastWrite = decision.status;
      echoPending = true;
    }
    trace.known = applyDecision(trace.known, newest, decision, t);
  };

  for (const op of ops) {
    t += 700;
    switch (op.kind) {
      case 'source': {
        const status = statusesOf(sourceSide)[op.status % statusesOf(sourceSide).length] as AircallStatus & ZendeskUnifiedStatus;
        newest = change(sourceSide, status, version(sourceSide, status), observedAt(sourceSide));
        trace.sources.push({ version: newest.version, at: newest.observedAt, target: mapStatus(s.mapping, direction, statusKey(sourceSide, status)) });
        // The webhook only records it (lambdas/sync/record.ts); the worker below acts.
        trace.known = { ...trace.known, current: { ...trace.known.current, [sourceSide]: status } };
        break;
      }
      case 'person': {
        const status = statusesOf(targetSide)[op.status % statusesOf(targetSide).length] as AircallStatus & ZendeskUnifiedStatus;
        // Setting the status a side already has is no change: no event comes.
        if (statusKey(targetSide, status) === trace.target) break;
        const c = change(
          targetSide,
          status,
          targetSide === 'aircall' ? version('aircall', status) : ++targetVersion * 1e9 + t,
          observedAt(targetSide),
          'AGENT_STATUS_SWITCHER',
        );
        trace.personAt.push(c.observedAt);
        echoPending = false;
        trace.target = statusKey(targetSide, c.status);
        trace.known = applyDecision(trace.known, c, decide(s, c, trace.known), t);
        break;
      }
      case 'echo': {
        if (lastWrite === undefined || !echoPending) break;
        echoPending = false;
        const status = (
          targetSide === 'aircall'
            ? { availabilityStatus: lastWrite }
            : lastWrite.startsWith('custom:')
              ? { kind: 'custom', id: lastWrite.slice(7), name: 'x' }
              : zd(lastWrite as 'online')
        ) as AircallStatus & ZendeskUnifiedStatus;
        const c = change(
          targetSide,
          status,
          targetSide === 'aircall' ? version('aircall', status) : ++targetVersion * 1e9 + t,
          observedAt(targetSide),
          'PUBLIC_API',
        );
        trace.known = applyDecision(trace.known, c, decide(s, c, trace.known), t);
        break;
      }
      case 'duplicate':
        break; // the worker simply runs again on the same newest change
      case 'fail':
        failNext = true;
        break;
      case 'work':
        break;
    }
    work();
  }
  failNext = false;
  t += 700;
  work(); // the retry that finally lands
  return trace;
}

const directionArb = fc.constantFrom<ActiveDirection>('aircall_to_zendesk', 'zendesk_to_aircall');
const opsArb = fc.array(opArb, { minLength: 1, maxLength: 30 });

describe('properties of the seed semantics', () => {
  test('no interleaving writes to the target after a person changed it, unless a newer source change came after', () => {
    fc.assert(
      fc.property(directionArb, opsArb, (direction, ops) => {
        const trace = simulate(direction, ops, settings(direction));
        for (const w of trace.writes) {
          const lastPerson = Math.max(-Infinity, ...trace.personAt.filter((p) => p <= w.at));
          const source = trace.sources.find((x) => x.version === w.sourceVersion);
          if (lastPerson > -Infinity && (source === undefined || source.at <= lastPerson)) return false;
        }
        return true;
      }),
      { numRuns: 500, seed: 1010 },
    );
  });

  test('the newest source change is written exactly once, or skipped because the target already matches or a person changed it after', () => {
    fc.assert(
      fc.property(directionArb, opsArb, (direction, ops) => {
        const trace = simulate(direction, ops, settings(direction));
        for (const source of trace.sources) {
          if (trace.writes.filter((w) => w.sourceVersion === source.version).length > 1) return false;
        }
        const newest = trace.sources[trace.sources.length - 1];
        if (!newest || newest.target === null) return true;
        const personAfter = trace.personAt.some((p) => p > newest.at);
        // Final state: the person's value when they changed the target after the newest source change, else the mapping.
        if (personAfter)
          return trace.writes.every((w) => w.sourceVersion !== newest.version || w.at < Math.min(...trace.personAt.filter((p) => p > newest.at)));
        return trace.target === newest.target;
      }),
      { numRuns: 500, seed: 2020 },
    );
  });

  test('keepInStep: the target always ends in the mapped state of the newest source change', () => {
    fc.assert(
      fc.property(directionArb, opsArb, (direction, ops) => {
        const trace = simulate(direction, ops, settings(direction, { keepInStep: true }));
        const newest = trace.sources[trace.sources.length - 1];
        if (!newest || newest.target === null) return true;
        return trace.target === newest.target;
      }),
      { numRuns: 300, seed: 3030 },
    );
  });
});
