// Properties of decide + applyDecision over one agent's changes: duplicated and reordered deliveries end in the
// same target state as ordered ones, never write an older change over a newer one, and never write more often.
import fc from 'fast-check';
import { DEFAULT_MAPPING, SOURCE_SIDE, TARGET_SIDE, mapStatus, statusKey } from '../../shared/sync/mapping';
import { DEFAULT_SETTINGS, aircallVersion, applyDecision, decide, emptyKnowledge, type SyncSettings } from '../../shared/sync/decide';
import type { ActiveDirection, AgentKnowledge, AircallStatus, Decision, ObservedChange, Side, SyncDirection } from '../../shared/sync/types';
import type { ZendeskUnifiedStatus } from '../../shared/zendesk/vocabulary';

const RUNS = { numRuns: 300 };
const AGENT = 'ann@example.com';
const T0 = 1_732_623_000; // UNIX seconds

// ---- Arbitraries -------------------------------------------------------------------------------------------------

/** Every Aircall status shape the webhooks produce, the not-synced `custom` included. */
const aircallStatusArb: fc.Arbitrary<AircallStatus> = fc.constantFrom<AircallStatus>(
  { availabilityStatus: 'available', substatus: { kind: 'open' } },
  { availabilityStatus: 'available' },
  { availabilityStatus: 'custom', substatus: { kind: 'open' } },
  { availabilityStatus: 'custom' },
  { availabilityStatus: 'unavailable', substatus: { kind: 'closed' } },
  { availabilityStatus: 'unavailable' },
  { availabilityStatus: 'unavailable', substatus: { kind: 'reason', reason: 'out_for_lunch' } },
  { availabilityStatus: 'unavailable', substatus: { kind: 'reason', reason: 'in_training' } },
  { availabilityStatus: 'unavailable', substatus: { kind: 'reason', reason: 'Dentist' } },
);

/** The four defaults and a few custom statuses (not synced). */
const zendeskStatusArb: fc.Arbitrary<ZendeskUnifiedStatus> = fc.constantFrom<ZendeskUnifiedStatus>(
  { kind: 'default', name: 'online' },
  { kind: 'default', name: 'away' },
  { kind: 'default', name: 'transfers_only' },
  { kind: 'default', name: 'offline' },
  { kind: 'custom', id: '1', name: 'Lunch' },
  { kind: 'custom', id: '360000000000000001', name: 'Training' },
);

/**
 * Aircall changes in version order. Timestamps move by 0–2 s, so several changes can share a second and the
 * version's tie-break orders them; two changes with the same version are one change delivered twice, so one is kept.
 */
const orderedAircallArb: fc.Arbitrary<ObservedChange[]> = fc
  .array(fc.record({ gap: fc.integer({ min: 0, max: 2 }), status: aircallStatusArb }), { minLength: 1, maxLength: 12 })
  .map((steps) => {
    let seconds = T0;
    const changes = steps.map(({ gap, status }): ObservedChange => {
      seconds += gap;
      return { side: 'aircall', agent: AGENT, status, version: aircallVersion(seconds, status), observedAt: seconds * 1000 };
    });
    changes.sort((a, b) => a.version - b.version);
    return changes.filter((change, i) => i === 0 || change.version !== changes[i - 1]!.version);
  });

/** Zendesk changes with strictly increasing `detail.version`s. */
const orderedZendeskArb: fc.Arbitrary<ObservedChange[]> = fc
  .array(fc.record({ gap: fc.integer({ min: 1, max: 1_000 }), status: zendeskStatusArb }), { minLength: 1, maxLength: 12 })
  .map((steps) => {
    let version = 0;
    return steps.map(({ gap, status }, i): ObservedChange => {
      version += gap;
      return { side: 'zendesk', agent: AGENT, status, version, observedAt: (T0 + i) * 1000 };
    });
  });

type TargetStatus = NonNullable<AgentKnowledge['current'][Side]>;

