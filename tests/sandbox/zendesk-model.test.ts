// The Zendesk sandbox's pure parts: the account model, formats, pagination, search, body parsing, signatures.
import { parseStatusBody, searchUsers } from '../../local/sandbox/zendesk/api';
import { eventsForChange, signWebhook } from '../../local/sandbox/zendesk/events';
import { decodeCursor, encodeCursor, microIso, nanoIso, secondIso, ulid } from '../../local/sandbox/zendesk/formats';
import { ZendeskAccountModel, ZendeskModelError, type ZendeskUserSeed } from '../../local/sandbox/zendesk/model';
import { cursorPage, offsetPage, PaginationError } from '../../local/sandbox/zendesk/paginate';
import { parseWebhookBody, WebhookValidationError } from '../../local/sandbox/zendesk/webhooks';
import type { SandboxRequest } from '../../local/sandbox/common';

const T0 = Date.parse('2026-03-02T09:00:00.000Z');

function makeModel(
  users: ZendeskUserSeed[] = [
    { name: 'Admin', email: 'admin@example.com', role: 'admin' },
    { name: 'Ann', email: 'Ann@Example.com', role: 'agent', group_ids: [1], secondary_emails: ['ann.alt@example.com'] },
    { name: 'Customer', email: 'c@example.com', role: 'end-user' },
  ],
) {
  let clock = T0;
  const model = new ZendeskAccountModel({
    now: () => clock,
    customStatuses: [
      { id: 90, name: 'In a meeting', channels: { support: 'online', messaging: 'away', talk: 'away' } },
      { id: 91, name: 'Group two only', group_ids: [2] },
    ],
    users,
  });
  return { model, tick: (ms: number) => (clock += ms) };
}

const request = (body: unknown): SandboxRequest => ({
  method: 'PUT',
  path: '/',
  query: new URLSearchParams(),
  headers: {},
  rawBody: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
  params: {},
});

describe('ZendeskAccountModel', () => {
  it('gives agents and admins an availability, and end-users none', () => {
    // Prepare
    const { model } = makeModel();
    // Act
    const users = model.listUsers();
    // Assess
    expect(users.map((u) => u.role)).toEqual(['admin', 'agent', 'end-user']);
    expect(model.listAvailabilities().map((a) => a.agentId)).toEqual([users[0]?.id, users[1]?.id]);
    expect(model.availability(users[1]?.id as number)).toMatchObject({ statusId: 32, statusName: 'offline', reason: 'UNKNOWN', version: 1 });
    expect(new Set(users.map((u) => u.id)).size).toBe(3);
    expect((users[1]?.id as number) - (users[0]?.id as number)).toBeGreaterThan(1);
  });

  it('bumps the version on each change, reports changed channels, and ignores a no-op', () => {
    // Prepare
    const { model, tick } = makeModel();
    const ann = model.findUserByEmail('ann@example.com')?.id as number;
    // Act
    const first = model.setStatus(ann, 'online', 'PUBLIC_API');
    tick(5);
    const second = model.setStatus(ann, 90, 'AGENT_STATUS_SWITCHER');
    const noop = model.setStatus(ann, '90', 'PUBLIC_API');
    // Assess
    expect(first).toMatchObject({
      version: 2,
      previous: { id: 32, name: 'offline', reason: 'UNKNOWN' },
      next: { id: 31, name: 'online', reason: 'PUBLIC_API' },
    });
    expect(first?.channels).toHaveLength(3);
    expect(second).toMatchObject({
      version: 3,
      at: T0 + 5,
      channels: [
        { channel: 'messaging', previous: 'online', next: 'away' },
        { channel: 'talk', previous: 'online', next: 'away' },
      ],
    });
    expect(noop).toBeUndefined();
    expect(model.availability(ann)?.version).toBe(3);
  });

  it('refuses unknown agents and statuses, and custom statuses outside the agent groups', () => {
    // Prepare
    const { model } = makeModel();
    const ann = model.findUserByEmail('ANN.ALT@example.com')?.id as number;
    const customer = model.findUserByEmail('c@example.com')?.id as number;
    // Act
    const attempts = [
      () => model.setStatus(ann, 3, 'PUBLIC_API'),
      () => model.setStatus(customer, 31, 'PUBLIC_API'),
      () => model.setStatus(ann, 91, 'PUBLIC_API'),
    ];
    // Assess
    expect(
      attempts.map((attempt) => {
        try {
          attempt();
          return 'ok';
        } catch (error) {
          return (error as ZendeskModelError).code;
        }
      }),
    ).toEqual(['invalid', 'not_found', 'ineligible']);
  });

  it('gives light agents no availability, as they cannot use unified statuses', () => {
    // Prepare
    const { model } = makeModel([{ name: 'Light', email: 'light@example.com', role: 'agent', role_type: 1 }]);
    const light = model.findUserByEmail('light@example.com')?.id as number;
    // Act & Assess
    expect(model.availability(light)).toBeUndefined();
    expect(() => model.setStatus(light, 'online', 'PUBLIC_API')).toThrow(ZendeskModelError);
  });

  it('resolves default statuses by any spelling and keeps the catalog in name order', () => {
    // Prepare
    const { model } = makeModel();
    // Act
    const catalog = model.catalog();
    // Assess
    expect(model.resolveStatus('Transfers only')?.id).toBe(34);
    expect(model.resolveStatus('in a MEETING')?.id).toBe(90);
    expect(model.resolveStatus('33')?.name).toBe('away');
    expect(catalog.default.map((s) => s.name)).toEqual(['away', 'offline', 'online', 'transfers_only']);
    expect(catalog.custom.map((s) => s.id)).toEqual([91, 90]);
  });

  it('moves holders of a deleted custom status offline', () => {
    // Prepare
    const { model } = makeModel();
    const ann = model.findUserByEmail('ann@example.com')?.id as number;
    model.setStatus(ann, 90, 'AGENT_STATUS_SWITCHER');
    // Act
    const changes = model.removeCustomStatus(90);
    // Assess
    expect(changes).toMatchObject([{ agentId: ann, next: { id: 32, reason: 'AGENT_STATUS_DELETED' }, version: 3 }]);
    expect(model.resolveStatus(90)).toBeUndefined();
  });
});

