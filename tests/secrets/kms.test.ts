// The KMS provider against a local KMS-compatible peer (JSON 1.1, TrentService.GenerateDataKey/Decrypt, SigV4 form).
import { KMSClient } from '@aws-sdk/client-kms';
import { SecretBox, parseSealed } from '../../lambdas/secrets/envelope';
import { SecretDecryptError, KeyProviderError } from '../../lambdas/secrets/errors';
import type { SecretContext } from '../../lambdas/secrets/provider';
import { KmsKeyProvider } from '../../lambdas/secrets/kms';
import { startKmsPeer, type KmsPeer } from './kms-peer';

const ctx: SecretContext = { accountId: 'acme', field: 'zendesk.refreshToken' };
let peer: KmsPeer;
let client: KMSClient;

beforeAll(async () => {
  peer = await startKmsPeer();
  client = new KMSClient({ endpoint: peer.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' }, maxAttempts: 1 });
});
afterAll(async () => {
  client.destroy();
  await peer.close();
});

describe('KmsKeyProvider', () => {
  it('seals with a data key from GenerateDataKey and opens through Decrypt, storing the key ARN', async () => {
    // Prepare
    const arn = peer.createKey();
    peer.setAlias('secrets', arn);
    const box = new SecretBox({ provider: new KmsKeyProvider({ keyId: 'alias/secrets', client }) });
    peer.calls.length = 0;
    // Act
    const sealed = await box.seal('refresh-token-value', ctx);
    const opened = await new SecretBox({ provider: new KmsKeyProvider({ keyId: 'alias/secrets', client }) }).open(sealed, ctx);
    // Assess
    expect(opened).toBe('refresh-token-value');
    expect(parseSealed(sealed).keyId).toBe(arn);
    expect(peer.calls).toEqual(['TrentService.GenerateDataKey', 'TrentService.Decrypt']);
  });

  it('passes the encryption context, so KMS refuses another account or field', async () => {
    const arn = peer.createKey();
    const box = new SecretBox({ provider: new KmsKeyProvider({ keyId: arn, client }) });
    const sealed = await box.seal('s', ctx);
    const cold = new SecretBox({ provider: new KmsKeyProvider({ keyId: arn, client }) });
    await expect(cold.open(sealed, { accountId: 'globex', field: ctx.field })).rejects.toThrow(/InvalidCiphertextException/);
    await expect(cold.open(sealed, { accountId: 'acme', field: 'aircall.apiToken' })).rejects.toBeInstanceOf(SecretDecryptError);
    expect(await cold.open(sealed, ctx)).toBe('s');
  });

  it('opens secrets sealed under the previous key after the alias moves to a new one', async () => {
    const oldArn = peer.createKey();
    peer.setAlias('rotating', oldArn);
    const before = await new SecretBox({ provider: new KmsKeyProvider({ keyId: 'alias/rotating', client }) }).seal('before', ctx);
    const newArn = peer.createKey();
    peer.setAlias('rotating', newArn);
    const box = new SecretBox({ provider: new KmsKeyProvider({ keyId: 'alias/rotating', client }) });
    const after = await box.seal('after', ctx);
    expect(await box.open(before, ctx)).toBe('before');
    expect(await box.open(after, ctx)).toBe('after');
    expect([parseSealed(before).keyId, parseSealed(after).keyId]).toEqual([oldArn, newArn]);
  });

  it('reports an unknown or disabled key as a provider error that names no secret', async () => {
    const box = new SecretBox({ provider: new KmsKeyProvider({ keyId: 'alias/none', client }) });
    await expect(box.seal('value-never-logged', ctx)).rejects.toBeInstanceOf(KeyProviderError);
    await expect(box.seal('value-never-logged', ctx)).rejects.toThrow(/NotFoundException/);
    const arn = peer.createKey();
    const sealed = await new SecretBox({ provider: new KmsKeyProvider({ keyId: arn, client }) }).seal('x', ctx);
    peer.disableKey(arn);
    const error = (await new SecretBox({ provider: new KmsKeyProvider({ keyId: arn, client }) }).open(sealed, ctx).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(SecretDecryptError);
    expect(error.message).toMatch(/DisabledException/);
    expect(error.message).not.toContain('value-never-logged');
  });
});
