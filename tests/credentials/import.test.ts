// An import encrypts: after `putAccountWithCredentials` (what `npm run accounts -- import` and the local stack use),
// a scan of the whole table finds no secret in plain text, even where an older settings item held them; and the
// stored credentials open again with the same key.
import { randomBytes } from 'node:crypto';
import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { accountSecrets, type Account } from '../../lambdas/accounts/account';
import { putAccountWithCredentials } from '../../lambdas/credentials/import';
import { createTestTable, testCredentials, type TestTable } from '../setup/aws';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable('import');
});

const secret = (name: string) => `${name}-${randomBytes(12).toString('hex')}`;

function fileAccount(id: string, zendesk: 'oauth' | 'api_token' | 'client_credentials'): Account {
  const common = { subdomain: id, webhookSigningSecret: secret('zsign') };
  return {
    id,
    direction: 'aircall_to_zendesk',
    aircall: { apiId: secret('aid'), apiToken: secret('atok'), webhookToken: secret('awh'), rateLimitPerMinute: 60 },
    zendesk:
      zendesk === 'oauth'
        ? { ...common, oauthAccessToken: secret('zoauth') }
        : zendesk === 'api_token'
          ? { ...common, email: 'ops@example.com', apiToken: secret('ztok') }
          : { ...common, clientCredentials: { clientId: 'customer-client', clientSecret: secret('zclient') } },
  };
}

async function tableText(): Promise<string> {
  const items = (await table.doc.send(new ScanCommand({ TableName: table.tableName }))).Items ?? [];
  return JSON.stringify(items);
}

it('leaves no secret in plain text anywhere in the table, old settings items included, and the credentials open again', async () => {
  const credentials = testCredentials(table);
  const store = table.store();
  const accounts = [fileAccount('acme', 'oauth'), fileAccount('globex', 'api_token'), fileAccount('initech', 'client_credentials')];
  // Prepare: acme as an older version stored it, every secret in its settings item.
  const acme = accounts[0] as Account;
  await table.doc.send(
    new PutCommand({
      TableName: table.tableName,
      Item: {
        pk: 'ACCOUNT#acme',
        sk: 'SETTINGS',
        type: 'account',
        id: 'acme',
        direction: acme.direction,
        aircall: acme.aircall,
        zendesk: acme.zendesk,
        updatedAt: 1,
      },
    }),
  );
  expect(await tableText()).toContain(acme.aircall.apiToken); // the scan does see plain text when it is there

  // Act
  for (const account of accounts) await putAccountWithCredentials({ store, credentials }, account, Date.now());

  // Assess: no secret of any account in any item.
  const text = await tableText();
  const secrets = accounts.flatMap(accountSecrets);
  expect(secrets.length).toBeGreaterThanOrEqual(15);
  for (const value of secrets) expect(text).not.toContain(value);
  // The settings keep the plain fields (subdomain, budget) and the company's key as a hash.
  expect(await store.getAccount('acme')).toMatchObject({
    zendesk: { subdomain: 'acme' },
    aircall: { rateLimitPerMinute: 60, companyKey: expect.stringMatching(/^apiid-[0-9a-f]{32}$/) },
  });
  // Each form comes back as its kind.
  expect(await credentials.getZendeskCredential('acme')).toMatchObject({ kind: 'oauth', accessToken: acme.zendesk.oauthAccessToken });
  expect(await credentials.getZendeskCredential('globex')).toMatchObject({ kind: 'api_token', email: 'ops@example.com' });
  expect(await credentials.getZendeskCredential('initech')).toMatchObject({ kind: 'client_credentials', clientId: 'customer-client' });
  expect(await credentials.getAircallCredential('acme')).toMatchObject({ kind: 'basic', apiId: acme.aircall.apiId, apiToken: acme.aircall.apiToken });
  expect(await credentials.getWebhookSecret('acme', 'zendesk')).toMatchObject({ secret: acme.zendesk.webhookSigningSecret });
  expect(await credentials.getWebhookSecret('acme', 'aircall')).toMatchObject({ secret: acme.aircall.webhookToken });
});

it('a re-import changes nothing that is equal, and keeps a side connected in the console', async () => {
  const credentials = testCredentials(table);
  const store = table.store();
  const account = fileAccount('hooli', 'oauth');
  await putAccountWithCredentials({ store, credentials }, account, 1);
  const first = await credentials.getZendeskCredential('hooli');
  expect(await putAccountWithCredentials({ store, credentials }, account, 2)).toEqual({ zendesk: 'unchanged', aircall: 'unchanged' });
  expect((await credentials.getZendeskCredential('hooli'))?.version).toBe(first?.version);

  // The admin connected Zendesk in the console (a grant with its grantor): the file's token does not undo it.
  await credentials.putZendeskCredential('hooli', {
    kind: 'oauth',
    accessToken: 'granted',
    refreshToken: 'r',
    scopes: ['read', 'write'],
    grantor: { id: '1', role: 'admin' },
    grantedAt: 3,
    version: 0,
  });
  expect(await putAccountWithCredentials({ store, credentials }, account, 4)).toEqual({ zendesk: 'kept_connected', aircall: 'unchanged' });
  expect(await credentials.getZendeskCredential('hooli')).toMatchObject({ accessToken: 'granted' });
});
