// Issue 14 §3: the account's Zendesk status mode on its settings item (putStatusMode) against DynamoDB (dynalite).
import type { Account } from '../../lambdas/accounts/account';
import type { StatusModeSnapshot } from '../../lambdas/store/port';
import { createTestTable, type TestTable } from '../setup/aws';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable('status-mode');
});

const T0 = Date.UTC(2026, 11, 3, 9, 0, 0);
const account = (id: string): Account => ({
  id,
  direction: 'aircall_to_zendesk',
  aircall: { apiId: 'id', apiToken: 'tok', webhookToken: 'wh', rateLimitPerMinute: 60 },
  zendesk: { subdomain: id, oauthAccessToken: 'oauth', webhookSigningSecret: 'sign' },
});
const mode = (m: 'unified' | 'talk', checkedAt: number, source: StatusModeSnapshot['source'] = 'account_setting'): StatusModeSnapshot => ({
  mode: m,
  source,
  checkedAt,
  since: checkedAt,
});

test('stored with what it replaced; an older detection never replaces a newer one; putAccount keeps it', async () => {
  const store = table.store();
  await store.putAccount(account('acme'), T0);
  expect((await store.getAccount('acme'))?.statusMode).toBeUndefined();

  expect(await store.putStatusMode('acme', mode('unified', T0))).toEqual({ stored: true });
  expect(await store.putStatusMode('acme', mode('talk', T0 + 60_000, 'webhook'))).toEqual({ stored: true, previous: mode('unified', T0) });
  // A sweep that read before the event (older checkedAt) does not undo it.
  expect(await store.putStatusMode('acme', mode('unified', T0 + 30_000))).toEqual({ stored: false });
  expect((await store.getAccount('acme'))?.statusMode).toEqual(mode('talk', T0 + 60_000, 'webhook'));

  await store.putAccount(account('acme'), T0 + 120_000); // an accounts-file import
  expect((await store.getAccount('acme'))?.statusMode).toEqual(mode('talk', T0 + 60_000, 'webhook'));
});

test('never creates a settings item for an unknown account', async () => {
  const store = table.store();
  expect(await store.putStatusMode('nobody', mode('talk', T0))).toEqual({ stored: false });
  expect(await store.getAccount('nobody')).toBeUndefined();
});
