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
const person = (at: number, status: string): DrivenChange => ({ at, side: 'target', status });
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
