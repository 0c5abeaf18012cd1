// Envelope encryption of one secret: AES-256-GCM under a data key from a KeyProvider, bound to account and field.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { DataKeyCache, type DataKeyCacheOptions } from './data-key-cache';
import { SecretDecryptError, SecretsError } from './errors';
import { contextBytes, type DataKey, type KeyProvider, type SecretContext } from './provider';

/** The first part of every ciphertext this version writes. Older versions stay readable when a new one comes. */
export const FORMAT_VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/** The parts of a `v1` ciphertext (see README.md). */
export interface SealedParts {
  version: string;
  keyId: string;
  wrappedKey: Buffer;
  iv: Buffer;
  /** Ciphertext followed by the 16-byte GCM tag. */
  body: Buffer;
}

export interface SecretBoxOptions {
  provider: KeyProvider;
  /** Lifetime and size of the per-container data-key cache (default 5 min, 1000 keys). `ttlMs: 0` turns it off. */
  cache?: DataKeyCacheOptions;
}

/**
 * Seals and opens secrets. One instance per container: it caches data keys (bounded in time), so a warm function
 * calls KMS once per account and field per cache period, not once per secret.
 *
 * @example
 * const box = new SecretBox({ provider: await localKeyProviderFromEnv(process.env) });
 * const sealed = await box.seal('token', { accountId: 'acme', field: 'zendesk.accessToken' });
 * const token = await box.open(sealed, { accountId: 'acme', field: 'zendesk.accessToken' });
 */
export class SecretBox {
  private readonly provider: KeyProvider;
  /** Per context: the data key new secrets are sealed with, until it expires. */
  private readonly sealKeys: DataKeyCache<DataKey>;
  /** Per wrapped key and context: the unwrapped data key. */
  private readonly openKeys: DataKeyCache<Buffer>;
  /** Concurrent seals of one context share one GenerateDataKey call. */
  private readonly pending = new Map<string, Promise<DataKey>>();

  constructor(options: SecretBoxOptions) {
    this.provider = options.provider;
    this.sealKeys = new DataKeyCache<DataKey>(options.cache, (key) => key.plaintext.fill(0));
    this.openKeys = new DataKeyCache<Buffer>(options.cache, (key) => key.fill(0));
  }

  /** Encrypts `plaintext` for `context`. Every call uses a fresh random IV, so equal secrets seal differently. */
  async seal(plaintext: string, context: SecretContext): Promise<string> {
    if (typeof plaintext !== 'string') throw new TypeError('seal takes the secret as a string');
    const aad = contextBytes(context);
    const dataKey = await this.sealKey(context, aad);
    const iv = randomBytes(IV_BYTES);
    const header = headerBytes(FORMAT_VERSION, dataKey.keyId, dataKey.wrapped, iv);
    const cipher = createCipheriv('aes-256-gcm', dataKey.plaintext, iv);
    cipher.setAAD(Buffer.concat([header, aad]));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return formatSealed({ version: FORMAT_VERSION, keyId: dataKey.keyId, wrappedKey: dataKey.wrapped, iv, body });
  }

