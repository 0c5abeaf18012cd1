// Two-way sync (issue 14 §2), proven over interleavings: people change either side, webhooks arrive late, twice, out
// of order or never on their own, our writes fail and are retried, our own writes come back as echoes. The model
// world is the two sides (each with its own version counter) and the store as the webhooks and the worker keep it;
// the worker's step is the real one: `decideForAgent` over `knowledgeFromState`, then the outcome recorded as the
// store records it. Properties:
// - never a loop: no more writes than human changes, and the world comes to rest;
// - never a write undoing the newest human change known when deciding;
// - at rest, both sides agree with the newest human change (its side holds it, the other side its mapped status or
//   a status that maps back to it).
// Two races no sync can win are left out on purpose:
// - a person's change on a side while our write to that very side, decided before their change was known, is on its
//   way. Our write lands after theirs and the side holds ours; that change is "overrun" and does not count as a
//   standing human change (the write count still includes it);
// - a person setting a side back to the value we just wrote there, within ECHO_STAMP_SKEW_MS of our write: the side
//   reports exactly what our echo would (same value, same moment), so the generator does not make that change.
import fc from 'fast-check';
import { DEFAULT_MAPPING, DIRECTION_FROM, mapStatus, otherSide } from '../../shared/sync/mapping';
import { DEFAULT_ECHO_WINDOW_MS, usesUpChange, type SyncSettings } from '../../shared/sync/decide';
import { ECHO_STAMP_SKEW_MS, humanChangeWins } from '../../shared/sync/two-way';
import type { Side, StatusOf, TwoWayMaster } from '../../shared/sync/types';
import { emptyAgentState } from '../../lambdas/store/knowledge';
import type { AgentState, ObservedStatus } from '../../lambdas/store/port';
import { decideForAgent } from '../../lambdas/sync/source-change';

const AGENT = 'ann@example.com';
const T0 = 1_795_000_000_000;
const VALUES: Record<Side, readonly string[]> = { aircall: ['available', 'unavailable'], zendesk: ['online', 'offline', 'away', 'transfers_only'] };

type Command =
  | { kind: 'human'; side: Side; pick: number; afterMs: number }
  | { kind: 'deliver'; pick: number; again: boolean; afterMs: number }
  | { kind: 'work'; fails: boolean; crashes: boolean; afterMs: number };

interface Observation {
  side: Side;
  key: string;
  version: number;
  at: number;
  reason?: string;
}

interface HumanChange extends Observation {
  /** Set once a write of ours to the same side landed after it: the side no longer holds it. */
  overrun?: boolean;
}

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    kind: fc.constant('human' as const),
    side: fc.constantFrom<Side>('aircall', 'zendesk'),
    pick: fc.nat(),
    afterMs: fc.integer({ min: 1, max: 2_500 }),
  }),
  fc.record({ kind: fc.constant('deliver' as const), pick: fc.nat(), again: fc.boolean(), afterMs: fc.integer({ min: 1, max: 400 }) }),
  fc.record({
    kind: fc.constant('work' as const),
    fails: fc.boolean(),
    /** The write lands but the worker dies before recording it (no journal entry): the message comes back. */
    crashes: fc.integer({ min: 0, max: 9 }).map((n) => n < 3),
    afterMs: fc.integer({ min: 1, max: 400 }),
  }),
);

const runArb = fc.record({
  commands: fc.array(commandArb, { minLength: 1, maxLength: 40 }),
  master: fc.constantFrom<TwoWayMaster>('aircall', 'zendesk'),
  /** Whether Zendesk events carry `reason` (PUBLIC_API for ours): without it the write journal alone must tell. */
  reasons: fc.boolean(),
  /** Rest phase: deliver the newest pending webhook first (reordering) or the oldest. */
  lifo: fc.boolean(),
  /** Whether the worker may die between a write and its bookkeeping. */
  crashes: fc.boolean(),
});

function statusOf(side: Side, key: string): StatusOf<Side> {
  return side === 'aircall' ? { availabilityStatus: key as 'available' } : { kind: 'default', name: key as 'online' };
}

/** The model world: two sides, the store, the webhooks not yet delivered, and what happened. */
class World {
  now = T0;
  value: Record<Side, string> = { aircall: 'available', zendesk: 'online' };
  version: Record<Side, number> = { aircall: 1, zendesk: 1 };
  store: AgentState = emptyAgentState();
  pending: Observation[] = [];
  humans: HumanChange[] = [];
  writes: { side: Side; key: string; at: number }[] = [];
  /** Writes that landed without being recorded (the worker died): each may cost one more write. */
  crashes = 0;
  readonly settings: SyncSettings;

  constructor(
    readonly master: TwoWayMaster,
    readonly reasons: boolean,
  ) {
    this.settings = { direction: 'both', mapping: DEFAULT_MAPPING, echoWindowMs: DEFAULT_ECHO_WINDOW_MS, twoWayMaster: master };
  }

  /** A person sets `side` (a change only when the value differs: the side sends no event otherwise). */
  human(side: Side, key: string): void {
    if (this.value[side] === key) return;
    const wrote = this.writes.filter((w) => w.side === side).at(-1);
    if (wrote && wrote.key === key && this.now - wrote.at <= ECHO_STAMP_SKEW_MS) return; // indistinguishable from our echo
    const change = this.change(side, key, 'AGENT_STATUS_SWITCHER');
    this.humans.push(change);
  }

