// A master key held in memory (SECRETS_KEY or the local key file, see ./local-file): wraps data keys with AES-256-GCM.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { SecretDecryptError, SecretKeyConfigError } from './errors';
import { contextBytes, type DataKey, type KeyProvider, type SecretContext } from './provider';

const HEX_KEY = /^[0-9a-fA-F]{64}$/;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Wraps data keys with AES-256-GCM under a 256-bit master key held in memory. Older keys stay usable for
 * unwrapping, so secrets sealed before a rotation still open.
 */
export class LocalKeyProvider implements KeyProvider {
  /** The id of the current key, stored with every ciphertext it seals. */
  readonly keyId: string;
  private readonly keys = new Map<string, Buffer>();

  /** `current` seals; `previous` only open. Each key is 32 bytes. */
  constructor(current: Buffer, previous: Buffer[] = []) {
    for (const key of [current, ...previous]) {
      if (key.length !== 32) throw new SecretKeyConfigError('A local master key must be 32 bytes (64 hexadecimal characters)');
      this.keys.set(localKeyId(key), Buffer.from(key));
    }
    this.keyId = localKeyId(current);
  }

  async generateDataKey(context: SecretContext): Promise<DataKey> {
    const plaintext = randomBytes(32);
    const master = this.keys.get(this.keyId) as Buffer;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', master, iv);
    cipher.setAAD(wrapAad(this.keyId, context));
    const wrapped = Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    return { plaintext, wrapped, keyId: this.keyId };
  }

  async decryptDataKey(wrapped: Buffer, keyId: string, context: SecretContext): Promise<Buffer> {
    const master = this.keys.get(keyId);
    if (!master)
      throw new SecretDecryptError(
        `A secret of account ${context.accountId} was sealed under local key ${keyId}, which this deployment does not hold (SECRETS_KEY or the key file changed without keeping the old key)`,
      );
    if (wrapped.length <= IV_BYTES + TAG_BYTES) throw new SecretDecryptError('A wrapped data key is too short');
    try {
      const decipher = createDecipheriv('aes-256-gcm', master, wrapped.subarray(0, IV_BYTES));
      decipher.setAAD(wrapAad(keyId, context));
      decipher.setAuthTag(wrapped.subarray(wrapped.length - TAG_BYTES));
      return Buffer.concat([decipher.update(wrapped.subarray(IV_BYTES, wrapped.length - TAG_BYTES)), decipher.final()]);
    } catch (error) {
      throw new SecretDecryptError(
        `The data key of a ${context.field} secret of account ${context.accountId} does not unwrap: changed, or bound to another account or field`,
        { cause: error },
      );
    }
  }
}

/** A key's public name: a fingerprint, never the key. */
export function localKeyId(key: Buffer): string {
  return `local-${createHash('sha256').update('agent-status-sync local key id\0').update(key).digest('hex').slice(0, 16)}`;
}

/** Validates one hex key; the message says what is wrong, never what was given. */
export function parseHexKey(value: string, name: string): Buffer {
  const trimmed = value.trim();
  if (!HEX_KEY.test(trimmed)) {
    throw new SecretKeyConfigError(
      `${name} must be exactly 64 hexadecimal characters (a 256-bit key, e.g. from \`openssl rand -hex 32\`); the value given has ${trimmed.length} characters${trimmed.length === 64 ? ', not all hexadecimal' : ''}`,
    );
  }
  return Buffer.from(trimmed, 'hex');
}

function wrapAad(keyId: string, context: SecretContext): Buffer {
  return Buffer.concat([Buffer.from(`${keyId}\0`, 'utf8'), contextBytes(context)]);
}
