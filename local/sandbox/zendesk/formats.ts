// Zendesk's wire formats for ids and times: ULID-like ids, nanosecond ISO times, signature timestamps, cursors.
import { randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A ULID-shaped id (26 Crockford base-32 characters: 10 of time, 16 random), as Zendesk uses for webhooks and
 * agent events (zendesk-api.md §9.3, §9.6).
 *
 * @example ulid(Date.parse('2023-04-05T23:30:58Z')) // '01GX79ST1Q…'
 */
export function ulid(ms: number): string {
  let time = '';
  let rest = Math.max(0, Math.floor(ms));
  for (let i = 0; i < 10; i++) {
    time = (CROCKFORD[rest % 32] as string) + time;
    rest = Math.floor(rest / 32);
  }
  let random = '';
  for (const byte of randomBytes(16)) random += CROCKFORD[byte % 32] as string;
  return time + random;
}

/**
 * An ISO-8601 time with nanosecond digits, as agent events carry (`2023-04-05T23:30:58.642630335Z`, §9.3).
 * `subMs` (0..999999) fills the digits below the millisecond, so two events of one millisecond still differ.
 */
export function nanoIso(ms: number, subMs = 0): string {
  const sub = String(Math.abs(Math.floor(subMs)) % 1_000_000).padStart(6, '0');
  return new Date(ms).toISOString().replace(/Z$/, `${sub}Z`);
}

/** Microsecond ISO time, as the availability's `agent_status.updated_at` (`2022-06-21T10:23:25.583732Z`, §5). */
export function microIso(ms: number, subMs = 0): string {
  return nanoIso(ms, subMs).replace(/(\.\d{6})\d{3}Z$/, '$1Z');
}

/** Second-precision ISO time, as `created_at` fields and the signature timestamp header (`2021-03-25T05:09:27Z`, §9.5). */
export function secondIso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** An opaque cursor for `page[after]`: the last id of the page, base64url-encoded. */
export function encodeCursor(lastKey: string | number): string {
  return Buffer.from(JSON.stringify({ k: String(lastKey) }), 'utf8').toString('base64url');
}

/** The key inside a cursor, or `undefined` when the cursor is not one of ours. */
export function decodeCursor(cursor: string): string | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (typeof parsed === 'object' && parsed !== null && typeof (parsed as { k?: unknown }).k === 'string') return (parsed as { k: string }).k;
  } catch {
    // fall through: a cursor we cannot read is answered 400 by the caller
  }
  return undefined;
}
