// The app's token: an HS256 JWT that Zendesk's proxy signs with the account's shared secret (zaf.md §6.4, §7). Pure.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { APP_TOKEN_AUDIENCE, type AppTokenClaims } from '../../shared/app-api';

/** Why a token was refused. The message names the problem and never quotes the token or the secret. */
export class AppTokenError extends Error {
  override name = 'AppTokenError';
}

export const TOKEN_RULES = {
  /** The only algorithm accepted, whatever the header says (zaf.md §7: pin it, never take it from the token). */
  algorithm: 'HS256',
  /** Allowed difference between Zendesk's clock and ours. */
  clockSkewSeconds: 30,
  /** The app asks for 60 s (`APP_TOKEN_EXPIRY_SECONDS`); a token valid for longer than this is refused. */
  maxLifetimeSeconds: 600,
  /** Longer strings are not tokens of ours: refused before any decoding. */
  maxLength: 4096,
} as const;

/** A token split and decoded but not yet trusted: only `issuer` may be used, to pick the secret that must verify it. */
export interface UnverifiedToken {
  /** The `iss` claim, lower-cased: the Zendesk subdomain the token claims to come from. */
  issuer: string;
  readonly signingInput: string;
  readonly signature: Buffer;
  readonly claims: Readonly<Record<string, unknown>>;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const SUBDOMAIN = /^[a-z0-9][a-z0-9-]{0,62}$/;
const USER_ID = /^[1-9]\d{0,19}$/;

/**
 * Splits and decodes a token, and checks what can be checked before the secret is known: three base64url parts, a
 * header naming HS256 and nothing we would have to understand (`crit`), and an issuer.
 *
 * @throws AppTokenError
 * @example readAppToken(bearer).issuer // 'acme'
 */
export function readAppToken(token: string): UnverifiedToken {
  if (token.length > TOKEN_RULES.maxLength) throw new AppTokenError('the token is too long');
  const parts = token.split('.');
  if (parts.length !== 3) throw new AppTokenError('the token is not a JWT (three dot-separated parts)');
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = jsonPart(headerPart, 'header');
  if (header.alg !== TOKEN_RULES.algorithm) throw new AppTokenError(`the token's algorithm must be ${TOKEN_RULES.algorithm}`);
  if (header.crit !== undefined) throw new AppTokenError('the token has critical header parameters, which are not supported');
  const claims = jsonPart(payloadPart, 'payload');
  const signature = decodePart(signaturePart, 'signature');
  const iss = claims.iss;
  if (typeof iss !== 'string' || !SUBDOMAIN.test(iss.toLowerCase())) throw new AppTokenError('the token names no Zendesk subdomain (iss)');
  return { issuer: iss.toLowerCase(), signingInput: `${headerPart}.${payloadPart}`, signature, claims };
}

/**
 * Verifies the signature with `secret` (HMAC-SHA256, compared in constant time), then the claims at `nowMs`: `exp`
 * required, not past and not more than 10 minutes ahead; `nbf`/`iat` not in the future; `aud` ours; `sub` a user id.
 *
 * @throws AppTokenError
 * @example verifyAppToken(readAppToken(bearer), account.app.sharedSecret, Date.now()).sub // '10011'
 */
export function verifyAppToken(token: UnverifiedToken, secret: string, nowMs: number): AppTokenClaims {
  if (!signatureMatches(token, secret)) throw new AppTokenError('the token signature is not valid for this account');
  const { claims } = token;
  const now = nowMs / 1000;
  const skew = TOKEN_RULES.clockSkewSeconds;
  const exp = claims.exp;
  if (exp === undefined) throw new AppTokenError('the token has no expiry (exp)');
  if (typeof exp !== 'number' || !Number.isFinite(exp)) throw new AppTokenError('the token expiry (exp) is not a number');
  if (exp <= now - skew) throw new AppTokenError('the token has expired');
  if (exp > now + TOKEN_RULES.maxLifetimeSeconds + skew)
    throw new AppTokenError(`the token is valid for more than ${TOKEN_RULES.maxLifetimeSeconds / 60} minutes`);
  for (const name of ['nbf', 'iat'] as const) {
    const value = claims[name];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new AppTokenError(`the token's ${name} is not a number`);
    if (value > now + skew) throw new AppTokenError(`the token's ${name} is in the future`);
  }
  const aud = claims.aud;
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.includes(APP_TOKEN_AUDIENCE)) throw new AppTokenError('the token is not meant for this backend (aud)');
  const sub = claims.sub;
  if (typeof sub !== 'string' || !USER_ID.test(sub)) throw new AppTokenError('the token names no Zendesk user id (sub)');
  return { iss: token.issuer, sub, aud: APP_TOKEN_AUDIENCE, exp };
}

/** The bearer token of an `Authorization` header, or `undefined` when there is none. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = authorization?.match(/^\s*Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

function signatureMatches(token: UnverifiedToken, secret: string): boolean {
  if (secret.length === 0) return false;
  const expected = createHmac('sha256', Buffer.from(secret, 'utf8')).update(token.signingInput).digest();
  return token.signature.length === expected.length && timingSafeEqual(token.signature, expected);
}

/** Strict base64url: no padding, no other alphabet, and the canonical encoding of what it decodes to. */
function decodePart(part: string, what: string): Buffer {
  const bytes = BASE64URL.test(part) ? Buffer.from(part, 'base64url') : undefined;
  if (!bytes || bytes.toString('base64url') !== part) throw new AppTokenError(`the token's ${what} is not base64url`);
  return bytes;
}

function jsonPart(part: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(decodePart(part, what).toString('utf8'));
  } catch (error) {
    if (error instanceof AppTokenError) throw error;
    throw new AppTokenError(`the token's ${what} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new AppTokenError(`the token's ${what} is not a JSON object`);
  return value as Record<string, unknown>;
}