  /** A webhook arrives: recorded when newer than the stored one (recordObservation), then the worker may run. */
  deliver(observation: Observation): void {
    const stored = this.store.observed[observation.side];
    if (stored && observation.version <= stored.version) return;
    if (stored) this.store.previousObservedAt[observation.side] = stored.observedAt;
    const observed: ObservedStatus = {
      status: statusOf(observation.side, observation.key),
      version: observation.version,
      observedAt: observation.at,
      ...(observation.reason !== undefined && { reason: observation.reason }),
    };
    (this.store.observed as Record<Side, ObservedStatus>)[observation.side] = observed;
  }

  /** One run of the worker: decide, write (unless the write fails: the message is retried later), record. */
  work(fails: boolean, crashes = false): void {
    const decided = decideForAgent(this.settings, this.store, AGENT, true);
    if (!decided) return;
    const { change, decision } = decided;
    if (decision.action === 'write') {
      if (fails) return;
      this.checkWriteKeepsNewestKnown(decision.side, change.version);
      for (const h of this.humans) if (h.side === decision.side) h.overrun = true;
      this.change(decision.side, decision.status, 'PUBLIC_API');
      this.writes.push({ side: decision.side, key: decision.status, at: this.now });
      if (crashes) {
        this.crashes++;
        return;
      }
      this.store.written[decision.side] = {
        value: decision.status,
        at: this.now,
        ...(decision.afterVersion !== undefined && { afterVersion: decision.afterVersion }),
      };
    }
    if (decision.action === 'write' || usesUpChange(decision)) {
      this.store.applied[change.side] = Math.max(change.version, this.store.applied[change.side] ?? Number.NEGATIVE_INFINITY);
    }
  }

  /**
   * The newest human change of each side that the side still holds (not overrun by our later write); with `known`,
   * the newest of those the store has recorded (what the worker can know).
   */
  standing(known = false): HumanChange[] {
    const recorded = (h: HumanChange) => !known || (this.store.observed[h.side]?.version ?? 0) >= h.version;
    const latest = (side: Side) => this.humans.filter((h) => h.side === side && recorded(h)).at(-1);
    return (['aircall', 'zendesk'] as const).map(latest).filter((h): h is HumanChange => h !== undefined && !h.overrun);
  }

  winner(changes: readonly HumanChange[]): HumanChange | undefined {
    const [a, b] = changes;
    if (!a || !b) return a;
    return humanChangeWins(a, b, this.master) ? a : b;
  }

  private change(side: Side, key: string, reason: string): Observation {
    this.version[side] += 1;
    this.value[side] = key;
    const observation = { side, key, version: this.version[side], at: this.now, ...(this.reasons && side === 'zendesk' && { reason }) };
    this.pending.push(observation);
    return observation;
  }

  /** A write carries the winner of the human changes known (recorded) and standing when it was decided. */
  private checkWriteKeepsNewestKnown(side: Side, carriedVersion: number): void {
    const winner = this.winner(this.standing(true));
    expect(winner).toBeDefined();
    expect({ side: winner?.side, version: winner?.version }).toEqual({ side: otherSide(side), version: carriedVersion });
  }
}

function run(input: { commands: Command[]; master: TwoWayMaster; reasons: boolean; lifo: boolean; crashes: boolean }): World {
  const world = new World(input.master, input.reasons);
  for (const command of input.commands) {
    world.now += command.afterMs;
    if (command.kind === 'human') world.human(command.side, VALUES[command.side][command.pick % VALUES[command.side].length] as string);
    else if (command.kind === 'work') world.work(command.fails, input.crashes && command.crashes);
    else if (world.pending.length > 0) {
      const i = command.pick % world.pending.length;
      world.deliver(world.pending[i] as Observation);
      if (!command.again) world.pending.splice(i, 1); // `again`: delivered now and once more later (a duplicate)
      world.work(false);
    }
  }
  // At rest: every webhook arrives, the worker runs after each and once more; echoes of its writes arrive too.
  for (let steps = 0; ; steps++) {
    expect(steps).toBeLessThan(200); // a loop would never come to rest
    world.now += 50;
    const writes = world.writes.length;
    const next = input.lifo ? world.pending.pop() : world.pending.shift();
    if (next) world.deliver(next);
    world.work(false);
    if (!next && world.writes.length === writes) break;
  }
  return world;
}

/** Whether the other side agrees with `h`: its mapped status, or a status that maps back to h's (Away ↔ Unavailable). */
function agrees(world: World, h: HumanChange): boolean {
  const other = otherSide(h.side);
  const held = world.value[other];
  return held === mapStatus(DEFAULT_MAPPING, DIRECTION_FROM[h.side], h.key) || mapStatus(DEFAULT_MAPPING, DIRECTION_FROM[other], held) === h.key;
}

describe('two-way sync over interleavings of human changes, echoes, duplicates, reordering and retries', () => {
  it('never loops: no more writes than human changes, and the world comes to rest', () => {
    fc.assert(
      fc.property(runArb, (input) => {
        const world = run(input);
        // A write whose bookkeeping was lost may be made once more (at-least-once); nothing else repeats.
        expect(world.writes.length).toBeLessThanOrEqual(world.humans.length + world.crashes);
      }),
      { numRuns: 400 },
    );
  });

  it('never writes over the newest human change known, and ends agreeing with the newest standing one', () => {
    fc.assert(
      fc.property(runArb, (input) => {
        const world = run(input); // each write is checked as it is decided (checkWriteKeepsNewestKnown)
        const winner = world.winner(world.standing());
        if (winner === undefined) return; // nobody changed anything, or every change was overrun: nothing to agree with
        expect(world.value[winner.side]).toBe(winner.key);
        expect(agrees(world, winner)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('without any human change, writes nothing', () => {
    fc.assert(
      fc.property(
        runArb.map((input) => ({ ...input, commands: input.commands.filter((c) => c.kind !== 'human') })),
        (input) => {
          expect(run(input).writes).toEqual([]);
        },
      ),
    );
  });
});