interface Scenario {
  direction: ActiveDirection;
  /** The source side's changes, strictly increasing versions. */
  ordered: ObservedChange[];
  /** The target side's state before the run, when known. */
  initialTarget: TargetStatus | undefined;
}

const scenarioArb: fc.Arbitrary<Scenario> = fc.oneof(
  fc.record({
    direction: fc.constant<ActiveDirection>('aircall_to_zendesk'),
    ordered: orderedAircallArb,
    initialTarget: fc.option<TargetStatus, undefined>(zendeskStatusArb, { nil: undefined }),
  }),
  fc.record({
    direction: fc.constant<ActiveDirection>('zendesk_to_aircall'),
    ordered: orderedZendeskArb,
    initialTarget: fc.option<TargetStatus, undefined>(aircallStatusArb, { nil: undefined }),
  }),
);

/** The same changes, each at least once, some several times (a redelivery is a copy), in any order. */
const scrambledArb = (ordered: ObservedChange[]): fc.Arbitrary<ObservedChange[]> =>
  fc.array(fc.nat({ max: ordered.length - 1 }), { maxLength: 2 * ordered.length }).chain((extra) => {
    const all = [...ordered, ...extra.map((i) => ({ ...ordered[i]! }))];
    return fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length });
  });

/** The same changes in order, each delivered 1–3 times in a row. */
const inOrderWithDuplicatesArb = (ordered: ObservedChange[]): fc.Arbitrary<ObservedChange[]> =>
  fc
    .array(fc.integer({ min: 1, max: 3 }), { minLength: ordered.length, maxLength: ordered.length })
    .map((times) => ordered.flatMap((change, i) => Array.from({ length: times[i]! }, () => ({ ...change }))));

const withScrambled = scenarioArb.chain((scenario) =>
  fc.record({ scenario: fc.constant(scenario), scrambled: scrambledArb(scenario.ordered), inOrderWithDuplicates: inOrderWithDuplicatesArb(scenario.ordered) }),
);

// ---- The fold ----------------------------------------------------------------------------------------------------

const settingsFor = (direction: SyncDirection): SyncSettings => ({ ...DEFAULT_SETTINGS, direction });

function initialKnowledge({ direction, initialTarget }: Scenario): AgentKnowledge {
  const known = emptyKnowledge(true);
  return initialTarget === undefined ? known : { ...known, current: { [TARGET_SIDE[direction]]: initialTarget } };
}

interface Run {
  known: AgentKnowledge;
  decisions: Decision[];
  writes: Extract<Decision, { action: 'write' }>[];
}

/** Decides each change in turn and applies the decision, as the worker does once each write succeeds. */
function run(scenario: Scenario, changes: readonly ObservedChange[]): Run {
  const settings = settingsFor(scenario.direction);
  let known = initialKnowledge(scenario);
  const decisions: Decision[] = [];
  changes.forEach((change, i) => {
    const decision = decide(settings, change, known);
    decisions.push(decision);
    known = applyDecision(known, change, decision, (T0 + 100 + i) * 1000);
  });
  return { known, decisions, writes: decisions.filter((d): d is Run['writes'][number] => d.action === 'write') };
}

const targetKey = (direction: ActiveDirection, known: AgentKnowledge): string | undefined => {
  const side = TARGET_SIDE[direction];
  const status = known.current[side];
  return status === undefined ? undefined : statusKey(side, status);
};

const mappedTarget = (direction: ActiveDirection, change: ObservedChange): string | null =>
  mapStatus(DEFAULT_MAPPING, direction, statusKey(change.side, change.status));

const mappedChanges = ({ direction, ordered }: Scenario) => ordered.filter((change) => mappedTarget(direction, change) !== null);

