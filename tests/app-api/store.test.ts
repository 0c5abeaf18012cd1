// The store's additions for the admin view, on dynalite: the account-wide audit trail and the last-webhook health.
import type { SyncDeps } from '../../lambdas/sync/deps';
import { silentLog } from '../../lambdas/sync/deps';
import { EVENT_NOTE_INTERVAL_MS, noteEventReceived } from '../../lambdas/sync/record';
import { createTestTable, type TestTable } from '../setup/aws';

let table: TestTable;
beforeAll(async () => (table = await createTestTable('app-api-store')));

const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);

describe('listAccountAudit', () => {
  test('lists every agent’s entries of one account, newest first, up to the limit', async () => {
    // Prepare
    const store = table.store();
    await store.appendAudit('acme', 'ann@example.com', { kind: 'write', decision: 'write', detail: { side: 'zendesk', status: 'offline' } }, T0 + 1000);
    await store.appendAudit('acme', '*', { kind: 'reconcile' }, T0 + 2000);
    await store.appendAudit('acme', 'Bob@Example.com', { kind: 'decision', decision: 'skip', reason: 'not_mapped' }, T0 + 3000);
    await store.appendAudit('globex', 'ann@example.com', { kind: 'write' }, T0 + 4000);
    // Act
    const all = await store.listAccountAudit('acme', { now: T0 + 5000 });
    const two = await store.listAccountAudit('acme', { now: T0 + 5000, limit: 2 });
    // Assess
    expect(all.map((e) => [e.agent, e.kind, e.at])).toEqual([
      ['bob@example.com', 'decision', T0 + 3000],
      ['*', 'reconcile', T0 + 2000],
      ['ann@example.com', 'write', T0 + 1000],
    ]);
    expect(all[2]).toMatchObject({ account: 'acme', decision: 'write', detail: { side: 'zendesk', status: 'offline' } });
    expect(two.map((e) => e.at)).toEqual([T0 + 3000, T0 + 2000]);
    // The per-agent trail is unchanged.
    expect((await store.listAudit('acme', 'ann@example.com', { now: T0 + 5000 })).map((e) => e.kind)).toEqual(['write']);
  });

  test('leaves expired entries out, paging past them', async () => {
    const store = table.store({ auditRetentionDays: 1 });
    const day = 86_400_000;
    for (let i = 0; i < 5; i++) await store.appendAudit('initech', `a${i}@example.com`, { kind: 'write' }, T0 - 3 * day + i);
    await store.appendAudit('initech', 'fresh@example.com', { kind: 'write' }, T0);
    expect((await store.listAccountAudit('initech', { now: T0 + 1000, limit: 3 })).map((e) => e.agent)).toEqual(['fresh@example.com']);
  });
});

describe('last webhook per side', () => {
  test('is empty until noted, then only moves forward', async () => {
    const store = table.store();
    expect(await store.getHealth('umbrella')).toEqual({ lastEventAt: {} });
    await store.recordEventReceived('umbrella', 'aircall', T0 + 2000);
    await store.recordEventReceived('umbrella', 'aircall', T0 + 1000); // a slower process, late
    await store.recordEventReceived('umbrella', 'zendesk', T0 + 500);
    expect(await store.getHealth('umbrella')).toEqual({ lastEventAt: { aircall: T0 + 2000, zendesk: T0 + 500 } });
  });

  test('a webhook notes it at most once per interval per process, and a failing note fails nothing', async () => {
    // Prepare
    const store = table.store();
    let now = T0;
    const deps = { store, now: () => now, log: silentLog } as unknown as SyncDeps;
    // Act / Assess
    await noteEventReceived(deps, 'hooli', 'zendesk');
    now += EVENT_NOTE_INTERVAL_MS - 1;
    await noteEventReceived(deps, 'hooli', 'zendesk');
    expect((await store.getHealth('hooli')).lastEventAt.zendesk).toBe(T0);
    now += 1;
    await noteEventReceived(deps, 'hooli', 'zendesk');
    expect((await store.getHealth('hooli')).lastEventAt.zendesk).toBe(T0 + EVENT_NOTE_INTERVAL_MS);

    const warnings: string[] = [];
    // A store whose health write fails (a fault injected on the real store: dynalite cannot be made to fail one write).
    const failing = Object.assign(table.store(), { recordEventReceived: () => Promise.reject(new Error('DynamoDB is down')) });
    const broken = { ...deps, store: failing, log: { ...silentLog, warn: (m: string) => warnings.push(m) } } as unknown as SyncDeps;
    await expect(noteEventReceived(broken, 'hooli', 'aircall')).resolves.toBeUndefined();
    expect(warnings).toEqual(['could not note the webhook for the health view']);
  });
});
