// The chaos suite's oracle (bench/chaos/oracle.ts): the seed's semantics on hand-made histories.
import { expectation, inStep, judge, type AgentHistory, type DrivenChange, type StackWrite } from '../../bench/chaos/oracle';

const a2z = (changes: DrivenChange[], writes: StackWrite[], final: { source: string; target: string }): AgentHistory => ({
  direction: 'aircall_to_zendesk',
  email: 'agent01@example.com',
  initial: { source: 'available', target: 'online' },
  changes,
  writes,
  final,
});
const source = (at: number, status: string, delivered = true): DrivenChange => ({ at, side: 'source', status, delivered });
/** A person's change on the target; its webhook reaches the stack 100 ms later, or never with `arrivedAt: null`. */
const person = (at: number, status: string, arrivedAt: number | null = at + 100): DrivenChange => ({
  at,
  side: 'target',
  status,
  ...(arrivedAt !== null && { arrivedAt }),
});
const write = (at: number, status: string, side: 'source' | 'target' = 'target'): StackWrite => ({ at, side, status });

describe('the chaos oracle', () => {
  it.each([
    ['the source change, written once', [source(1000, 'unavailable')], [write(1500, 'offline')], 'offline', { correct: true, reverted: 0, redundant: 0 }],
    [
      'a person changes the target afterwards: it stays',
      [source(1000, 'unavailable'), person(3000, 'away')],
      [write(1500, 'offline')],
      'away',
      { correct: true, reverted: 0 },
    ],
    [
      'the stack writes after the person: a revert',
      [source(1000, 'unavailable'), person(3000, 'away')],
      [write(1500, 'offline'), write(3500, 'offline')],
      'offline',
      { correct: false, reverted: 1, lost: false },
    ],
    [
      'a newer source change after the person: written',
      [person(1000, 'away'), source(3000, 'unavailable')],
      [write(3500, 'offline')],
      'offline',
      { correct: true, reverted: 0 },
    ],
    ['the source change never reaches the target: lost', [source(1000, 'unavailable')], [], 'online', { correct: false, lost: true }],
    [
      'the same value written twice: redundant',
      [source(1000, 'unavailable')],
      [write(1500, 'offline'), write(2500, 'offline')],
      'offline',
      { correct: true, redundant: 1 },
    ],
    [
      'the stack writes the value the person set: no revert',
      [person(1000, 'offline')],
      [write(1500, 'offline')],
      'offline',
      { correct: true, reverted: 0, redundant: 1 },
    ],
  ])('%s', (_name, changes, writes, target, expected) => {
    const final = { source: [...changes].reverse().find((c) => c.side === 'source')?.status ?? 'available', target };
    expect(judge(a2z(changes, writes, final))).toMatchObject(expected);
  });

  it('a dropped source webhook, then the person: either value is accepted, the repair is no revert, the case is counted', () => {
    // Prepare
    const changes = [source(1000, 'unavailable', false), person(3000, 'away')];

    // Act
    const repaired = judge(a2z(changes, [write(9000, 'offline')], { source: 'unavailable', target: 'offline' }));
    const kept = judge(a2z(changes, [], { source: 'unavailable', target: 'away' }));

    // Assert
    expect(expectation(a2z(changes, [], { source: '', target: '' })).accepted).toEqual(['away', 'offline']);
    expect(repaired).toMatchObject({ correct: true, reverted: 0, unorderable: 1 });
    expect(kept).toMatchObject({ correct: true, reverted: 0, unorderable: 1 });
  });

  it('a source webhook that arrives after the person changed the target races them: either value, no revert, counted', () => {
    // Prepare: the source change at 1 s reaches the stack only at 3.2 s; the person changed the target at 3 s, and
    // the stack's write (3.25 s) lands before the person's webhook reaches it.
    const late = { ...source(1000, 'unavailable'), arrivedAt: 3200 };
    const changes = [late, { ...person(3000, 'away'), arrivedAt: 4000 }];

    // Act
    const raced = judge(a2z(changes, [write(3250, 'offline')], { source: 'unavailable', target: 'offline' }));

    // Assert
    expect(raced).toMatchObject({ correct: true, reverted: 0, unorderable: 1 });
    // The stack had the source change in time, but its write landed just after the person's change and before that
    // change's webhook reached the stack: it could not know, so no revert either.
    const inTime = { ...source(1000, 'unavailable'), arrivedAt: 1100 };
    const inFlight = judge(a2z([inTime, { ...person(3000, 'away'), arrivedAt: 3900 }], [write(3010, 'offline')], { source: 'unavailable', target: 'offline' }));
    expect(inFlight).toMatchObject({ correct: true, reverted: 0, unorderable: 1 });
    // A person's change the stack had seen is no race: writing over it afterwards is a revert.
    const onTime = { ...source(1000, 'unavailable'), arrivedAt: 1100 };
    expect(
      judge(a2z([onTime, person(3000, 'away')], [write(1500, 'offline'), write(3500, 'offline')], { source: 'unavailable', target: 'offline' })),
    ).toMatchObject({
      correct: false,
      reverted: 1,
      unorderable: 0,
    });
  });

  it('Zendesk → Aircall: a person’s Aircall change whose webhook was lost, then a source change: either value, counted', () => {
    // Prepare: Aircall starts available; the person sets unavailable (webhook lost); Zendesk then goes offline, which
    // maps to the unavailable the stack still believes is not there... or is: it cannot know when Aircall changed.
    const z2a = (changes: DrivenChange[], final: { source: string; target: string }): AgentHistory => ({
      direction: 'zendesk_to_aircall',
      email: 'agent02@example.com',
      initial: { source: 'online', target: 'available' },
      changes,
      writes: [],
      final,
    });
    const changes = [person(1000, 'unavailable', null), source(3000, 'away')];
    // Act / Assert: the source change maps to what the person set: nothing to excuse.
    expect(judge(z2a(changes, { source: 'away', target: 'unavailable' }))).toMatchObject({ correct: true, unorderable: 0 });
    // It maps to the value the stack still believes (available), so the worker judged it already in state and the
    // sweep cannot date the person's unavailable: kept, accepted and counted.
    const lostOnUnavailable = [person(1000, 'unavailable', null), source(3000, 'online')];
    expect(judge(z2a(lostOnUnavailable, { source: 'online', target: 'unavailable' }))).toMatchObject({ correct: true, unorderable: 1 });
    expect(judge(z2a(lostOnUnavailable, { source: 'online', target: 'available' }))).toMatchObject({ correct: true, unorderable: 0 });
    // On a Zendesk target it is not excused: Zendesk's readings carry updated_at.
    expect(judge(a2z([person(1000, 'offline', null), source(3000, 'available')], [], { source: 'available', target: 'offline' }))).toMatchObject({
      correct: false,
    });
  });

  it('a write to the source side is counted, and a wrong source is never correct', () => {
    const verdict = judge(a2z([person(1000, 'away')], [write(1500, 'unavailable', 'source')], { source: 'unavailable', target: 'away' }));
    expect(verdict).toMatchObject({ correct: false, sourceWrites: 1 });
  });

  it('inStep needs every agent right', () => {
    const right = a2z([source(1000, 'unavailable')], [], { source: 'unavailable', target: 'offline' });
    const wrong = a2z([source(1000, 'unavailable')], [], { source: 'unavailable', target: 'online' });
    expect(inStep([right])).toBe(true);
    expect(inStep([right, wrong])).toBe(false);
  });
});
