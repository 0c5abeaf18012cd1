// Zendesk webhooks: signature verification, raw body and headers, the parser, and the ObservedChange mapping.
import { createHmac } from 'node:crypto';
import { buildStatusCatalog } from '../../shared/zendesk/vocabulary';
import {
  headerValue,
  normalizeZendeskReason,
  parseZendeskWebhook,
  rawBody,
  verifyZendeskSignature,
  WebhookPayloadError,
  ZENDESK_SIGNATURE_HEADER,
  ZENDESK_SIGNATURE_TIMESTAMP_HEADER,
  zendeskObservedChange,
  type ZendeskSignatureInput,
  type ZendeskUnifiedStateChangedEvent,
  type ZendeskWebhookEvent,
} from '../../lambdas/zendesk/webhook';
import { apiGatewayEvent, fixtureText, ZENDESK_DOCS_SECRET, zendeskBody, zendeskSignature } from './factories';

const SIGNED_AT = '2021-03-25T05:09:27Z';
const SIGNED_AT_MS = Date.parse(SIGNED_AT);
const MINUTE = 60_000;

/** A delivery signed at `SIGNED_AT`, received at `now`. */
function signedDelivery(overrides: Omit<Partial<ZendeskSignatureInput>, 'rawBody'> = {}): ZendeskSignatureInput & { rawBody: string } {
  const body = fixtureText('zendesk', 'agent-unified-state-changed');
  return {
    rawBody: body,
    signature: zendeskSignature(body, SIGNED_AT),
    timestamp: SIGNED_AT,
    secret: ZENDESK_DOCS_SECRET,
    now: SIGNED_AT_MS + 1000,
    ...overrides,
  };
}

function expectKind<K extends ZendeskWebhookEvent['kind']>(event: ZendeskWebhookEvent, kind: K): Extract<ZendeskWebhookEvent, { kind: K }> {
  expect(event.kind).toBe(kind);
  return event as Extract<ZendeskWebhookEvent, { kind: K }>;
}

