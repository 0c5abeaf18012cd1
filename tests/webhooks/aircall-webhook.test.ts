// Aircall webhooks: token verification, the parser (V1 and .v2, every kind), dedupe keys and the ObservedChange mapping.
import {
  aircallCallAgent,
  aircallDedupeKey,
  aircallEventOf,
  aircallObservedChange,
  parseAircallWebhook,
  verifyAircallToken,
  WebhookPayloadError,
  type AircallCallEvent,
  type AircallUserStatusEvent,
  type AircallWebhookEvent,
} from '../../lambdas/aircall/webhook';
import { aircallBody, fixtureText } from './factories';

function expectKind<K extends AircallWebhookEvent['kind']>(event: AircallWebhookEvent, kind: K): Extract<AircallWebhookEvent, { kind: K }> {
  expect(event.kind).toBe(kind);
  return event as Extract<AircallWebhookEvent, { kind: K }>;
}

function parseError(raw: string): WebhookPayloadError {
  try {
    parseAircallWebhook(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(WebhookPayloadError);
    return error as WebhookPayloadError;
  }
  throw new Error('expected parseAircallWebhook to throw');
}

describe('verifyAircallToken', () => {
  it('accepts the stored token', () => {
    // Prepare
    const token = JSON.parse(fixtureText('aircall', 'user-opened')).token as string;

    // Act
    const ok = verifyAircallToken(token, '45XXYYZZa08');

    // Assess
    expect(ok).toBe(true);
  });

  it.each([
    ['a different token of the same length', '45XXYYZZa09'],
    ['a shorter token', '45XX'],
    ['a longer token', '45XXYYZZa08-and-more'],
    ['an empty token', ''],
  ])('rejects %s without throwing', (_label, given) => {
    // Act
    const ok = verifyAircallToken(given, '45XXYYZZa08');

    // Assess
    expect(ok).toBe(false);
  });

  it.each([[undefined], [null], [12345], [{ token: '45XXYYZZa08' }]])('rejects a non-string token (%p)', (given) => {
    expect(verifyAircallToken(given, '45XXYYZZa08')).toBe(false);
  });

  it('never verifies against an empty expected token', () => {
    expect(verifyAircallToken('', '')).toBe(false);
  });
});

describe('parseAircallWebhook: user status events', () => {
  it('parses the reference user.opened (V1) with always_opened as open', () => {
    // Act
    const event = expectKind(parseAircallWebhook(fixtureText('aircall', 'user-opened')), 'user_status');

    // Assess
    expect(event).toEqual({
      kind: 'user_status',
      event: 'user.opened',
      apiVersion: 1,
      timestamp: 1732622896,
      token: '45XXYYZZa08',
      user: { id: 456, email: 'john.doe@aircall.io' },
      status: { availabilityStatus: 'available', substatus: { kind: 'open' } },
      dedupeKey: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('parses user.opened.v2 as the same event with apiVersion 2', () => {
    // Prepare
    const raw = aircallBody('user-opened', (p) => {
      p.event = 'user.opened.v2';
      p.data.substatus = 'always_open';
    });

    // Act
    const event = expectKind(parseAircallWebhook(raw), 'user_status');

    // Assess
    expect(event.event).toBe('user.opened');
    expect(event.apiVersion).toBe(2);
    expect(event.status).toEqual({ availabilityStatus: 'available', substatus: { kind: 'open' } });
  });

  it('keeps custom (automatic schedule) as its own availability status', () => {
    const raw = aircallBody('user-opened', (p) => (p.data.availability_status = 'custom'));
    expect(expectKind(parseAircallWebhook(raw), 'user_status').status.availabilityStatus).toBe('custom');
  });

  it('parses the double user.closed: the first without substatus, two different dedupe keys', () => {
    // Prepare
    const first = fixtureText('aircall', 'user-closed-first');
    const second = fixtureText('aircall', 'user-closed-second');

    // Act
    const a = expectKind(parseAircallWebhook(first), 'user_status');
    const b = expectKind(parseAircallWebhook(second), 'user_status');

    // Assess
    expect(a.status).toEqual({ availabilityStatus: 'unavailable' });
    expect('substatus' in a.status).toBe(false);
    expect(b.status).toEqual({ availabilityStatus: 'unavailable', substatus: { kind: 'reason', reason: 'out_for_lunch' } });
    expect(a.dedupeKey).not.toBe(b.dedupeKey);
  });

  it('gives the two deliveries of a double user.closed different keys even with one timestamp', () => {
    // Prepare: same second, only substatus differs
    const first = aircallBody('user-closed-first', (p) => (p.timestamp = 1732623002));
    const second = fixtureText('aircall', 'user-closed-second');

    // Act
    const a = expectKind(parseAircallWebhook(first), 'user_status');
    const b = expectKind(parseAircallWebhook(second), 'user_status');

    // Assess
    expect(a.dedupeKey).not.toBe(b.dedupeKey);
  });

  it('gives a redelivery the same dedupe key', () => {
    const raw = fixtureText('aircall', 'user-closed-second');
    expect(expectKind(parseAircallWebhook(raw), 'user_status').dedupeKey).toBe(expectKind(parseAircallWebhook(raw), 'user_status').dedupeKey);
  });

  it.each([
    ['out_for_lunch', { kind: 'reason', reason: 'out_for_lunch' }],
    ['Out for lunch', { kind: 'reason', reason: 'out_for_lunch' }],
    ['on_a_break', { kind: 'reason', reason: 'on_a_break' }],
    ['On a break', { kind: 'reason', reason: 'on_a_break' }],
    ['in_traning', { kind: 'reason', reason: 'in_training' }],
    ['In training', { kind: 'reason', reason: 'in_training' }],
    ['doing_back_office', { kind: 'reason', reason: 'doing_back_office' }],
    ['Back office', { kind: 'reason', reason: 'doing_back_office' }],
    ['Other', { kind: 'reason', reason: 'other' }],
    ['always_closed', { kind: 'closed' }],
    ['Dentist', { kind: 'reason', reason: 'Dentist' }],
  ])('normalises substatus %p on user.closed.v2', (substatus, expected) => {
    // Prepare
    const raw = aircallBody('user-closed-second', (p) => {
      p.event = 'user.closed.v2';
      p.data.substatus = substatus;
    });

    // Act
    const event = expectKind(parseAircallWebhook(raw), 'user_status');

    // Assess
    expect(event).toMatchObject({ event: 'user.closed', apiVersion: 2 });
    expect(event.status.substatus).toEqual(expected);
  });

  it('treats a null substatus as absent', () => {
    const raw = aircallBody('user-closed-second', (p) => (p.data.substatus = null));
    expect(expectKind(parseAircallWebhook(raw), 'user_status').status).toEqual({ availabilityStatus: 'unavailable' });
  });

  it('keeps the email optional', () => {
    const raw = aircallBody('user-closed-first', (p) => delete p.data.email);
    expect(expectKind(parseAircallWebhook(raw), 'user_status').user).toEqual({ id: 456 });
  });
});

describe('parseAircallWebhook: user activity and lifecycle events', () => {
  it('parses the reference user.wut_start.v2 with its status and wrap-up time', () => {
    // Act
    const event = expectKind(parseAircallWebhook(fixtureText('aircall', 'user-wut_start-v2')), 'user_activity');

    // Assess
    expect(event).toEqual({
      kind: 'user_activity',
      event: 'user.wut_start',
      apiVersion: 2,
      timestamp: 1732623500,
      token: '45XXYYZZa08',
      user: { id: 456, email: 'john.doe@aircall.io' },
      status: { availabilityStatus: 'available' },
      wrapUpTimeSeconds: 30,
      dedupeKey: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it.each([
    ['user.wut_start', 'user.wut_start', 1],
    ['user.wut_end', 'user.wut_end', 1],
    ['user.wut_end.v2', 'user.wut_end', 2],
    ['user.connected', 'user.connected', 1],
    ['user.connected.v2', 'user.connected', 2],
    ['user.disconnected', 'user.disconnected', 1],
    ['user.disconnected.v2', 'user.disconnected', 2],
  ])('parses %s as user_activity', (wire, base, apiVersion) => {
    // Prepare
    const raw = aircallBody('user-wut_start-v2', (p) => (p.event = wire));

    // Act
    const event = expectKind(parseAircallWebhook(raw), 'user_activity');

    // Assess
    expect(event).toMatchObject({ event: base, apiVersion, user: { id: 456 } });
  });

  it('parses an activity event without a status', () => {
    // Prepare
    const raw = aircallBody('user-wut_start-v2', (p) => {
      p.event = 'user.connected';
      delete p.data.availability_status;
      delete p.data.wrap_up_time;
    });

    // Act
    const event = expectKind(parseAircallWebhook(raw), 'user_activity');

    // Assess
    expect(event.status).toBeUndefined();
    expect(event.wrapUpTimeSeconds).toBeUndefined();
  });

  it.each([
    ['user.created', 'user.created', 1],
    ['user.created.v2', 'user.created', 2],
    ['user.deleted', 'user.deleted', 1],
    ['user.deleted.v2', 'user.deleted', 2],
  ])('parses %s as user_lifecycle', (wire, base, apiVersion) => {
    // Prepare
    const raw = aircallBody('user-opened', (p) => (p.event = wire));

    // Act
    const event = expectKind(parseAircallWebhook(raw), 'user_lifecycle');

    // Assess
    expect(event).toMatchObject({ event: base, apiVersion, token: '45XXYYZZa08', user: { id: 456, email: 'john.doe@aircall.io' } });
  });
});

describe('parseAircallWebhook: call events', () => {
  it('takes the agent of the reference call.created from participants (data.user is empty)', () => {
    // Act
    const event = expectKind(parseAircallWebhook(fixtureText('aircall', 'call-created')), 'call');

    // Assess
    expect(event).toEqual<AircallCallEvent>({
      kind: 'call',
      event: 'call.created',
      apiVersion: 1,
      timestamp: 1732622896,
      token: 'cebcaac65XXXXXXXXXx',
      callId: 123,
      callStatus: 'initial',
      agent: { id: 123 },
      dedupeKey: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it.each(['call.ringing_on_agent', 'call.answered', 'call.hungup', 'call.ended', 'call.transferred', 'call.agent_declined'])(
    'takes the agent of %s from data.user when set',
    (name) => {
      // Prepare
      const raw = aircallBody('call-created', (p) => {
        p.event = name;
        p.data.status = 'answered';
        p.data.user = { id: 789, name: 'Ann Agent', email: 'Ann@Example.com' };
      });

      // Act
      const event = expectKind(parseAircallWebhook(raw), 'call');

      // Assess
      expect(event).toMatchObject({ event: name, callId: 123, callStatus: 'answered', agent: { id: 789, email: 'Ann@Example.com' } });
    },
  );

  it('leaves the agent out when neither data.user nor a user participant names one', () => {
    // Prepare
    const raw = aircallBody('call-created', (p) => {
      p.event = 'call.hungup';
      p.data.user = null;
      p.data.participants = [{ phone_number: '+1 800-123-4567', type: 'external' }];
    });

    // Act
    const event = expectKind(parseAircallWebhook(raw), 'call');

    // Assess
    expect(event.agent).toBeUndefined();
  });

  it('finds the agent defensively (aircallCallAgent)', () => {
    expect(aircallCallAgent({ user: { id: '42' } })).toEqual({ id: 42 });
    expect(aircallCallAgent({ user: 'nobody', participants: 'none' })).toBeUndefined();
    expect(aircallCallAgent({ participants: [null, { type: 'user' }, { id: 7, type: 'user', email: 'b@x.io' }] })).toEqual({ id: 7, email: 'b@x.io' });
  });
});

describe('parseAircallWebhook: ignored events', () => {
  it.each([
    ['call.tagged', 'call'],
    ['call.answered.v2', 'call'],
    ['number.created', 'number'],
    ['contact.updated', 'contact'],
    ['user.teleported', 'user'],
    ['message.received', 'message'],
  ])('returns %s as ignored, with its token, without validating data', (name, resource) => {
    // Prepare
    const raw = JSON.stringify({ resource, event: name, timestamp: 'whenever', token: 'tok', data: 'anything' });

    // Act
    const event = parseAircallWebhook(raw);

    // Assess
    expect(event).toEqual({ kind: 'ignored', event: name, token: 'tok', reason: expect.stringContaining(name) });
  });

  it('omits a non-string token from an ignored event', () => {
    expect(parseAircallWebhook('{"event":"integration.created","token":5}')).toEqual({
      kind: 'ignored',
      event: 'integration.created',
      reason: expect.any(String),
    });
  });
});

describe('parseAircallWebhook: malformed payloads', () => {
  it.each([
    ['not JSON', '{"resource": "user",', 'Aircall webhook: the body is not valid JSON'],
    ['a JSON array', '[]', 'Aircall webhook: the body is a JSON array, not an object'],
    ['an empty body', '', 'Aircall webhook: the body is not valid JSON'],
    ['no event', '{"resource":"user","token":"t"}', 'Aircall webhook: event is missing'],
    ['a numeric event', '{"event":3}', 'Aircall webhook: event must be a string, got number'],
  ])('rejects %s', (_label, raw, message) => {
    // Act
    const error = parseError(raw);

    // Assess
    expect(error.name).toBe('WebhookPayloadError');
    expect(error.system).toBe('aircall');
    expect(error.message).toContain(message);
  });

  it.each<[string, (p: Record<string, any>) => void, string, string]>([
    [
      'availability_status missing',
      (p) => delete p.data.availability_status,
      'Aircall user.closed: data.availability_status is missing',
      'data.availability_status',
    ],
    [
      'availability_status unknown',
      (p) => (p.data.availability_status = 'busy'),
      'Aircall user.closed: data.availability_status is "busy", expected one of available, custom, unavailable',
      'data.availability_status',
    ],
    ['data.id missing', (p) => delete p.data.id, 'Aircall user.closed: data.id is missing', 'data.id'],
    ['data.id a string', (p) => (p.data.id = '456'), 'Aircall user.closed: data.id must be an integer, got string', 'data.id'],
    ['substatus a number', (p) => (p.data.substatus = 3), 'Aircall user.closed: data.substatus must be a string, got number', 'data.substatus'],
    ['email an object', (p) => (p.data.email = {}), 'Aircall user.closed: data.email must be a string, got object', 'data.email'],
    ['data missing', (p) => delete p.data, 'Aircall user.closed: data is missing', 'data'],
    ['timestamp a string', (p) => (p.timestamp = '1732623002'), 'Aircall user.closed: timestamp must be an integer, got string', 'timestamp'],
    ['timestamp negative', (p) => (p.timestamp = -1), 'Aircall user.closed: timestamp must be a non-negative integer, got -1', 'timestamp'],
    ['token missing', (p) => delete p.token, 'Aircall user.closed: token is missing', 'token'],
    ['resource missing', (p) => delete p.resource, 'Aircall user.closed: resource is missing', 'resource'],
    ['resource mismatched', (p) => (p.resource = 'call'), 'Aircall user.closed: resource is "call", expected "user"', 'resource'],
  ])('rejects user.closed with %s', (_label, edit, message, field) => {
    // Prepare
    const raw = aircallBody('user-closed-second', edit);

    // Act
    const error = parseError(raw);

    // Assess
    expect(error.message).toBe(message);
    expect(error.field).toBe(field);
  });

  it('names the .v2 event in the message', () => {
    const raw = aircallBody('user-closed-first', (p) => {
      p.event = 'user.closed.v2';
      delete p.data.availability_status;
    });
    expect(parseError(raw).message).toBe('Aircall user.closed.v2: data.availability_status is missing');
  });

  it('rejects a call event without a call id', () => {
    const raw = aircallBody('call-created', (p) => delete p.data.id);
    expect(parseError(raw).message).toBe('Aircall call.created: data.id is missing');
  });

  it('never quotes the token in a message', () => {
    // Prepare
    const raw = aircallBody('user-closed-second', (p) => (p.token = { secret: 'do-not-print' }));

    // Act
    const error = parseError(raw);

    // Assess
    expect(error.message).toBe('Aircall user.closed: token must be a string, got object');
    expect(error.message).not.toContain('do-not-print');
  });
});

describe('aircallDedupeKey', () => {
  it('is the sha256 hex of event, data.id, timestamp, availability_status and substatus', () => {
    // Prepare
    const parts = { event: 'user.closed', dataId: 456, timestamp: 1732623002, availabilityStatus: 'unavailable' };

    // Act
    const withReason = aircallDedupeKey({ ...parts, substatus: 'out_for_lunch' });
    const withoutReason = aircallDedupeKey(parts);

    // Assess
    expect(withReason).toMatch(/^[0-9a-f]{64}$/);
    expect(withReason).not.toBe(withoutReason);
    expect(aircallDedupeKey({ ...parts, event: 'user.closed.v2' })).not.toBe(withoutReason);
    expect(aircallDedupeKey({ ...parts, timestamp: 1732623003 })).not.toBe(withoutReason);
    expect(aircallDedupeKey({ ...parts, dataId: 457 })).not.toBe(withoutReason);
  });

  it('matches the key the parser gives', () => {
    const event = expectKind(parseAircallWebhook(fixtureText('aircall', 'user-closed-second')), 'user_status');
    expect(event.dedupeKey).toBe(
      aircallDedupeKey({ event: 'user.closed', dataId: 456, timestamp: 1732623002, availabilityStatus: 'unavailable', substatus: 'out_for_lunch' }),
    );
  });
});

describe('aircallObservedChange', () => {
  const closed = (edit: (p: Record<string, any>) => void = () => {}): AircallUserStatusEvent =>
    expectKind(parseAircallWebhook(aircallBody('user-closed-second', edit)), 'user_status');

  it('maps a user_status event to an aircall ObservedChange', () => {
    // Prepare
    const event = closed((p) => (p.data.email = 'John.Doe@Aircall.io'));

    // Act
    const change = aircallObservedChange(event);

    // Assess
    expect(change).toEqual({
      side: 'aircall',
      agent: 'john.doe@aircall.io',
      status: { availabilityStatus: 'unavailable', substatus: { kind: 'reason', reason: 'out_for_lunch' } },
      version: 17326230020004, // aircallVersion: (seconds * 1000 + 0 ms) * 10 + rank(unavailable) 3 + reason 1
      observedAt: 1732623002000,
    });
  });

  it('orders the second of a double user.closed after the first even within one second', () => {
    // Prepare
    const first = expectKind(parseAircallWebhook(aircallBody('user-closed-first', (p) => (p.timestamp = 1732623002))), 'user_status');
    const second = closed();

    // Act
    const a = aircallObservedChange(first);
    const b = aircallObservedChange(second);

    // Assess
    expect(b.version).toBeGreaterThan(a.version);
  });

  it('uses the email the caller resolved when the event has none', () => {
    const event = closed((p) => delete p.data.email);
    expect(aircallObservedChange(event, ' Ann@Example.com ').agent).toBe('ann@example.com');
  });

  it('throws a WebhookPayloadError when no email is known', () => {
    const event = closed((p) => delete p.data.email);
    expect(() => aircallObservedChange(event)).toThrow(
      new WebhookPayloadError('Aircall user.closed: data.email is missing for user 456; the change cannot be matched to a Zendesk agent', 'aircall'),
    );
  });
});

describe('aircallEventOf: the event of a body the handler already parsed', () => {
  it.each(['call-created', 'user-closed-first', 'user-closed-second', 'user-opened', 'user-wut_start-v2'])(
    'reads %s as parseAircallWebhook reads its text',
    (name) => {
      const text = fixtureText('aircall', name);
      expect(aircallEventOf(JSON.parse(text))).toEqual(parseAircallWebhook(text));
    },
  );

  it('reports a missing field of a parsed body as the parser does', () => {
    const text = aircallBody('user-closed-second', (p) => delete (p.data as Record<string, unknown>).id);
    expect(() => aircallEventOf(JSON.parse(text))).toThrow(parseError(text).message);
  });
});