describe('formats', () => {
  it('writes ULID-like ids and Zendesk timestamps', () => {
    // Act
    const id = ulid(T0);
    // Assess
    expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(ulid(T0).slice(0, 10)).toBe(id.slice(0, 10));
    expect(ulid(T0 + 1).slice(0, 10) > id.slice(0, 10)).toBe(true);
    expect(nanoIso(T0 + 642, 630335)).toBe('2026-03-02T09:00:00.642630335Z');
    expect(microIso(T0 + 642, 630335)).toBe('2026-03-02T09:00:00.642630Z');
    expect(secondIso(T0 + 642)).toBe('2026-03-02T09:00:00Z');
    expect(decodeCursor(encodeCursor(42))).toBe('42');
    expect(decodeCursor('not-a-cursor')).toBeUndefined();
  });

  it('signs TIMESTAMP + BODY with the secret as a raw UTF-8 key (vector from openssl)', () => {
    // Act
    const signature = signWebhook(
      'dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==',
      '2021-03-25T05:09:27Z',
      '{"type":"zen:event-type:agent.unified_state_changed"}',
    );
    // Assess
    expect(signature).toBe('mM2KvzrrEhWeX+RH/9e/yaYZnQC5N+tCAy5CTe2iQR0=');
  });

  it('builds one unified event and one per changed channel, sharing detail and version', () => {
    // Prepare
    const change = {
      agentId: 10011,
      previous: { id: 32, name: 'offline', reason: 'UNKNOWN' as const },
      next: { id: 31, name: 'online', reason: 'PUBLIC_API' as const },
      version: 3,
      at: T0,
      atSub: 1,
      channels: [{ channel: 'talk' as const, previous: 'offline' as const, next: 'online' as const }],
    };
    // Act
    const events = eventsForChange(change, 2, { ms: T0 + 1000, sub: 2 });
    // Assess
    expect(events.map((e) => e.type)).toEqual(['zen:event-type:agent.unified_state_changed', 'zen:event-type:agent.state_changed']);
    expect(events[1]?.body).toMatchObject({
      account_id: 2,
      detail: { account_id: '2', agent_id: '10011', version: '3' },
      event: { channel: 'talk', previous_state: 'offline', new_state: 'online', updated_at: '2026-03-02T09:00:00.000000001Z' },
      subject: 'zen:agent:10011',
      time: '2026-03-02T09:00:01.000000002Z',
    });
    expect(events[0]?.body.id).not.toBe(events[1]?.body.id);
  });
});

