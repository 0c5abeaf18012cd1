// Sessions on the table (dynalite): random tokens, only their hash stored, expiry, revocation one by one and per account.
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoSessionStore, sessionTokenHash } from '../../lambdas/sessions/dynamo';
import { SESSION_MAX_AGE_MS } from '../../lambdas/sessions/port';
import { createTestTable, type TestTable } from '../setup/aws';

let table: TestTable;
let sessions: DynamoSessionStore;
beforeAll(async () => {
  table = await createTestTable('sessions');
  sessions = new DynamoSessionStore(table.doc, table.tableName);
});

const T0 = Date.UTC(2026, 11, 3, 9, 0, 0);
const agent = { kind: 'agent' as const, accountId: 'acme', userId: '10011', email: 'ann@example.com' };

describe('DynamoSessionStore', () => {
  it('issues a random 43-character token valid for one hour, and stores only its SHA-256', async () => {
    const issued = await sessions.issue(agent, T0);
    const other = await sessions.issue(agent, T0);
    expect(issued.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(other.token).not.toBe(issued.token);
    expect(issued.expiresAt).toBe(T0 + SESSION_MAX_AGE_MS);
    const items = (await table.doc.send(new ScanCommand({ TableName: table.tableName }))).Items ?? [];
    expect(JSON.stringify(items)).not.toContain(issued.token);
    const item = items.find((i) => i.pk === `SESSION#${sessionTokenHash(issued.token)}`);
    expect(item).toMatchObject({
      sk: 'SESSION',
      kind: 'agent',
      accountId: 'acme',
      userId: '10011',
      expiresAt: Math.floor((T0 + SESSION_MAX_AGE_MS) / 1000) + 1,
    });
    expect(await sessions.find(issued.token, T0 + 1000)).toEqual({ ...agent, issuedAt: T0, expiresAt: T0 + SESSION_MAX_AGE_MS, checkedAt: T0 });
  });

  it('refuses an expired, unknown or malformed token', async () => {
    const { token } = await sessions.issue(agent, T0);
    expect(await sessions.find(token, T0 + SESSION_MAX_AGE_MS)).toBeUndefined();
    expect(await sessions.find('A'.repeat(43), T0)).toBeUndefined();
    expect(await sessions.find(`${token}x`, T0)).toBeUndefined();
    expect(await sessions.find('', T0)).toBeUndefined();
  });

  it('records a re-check, never backwards, and never for a revoked session', async () => {
    const { token } = await sessions.issue(agent, T0);
    await sessions.touch(token, T0 + 60_000);
    await sessions.touch(token, T0 + 30_000);
    expect((await sessions.find(token, T0 + 61_000))?.checkedAt).toBe(T0 + 60_000);
    await sessions.revoke(token);
    await sessions.touch(token, T0 + 90_000);
    expect(await sessions.find(token, T0 + 91_000)).toBeUndefined();
  });

  it('refuses every session of an account issued before revokeAccount, and only that account', async () => {
    const before = await sessions.issue({ ...agent, accountId: 'globex' }, T0);
    const admin = await sessions.issue({ kind: 'admin', accountId: 'globex', userId: '1' }, T0 + 1);
    const elsewhere = await sessions.issue({ ...agent, accountId: 'initech' }, T0);
    await sessions.revokeAccount('globex', T0 + 10);
    await sessions.revokeAccount('globex', T0 + 5); // a late, earlier revocation does not undo the later one
    const after = await sessions.issue({ ...agent, accountId: 'globex' }, T0 + 20);
    expect(await sessions.find(before.token, T0 + 30)).toBeUndefined();
    expect(await sessions.find(admin.token, T0 + 30)).toBeUndefined();
    expect(await sessions.find(elsewhere.token, T0 + 30)).toBeDefined();
    expect(await sessions.find(after.token, T0 + 30)).toBeDefined();
  });

  it('refuses a session without kind, account or user', async () => {
    await expect(sessions.issue({ ...agent, userId: '' }, T0)).rejects.toThrow(/kind, an account and a user/);
    await expect(sessions.issue({ ...agent, kind: 'root' as never }, T0)).rejects.toThrow();
  });
});
