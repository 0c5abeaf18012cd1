// Test tokens: signed as Zendesk's proxy signs the app's `jwt` requests (HS256 over header.payload, zaf.md §6.4).
import { createHmac } from 'node:crypto';
import { APP_TOKEN_AUDIENCE, APP_TOKEN_EXPIRY_SECONDS } from '../../shared/app-api';

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JWT with `header` and `claims`, signed with HMAC-SHA256 and `secret` whatever the header says. */
export function signToken(claims: Record<string, unknown>, secret: string, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }): string {
  const input = `${part(header)}.${part(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** The claims the app asks ZAF to sign, valid for `APP_TOKEN_EXPIRY_SECONDS` from `nowMs`. */
export function appClaims(subdomain: string, userId: string | number, nowMs = Date.now(), extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { iss: subdomain, sub: String(userId), aud: APP_TOKEN_AUDIENCE, exp: Math.floor(nowMs / 1000) + APP_TOKEN_EXPIRY_SECONDS, ...extra };
}

/** A valid app token for `userId` of `subdomain`. */
export const appToken = (subdomain: string, userId: string | number, secret: string, extra: Record<string, unknown> = {}) =>
  signToken(appClaims(subdomain, userId, Date.now(), extra), secret);