describe('pagination', () => {
  const items = [10, 20, 30, 40, 50];
  const key = (n: number) => String(n);

  it('walks forward and back with cursors, even past a deleted item', () => {
    // Act
    const first = cursorPage(items, key, new URLSearchParams('page[size]=2'), { numeric: true });
    const second = cursorPage(items, key, new URLSearchParams({ 'page[size]': '2', 'page[after]': first.afterCursor as string }), { numeric: true });
    const back = cursorPage(items, key, new URLSearchParams({ 'page[size]': '2', 'page[before]': second.beforeCursor as string }), { numeric: true });
    const afterDeleted = cursorPage([10, 40, 50], key, new URLSearchParams({ 'page[size]': '2', 'page[after]': encodeCursor(20) }), { numeric: true });
    const last = cursorPage(items, key, new URLSearchParams({ 'page[size]': '2', 'page[after]': encodeCursor(40) }), { numeric: true });
    // Assess
    expect([first.items, first.hasMore]).toEqual([[10, 20], true]);
    expect(second.items).toEqual([30, 40]);
    expect([back.items, back.hasMore]).toEqual([[10, 20], false]);
    expect(afterDeleted.items).toEqual([40, 50]);
    expect([last.items, last.hasMore]).toEqual([[50], false]);
  });

  it('refuses oversized pages, bad cursors and deep offsets', () => {
    // Act
    const attempts = [
      () => cursorPage(items, key, new URLSearchParams('page[size]=101'), { numeric: true }),
      () => cursorPage(items, key, new URLSearchParams('page[after]=zzz'), { numeric: true }),
      () => offsetPage(items, new URLSearchParams('page=101')),
    ];
    // Assess
    for (const attempt of attempts) expect(attempt).toThrow(PaginationError);
    expect(offsetPage(items, new URLSearchParams('per_page=2&page=3'))).toEqual({ items: [50], page: 3, perPage: 2, hasNext: false });
  });
});

describe('request parsing', () => {
  it('reads both set-status body shapes according to strictness', () => {
    // Prepare
    const jsonApi = request({ data: { type: 'agent_status', attributes: { agent_status_id: '31' } } });
    const byId = request({ id: 31 });
    // Act & Assess
    expect(parseStatusBody(byId, 'both')).toEqual({ statusId: 31 });
    expect(parseStatusBody(jsonApi, 'both')).toEqual({ statusId: 31 });
    expect(parseStatusBody(request({ id: '31' }), 'id')).toEqual({ statusId: 31 });
    expect(parseStatusBody(jsonApi, 'id')).toHaveProperty('error');
    expect(parseStatusBody(byId, 'jsonapi')).toHaveProperty('error');
    expect(parseStatusBody(request({ id: -1 }), 'both')).toHaveProperty('error');
    expect(parseStatusBody(request({ data: { type: 'user', attributes: { agent_status_id: '1' } } }), 'both')).toHaveProperty('error');
    expect(parseStatusBody(request('not json'), 'both')).toHaveProperty('error');
  });

  it('searches users by email case-insensitively, including secondary emails', () => {
    // Prepare
    const users = makeModel().model.listUsers();
    // Act & Assess
    expect(searchUsers(users, 'email:ANN@example.COM', null).map((u) => u.name)).toEqual(['Ann']);
    expect(searchUsers(users, 'email:ann.alt@example.com', null).map((u) => u.name)).toEqual(['Ann']);
    expect(searchUsers(users, 'type:user role:end-user', null).map((u) => u.name)).toEqual(['Customer']);
    expect(searchUsers(users, 'email:ann@example.com', 'x')).toEqual([]);
  });

  it('lists every problem of a webhook body', () => {
    // Act
    let problems: string[] = [];
    try {
      parseWebhookBody({
        webhook: {
          name: '',
          endpoint: 'ftp://x',
          status: 'on',
          http_method: 'PUT',
          request_format: 'xml',
          subscriptions: ['zen:event-type:agent.state_changed'],
        },
      });
    } catch (error) {
      problems = (error as WebhookValidationError).problems.map((p) => p.source.pointer);
    }
    // Assess
    expect(problems).toEqual(['/webhook/name', '/webhook/endpoint', '/webhook/status', '/webhook/http_method', '/webhook/request_format']);
    expect(() => parseWebhookBody({ name: 'not wrapped' })).toThrow(WebhookValidationError);
  });
});