/** The documented outcome: the newest mapped change's target, or the initial target when no change is mapped. */
function expectedTargetKey(scenario: Scenario): string | undefined {
  const newest = mappedChanges(scenario).at(-1);
  if (newest) return mappedTarget(scenario.direction, newest)!;
  const side = TARGET_SIDE[scenario.direction];
  return scenario.initialTarget === undefined ? undefined : statusKey(side, scenario.initialTarget);
}

/** Each write's source version exceeds every source version written before it in the run. */
function expectWritesStrictlyNewer(writes: Run['writes']): void {
  let newest = -Infinity;
  for (const w of writes) {
    expect(w.sourceVersion).toBeGreaterThan(newest);
    newest = w.sourceVersion;
  }
}

// ---- Properties --------------------------------------------------------------------------------------------------

describe('decide + applyDecision over duplicated and reordered deliveries', () => {
  test('(a) the scrambled run ends in the same target state as the ordered run: the newest mapped change', () => {
    fc.assert(
      fc.property(withScrambled, ({ scenario, scrambled }) => {
        // Act
        const ordered = run(scenario, scenario.ordered);
        const shuffled = run(scenario, scrambled);

        // Assess
        const expected = expectedTargetKey(scenario);
        expect(targetKey(scenario.direction, ordered.known)).toBe(expected);
        expect(targetKey(scenario.direction, shuffled.known)).toBe(expected);
      }),
      RUNS,
    );
  });

  test('(a) Zendesk → Aircall leaves no unavailable reason once a mapped change was applied', () => {
    fc.assert(
      fc.property(withScrambled, ({ scenario, scrambled }) => {
        // Prepare
        fc.pre(scenario.direction === 'zendesk_to_aircall' && mappedChanges(scenario).length > 0);

        // Act
        const { known } = run(scenario, scrambled);

        // Assess
        expect(known.current.aircall?.substatus?.kind).not.toBe('reason');
      }),
      RUNS,
    );
  });

  test('(b) every write is of a change newer than every change written before it', () => {
    fc.assert(
      fc.property(withScrambled, ({ scenario, scrambled, inOrderWithDuplicates }) => {
        // Act
        const runs = [run(scenario, scenario.ordered), run(scenario, scrambled), run(scenario, inOrderWithDuplicates)];

        // Assess
        for (const { writes } of runs) expectWritesStrictlyNewer(writes);
      }),
      RUNS,
    );
  });

  test('(c) the scrambled run writes at most once per distinct mapped version', () => {
    fc.assert(
      fc.property(withScrambled, ({ scenario, scrambled }) => {
        // Prepare
        const distinctMappedVersions = new Set(mappedChanges(scenario).map((c) => c.version)).size;

        // Act
        const { writes } = run(scenario, scrambled);

        // Assess
        expect(writes.length).toBeLessThanOrEqual(distinctMappedVersions);
      }),
      RUNS,
    );
  });

  test('(c) in-order delivery with duplicates writes exactly what the ordered run writes', () => {
    fc.assert(
      fc.property(withScrambled, ({ scenario, inOrderWithDuplicates }) => {
        // Act
        const ordered = run(scenario, scenario.ordered);
        const duplicated = run(scenario, inOrderWithDuplicates);

        // Assess
        expect(duplicated.writes).toEqual(ordered.writes);
        expect(targetKey(scenario.direction, duplicated.known)).toBe(targetKey(scenario.direction, ordered.known));
      }),
      RUNS,
    );
  });

  test('the ordered run writes exactly when the mapped target differs from the target state', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        // Prepare: walk the ordered changes, tracking the target the way the product rules describe it.
        const side = TARGET_SIDE[scenario.direction];
        let target = scenario.initialTarget;
        const expected: { status: string; sourceVersion: number }[] = [];
        for (const change of scenario.ordered) {
          const key = mappedTarget(scenario.direction, change);
          if (key === null) continue;
          const reasonToOverwrite = side === 'aircall' && (target as AircallStatus | undefined)?.substatus?.kind === 'reason';
          if (target === undefined || statusKey(side, target) !== key || reasonToOverwrite) {
            expected.push({ status: key, sourceVersion: change.version });
            target = side === 'aircall' ? { availabilityStatus: key as AircallStatus['availabilityStatus'] } : { kind: 'default', name: key as never };
          }
        }

        // Act
        const { writes } = run(scenario, scenario.ordered);

        // Assess
        expect(writes.map(({ status, sourceVersion }) => ({ status, sourceVersion }))).toEqual(expected);
      }),
      RUNS,
    );
  });

  test('source-side changes are only written, or skipped as not_mapped, stale, duplicate or already_in_state', () => {
    fc.assert(
      fc.property(withScrambled, ({ scenario, scrambled }) => {
        // Act
        const { decisions } = run(scenario, scrambled);

        // Assess
        scrambled.forEach((change, i) => {
          const decision = decisions[i]!;
          if (mappedTarget(scenario.direction, change) === null) expect(decision).toMatchObject({ action: 'skip', reason: 'not_mapped' });
          else if (decision.action === 'skip') expect(['stale', 'duplicate', 'already_in_state']).toContain(decision.reason);
          else expect(decision.side).toBe(TARGET_SIDE[scenario.direction]);
        });
      }),
      RUNS,
    );
  });
});

