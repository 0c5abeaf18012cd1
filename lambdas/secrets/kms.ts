// The AWS KMS key provider: GenerateDataKey and Decrypt with the secret's encryption context. Its own import path,
// so functions that never touch secrets do not load the KMS client.
import { DecryptCommand, type DecryptCommandOutput, GenerateDataKeyCommand, type GenerateDataKeyCommandOutput, KMSClient } from '@aws-sdk/client-kms';
import { KeyProviderError, SecretDecryptError } from './errors';
import { encryptionContext, type DataKey, type KeyProvider, type SecretContext } from './provider';

// KMS answers these when the ciphertext, its context or the key is wrong: the secret cannot be opened, not a KMS outage.
const REFUSALS = new Set([
  'InvalidCiphertextException',
  'IncorrectKeyException',
  'NotFoundException',
  'KMSInvalidStateException',
  'DisabledException',
  'AccessDeniedException',
]);

export interface KmsKeyProviderOptions {
  /** The KMS key new secrets are sealed under: key id, key ARN, alias name or alias ARN. */
  keyId: string;
  /** Default `new KMSClient({})` (region and credentials from the Lambda environment). */
  client?: KMSClient;
}

/**
 * Data keys from AWS KMS. The encryption context `{accountId, field}` goes with both calls, so a key policy or IAM
 * condition on `kms:EncryptionContext:field` decides which function may open which credential. Each ciphertext
 * stores the key ARN KMS reports, and Decrypt names it, so secrets sealed under a previous key still open after
 * `keyId` moves to a new key (as long as the old key is enabled and the role may use it).
 */
export class KmsKeyProvider implements KeyProvider {
  private readonly client: KMSClient;

  constructor(private readonly options: KmsKeyProviderOptions) {
    if (typeof options.keyId !== 'string' || options.keyId === '') throw new TypeError('KmsKeyProvider needs a keyId');
    this.client = options.client ?? new KMSClient({});
  }

  async generateDataKey(context: SecretContext): Promise<DataKey> {
    let out: GenerateDataKeyCommandOutput;
    try {
      out = await this.client.send(
        new GenerateDataKeyCommand({ KeyId: this.options.keyId, KeySpec: 'AES_256', EncryptionContext: encryptionContext(context) }),
      );
    } catch (error) {
      throw new KeyProviderError(`KMS refused a data key for the ${context.field} secret of account ${context.accountId}: ${errorName(error)}`, {
        cause: error,
      });
    }
    if (!out.Plaintext || !out.CiphertextBlob || !out.KeyId)
      throw new KeyProviderError('KMS GenerateDataKey answered without Plaintext, CiphertextBlob or KeyId');
    return { plaintext: Buffer.from(out.Plaintext), wrapped: Buffer.from(out.CiphertextBlob), keyId: out.KeyId };
  }

  async decryptDataKey(wrapped: Buffer, keyId: string, context: SecretContext): Promise<Buffer> {
    let out: DecryptCommandOutput;
    try {
      out = await this.client.send(new DecryptCommand({ CiphertextBlob: wrapped, KeyId: keyId, EncryptionContext: encryptionContext(context) }));
    } catch (error) {
      const name = errorName(error);
      const message = `KMS would not open the data key of the ${context.field} secret of account ${context.accountId}: ${name}`;
      if (REFUSALS.has(name)) throw new SecretDecryptError(message, { cause: error });
      throw new KeyProviderError(message, { cause: error });
    }
    if (!out.Plaintext) throw new KeyProviderError('KMS Decrypt answered without Plaintext');
    return Buffer.from(out.Plaintext);
  }
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'Error';
}
