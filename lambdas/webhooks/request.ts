// Reading an API Gateway HTTP API (payload v2) request as a webhook sees it: the raw body bytes and its headers.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/**
 * The request body exactly as sent: decoded from base64 when API Gateway encoded it (`isBase64Encoded`), an empty
 * buffer when there is no body. Signatures are computed over these bytes, so never re-serialise parsed JSON.
 *
 * @example rawBody({ body: 'eyJhIjoxfQ==', isBase64Encoded: true }).toString('utf8') // '{"a":1}'
 */
export function rawBody(event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded'>): Buffer {
  if (event.body === undefined || event.body === null) return Buffer.alloc(0);
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
}

/**
 * A header's value, whatever the case of its name. API Gateway HTTP APIs lower-case header names, but the local
 * server and tests may not (zendesk-api.md §9.5).
 *
 * @example headerValue({ 'X-Zendesk-Webhook-Signature': 'abc=' }, 'x-zendesk-webhook-signature') // 'abc='
 */
export function headerValue(headers: Readonly<Record<string, string | undefined>> | null | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const exact = headers[name];
  if (exact !== undefined) return exact;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted && value !== undefined) return value;
  }
  return undefined;
}
