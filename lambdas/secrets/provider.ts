// The port between envelope encryption and whatever holds the master key (AWS KMS, or a local key).

/**
 * What a secret is bound to. Both parts go into the AES-GCM additional data and, with KMS, into the
 * `EncryptionContext`, so IAM can allow a function to decrypt only the fields it needs
 * (`kms:EncryptionContext:field`).
 */
export interface SecretContext {
  /** The account the secret belongs to, e.g. `acme`. */
  accountId: string;
  /** Which credential it is, e.g. `zendesk.refreshToken`. */
  field: string;
}

/** A fresh 256-bit data key: the plaintext to encrypt with, and the same key wrapped by the master key. */
export interface DataKey {
  plaintext: Buffer;
  wrapped: Buffer;
  /** The master key that wrapped it; stored with each ciphertext so rotation keeps old items readable. */
  keyId: string;
}

/** A holder of master keys. Implementations: `LocalKeyProvider` (./local-keys), `KmsKeyProvider` (./kms). */
export interface KeyProvider {
  /** Generates a data key under the current master key, bound to `context`. */
  generateDataKey(context: SecretContext): Promise<DataKey>;
  /** Unwraps a data key written under `keyId` (current or older). Throws SecretDecryptError when it cannot. */
  decryptDataKey(wrapped: Buffer, keyId: string, context: SecretContext): Promise<Buffer>;
}

/** The context as the string/record forms both providers use; refuses empty parts (a secret must name its owner). */
export function encryptionContext(context: SecretContext): Record<string, string> {
  const { accountId, field } = context;
  if (typeof accountId !== 'string' || accountId === '') throw new TypeError('SecretContext.accountId must be a non-empty string');
  if (typeof field !== 'string' || field === '') throw new TypeError('SecretContext.field must be a non-empty string');
  return { accountId, field };
}

/** A canonical byte form of the context, for AES-GCM additional data: JSON with a fixed key order. */
export function contextBytes(context: SecretContext): Buffer {
  const { accountId, field } = encryptionContext(context);
  return Buffer.from(JSON.stringify([accountId, field]), 'utf8');
}
