// The worker's audit entries of one invocation, appended together (issue 15): stored as appendAudit stores them, in
// BatchWriteItem requests of 25, listed per agent and account-wide; a flush takes the entries out once.
import { AuditBatch } from '../../lambdas/sync/audit-batch';
import { createTestTable, type TestTable } from '../setup/aws';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable('audit-batch');
});

const T0 = Date.UTC(2026, 11, 3, 9, 0, 0);

describe('audit entries appended together', () => {
  it('stores 30 entries of two agents as single appends would, secrets redacted, in two requests', async () => {
    // Prepare
    const store = table.store();
    const sent: string[] = [];
    (store as unknown as { doc: { middlewareStack: { add: (m: unknown, o: unknown) => void } } }).doc.middlewareStack.add(
      (next: (a: unknown) => Promise<unknown>, context: { commandName?: string }) => (args: unknown) => {
        sent.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize', name: 'test-count' },
    );
    const batch = new AuditBatch();
    for (let i = 0; i < 30; i++) {
      batch.add(
        'acme',
        i % 2 === 0 ? 'Ann@Example.com' : 'bob@example.com',
        { kind: 'write', decision: 'write', reason: `r${i}`, detail: { apiToken: 'sk-1', n: i } },
        T0 + i,
      );
    }

    // Act
    const stored = await batch.flush(store);
    const again = await batch.flush(store);

    // Assess
    expect(sent).toEqual(['BatchWriteItemCommand', 'BatchWriteItemCommand']);
    expect(stored).toHaveLength(30);
    expect(again).toEqual([]);
    const ann = await store.listAudit('acme', 'ann@example.com', { now: T0 + 100, limit: 50 });
    expect(ann.map((e) => e.reason)).toEqual(Array.from({ length: 15 }, (_, k) => `r${28 - 2 * k}`));
    expect(ann[0]).toMatchObject({ account: 'acme', agent: 'ann@example.com', at: T0 + 28, kind: 'write', decision: 'write', detail: { n: 28 } });
    expect(JSON.stringify(ann)).not.toContain('sk-1');
    expect(await store.listAccountAudit('acme', { now: T0 + 100, limit: 50 })).toHaveLength(30);
  });

  it('an empty batch sends nothing', async () => {
    const store = table.store();
    expect(await new AuditBatch().flush(store)).toEqual([]);
  });
});
