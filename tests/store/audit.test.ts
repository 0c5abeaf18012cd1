// Audit trail: per agent, newest first, expired entries never shown, secrets never stored.
import { createTestTable, type TestTable } from '../setup/aws';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable('audit');
});

const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);
const DAY = 86_400_000;

describe('audit', () => {
  it('lists newest first, with the limit', async () => {
    // Prepare
    const store = table.store();
    for (let i = 0; i < 5; i++) await store.appendAudit('acme', 'Ann@Example.com', { kind: 'decision', decision: 'skip', reason: `r${i}` }, T0 + i * 1000);
    // Act
    const all = await store.listAudit('acme', 'ann@example.com', { now: T0 + 10_000 });
    const two = await store.listAudit('acme', 'ann@example.com', { now: T0 + 10_000, limit: 2 });
    // Assess
    expect(all.map((e) => e.reason)).toEqual(['r4', 'r3', 'r2', 'r1', 'r0']);
    expect(two.map((e) => e.reason)).toEqual(['r4', 'r3']);
    expect(all[0]).toMatchObject({ account: 'acme', agent: 'ann@example.com', at: T0 + 4000, kind: 'decision', decision: 'skip' });
  });

  it('leaves out expired entries (retention), even when they fill whole pages', async () => {
    const store = table.store({ auditRetentionDays: 1 });
    for (let i = 0; i < 6; i++) await store.appendAudit('acme', 'bob@example.com', { kind: 'write', reason: `old${i}` }, T0 + i);
    await store.appendAudit('acme', 'bob@example.com', { kind: 'write', reason: 'fresh' }, T0 + 2 * DAY);
    const listed = await store.listAudit('acme', 'bob@example.com', { now: T0 + 2 * DAY + 1, limit: 3 });
    expect(listed.map((e) => e.reason)).toEqual(['fresh']);
    expect(await store.listAudit('acme', 'bob@example.com', { now: T0 + 10, limit: 3 })).toHaveLength(3);
  });

  it('keeps entries of the same millisecond apart and redacts secret-looking details', async () => {
    const store = table.store();
    await store.appendAudit('acme', '*', { kind: 'webhook_ignored', reason: 'bad_token', detail: { apiToken: 'sk-live-123', status: 401, note: 'x' } }, T0);
    await store.appendAudit('acme', '*', { kind: 'webhook_ignored', reason: 'unknown_user' }, T0);
    const listed = await store.listAudit('acme', '*', { now: T0 });
    expect(listed).toHaveLength(2);
    const withDetail = listed.find((e) => e.reason === 'bad_token')!;
    expect(withDetail.detail).toEqual({ apiToken: '[redacted]', status: 401, note: 'x' });
    expect(JSON.stringify(listed)).not.toContain('sk-live-123');
  });
});
