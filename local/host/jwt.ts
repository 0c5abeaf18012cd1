// HS256 JSON Web Tokens as Zendesk's request proxy mints them for `client.request({ jwt })` (zaf.md §6.4).
import { createHmac } from 'node:crypto';

const base64url = (data: string | Buffer): string => Buffer.from(data).toString('base64url');

/**
 * Signs `claims` with HMAC-SHA256 under `secret` (its UTF-8 bytes, as a shared secret typed into a setting).
 *
 * @example signHs256({ iss: 'demo', sub: '42', aud: 'agent-status-sync', exp: 1767225600 }, secret)
 */
export function signHs256(claims: Record<string, unknown>, secret: string): string {
  const head = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}
