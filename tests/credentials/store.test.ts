// The credential store on dynalite: sealed fields, versions, single-flight swap, needs-reconnect, webhook secrets, and
// key rotation (items sealed under an old key still open).
import { randomBytes } from 'node:crypto';
import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { credentialStoreFromConfig } from '../../lambdas/credentials/from-config';
import type { ZendeskCredential } from '../../lambdas/credentials/port';
import { SecretDecryptError } from '../../lambdas/secrets/errors';
import { LocalKeyProvider } from '../../lambdas/secrets/local-keys';
import { createTestTable, type TestTable } from '../setup/aws';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable('creds');
});

const oauth = (accessToken: string, refreshToken: string): ZendeskCredential => ({
  kind: 'oauth',
  accessToken,
  refreshToken,
  expiresAt: 1_800_000_000_000,
  scopes: ['read', 'write'],
  grantor: { id: '1', role: 'admin', email: 'admin@example.com' },
  grantedAt: 1_790_000_000_000,
  version: 0,
});

async function scanText(): Promise<string> {
  const out = await table.doc.send(new ScanCommand({ TableName: table.tableName }));
  return JSON.stringify(out.Items ?? []);
}

describe('DynamoCredentialStore', () => {
  const key = randomBytes(32);
  const store = () => credentialStoreFromConfig({ tableName: table.tableName }, table.client, new LocalKeyProvider(key));

  it('seals every secret field, keeps the plain ones readable, and reads back what was put', async () => {
    const credentials = store();
    const version = await credentials.putZendeskCredential('acme', oauth('access-AAAA-1111', 'refresh-BBBB-2222'));
    expect(version).toBe(1);
    await credentials.putAircallCredential('acme', { kind: 'basic', apiId: 'apiid-CCCC', apiToken: 'apitoken-DDDD', grantedAt: 1, version: 0 });
    await credentials.putWebhookSecret('acme', { side: 'zendesk', webhookId: '01HZ', secret: 'signing-EEEE', updatedAt: 5 });
    await credentials.putWebhookSecret('acme', { side: 'aircall', secret: 'hooktoken-FFFF', updatedAt: 6 });

    const text = await scanText();
    for (const secret of ['access-AAAA-1111', 'refresh-BBBB-2222', 'apiid-CCCC', 'apitoken-DDDD', 'signing-EEEE', 'hooktoken-FFFF'])
      expect(text).not.toContain(secret);
    expect(text).toContain('admin@example.com'); // plain fields stay plain (the grantor is shown in the console)

    expect(await credentials.getZendeskCredential('acme')).toEqual({ ...oauth('access-AAAA-1111', 'refresh-BBBB-2222'), version: 1 });
    expect(await credentials.getAircallCredential('acme')).toEqual({ kind: 'basic', apiId: 'apiid-CCCC', apiToken: 'apitoken-DDDD', grantedAt: 1, version: 1 });
    expect(await credentials.getWebhookSecret('acme', 'zendesk')).toEqual({ side: 'zendesk', webhookId: '01HZ', secret: 'signing-EEEE', updatedAt: 5 });
    expect(await credentials.getWebhookSecret('acme', 'aircall')).toEqual({ side: 'aircall', secret: 'hooktoken-FFFF', updatedAt: 6 });
    expect(await credentials.getZendeskCredential('nobody')).toBeUndefined();
  });

  it('swaps only on the expected version: of 5 concurrent swaps exactly one wins', async () => {
    const credentials = store();
    const v = await credentials.putZendeskCredential('swap', oauth('a0', 'r0'));
    const results = await Promise.all([1, 2, 3, 4, 5].map((i) => credentials.swapZendeskCredential('swap', v, oauth(`a${i}`, `r${i}`))));
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results.indexOf(true) + 1;
    expect(await credentials.getZendeskCredential('swap')).toMatchObject({ accessToken: `a${winner}`, refreshToken: `r${winner}`, version: v + 1 });
    expect(await credentials.swapZendeskCredential('swap', v, oauth('late', 'late'))).toBe(false);
  });

  it('marks only the version of the credential that was refused: one put since (a reconnect) is left alone', async () => {
    const credentials = store();
    const refused = await credentials.putAircallCredential('vers', { kind: 'oauth', accessToken: 'old', grantedAt: 1, version: 0 });
    const current = await credentials.putAircallCredential('vers', { kind: 'oauth', accessToken: 'new', grantedAt: 2, version: 0 });
    expect(current).toBe(refused + 1);
    expect(await credentials.markNeedsReconnect('vers', 'aircall', 'Aircall refused the OAuth token (403)', 1000, refused)).toBe(false);
    expect((await credentials.getAircallCredential('vers'))?.needsReconnect).toBeUndefined();
    expect(await credentials.markNeedsReconnect('vers', 'aircall', 'Aircall refused the OAuth token (403)', 1000, current)).toBe(true);
    expect((await credentials.getAircallCredential('vers'))?.needsReconnect).toEqual({ since: 1000, reason: 'Aircall refused the OAuth token (403)' });
  });

  it('marks needs-reconnect once, keeps the first time, and a new put clears it', async () => {
    const credentials = store();
    await credentials.putZendeskCredential('recon', oauth('a', 'r'));
    expect(await credentials.markNeedsReconnect('recon', 'zendesk', 'refresh refused: invalid_grant', 1000)).toBe(true);
    expect(await credentials.markNeedsReconnect('recon', 'zendesk', 'again', 2000)).toBe(false);
    expect((await credentials.getZendeskCredential('recon'))?.needsReconnect).toEqual({ since: 1000, reason: 'refresh refused: invalid_grant' });
    // Read without opening a secret: a store whose key cannot open anything still reports the mark.
    const keyless = credentialStoreFromConfig({ tableName: table.tableName }, table.client, new LocalKeyProvider(randomBytes(32)));
    expect(await keyless.getReconnectMarks('recon')).toEqual({ zendesk: { since: 1000, reason: 'refresh refused: invalid_grant' } });
    await expect(keyless.getZendeskCredential('recon')).rejects.toBeInstanceOf(SecretDecryptError);
    expect(await credentials.markNeedsReconnect('none', 'aircall', 'x', 1)).toBe(false);
    const v = await credentials.putZendeskCredential('recon', oauth('a2', 'r2'));
    expect(v).toBe(2);
    expect((await credentials.getZendeskCredential('recon'))?.needsReconnect).toBeUndefined();
    expect(await credentials.getReconnectMarks('recon')).toEqual({});
  });

  it('binds each ciphertext to its account and field: a value copied to another account does not open', async () => {
    const credentials = store();
    await credentials.putWebhookSecret('one', { side: 'aircall', secret: 's1', updatedAt: 1 });
    const one = (await table.doc.send(new ScanCommand({ TableName: table.tableName }))).Items?.find((i) => i.pk === 'WEBHOOK_SECRETS#one');
    await credentials.putWebhookSecret('two', { side: 'aircall', secret: 's2', updatedAt: 1 });
    await table.doc.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { pk: 'WEBHOOK_SECRETS#two', sk: 'AIRCALL' },
        UpdateExpression: 'SET secret = :s',
        ExpressionAttributeValues: { ':s': one?.secret },
      }),
    );
    await expect(credentials.getWebhookSecret('two', 'aircall')).rejects.toBeInstanceOf(SecretDecryptError);
  });

  it('after a key rotation, items sealed under the old key still open and new ones use the new key', async () => {
    const oldKey = randomBytes(32);
    const before = credentialStoreFromConfig({ tableName: table.tableName }, table.client, new LocalKeyProvider(oldKey));
    await before.putZendeskCredential('rotate', oauth('old-access', 'old-refresh'));
    const rotated = credentialStoreFromConfig({ tableName: table.tableName }, table.client, new LocalKeyProvider(randomBytes(32), [oldKey]));
    expect(await rotated.getZendeskCredential('rotate')).toMatchObject({ accessToken: 'old-access', refreshToken: 'old-refresh' });
    await rotated.putAircallCredential('rotate', { kind: 'oauth', accessToken: 'new-access', grantedAt: 1, version: 0 });
    expect(await rotated.getAircallCredential('rotate')).toMatchObject({ accessToken: 'new-access' });
    // The old key alone cannot open what the new key sealed.
    await expect(before.getAircallCredential('rotate')).rejects.toBeInstanceOf(SecretDecryptError);
  });

  it('without any key configured, the store fails on use with a message naming the variable a Lambda reads', async () => {
    const credentials = credentialStoreFromConfig({ tableName: table.tableName }, table.client);
    await expect(credentials.putAircallCredential('x', { kind: 'oauth', accessToken: 't', grantedAt: 1, version: 0 })).rejects.toThrow(
      /set SECRETS_KMS_KEY_ID/,
    );
  });
});
