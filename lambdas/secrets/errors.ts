// The secrets module's errors: one base class, so callers can tell a key or ciphertext problem from anything else.

/** Something about a secret at rest failed. Messages never contain a key, a data key or a plaintext. */
export class SecretsError extends Error {
  override name = 'SecretsError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The master key configuration is unusable (a bad `SECRETS_KEY`, an unreadable key file). Start-up must stop. */
export class SecretKeyConfigError extends SecretsError {
  override name = 'SecretKeyConfigError';
}

/**
 * A ciphertext could not be opened: malformed, tampered with, written for another account or field, or under a key
 * this deployment does not hold. Nothing is returned in that case, never a partial plaintext.
 */
export class SecretDecryptError extends SecretsError {
  override name = 'SecretDecryptError';
}

/** The key provider (KMS) refused or failed a request. `cause` holds the SDK error. */
export class KeyProviderError extends SecretsError {
  override name = 'KeyProviderError';
}