// ---- Gating, for any knowledge -----------------------------------------------------------------------------------

const anyChangeArb: fc.Arbitrary<ObservedChange> = fc.oneof(
  fc.record({
    side: fc.constant('aircall' as const),
    agent: fc.constant(AGENT),
    status: aircallStatusArb,
    version: fc.nat(),
    observedAt: fc.integer({ min: 0, max: 10_000_000 }),
  }),
  fc.record(
    {
      side: fc.constant('zendesk' as const),
      agent: fc.constant(AGENT),
      status: zendeskStatusArb,
      version: fc.nat(),
      observedAt: fc.integer({ min: 0, max: 10_000_000 }),
      reason: fc.constantFrom('PUBLIC_API', 'AGENT_STATUS_SWITCHER', 'UNKNOWN'),
    },
    { requiredKeys: ['side', 'agent', 'status', 'version', 'observedAt'] },
  ),
);

const writeRecordArb = fc.record({
  value: fc.constantFrom('available', 'unavailable', 'custom', 'online', 'offline', 'away', 'transfers_only', 'custom:1'),
  at: fc.integer({ min: 0, max: 10_000_000 }),
});

const anyKnowledgeArb: fc.Arbitrary<AgentKnowledge> = fc.record({
  linked: fc.boolean(),
  applied: fc.record({ aircall: fc.nat(), zendesk: fc.nat() }, { requiredKeys: [] }),
  written: fc.record({ aircall: writeRecordArb, zendesk: writeRecordArb }, { requiredKeys: [] }),
  current: fc.record({ aircall: aircallStatusArb, zendesk: zendeskStatusArb }, { requiredKeys: [] }),
});

describe('decide: direction gating for any change and any knowledge', () => {
  test('off never writes; a change from the target side is never written; writes go to the target side only', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Exclude<SyncDirection, 'both'>>('off', 'aircall_to_zendesk', 'zendesk_to_aircall'),
        anyChangeArb,
        anyKnowledgeArb,
        (direction, change, known) => {
          // Act
          const decision = decide(settingsFor(direction), change, known);

          // Assess
          expect(decision.agent).toBe(AGENT);
          expect(decision.sourceVersion).toBe(change.version);
          const reason = decision.action === 'skip' ? decision.reason : undefined;
          if (direction === 'off') expect(reason).toBe('direction_off');
          else if (change.side !== SOURCE_SIDE[direction]) expect(['echo', 'other_direction']).toContain(reason);
          else if (!known.linked) expect(['echo', 'agent_not_linked']).toContain(reason);
          else if (decision.action === 'write') expect(decision.side).toBe(TARGET_SIDE[direction]);
        },
      ),
      RUNS,
    );
  });
});