function parseError(raw: string): WebhookPayloadError {
  try {
    parseZendeskWebhook(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(WebhookPayloadError);
    return error as WebhookPayloadError;
  }
  throw new Error('expected parseZendeskWebhook to throw');
}

describe('verifyZendeskSignature', () => {
  it('accepts a known-answer signature (computed with openssl) over the reference payload', () => {
    // Prepare: printf '%s' "$TS" "$(cat fixture)" | openssl dgst -sha256 -hmac "$SECRET" -binary | base64
    const input = signedDelivery({ signature: 'li/no//UOhthiCC08vY0rCVn9W/FzscYUFq+2wlg2Dc=' });

    // Act
    const result = verifyZendeskSignature(input);

    // Assess
    expect(result).toEqual({ ok: true, order: 'timestamp_body' });
  });

  it('accepts an empty body signed over the timestamp alone', () => {
    const input = { ...signedDelivery({ signature: 'wCdBvXaHttn0wRVIYctzZ9O6O0bnqWakJMEKZ9VoRWw=' }), rawBody: Buffer.alloc(0) };
    expect(verifyZendeskSignature(input)).toEqual({ ok: true, order: 'timestamp_body' });
  });

  it('accepts the body as a Buffer as well as a string', () => {
    const input = signedDelivery();
    expect(verifyZendeskSignature({ ...input, rawBody: Buffer.from(input.rawBody, 'utf8') })).toEqual({ ok: true, order: 'timestamp_body' });
  });

  it('rejects a tampered body', () => {
    // Prepare
    const input = signedDelivery();
    const tampered = input.rawBody.replace('"online"', '"offline"');

    // Act
    const result = verifyZendeskSignature({ ...input, rawBody: tampered });

    // Assess
    expect(result).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('rejects a tampered timestamp header', () => {
    const input = signedDelivery({ timestamp: '2021-03-25T05:09:28Z', now: SIGNED_AT_MS });
    expect(verifyZendeskSignature(input)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('rejects a wrong secret', () => {
    expect(verifyZendeskSignature(signedDelivery({ secret: 'another-secret' }))).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('uses the secret as raw text, not base64-decoded (zendesk-api.md §9.7)', () => {
    // Prepare: a signature made with the decoded secret as the key
    const input = signedDelivery();
    const decodedKey = Buffer.from(ZENDESK_DOCS_SECRET, 'base64');
    const signature = createHmac('sha256', decodedKey).update(SIGNED_AT).update(input.rawBody).digest('base64');

    // Act
    const result = verifyZendeskSignature({ ...input, signature });

    // Assess
    expect(result).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it("also accepts BODY + TIMESTAMP (the older page's test vector order, issue 11) and says which order matched", () => {
    const input = signedDelivery();
    const signature = createHmac('sha256', ZENDESK_DOCS_SECRET).update(input.rawBody).update(SIGNED_AT).digest('base64');
    expect(verifyZendeskSignature({ ...input, signature })).toEqual({ ok: true, order: 'body_timestamp' });
    // A body + timestamp signature over another body still fails.
    expect(verifyZendeskSignature({ ...input, rawBody: `${input.rawBody} `, signature })).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it.each([
    ['a hex digest', (body: string) => createHmac('sha256', ZENDESK_DOCS_SECRET).update(SIGNED_AT).update(body).digest('hex')],
    [
      'body + timestamp order with a base64-decoded key',
      (body: string) => createHmac('sha256', Buffer.from(ZENDESK_DOCS_SECRET, 'base64')).update(body).update(SIGNED_AT).digest('base64'),
    ],
    ['a truncated signature', (body: string) => zendeskSignature(body, SIGNED_AT).slice(0, 20)],
    ['garbage', () => 'not a signature at all'],
  ])('rejects %s', (_label, sign) => {
    const input = signedDelivery();
    expect(verifyZendeskSignature({ ...input, signature: sign(input.rawBody) })).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it.each([
    ['no signature', { signature: undefined }],
    ['an empty signature', { signature: '' }],
    ['no timestamp', { timestamp: undefined }],
    ['an empty timestamp', { timestamp: ' ' }],
  ])('rejects %s as missing_signature', (_label, overrides) => {
    expect(verifyZendeskSignature(signedDelivery(overrides))).toEqual({ ok: false, reason: 'missing_signature' });
  });

  it.each([['1616648967'], ['yesterday'], ['2021-03-25'], ['2021-13-45T99:09:27Z']])('rejects timestamp %p as bad_timestamp', (timestamp) => {
    // Prepare: correctly signed, so only the timestamp's form is at fault
    const input = signedDelivery({ timestamp });

    // Act
    const result = verifyZendeskSignature({ ...input, signature: zendeskSignature(input.rawBody, timestamp) });

    // Assess
    expect(result).toEqual({ ok: false, reason: 'bad_timestamp' });
  });

  it.each([
    ['6 minutes old', SIGNED_AT_MS + 6 * MINUTE, false],
    ['6 minutes in the future', SIGNED_AT_MS - 6 * MINUTE, false],
    ['4 minutes old', SIGNED_AT_MS + 4 * MINUTE, true],
    ['4 minutes in the future', SIGNED_AT_MS - 4 * MINUTE, true],
    ['exactly 5 minutes old', SIGNED_AT_MS + 5 * MINUTE, true],
  ])('judges a timestamp %s', (_label, now, ok) => {
    // Act
    const result = verifyZendeskSignature(signedDelivery({ now }));

    // Assess
    expect(result).toEqual(ok ? { ok: true, order: 'timestamp_body' } : { ok: false, reason: 'stale_timestamp' });
  });

  it('honours a custom tolerance', () => {
    expect(verifyZendeskSignature(signedDelivery({ now: SIGNED_AT_MS + 2 * MINUTE, toleranceMs: MINUTE }))).toEqual({
      ok: false,
      reason: 'stale_timestamp',
    });
  });

  it('accepts a timestamp with fractional seconds and an offset', () => {
    // Prepare
    const timestamp = '2021-03-25T07:09:27.500+02:00';
    const input = signedDelivery({ timestamp });

    // Act
    const result = verifyZendeskSignature({ ...input, signature: zendeskSignature(input.rawBody, timestamp) });

    // Assess
    expect(result).toEqual({ ok: true, order: 'timestamp_body' });
  });

  it('never verifies with an empty secret', () => {
    const input = signedDelivery({ secret: '' });
    expect(verifyZendeskSignature({ ...input, signature: zendeskSignature(input.rawBody, SIGNED_AT, '') })).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('verifies a base64-encoded API Gateway body through rawBody and headerValue', () => {
    // Prepare: non-ASCII bytes, so a wrong decoding would break the signature
    const body = zendeskBody('agent-unified-state-changed', (p) => (p.event.new_unified_state.name = 'En réunion ☕'));
    const event = apiGatewayEvent(body, {
      base64: true,
      headers: { 'X-Zendesk-Webhook-Signature': zendeskSignature(body, SIGNED_AT), 'x-zendesk-webhook-signature-timestamp': SIGNED_AT },
    });

    // Act
    const bytes = rawBody(event);
    const result = verifyZendeskSignature({
      rawBody: bytes,
      signature: headerValue(event.headers, ZENDESK_SIGNATURE_HEADER),
      timestamp: headerValue(event.headers, ZENDESK_SIGNATURE_TIMESTAMP_HEADER),
      secret: ZENDESK_DOCS_SECRET,
      now: SIGNED_AT_MS,
    });

    // Assess
    expect(result).toEqual({ ok: true, order: 'timestamp_body' });
    expect(bytes.toString('utf8')).toBe(body);
  });
});

describe('rawBody and headerValue', () => {
  it('returns a plain body as its UTF-8 bytes', () => {
    expect(rawBody(apiGatewayEvent('{"a":"é"}')).toString('utf8')).toBe('{"a":"é"}');
  });

  it('decodes a base64-encoded body', () => {
    expect(rawBody(apiGatewayEvent('{"a":1}', { base64: true })).toString('utf8')).toBe('{"a":1}');
  });

  it('returns an empty buffer when there is no body', () => {
    expect(rawBody(apiGatewayEvent(undefined)).length).toBe(0);
  });

  it('finds a header whatever the case of its name', () => {
    // Prepare
    const headers = { 'Content-Type': 'application/json', 'x-zendesk-webhook-id': '01F1KRFQ6BG29CNWFR60NK5FNY' };

    // Act / Assess
    expect(headerValue(headers, 'content-type')).toBe('application/json');
    expect(headerValue(headers, 'X-Zendesk-Webhook-Id')).toBe('01F1KRFQ6BG29CNWFR60NK5FNY');
    expect(headerValue(headers, 'x-zendesk-webhook-signature')).toBeUndefined();
    expect(headerValue(undefined, 'content-type')).toBeUndefined();
  });
});

describe('parseZendeskWebhook', () => {
  it('parses the reference agent.unified_state_changed, ids as strings and version as a number', () => {
    // Act
    const event = parseZendeskWebhook(fixtureText('zendesk', 'agent-unified-state-changed'));

    // Assess
    expect(event).toEqual<ZendeskUnifiedStateChangedEvent>({
      kind: 'unified_state_changed',
      id: '01GX…',
      accountId: '2',
      agentId: '10011',
      version: 3,
      newState: { id: '3', name: 'online', reason: 'AGENT_STATUS_SWITCHER' },
      previousState: { id: '2', name: 'offline', reason: 'UNKNOWN' },
      updatedAt: '2023-04-05T23:30:58.642630335Z',
      time: '…',
    });
  });

  it('accepts the other value types §9.4 leaves open (numbers for detail, strings for state ids)', () => {
    // Prepare
    const raw = zendeskBody('agent-unified-state-changed', (p) => {
      p.detail = { account_id: 2, agent_id: 10011, version: 12 };
      delete p.account_id;
      p.event.new_unified_state.id = '0017';
      p.event.previous_unified_state = null;
    });

    // Act
    const event = expectKind(parseZendeskWebhook(raw), 'unified_state_changed');

    // Assess
    expect(event).toMatchObject({ accountId: '2', agentId: '10011', version: 12, newState: { id: '17' } });
    expect(event.previousState).toBeUndefined();
  });

  it.each([
    ['PUBLIC_API', 'PUBLIC_API'],
    ['A_REASON_FROM_THE_FUTURE', 'UNKNOWN'],
    [42, 'UNKNOWN'],
    [undefined, undefined],
  ])('normalises reason %p to %p', (reason, expected) => {
    // Prepare
    const raw = zendeskBody('agent-unified-state-changed', (p) => (p.event.new_unified_state.reason = reason));

    // Act
    const event = expectKind(parseZendeskWebhook(raw), 'unified_state_changed');

    // Assess
    expect(event.newState.reason).toBe(expected);
    expect(normalizeZendeskReason(reason)).toBe(expected);
  });

  it('parses the reference agent.state_changed', () => {
    // Act
    const event = parseZendeskWebhook(fixtureText('zendesk', 'agent-state-changed'));

    // Assess
    expect(event).toEqual({
      kind: 'state_changed',
      id: '01GX79ST1QX01C889XV42S2J5T',
      accountId: '2',
      agentId: '10011',
      version: 3,
      channel: 'support',
      newState: 'online',
      previousState: 'offline',
      updatedAt: '2023-04-05T23:30:58.642630335Z',
      time: '2023-05-10T23:31:58.642630335Z',
    });
  });

  it.each([
    'zen:event-type:agent.work_item_added',
    'zen:event-type:agent.max_capacity_changed',
    'zen:event-type:omnichannel_config.omnichannel_routing_feature_changed',
    'zen:event-type:ticket.created',
  ])('returns %s as ignored without validating it', (type) => {
    // Prepare
    const raw = JSON.stringify({ type, id: '01HXYZ', event: 'whatever' });

    // Act
    const event = parseZendeskWebhook(raw);

    // Assess
    expect(event).toEqual({ kind: 'ignored', type, id: '01HXYZ', reason: expect.stringContaining(type) });
  });

  it.each([
    ['not JSON', 'type=agent', 'Zendesk webhook: the body is not valid JSON'],
    ['a JSON string', '"hello"', 'Zendesk webhook: the body is a JSON string, not an object'],
    ['no type', '{"id":"01GX"}', 'Zendesk webhook: type is missing'],
  ])('rejects %s', (_label, raw, message) => {
    // Act
    const error = parseError(raw);

    // Assess
    expect(error.name).toBe('WebhookPayloadError');
    expect(error.system).toBe('zendesk');
    expect(error.message).toContain(message);
  });

  it.each<[string, (p: Record<string, any>) => void, string]>([
    ['no detail', (p) => delete p.detail, 'Zendesk agent.unified_state_changed: detail is missing'],
    ['no agent id', (p) => delete p.detail.agent_id, 'Zendesk agent.unified_state_changed: detail.agent_id is missing'],
    [
      'a non-numeric agent id',
      (p) => (p.detail.agent_id = 'agent-7'),
      'Zendesk agent.unified_state_changed: detail.agent_id must be an integer or a decimal string, got "agent-7"',
    ],
    [
      'a boolean version',
      (p) => (p.detail.version = true),
      'Zendesk agent.unified_state_changed: detail.version must be an integer or a decimal string, got boolean',
    ],
    [
      'no account id anywhere',
      (p) => {
        delete p.account_id;
        delete p.detail.account_id;
      },
      'Zendesk agent.unified_state_changed: detail.account_id is missing',
    ],
    ['no event id', (p) => delete p.id, 'Zendesk agent.unified_state_changed: id is missing'],
    ['no time', (p) => delete p.time, 'Zendesk agent.unified_state_changed: time is missing'],
    ['no event', (p) => delete p.event, 'Zendesk agent.unified_state_changed: event is missing'],
    ['no new state', (p) => delete p.event.new_unified_state, 'Zendesk agent.unified_state_changed: event.new_unified_state is missing'],
    ['no new state id', (p) => delete p.event.new_unified_state.id, 'Zendesk agent.unified_state_changed: event.new_unified_state.id is missing'],
    ['a nameless new state', (p) => (p.event.new_unified_state.name = ''), 'Zendesk agent.unified_state_changed: event.new_unified_state.name is empty'],
    [
      'a malformed previous state',
      (p) => (p.event.previous_unified_state = 'offline'),
      'Zendesk agent.unified_state_changed: event.previous_unified_state must be an object, got string',
    ],
  ])('rejects agent.unified_state_changed with %s', (_label, edit, message) => {
    expect(parseError(zendeskBody('agent-unified-state-changed', edit)).message).toBe(message);
  });

  it.each<[string, (p: Record<string, any>) => void, string]>([
    ['no channel', (p) => delete p.event.channel, 'Zendesk agent.state_changed: event.channel is missing'],
    ['no new state', (p) => delete p.event.new_state, 'Zendesk agent.state_changed: event.new_state is missing'],
    ['a numeric previous state', (p) => (p.event.previous_state = 2), 'Zendesk agent.state_changed: event.previous_state must be a string, got number'],
  ])('rejects agent.state_changed with %s', (_label, edit, message) => {
    expect(parseError(zendeskBody('agent-state-changed', edit)).message).toBe(message);
  });
});

describe('zendeskObservedChange', () => {
  // This account's ids differ from the documented 2/3/4/5 (zendesk-api.md §4.2): online is 1.
  const catalog = buildStatusCatalog(
    [
      { id: 1, name: 'online' },
      { id: 2, name: 'offline' },
      { id: 4, name: 'away' },
      { id: 5, name: 'Transfers only' },
    ],
    [{ id: 3, name: 'In meeting' }],
  );
  const unified = (edit: (p: Record<string, any>) => void = () => {}) =>
    expectKind(parseZendeskWebhook(zendeskBody('agent-unified-state-changed', edit)), 'unified_state_changed');

  it('resolves the status by id from the catalog, not by the event name', () => {
    // Prepare: id 3 is a custom status in this account although the event calls it "online"
    const event = unified();

    // Act
    const change = zendeskObservedChange(event, { catalog, agent: 'John.Doe@Aircall.io', receivedAt: 0 });

    // Assess
    expect(change).toEqual({
      side: 'zendesk',
      agent: 'john.doe@aircall.io',
      status: { kind: 'custom', id: '3', name: 'In meeting' },
      version: 3,
      observedAt: Date.parse('2023-04-05T23:30:58.642Z'),
      reason: 'AGENT_STATUS_SWITCHER',
    });
  });

  it('falls back to a default status name when the catalog lacks the id', () => {
    const event = unified((p) => (p.event.new_unified_state = { id: 99, name: 'Transfers only', reason: 'PUBLIC_API' }));
    expect(zendeskObservedChange(event, { catalog, agent: 'a@b.c', receivedAt: 0 })).toMatchObject({
      status: { kind: 'default', name: 'transfers_only' },
      reason: 'PUBLIC_API',
    });
  });

  it('takes an unknown id with a non-default name as a custom status', () => {
    const event = unified((p) => (p.event.new_unified_state = { id: '77', name: 'Lunch' }));
    const change = zendeskObservedChange(event, { catalog, agent: 'a@b.c', receivedAt: 0 });
    expect(change.status).toEqual({ kind: 'custom', id: '77', name: 'Lunch' });
    expect(change).not.toHaveProperty('reason');
  });

  it('uses the envelope time, then the receive time, when updated_at is missing or unreadable', () => {
    // Prepare
    const withTime = unified((p) => {
      delete p.event.updated_at;
      p.time = '2023-05-10T23:31:58.642630335Z';
    });
    const withNeither = unified((p) => delete p.event.updated_at); // fixture time is "…"

    // Act
    const a = zendeskObservedChange(withTime, { catalog, agent: 'a@b.c', receivedAt: 42 });
    const b = zendeskObservedChange(withNeither, { catalog, agent: 'a@b.c', receivedAt: 42 });

    // Assess
    expect(a.observedAt).toBe(Date.parse('2023-05-10T23:31:58.642Z'));
    expect(b.observedAt).toBe(42);
  });
});
