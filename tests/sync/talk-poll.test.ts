// Issue 14 §3: the Talk poll's turns (every linked agent read within ⌈n / 100⌉ minutes, never more than the cap a
// minute) and the version a Talk reading gets (it carries none).
import { TALK_READS_PER_MINUTE, talkReadingVersion, turn } from '../../lambdas/sync/talk-poll';

describe('turn', () => {
  test('all items when they fit', () => {
    expect(turn([1, 2, 3], 5, 0)).toEqual([1, 2, 3]);
  });

  test.each([
    [250, 100],
    [101, 100],
    [7, 3],
  ])('%i items, %i a minute: every item read within ⌈n/size⌉ minutes, at most size a minute', (n, size) => {
    const items = Array.from({ length: n }, (_, i) => i);
    const minutes = Math.ceil(n / size);
    const start = 1_700_000_040_000;
    const seen = new Set<number>();
    for (let m = 0; m < minutes; m++) {
      const slice = turn(items, size, start + m * 60_000);
      expect(slice).toHaveLength(size);
      expect(new Set(slice).size).toBe(size);
      for (const item of slice) seen.add(item);
    }
    expect(seen.size).toBe(n);
  });

  test('the cap is within the smallest plan’s Support limit (200 a minute, zendesk-api.md §3)', () => {
    expect(TALK_READS_PER_MINUTE).toBeLessThanOrEqual(100);
  });
});

describe('talkReadingVersion', () => {
  const stored = { status: { kind: 'default' as const, name: 'online' as const }, version: 41, observedAt: 0 };
  test('a different status is the next version after the stored one (the unified counter continues)', () => {
    expect(talkReadingVersion(stored, true)).toBe(42);
    expect(talkReadingVersion(undefined, true)).toBe(1);
  });
  test('the same status records nothing', () => {
    expect(talkReadingVersion(stored, false)).toBeUndefined();
  });
});
