// Secrets at rest: envelope encryption (AES-256-GCM, a data key per account and field) over a KeyProvider.
// Two parts have their own import path: './kms' (loads the KMS client) and './local-file' (reads DATA_DIR's key
// file; the Lambda bundles shim node:fs away).
export { SecretBox, FORMAT_VERSION, formatSealed, parseSealed, type SealedParts, type SecretBoxOptions } from './envelope';
export { DataKeyCache, DEFAULT_DATA_KEY_TTL_MS, type DataKeyCacheOptions } from './data-key-cache';
export { KeyProviderError, SecretDecryptError, SecretKeyConfigError, SecretsError } from './errors';
export { LocalKeyProvider, localKeyId, parseHexKey } from './local-keys';
export { contextBytes, encryptionContext, type DataKey, type KeyProvider, type SecretContext } from './provider';