  /**
   * Decrypts a ciphertext written by `seal` for the same context, under the current or an older master key.
   * Throws SecretDecryptError for anything else: another account or field, a changed byte, an unknown key.
   */
  async open(sealed: string, context: SecretContext): Promise<string> {
    const parts = parseSealed(sealed);
    const aad = contextBytes(context);
    const cacheKey = openCacheKey(parts, aad);
    let key = this.openKeys.get(cacheKey);
    if (!key) {
      key = Buffer.from(await this.provider.decryptDataKey(parts.wrappedKey, parts.keyId, context));
      if (key.length !== KEY_BYTES)
        throw new SecretDecryptError(`The data key of a ${context.field} secret of account ${context.accountId} has the wrong length`);
      this.openKeys.set(cacheKey, Buffer.from(key)); // the cache owns (and zeroes) its own copy
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, parts.iv);
      decipher.setAAD(Buffer.concat([headerBytes(parts.version, parts.keyId, parts.wrappedKey, parts.iv), aad]));
      decipher.setAuthTag(parts.body.subarray(parts.body.length - TAG_BYTES));
      return Buffer.concat([decipher.update(parts.body.subarray(0, parts.body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch (error) {
      throw new SecretDecryptError(
        `The ${context.field} secret of account ${context.accountId} does not open: it was changed, or sealed for another account or field`,
        {
          cause: error,
        },
      );
    }
  }

  private async sealKey(context: SecretContext, aad: Buffer): Promise<DataKey> {
    const id = aad.toString('base64url');
    const cached = this.sealKeys.get(id);
    if (cached) return cached;
    let pending = this.pending.get(id);
    if (!pending) {
      pending = this.provider.generateDataKey(context).then((key) => {
        if (key.plaintext.length !== KEY_BYTES) throw new SecretsError('The key provider returned a data key that is not 256 bits');
        // The cache owns (and zeroes on eviction) its own copy; the callers waiting on this promise use the provider's.
        this.sealKeys.set(id, { plaintext: Buffer.from(key.plaintext), wrapped: Buffer.from(key.wrapped), keyId: key.keyId });
        return key;
      });
      this.pending.set(id, pending);
      pending.finally(() => this.pending.delete(id)).catch(() => {});
    }
    return pending;
  }
}

/**
 * `v1.<keyId>.<wrappedKey>.<iv>.<body>`, each part base64url (no padding). base64url has no `.`, so the split is
 * unambiguous whatever the key id (a KMS key ARN, `local-…`).
 */
export function formatSealed(parts: SealedParts): string {
  return [
    parts.version,
    Buffer.from(parts.keyId, 'utf8').toString('base64url'),
    parts.wrappedKey.toString('base64url'),
    parts.iv.toString('base64url'),
    parts.body.toString('base64url'),
  ].join('.');
}

/** Splits a ciphertext into its parts; refuses an unknown version or a malformed string without echoing it. */
export function parseSealed(sealed: string): SealedParts {
  if (typeof sealed !== 'string') throw new SecretDecryptError('A sealed secret must be a string');
  const pieces = sealed.split('.');
  const [version, keyId, wrapped, iv, body] = pieces;
  if (version !== FORMAT_VERSION)
    throw new SecretDecryptError(`Unknown sealed-secret format "${String(version).slice(0, 8)}": this version reads ${FORMAT_VERSION}`);
  const b64 = /^[A-Za-z0-9_-]+$/;
  if (pieces.length !== 5 || ![keyId, wrapped, iv, body].every((p) => p !== undefined && b64.test(p))) {
    throw new SecretDecryptError('A sealed secret is malformed: expected v1.<keyId>.<wrappedKey>.<iv>.<body>');
  }
  const parts: SealedParts = {
    version,
    keyId: Buffer.from(keyId as string, 'base64url').toString('utf8'),
    wrappedKey: Buffer.from(wrapped as string, 'base64url'),
    iv: Buffer.from(iv as string, 'base64url'),
    body: Buffer.from(body as string, 'base64url'),
  };
  if (parts.iv.length !== IV_BYTES || parts.body.length < TAG_BYTES || parts.keyId === '')
    throw new SecretDecryptError('A sealed secret is malformed: bad IV, tag or key id');
  return parts;
}

// The header is authenticated too: swapping in another key id or wrapped key fails the tag, not just the unwrap.
function headerBytes(version: string, keyId: string, wrapped: Buffer, iv: Buffer): Buffer {
  return Buffer.from(JSON.stringify([version, keyId, wrapped.toString('base64'), iv.toString('base64')]), 'utf8');
}

function openCacheKey(parts: SealedParts, aad: Buffer): string {
  return createHash('sha256').update(parts.keyId).update('\0').update(parts.wrappedKey).update('\0').update(aad).digest('base64url');
}
