// Secret masking for any text that may be shown or logged: always mask first, then cut. Cutting first could leave a
// secret that straddles the cut half-visible (its visible half no longer equals the secret, so no mask matches it).
import { excerpt } from '../http/read';

/** Secrets shorter than this are not masked: they would blank ordinary words (and no credential is that short). */
export const MIN_MASKED_LENGTH = 4;

export const MASK = '[redacted]';

/**
 * Replaces every occurrence of each secret in `text` by `[redacted]`, longest secret first (so a secret that contains
 * another is masked whole).
 *
 * @example maskSecrets('token abcd1234 refused', ['abcd1234']) // 'token [redacted] refused'
 */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  const values = [...new Set(secrets.filter((s) => typeof s === 'string' && s.length >= MIN_MASKED_LENGTH))].sort((a, b) => b.length - a.length);
  return values.reduce((out, secret) => out.split(secret).join(MASK), text);
}

/**
 * The text for an error message: secrets masked over the whole text, then flattened and cut to `max` characters.
 *
 * @example maskedExcerpt(`${'x'.repeat(195)}SECRETVALUE`, ['SECRETVALUE'], 200) // 'xxx…x[redacted]' (never 'SECRE…')
 */
export function maskedExcerpt(text: string, secrets: readonly string[], max = 200): string {
  return excerpt(maskSecrets(text, secrets), max);
}
