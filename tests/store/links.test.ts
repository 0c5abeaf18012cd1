// Agent links, accounts and the directory report.
import { DEFAULT_MAPPING } from '../../shared/sync/mapping';
import { createTestTable, type TestTable } from '../setup/aws';
import { accountSettings, type Account } from '../../lambdas/accounts/account';
import { DynamoSyncStore } from '../../lambdas/store/dynamo';
import { StoreError } from '../../lambdas/store/errors';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable('links');
});

const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);

describe('links', () => {
  it('finds a link by email, Aircall user id and Zendesk user id', async () => {
    // Prepare
    const store = table.store();
    await store.putLink('acme', { email: 'Ann@Example.com', aircallUserId: '456', zendeskUserId: '10011', aircallName: 'Ann A.', zendeskName: 'Ann' }, T0);
    await store.putLink('other', { email: 'ann@example.com', aircallUserId: '999', zendeskUserId: '20022' }, T0);
    // Act
    const byEmail = await store.getLinkByEmail('acme', 'ANN@example.com');
    const byAircall = await store.getLinkByAircallUser('acme', 456);
    const byZendesk = await store.getLinkByZendeskUser('acme', '10011');
    // Assess
    const expected = { email: 'ann@example.com', aircallUserId: '456', zendeskUserId: '10011', aircallName: 'Ann A.', zendeskName: 'Ann', updatedAt: T0 };
    expect(byEmail).toEqual(expected);
    expect(byAircall).toEqual(expected);
    expect(byZendesk).toEqual(expected);
    expect(await store.getLinkByAircallUser('acme', '999')).toBeUndefined();
    expect(await store.getLinkByZendeskUser('other', '20022')).toMatchObject({ aircallUserId: '999' });
  });

  it('puts many links, lists and deletes them', async () => {
    const store = table.store();
    const links = Array.from({ length: 30 }, (_, i) => ({ email: `agent${i}@example.com`, aircallUserId: String(1000 + i), zendeskUserId: String(5000 + i) }));
    await store.putLinks('bulk', links, T0);
    expect(await store.listLinks('bulk')).toHaveLength(30);
    await store.deleteLink('bulk', 'AGENT7@example.com');
    expect(await store.listLinks('bulk')).toHaveLength(29);
    expect(await store.getLinkByEmail('bulk', 'agent7@example.com')).toBeUndefined();
    expect(await store.getLinkByAircallUser('bulk', 1007)).toBeUndefined();
  });

  it('keeps the directory report, capping its lists', async () => {
    const store = table.store({ directoryListCap: 2 });
    expect(await store.getDirectoryReport('acme')).toBeUndefined();
    await store.putDirectoryReport('acme', {
      builtAt: T0,
      unmatchedAircall: [{ id: '1', email: 'a@x.io' }, { id: '2' }, { id: '3' }],
      unmatchedZendesk: [{ id: '9', name: 'Zed' }],
      linkedCount: 4,
    });
    expect(await store.getDirectoryReport('acme')).toEqual({
      builtAt: T0,
      unmatchedAircall: [{ id: '1', email: 'a@x.io' }, { id: '2' }],
      unmatchedZendesk: [{ id: '9', name: 'Zed' }],
      linkedCount: 4,
      truncated: true,
    });
  });
});

describe('accounts', () => {
  const account = (id: string, direction: Account['direction'] = 'aircall_to_zendesk'): Account => ({
    id,
    direction,
    aircall: { apiId: 'id', apiToken: 'tok', webhookToken: 'wh', rateLimitPerMinute: 60 },
    zendesk: { subdomain: id, oauthAccessToken: 'oauth', webhookSigningSecret: 'sign' },
  });

  it('stores, reads and lists accounts, with the default mapping', async () => {
    const store = table.store();
    await store.putAccount(account('beta', 'off'), T0);
    await store.putAccount(account('alpha'), T0);
    // Settings only: the secrets live in their own sealed items (lambdas/credentials), the API ID as its hash.
    expect(await store.getAccount('alpha')).toEqual({ ...accountSettings(account('alpha')), mapping: DEFAULT_MAPPING, updatedAt: T0 });
    expect(JSON.stringify(await store.getAccount('alpha'))).not.toMatch(/"(tok|oauth|sign|wh)"/);
    expect(await store.getAccount('missing')).toBeUndefined();
    expect((await store.listAccounts()).map((a) => [a.id, a.direction])).toEqual([
      ['alpha', 'aircall_to_zendesk'],
      ['beta', 'off'],
    ]);
  });

  it('keeps a stored mapping on update, drops the cached catalog', async () => {
    const store = table.store();
    const mapping = [{ direction: 'aircall_to_zendesk' as const, from: 'available', to: 'away' }];
    await store.putAccount({ ...account('gamma'), mapping }, T0);
    await store.putStatusCatalog('gamma', { entries: [{ id: '1', name: 'Online', status: { kind: 'default', name: 'online' } }] }, T0);
    expect((await store.getAccount('gamma'))?.statusCatalog).toEqual({
      entries: [{ id: '1', name: 'Online', status: { kind: 'default', name: 'online' } }],
      fetchedAt: T0,
    });
    await store.putAccount(account('gamma', 'zendesk_to_aircall'), T0 + 1);
    const stored = await store.getAccount('gamma');
    expect(stored).toMatchObject({ direction: 'zendesk_to_aircall', mapping, updatedAt: T0 + 1 });
    expect(stored?.statusCatalog).toBeUndefined();
    await expect(store.putStatusCatalog('nope', { entries: [] }, T0)).rejects.toThrow('the account does not exist');
  });

  it('reports a missing table as a StoreError naming what failed', async () => {
    const store = new DynamoSyncStore(table.doc, 'no-such-table');
    await expect(store.getAccount('acme')).rejects.toBeInstanceOf(StoreError);
    await expect(store.getAccount('acme')).rejects.toThrow(/Could not read account acme: the table does not exist/);
  });
});
