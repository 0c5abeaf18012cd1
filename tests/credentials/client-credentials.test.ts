// Self-hosted Zendesk with the customer's own confidential client (`client_credentials`): a token is minted when there
// is none or it is near expiry, stored sealed before use, once across concurrent processes; a client Zendesk refuses
// puts the account in "needs reconnect".
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { CredentialStore } from '../../lambdas/credentials/port';
import { createZendeskClient } from '../../lambdas/zendesk/client';
import { NeedsReconnectError, ZendeskTokenSource } from '../../lambdas/zendesk/token-source';
import { startZendeskSandbox, type ZendeskSandbox } from '../../local/sandbox/zendesk';
import { createTestTable, testCredentials, type TestTable } from '../setup/aws';

const CLIENT = { identifier: 'acme-own-client', secret: 'acme-own-client-secret-5d1f' };

let zendesk: ZendeskSandbox;
let table: TestTable;
let credentials: CredentialStore;

beforeAll(async () => {
  zendesk = await startZendeskSandbox({ subdomain: 'acme', oauthClients: [{ ...CLIENT, kind: 'confidential' }] });
  table = await createTestTable('client-creds');
  credentials = testCredentials(table);
});
afterAll(async () => {
  await zendesk.close();
});

/** One process's client of the account (its own token source). */
function processClient(account: string) {
  const source = new ZendeskTokenSource({ account, credentials, baseUrl: zendesk.url });
  return createZendeskClient({ subdomain: 'acme', baseUrl: zendesk.url, auth: source, maxRetries: 0 });
}
const mints = (since: number) =>
  zendesk
    .requests({ methods: ['POST'], pathPrefix: '/oauth/tokens' })
    .filter((r) => r.at >= since && (r.body as { grant_type?: string }).grant_type === 'client_credentials');

it('mints once for five processes, stores the token sealed, and mints again only near expiry', async () => {
  await credentials.putZendeskCredential('acme', {
    kind: 'client_credentials',
    clientId: CLIENT.identifier,
    clientSecret: CLIENT.secret,
    scopes: ['read', 'write'],
    grantedAt: 1,
    version: 0,
  });
  const since = Date.now();
  const agents = await Promise.all(Array.from({ length: 5 }, () => processClient('acme').listAgents()));
  expect(agents.every((list) => list.length > 0)).toBe(true);
  expect(mints(since)).toHaveLength(1);

  const stored = await credentials.getZendeskCredential('acme');
  if (stored?.kind !== 'client_credentials') throw new Error('expected a client_credentials credential');
  expect(stored.accessToken).toEqual(expect.any(String));
  expect(stored.expiresAt! - Date.now()).toBeGreaterThan(7_000_000); // asked for 2 hours
  const text = JSON.stringify((await table.doc.send(new ScanCommand({ TableName: table.tableName }))).Items);
  expect(text).not.toContain(stored.accessToken as string);
  expect(text).not.toContain(CLIENT.secret);

  // Still valid: no new token. Near expiry: one new token, before use.
  const again = Date.now();
  await processClient('acme').listStatuses();
  expect(mints(again)).toHaveLength(0);
  await credentials.putZendeskCredential('acme', { ...stored, expiresAt: Date.now() + 30_000 });
  const near = Date.now();
  await Promise.all(Array.from({ length: 5 }, () => processClient('acme').listStatuses()));
  expect(mints(near)).toHaveLength(1);
  expect((await credentials.getZendeskCredential('acme'))?.needsReconnect).toBeUndefined();
});

it('a client Zendesk refuses: needs reconnect, and nothing is sent until a new credential is put', async () => {
  await credentials.putZendeskCredential('bad', {
    kind: 'client_credentials',
    clientId: CLIENT.identifier,
    clientSecret: 'wrong-secret',
    scopes: ['read', 'write'],
    grantedAt: 1,
    version: 0,
  });
  await expect(processClient('bad').listAgents()).rejects.toBeInstanceOf(NeedsReconnectError);
  expect((await credentials.getZendeskCredential('bad'))?.needsReconnect).toMatchObject({ reason: expect.stringContaining('invalid_client') });
  const since = Date.now();
  await expect(processClient('bad').listAgents()).rejects.toBeInstanceOf(NeedsReconnectError);
  expect(zendesk.requests().filter((r) => r.at >= since)).toHaveLength(0);

  await credentials.putZendeskCredential('bad', {
    kind: 'client_credentials',
    clientId: CLIENT.identifier,
    clientSecret: CLIENT.secret,
    scopes: ['read', 'write'],
    grantedAt: 2,
    version: 0,
  });
  expect((await processClient('bad').listAgents()).length).toBeGreaterThan(0);
});
