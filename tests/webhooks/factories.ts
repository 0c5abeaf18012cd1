// Test data for the webhook tests: the references' example payloads (tests/fixtures) and small variations of them.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

// `any`: tests edit payloads freely, including into shapes the parsers must reject.
type Json = Record<string, any>;

export type AircallFixture = 'user-opened' | 'user-closed-first' | 'user-closed-second' | 'user-wut_start-v2' | 'call-created';
export type ZendeskFixture = 'agent-state-changed' | 'agent-unified-state-changed';

/** A fixture's text, byte for byte as copied from the reference. */
export function fixtureText(system: 'aircall' | 'zendesk', name: string): string {
  return readFileSync(join(__dirname, '..', 'fixtures', system, `${name}.json`), 'utf8');
}

/** An Aircall payload built from a fixture, edited by `edit` (a fresh copy each time), as a raw body. */
export function aircallBody(name: AircallFixture, edit: (payload: Json) => void = () => {}): string {
  const payload = JSON.parse(fixtureText('aircall', name)) as Json;
  edit(payload);
  return JSON.stringify(payload);
}

/** A Zendesk payload built from a fixture, edited by `edit`, as a raw body. */
export function zendeskBody(name: ZendeskFixture, edit: (payload: Json) => void = () => {}): string {
  const payload = JSON.parse(fixtureText('zendesk', name)) as Json;
  edit(payload);
  return JSON.stringify(payload);
}

/** The docs' Node example secret (zendesk-api.md §9.7). */
export const ZENDESK_DOCS_SECRET = 'dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==';

/** Signs like Zendesk: base64(HMAC-SHA256(key = secret as UTF-8 text, timestamp + body)). */
export function zendeskSignature(body: string | Buffer, timestamp: string, secret = ZENDESK_DOCS_SECRET): string {
  return createHmac('sha256', secret).update(timestamp).update(body).digest('base64');
}

/** An API Gateway HTTP API event carrying `body`, optionally base64-encoded as API Gateway does for binary bodies. */
export function apiGatewayEvent(body: string | undefined, opts: { base64?: boolean; headers?: Record<string, string> } = {}) {
  const event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded' | 'headers'> = {
    isBase64Encoded: opts.base64 ?? false,
    headers: opts.headers ?? {},
  };
  if (body !== undefined) event.body = opts.base64 ? Buffer.from(body, 'utf8').toString('base64') : body;
  return event;
}
