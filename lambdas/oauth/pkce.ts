// The random values of an OAuth flow (RFC 7636 PKCE with S256, RFC 6749 state). Never logged: each one is a secret.
import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, base64url: 43 characters (RFC 7636 §4.1 allows 43–128 of [A-Za-z0-9-._~]). */
export const randomToken = (): string => randomBytes(32).toString('base64url');

/** A PKCE verifier and its S256 challenge: `base64url(sha256(verifier))` (RFC 7636 §4.2). */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomToken();
  return { verifier, challenge: s256(verifier) };
}

export const s256 = (value: string): string => createHash('sha256').update(value, 'ascii').digest('base64url');

/** What the store keys a one-time value by: its hash, so the table never holds a usable state, code or link. */
export const lookupKey = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');

/** The shape every random value we hand out has; anything else is refused before a lookup. */
export const isRandomToken = (value: unknown): value is string => typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);
