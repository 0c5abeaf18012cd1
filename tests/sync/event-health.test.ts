// The admin view's "last event from each side": every authenticated webhook counts, not only status changes of
// linked agents; a refused one does not. Against a dynalite table through the real receivers.
import { createHmac } from 'node:crypto';
import { loadConfig } from '../../lambdas/config';
import type { SyncQueue } from '../../lambdas/queue/port';
import type { DynamoSyncStore } from '../../lambdas/store/dynamo';
import { AccountCache } from '../../lambdas/sync/accounts';
import { silentLog, type SyncDeps } from '../../lambdas/sync/deps';
import { receiveAircallWebhook } from '../../lambdas/sync/receive-aircall';
import { receiveZendeskWebhook } from '../../lambdas/sync/receive-zendesk';
import { DEFAULT_SETTLE_POLICY } from '../../shared/sync/settle';
import { putAccountWithCredentials } from '../../lambdas/credentials/import';
import { createTestTable, testCredentials } from '../setup/aws';

const WEBHOOK_TOKEN = 'aircall-webhook-token';
const SIGNING_SECRET = 'zendesk-signing-secret';
const NOW = Date.UTC(2026, 10, 23, 12);

let store: DynamoSyncStore;
let deps: SyncDeps;
let accounts: AccountCache;

beforeAll(async () => {
  const table = await createTestTable('event-health');
  store = table.store();
  const credentials = testCredentials(table);
  deps = {
    store,
    credentials,
    queue: {} as SyncQueue, // ignored events queue nothing
    clients: {
      zendesk: () => {
        throw new Error('not used');
      },
      aircall: () => {
        throw new Error('not used');
      },
    },
    config: loadConfig({}),
    settle: DEFAULT_SETTLE_POLICY,
    maxHoldMs: 0,
    now: () => NOW,
    sleep: async () => {},
    log: silentLog,
  };
  await putAccountWithCredentials(
    { store, credentials },
    {
      id: 'acme',
      direction: 'aircall_to_zendesk',
      aircall: { apiId: 'a', apiToken: 't', webhookToken: WEBHOOK_TOKEN, rateLimitPerMinute: 60 },
      zendesk: { subdomain: 'acme', oauthAccessToken: 'z', webhookSigningSecret: SIGNING_SECRET },
    },
    NOW,
  );
  accounts = new AccountCache(store);
});

const aircallDelivery = (token: string) => ({
  accountId: 'acme',
  isBase64Encoded: false,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ resource: 'number', event: 'number.created', timestamp: NOW / 1000, token, data: { id: 1, digits: '+1 800-000-0001' } }),
});

it('does not count a refused delivery', async () => {
  expect(await receiveAircallWebhook(deps, accounts, aircallDelivery('wrong-token'))).toMatchObject({ outcome: 'unauthenticated' });
  expect(await store.getHealth('acme')).toEqual({ lastEventAt: {} });
});

it('counts an authenticated Aircall event the sync ignores', async () => {
  expect(await receiveAircallWebhook(deps, accounts, aircallDelivery(WEBHOOK_TOKEN))).toMatchObject({ outcome: 'ignored' });
  expect((await store.getHealth('acme')).lastEventAt).toEqual({ aircall: NOW });
});

it('counts an authenticated Zendesk event the sync ignores', async () => {
  const body = JSON.stringify({
    type: 'zen:event-type:ticket.created',
    account_id: 1,
    id: 'evt-1',
    time: new Date(NOW).toISOString(),
    zendesk_event_version: '2022-11-06',
    subject: 'zen:ticket:1',
    detail: {},
    event: {},
  });
  const timestamp = new Date(Date.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const signature = createHmac('sha256', SIGNING_SECRET).update(timestamp).update(body).digest('base64');
  const headers = { 'content-type': 'application/json', 'x-zendesk-webhook-signature': signature, 'x-zendesk-webhook-signature-timestamp': timestamp };

  expect(await receiveZendeskWebhook({ ...deps, now: () => Date.now() }, accounts, { accountId: 'acme', isBase64Encoded: false, headers, body })).toMatchObject(
    { outcome: 'ignored' },
  );
  expect((await store.getHealth('acme')).lastEventAt).toEqual({ aircall: NOW, zendesk: expect.any(Number) });
});
