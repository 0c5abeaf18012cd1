// What a change costs in credentials (issue 15): in a warm container, the webhook secret, the Aircall credential and
// the Zendesk credential are read and opened once per cache period, not per change, so a change costs no KMS request
// (data keys cached 5 min) and no credential read; the pause check reads the marks only and opens nothing.
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { accountAuth } from '../../lambdas/credentials/clients';
import { connectionPause } from '../../lambdas/credentials/connection';
import { credentialStoreFromConfig } from '../../lambdas/credentials/from-config';
import { verifyWithWebhookSecret } from '../../lambdas/credentials/webhook-secrets';
import { LocalKeyProvider } from '../../lambdas/secrets/local-keys';
import type { DataKey, KeyProvider, SecretContext } from '../../lambdas/secrets/provider';
import { createTestTable, type TestTable } from '../setup/aws';

/** A real local master key whose calls are counted: each is a KMS request in AWS. */
class CountingKeyProvider implements KeyProvider {
  generated = 0;
  decrypted = 0;
  constructor(private readonly inner: KeyProvider) {}
  generateDataKey(context: SecretContext): Promise<DataKey> {
    this.generated++;
    return this.inner.generateDataKey(context);
  }
  decryptDataKey(wrapped: Buffer, keyId: string, context: SecretContext): Promise<Buffer> {
    this.decrypted++;
    return this.inner.decryptDataKey(wrapped, keyId, context);
  }
}

/** A DynamoDB client of its own whose requests are counted by operation. */
function countingClient(): { client: DynamoDBClient; calls: string[] } {
  const calls: string[] = [];
  const client = new DynamoDBClient({});
  client.middlewareStack.add(
    (next, context) => async (args) => {
      calls.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'count-calls' },
  );
  return { client, calls };
}

let table: TestTable;
const key = randomBytes(32);
const CHANGES = 25;

beforeAll(async () => {
  table = await createTestTable('percost');
  // The connect flow of another container sealed them (its own SecretBox and data keys).
  const writer = credentialStoreFromConfig({ tableName: table.tableName }, table.client, new LocalKeyProvider(key));
  await writer.putZendeskCredential('acme', {
    kind: 'oauth',
    accessToken: 'access-1',
    refreshToken: 'refresh-1',
    expiresAt: Date.now() + 2 * 3_600_000,
    scopes: ['read', 'write'],
    grantedAt: Date.now(),
    version: 0,
  });
  await writer.putAircallCredential('acme', { kind: 'oauth', accessToken: 'aircall-access-1', grantedAt: Date.now(), version: 0 });
  await writer.putWebhookSecret('acme', { side: 'aircall', secret: 'aircall-webhook-token', updatedAt: Date.now() });
});

/** A warm container of the worker or a webhook function: its own client, store, SecretBox and caches. */
function container() {
  const kms = new CountingKeyProvider(new LocalKeyProvider(key));
  const dynamo = countingClient();
  const credentials = credentialStoreFromConfig({ tableName: table.tableName }, dynamo.client, kms);
  return { kms, calls: dynamo.calls, credentials };
}

test(`${CHANGES} webhook deliveries: the secret is read and opened once, one KMS decrypt`, async () => {
  const c = container();
  const now = Date.now();
  for (let i = 0; i < CHANGES; i++) {
    expect(await verifyWithWebhookSecret(c, 'acme', 'aircall', now + i * 100, (secret) => secret === 'aircall-webhook-token')).toBe(true);
  }
  expect(c.calls).toEqual(['GetItemCommand']);
  expect(c.kms.decrypted).toBe(1);
  expect(c.kms.generated).toBe(0);
});

test(`${CHANGES} writes to each side: each credential read once, one KMS decrypt per secret field, none per change`, async () => {
  const c = container();
  const auth = accountAuth(c.credentials, {});
  const zendesk = auth.zendesk('acme', 'http://zendesk.invalid');
  const aircall = auth.aircall('acme');
  for (let i = 0; i < CHANGES; i++) {
    expect(await zendesk.auth()).toEqual({ kind: 'oauth', accessToken: 'access-1' });
    expect(await aircall()).toEqual({ kind: 'bearer', accessToken: 'aircall-access-1' });
  }
  expect(c.calls.sort()).toEqual(['GetItemCommand', 'GetItemCommand']);
  // Zendesk: access and refresh token; Aircall: the access token. Each field is sealed under its own data key.
  expect(c.kms.decrypted).toBe(3);
  expect(c.kms.generated).toBe(0);
});

test('the pause check opens no secret: no KMS request, the marks only', async () => {
  const c = container();
  for (let i = 0; i < 3; i++) expect(await connectionPause(c, 'acme')).toBeUndefined();
  expect(c.kms.decrypted + c.kms.generated).toBe(0);
  expect(c.calls.every((call) => call === 'GetItemCommand')).toBe(true);
});
