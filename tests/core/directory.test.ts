// Matching Aircall users to Zendesk agents by email, case-insensitively.
import { emailKey, matchDirectory, type DirectoryEntry } from '../../shared/sync/directory';

const user = (id: string, email?: string): DirectoryEntry => ({ id, ...(email !== undefined && { email }), name: `User ${id}` });

describe('matchDirectory', () => {
  test('links users of both sides whose emails differ only by case and spaces', () => {
    const match = matchDirectory(
      [user('1', 'Ann@Example.com'), user('2', 'bob@example.com')],
      [user('10', ' ann@example.COM '), user('11', 'BOB@example.com')],
    );
    expect(match.links.map((l) => [l.email, l.aircall.id, l.zendesk.id])).toEqual([
      ['ann@example.com', '1', '10'],
      ['bob@example.com', '2', '11'],
    ]);
    expect(match.unmatchedAircall).toEqual([]);
    expect(match.unmatchedZendesk).toEqual([]);
  });

  test('keeps the users with no counterpart or no email, on both sides, for reporting', () => {
    const match = matchDirectory(
      [user('1', 'ann@example.com'), user('2', 'only-aircall@example.com'), user('3')],
      [user('10', 'ann@example.com'), user('11', 'only-zendesk@example.com')],
    );
    expect(match.links).toHaveLength(1);
    expect(match.unmatchedAircall.map((u) => u.id).sort()).toEqual(['2', '3']);
    expect(match.unmatchedZendesk.map((u) => u.id)).toEqual(['11']);
  });

  test('an email held by two users of one side links neither: which one is the agent is unknown', () => {
    const match = matchDirectory([user('1', 'shared@example.com'), user('2', 'SHARED@example.com')], [user('10', 'shared@example.com')]);
    expect(match.links).toEqual([]);
    expect(match.unmatchedAircall.map((u) => u.id).sort()).toEqual(['1', '2']);
    expect(match.unmatchedZendesk.map((u) => u.id)).toEqual(['10']);
  });

  test('emailKey folds case and trims; an empty email is no key', () => {
    expect(emailKey('  Ann@Example.COM ')).toBe('ann@example.com');
    expect(emailKey('   ')).toBeUndefined();
    expect(emailKey(undefined)).toBeUndefined();
  });
});
