// signedUrls (zaf.md §6.5, onboarding.md §1): the RS256 token Zendesk POSTs when it loads a remote location of the
// app. Pure checks here; the key comes from lambdas/identity/app-keys.ts, never from the token.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';

/** Why a token was refused. The message names the problem and never quotes the token. */
export class SignedUrlError extends Error {
  override name = 'SignedUrlError';
}

export const SIGNED_URL_RULES = {
  /** Pinned: whatever the header says, only RS256 with the app's RSA key verifies (never `none`, never HS256). */
  algorithm: 'RS256',
  clockSkewSeconds: 60,
  /** Zendesk's tokens are "only valid for 5 minutes" (onboarding.md §1); one valid for longer than this is refused. */
  maxLifetimeSeconds: 600,
  maxLength: 8192,
} as const;

/** A token split, decoded and shape-checked, but not verified: only `subdomain` may be used, to find the account. */
export interface UnverifiedSignedUrl {
  /** From `iss` (`<subdomain>.zendesk.com`), lower-cased. */
  subdomain: string;
  readonly signingInput: string;
  readonly signature: Buffer;
  readonly claims: Readonly<Record<string, unknown>>;
}

/** What a verified token establishes. */
export interface SignedUrlIdentity {
  subdomain: string;
  /** The Zendesk user id (a string: ids exceed 2^53). */
  userId: string;
  installationId: string;
  /** `context.location` when the token carries one. */
  location?: string;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** `iss` as public code verifies it: `issuer: "<subdomain>.zendesk.com"` (onboarding.md §1 [zipper]). */
const ISSUER = /^([a-z0-9][a-z0-9-]{0,62})\.zendesk\.com$/;
const ID = /^[1-9]\d{0,19}$/;

/**
 * Splits and decodes a token and checks what needs no key: three strict base64url parts, a header naming RS256 and
 * nothing we would have to understand (`crit`), and a Zendesk issuer. `jku`, `x5u`, `kid` and `cnf` are never read.
 *
 * @throws SignedUrlError
 */
export function readSignedUrlToken(token: string): UnverifiedSignedUrl {
  if (typeof token !== 'string' || token.length === 0) throw new SignedUrlError('no token');
  if (token.length > SIGNED_URL_RULES.maxLength) throw new SignedUrlError('the token is too long');
  const parts = token.split('.');
  if (parts.length !== 3) throw new SignedUrlError('the token is not a JWS (three dot-separated parts)');
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = jsonPart(headerPart, 'header');
  if (header.alg !== SIGNED_URL_RULES.algorithm) throw new SignedUrlError(`the token's algorithm must be ${SIGNED_URL_RULES.algorithm}`);
  if (header.crit !== undefined) throw new SignedUrlError('the token has critical header parameters, which are not supported');
  const claims = jsonPart(payloadPart, 'payload');
  const signature = decodePart(signaturePart, 'signature');
  const iss = typeof claims.iss === 'string' ? claims.iss.toLowerCase().match(ISSUER) : null;
  if (!iss) throw new SignedUrlError('the token is not issued by a Zendesk account (iss)');
  return { subdomain: iss[1] as string, signingInput: `${headerPart}.${payloadPart}`, signature, claims };
}

/** Whether the signature verifies with `publicKeyPem` (an RSA key: any other kind verifies nothing). */
export function signatureVerifies(token: UnverifiedSignedUrl, publicKeyPem: string): boolean {
  let key: KeyObject;
  try {
    key = createPublicKey(publicKeyPem);
  } catch {
    return false;
  }
  if (key.asymmetricKeyType !== 'rsa') return false;
  return verify('sha256', Buffer.from(token.signingInput), key, token.signature);
}

/**
 * Checks the claims of a token whose signature verified: `exp` required, not past and not too far ahead; `nbf` and
 * `iat` not in the future; `aud` and `sub` as `readAudienceAndSubject` reads them.
 *
 * @throws SignedUrlError
 */
export function checkSignedUrlClaims(token: UnverifiedSignedUrl, nowMs: number): SignedUrlIdentity {
  const { claims } = token;
  const now = nowMs / 1000;
  const skew = SIGNED_URL_RULES.clockSkewSeconds;
  const exp = claims.exp;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) throw new SignedUrlError('the token has no expiry (exp)');
  if (exp <= now - skew) throw new SignedUrlError('the token has expired');
  if (exp > now + SIGNED_URL_RULES.maxLifetimeSeconds + skew) throw new SignedUrlError('the token is valid for too long');
  for (const name of ['nbf', 'iat'] as const) {
    const value = claims[name];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new SignedUrlError(`the token's ${name} is not a number`);
    if (value > now + skew) throw new SignedUrlError(`the token's ${name} is in the future`);
  }
  const { userId, installationId } = readAudienceAndSubject(claims.aud, claims.sub, token.subdomain);
  const location = typeof claims.context === 'object' && claims.context !== null ? (claims.context as Record<string, unknown>).location : undefined;
  return { subdomain: token.subdomain, userId, installationId, ...(typeof location === 'string' && { location }) };
}

/**
 * UNCONFIRMED reading of `aud` and `sub`, kept in this one function (onboarding.md §1; zaf.md §6.5, "Open points"):
 * - `aud` "contains the subdomain and the app_installation_id" (a community post quoting Zendesk's docs [zd-post-aud];
 *   decoding "needs the app's public key and installation id" [zd-ss5]). Accepted: the installation's API URL
 *   `https://<subdomain>.zendesk.com/api/v2/apps/installations/<id>.json` (`.json` optional) on the issuer's own
 *   subdomain, or the bare installation id `"<id>"`; a one-element array of either.
 * - `sub`: the Zendesk user id. Accepted: the id as a decimal string or number, or the user's API URL
 *   `https://<subdomain>.zendesk.com/api/v2/users/<id>.json` (`.json` optional) on the issuer's subdomain.
 * Anything else is refused. The local Zendesk sandbox issues each form (local/sandbox/zendesk/README.md "signedUrls").
 *
 * @throws SignedUrlError
 */
export function readAudienceAndSubject(aud: unknown, sub: unknown, subdomain: string): { installationId: string; userId: string } {
  const audience = Array.isArray(aud) && aud.length === 1 ? aud[0] : aud;
  const installationId = idOrApiUrl(audience, subdomain, 'apps/installations');
  if (!installationId) throw new SignedUrlError('the token is not meant for an installation of this app on its account (aud)');
  const userId = idOrApiUrl(typeof sub === 'number' && Number.isSafeInteger(sub) ? String(sub) : sub, subdomain, 'users');
  if (!userId) throw new SignedUrlError('the token names no Zendesk user (sub)');
  return { installationId, userId };
}

function idOrApiUrl(value: unknown, subdomain: string, collection: string): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (ID.test(value)) return value;
  const prefix = `https://${subdomain}.zendesk.com/api/v2/${collection}/`;
  if (!value.toLowerCase().startsWith(prefix)) return undefined;
  const id = value.slice(prefix.length).replace(/\.json$/, '');
  return ID.test(id) ? id : undefined;
}

/** Strict base64url: no padding, no other alphabet, and the canonical encoding of what it decodes to. */
function decodePart(part: string, what: string): Buffer {
  const bytes = BASE64URL.test(part) ? Buffer.from(part, 'base64url') : undefined;
  if (!bytes || bytes.toString('base64url') !== part) throw new SignedUrlError(`the token's ${what} is not base64url`);
  return bytes;
}

function jsonPart(part: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(decodePart(part, what).toString('utf8'));
  } catch (error) {
    if (error instanceof SignedUrlError) throw error;
    throw new SignedUrlError(`the token's ${what} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SignedUrlError(`the token's ${what} is not a JSON object`);
  return value as Record<string, unknown>;
}
