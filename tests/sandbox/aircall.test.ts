// The Aircall sandbox, run for real over HTTP: auth, pagination, users, rate limit, webhooks, deliveries, faults, calls.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { demoAircallUsers, startAircallSandbox, type AircallSandbox } from '../../local/sandbox/aircall';

const API_ID = 'sandbox-id';
const API_TOKEN = 'sandbox-token';
const AUTH = `Basic ${Buffer.from(`${API_ID}:${API_TOKEN}`).toString('base64')}`;
const START = Date.UTC(2026, 8, 1, 10, 0, 0);

interface Delivery {
  path: string;
  body: { resource: string; event: string; timestamp: number; token: string; data: Record<string, unknown> };
  headers: Record<string, unknown>;
}

/** A local webhook receiver: records every POST, answers the status set for its path (200 by default). */
class Receiver {
  readonly received: Delivery[] = [];
  readonly statuses = new Map<string, number>();
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const path = req.url ?? '/';
        this.received.push({ path, body: JSON.parse(Buffer.concat(chunks).toString('utf8')), headers: req.headers });
        res.writeHead(this.statuses.get(path) ?? 200).end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  at(path: string): Delivery[] {
    return this.received.filter((delivery) => delivery.path === path);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections();
    });
  }
}

let clock = START;
let sandbox: AircallSandbox;
const receiver = new Receiver();

function api(path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
  const { json, ...rest } = init;
  const headers: Record<string, string> = { Authorization: AUTH, ...((rest.headers as Record<string, string>) ?? {}) };
  if (json !== undefined) headers['Content-Type'] = 'application/json';
  return fetch(`${sandbox.url}${path}`, { ...rest, headers, body: json === undefined ? rest.body : JSON.stringify(json) });
}

function controlApi(path: string, method = 'GET', body?: unknown): Promise<Response> {
  return fetch(`${sandbox.url}/_sandbox${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
}

async function createWebhook(path: string, events?: string[]): Promise<{ webhook_id: string; token: string }> {
  const res = await api('/v1/webhooks', { method: 'POST', json: { custom_name: 'test', url: `${receiver.url}${path}`, events } });
  expect(res.status).toBe(201);
  return ((await res.json()) as { webhook: { webhook_id: string; token: string } }).webhook;
}

const events = (path: string) => receiver.at(path).map((delivery) => delivery.body.event);

beforeAll(async () => {
  await receiver.start();
  sandbox = await startAircallSandbox({
    apiId: API_ID,
    apiToken: API_TOKEN,
    users: demoAircallUsers(45),
    now: () => clock,
    webhookTimeoutMs: 1000,
    webhookRetries: 2,
    webhookBackoffMs: 1,
    webhookDisableAfterFailures: 3,
  });
});
afterAll(async () => {
  await sandbox.close();
  await receiver.close();
});
beforeEach(async () => {
  clock = START;
  await controlApi('/reset', 'POST');
  receiver.received.length = 0;
  receiver.statuses.clear();
});

describe('edge: auth and unknown paths', () => {
  it('answers 401 without Authorization, 403 with wrong credentials, 404 for an unknown path', async () => {
    // Act
    const missing = await fetch(`${sandbox.url}/v1/ping`);
    const wrong = await fetch(`${sandbox.url}/v1/ping`, { headers: { Authorization: `Basic ${Buffer.from('sandbox-id:nope').toString('base64')}` } });
    const bearer = await fetch(`${sandbox.url}/v1/ping`, { headers: { Authorization: 'Bearer x' } });
    const unknown = await api('/v1/nothing-here');
    const ping = await api('/v1/ping');
    // Assess
    expect([missing.status, await missing.json()]).toEqual([401, { message: 'Unauthorized' }]);
    expect([wrong.status, await wrong.json()]).toEqual([403, { message: 'Forbidden' }]);
    expect(bearer.status).toBe(403);
    expect([unknown.status, await unknown.json()]).toEqual([404, { message: 'Not Found' }]);
    expect(await ping.json()).toEqual({ ping: 'pong' });
  });
});

describe('users', () => {
  it('pages with meta and absolute next_page_link until null', async () => {
    // Act
    const pages: Array<{ users: Array<{ id: number }>; meta: Record<string, unknown> }> = [];
    let next: string | null = `${sandbox.url}/v1/users`;
    while (next) {
      const res = await fetch(next, { headers: { Authorization: AUTH } });
      const page = (await res.json()) as { users: Array<{ id: number }>; meta: { next_page_link: string | null } };
      pages.push(page);
      next = page.meta.next_page_link;
    }
    // Assess
    expect(pages.map((page) => page.users.length)).toEqual([20, 20, 5]);
    expect(pages[0]?.meta).toEqual({
      count: 20,
      total: 45,
      current_page: 1,
      per_page: 20,
      next_page_link: `${sandbox.url}/v1/users?page=2&per_page=20`,
      previous_page_link: null,
    });
    expect(pages[2]?.meta.previous_page_link).toBe(`${sandbox.url}/v1/users?page=2&per_page=20`);
    expect(new Set(pages.flatMap((page) => page.users.map((user) => user.id))).size).toBe(45);
  });

  it('enforces per_page 1..50', async () => {
    // Act
    const [zero, over, max] = await Promise.all([api('/v1/users?per_page=0'), api('/v1/users?per_page=51'), api('/v1/users?per_page=50')]);
    // Assess
    expect(zero.status).toBe(400);
    expect(await over.json()).toEqual({ error: 'Bad Request', troubleshoot: 'per_page must be between 1 and 50' });
    expect(((await max.json()) as { users: unknown[] }).users).toHaveLength(45);
  });

  it('returns one user by id or by email (case-insensitive), as the reference User object', async () => {
    // Act
    const byEmail = (await (await api('/v1/users/AGENT01@Example.com')).json()) as { user: unknown };
    const byId = (await (await api('/v1/users/1001')).json()) as { user: unknown };
    const v2 = (await (await api('/v2/users/agent01@example.com')).json()) as { user: Record<string, unknown> };
    const missing = await api('/v1/users/999');
    // Assess
    expect(byEmail.user).toEqual({
      id: 1001,
      direct_link: `${sandbox.url}/v1/users/1001`,
      name: 'Agent 01',
      email: 'agent01@example.com',
      available: true,
      availability_status: 'available',
      substatus: 'always_opened',
      created_at: '2026-01-05T09:00:00.000Z',
      time_zone: 'Etc/UTC',
      language: 'en-US',
      wrap_up_time: 0,
      numbers: [],
    });
    expect(byId.user).toEqual(byEmail.user);
    expect(v2.user).not.toHaveProperty('numbers');
    expect(v2.user.direct_link).toBe(`${sandbox.url}/v2/users/1001`);
    expect(missing.status).toBe(404);
  });

  it('validates PUT availability_status and Content-Type, then sets the presumed substatus', async () => {
    // Act
    const invalid = await api('/v1/users/1001', { method: 'PUT', json: { availability_status: 'do_not_disturb' } });
    const notJson = await api('/v1/users/1001', { method: 'PUT', body: JSON.stringify({ availability_status: 'unavailable' }) });
    const closed = await api('/v1/users/1001', { method: 'PUT', json: { availability_status: 'unavailable' } });
    const live = await api('/v1/users/1001/availability');
    const opened = await api('/v1/users/1001', { method: 'PUT', json: { availability_status: 'custom' } });
    // Assess
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toEqual({ error: 'Bad Request', troubleshoot: 'availability_status must be one of available, custom, unavailable' });
    expect(notJson.status).toBe(400);
    expect(((await closed.json()) as { user: Record<string, unknown> }).user).toMatchObject({
      availability_status: 'unavailable',
      substatus: 'always_closed',
      available: false,
    });
    expect(await live.json()).toEqual({ availability: 'do_not_disturb' });
    expect(((await opened.json()) as { user: Record<string, unknown> }).user).toMatchObject({
      availability_status: 'custom',
      substatus: 'always_opened',
      available: true,
    });
  });

  it('reports live availabilities: offline, do_not_disturb, custom outside hours', async () => {
    // Prepare
    sandbox.setConnection(1001, false);
    sandbox.setStatus(1002, 'unavailable');
    sandbox.setStatus(1003, 'custom');
    sandbox.setWorkingHours(1003, false);
    // Act
    const res = await api('/v1/users/availabilities?per_page=4');
    // Assess
    const body = (await res.json()) as { users: unknown[]; meta: { total: number } };
    expect(body.users).toEqual([
      { id: 1001, availability: 'offline' },
      { id: 1002, availability: 'do_not_disturb' },
      { id: 1003, availability: 'offline' },
      { id: 1004, availability: 'available' },
    ]);
    expect(body.meta.total).toBe(45);
  });

  it('creates (400 on an existing email) and deletes users, with user.created and user.deleted', async () => {
    // Prepare
    await createWebhook('/lifecycle', ['user.created', 'user.deleted']);
    // Act
    const created = await api('/v1/users', { method: 'POST', json: { email: 'new@example.com', first_name: 'New', last_name: 'Agent' } });
    const duplicate = await api('/v1/users', { method: 'POST', json: { email: 'AGENT02@example.com' } });
    const id = ((await created.json()) as { user: { id: number } }).user.id;
    const deleted = await api(`/v1/users/${id}`, { method: 'DELETE' });
    await sandbox.idle();
    // Assess
    expect(created.status).toBe(201);
    expect(duplicate.status).toBe(400);
    expect(await duplicate.json()).toEqual({ error: 'Bad Request', troubleshoot: 'Email has already been taken' });
    expect(deleted.status).toBe(204);
    expect((await api(`/v1/users/${id}`)).status).toBe(404);
    expect(events('/lifecycle')).toEqual(['user.created', 'user.deleted']);
  });
});

describe('rate limit', () => {
  it('answers 429 over the per-minute budget, with headers only when limited, then resets on the next window', async () => {
    // Prepare
    sandbox.setRateLimit({ perMinute: 3 });
    await fetch(`${sandbox.url}/v1/ping`); // 401: not counted
    // Act
    const ok = [await api('/v1/ping'), await api('/v1/ping'), await api('/v1/ping')];
    await controlApi('/users'); // control: not counted
    const limited = await api('/v1/ping');
    clock += 60_000;
    const afterReset = await api('/v1/ping');
    // Assess
    expect(ok.map((res) => res.status)).toEqual([200, 200, 200]);
    expect(ok.every((res) => res.headers.get('x-aircallapi-limit') === null)).toBe(true);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-aircallapi-limit')).toBe('3');
    expect(limited.headers.get('x-aircallapi-remaining')).toBe('0');
    expect(limited.headers.get('x-aircallapi-reset')).toBe(String(START / 1000 + 60));
    expect(afterReset.status).toBe(200);
  });

  it('sends the headers on every response in "always" mode', async () => {
    // Prepare
    await controlApi('/rate-limit', 'PUT', { perMinute: 120, headers: 'always' });
    // Act
    const first = await api('/v1/ping');
    const notFound = await api('/v1/unknown');
    // Assess
    expect(first.headers.get('x-aircallapi-limit')).toBe('120');
    expect(first.headers.get('x-aircallapi-remaining')).toBe('119');
    expect(notFound.headers.get('x-aircallapi-remaining')).toBe('118');
  });
});

describe('webhooks management', () => {
  it('creates, lists (with tokens), reads, amends and deletes webhooks', async () => {
    // Act
    const missingUrl = await api('/v1/webhooks', { method: 'POST', json: { events: ['user.opened'] } });
    const badEvent = await api('/v1/webhooks', { method: 'POST', json: { url: `${receiver.url}/x`, events: ['user.exploded'] } });
    const created = await createWebhook('/managed', ['user.opened']);
    const all = await createWebhook('/all');
    const list = (await (await api('/v1/webhooks')).json()) as { webhooks: Array<{ token: string; events: string[] }>; meta: { total: number } };
    const got = (await (await api(`/v1/webhooks/${created.webhook_id}`)).json()) as { webhook: { direct_link: string } };
    const legacyId = got.webhook.direct_link.split('/').pop() ?? '';
    const byLegacy = await api(`/v1/webhooks/${legacyId}`);
    const added = (await (
      await api(`/v1/webhooks/${created.webhook_id}`, { method: 'PUT', json: { events: ['user.closed'], events_action: 'add' } })
    ).json()) as { webhook: { events: string[] } };
    const removed = (await (
      await api(`/v1/webhooks/${created.webhook_id}`, { method: 'PUT', json: { events: ['user.opened'], events_action: 'remove' } })
    ).json()) as { webhook: { events: string[] } };
    const reset = (await (await api(`/v1/webhooks/${created.webhook_id}`, { method: 'PUT', json: { active: true } })).json()) as {
      webhook: { events: string[] };
    };
    const deleted = await api(`/v1/webhooks/${created.webhook_id}`, { method: 'DELETE' });
    // Assess
    expect(missingUrl.status).toBe(400);
    expect(badEvent.status).toBe(400);
    expect(created.webhook_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(list.meta.total).toBe(2);
    expect(list.webhooks.map((webhook) => webhook.token)).toEqual([created.token, all.token]);
    expect(list.webhooks[1]?.events).toContain('user.closed.v2');
    expect(byLegacy.status).toBe(200);
    expect(added.webhook.events).toEqual(['user.opened', 'user.closed']);
    expect(removed.webhook.events).toEqual(['user.closed']);
    expect(reset.webhook.events).toContain('call.hungup'); // omitted events ⇒ all events (§8.7)
    expect(deleted.status).toBe(204);
    expect((await api(`/v1/webhooks/${created.webhook_id}`)).status).toBe(404);
  });

  it('refuses a 101st webhook', async () => {
    // Prepare
    sandbox.setRateLimit({ perMinute: 500 });
    for (let i = 0; i < 100; i++) await api('/v1/webhooks', { method: 'POST', json: { url: `${receiver.url}/many` } });
    // Act
    const extra = await api('/v1/webhooks', { method: 'POST', json: { url: `${receiver.url}/many` } });
    // Assess
    expect(extra.status).toBe(400);
  });
});

describe('webhook deliveries', () => {
  it('delivers user.closed / user.opened with the webhook token, also for our own API PUT (echo)', async () => {
    // Prepare
    const webhook = await createWebhook('/status', ['user.opened', 'user.closed']);
    // Act
    await controlApi('/users/1001/status', 'PUT', { availability_status: 'unavailable' });
    clock += 5_000;
    await api('/v1/users/1001', { method: 'PUT', json: { availability_status: 'available' } });
    await api('/v1/users/1001', { method: 'PUT', json: { availability_status: 'available' } }); // no change: no event
    await controlApi('/deliveries/flush', 'POST');
    // Assess
    const received = receiver.at('/status');
    expect(received.map((delivery) => delivery.body.event)).toEqual(['user.closed', 'user.opened']);
    expect(received[0]?.body).toMatchObject({ resource: 'user', token: webhook.token, timestamp: START / 1000 });
    expect(received[0]?.body.data).toMatchObject({ id: 1001, availability_status: 'unavailable', substatus: 'always_closed', numbers: [] });
    expect(received[1]?.body.timestamp).toBe(START / 1000 + 5);
    expect(received[0]?.headers['aircall-origin']).toBe('webhooks');
  });

  it('uses .v2 names and User V2 data for .v2 subscribers', async () => {
    // Prepare
    await createWebhook('/v2', ['user.closed.v2']);
    // Act
    sandbox.setStatus('agent03@example.com', 'unavailable');
    await sandbox.idle();
    // Assess
    const [delivery] = receiver.at('/v2');
    expect(delivery?.body.event).toBe('user.closed.v2');
    expect(delivery?.body.data).not.toHaveProperty('numbers');
    expect(events('/v2')).toHaveLength(1);
  });

  it('duplicates, reorders and drops deliveries on demand', async () => {
    // Prepare
    await createWebhook('/modes', ['user.opened', 'user.closed']);
    const flip = (id: number, status: 'available' | 'unavailable') => sandbox.setStatus(id, status);
    // Act
    await controlApi('/delivery', 'PUT', { mode: 'duplicate', copies: 2 });
    flip(1001, 'unavailable');
    await sandbox.idle();
    await controlApi('/delivery', 'PUT', { mode: 'reorder', window: 2 });
    flip(1002, 'unavailable');
    flip(1003, 'unavailable');
    await sandbox.idle();
    await controlApi('/delivery', 'PUT', { mode: 'drop', count: 1 });
    flip(1004, 'unavailable');
    flip(1005, 'unavailable');
    await sandbox.idle();
    const log = (await (await controlApi('/deliveries')).json()) as { deliveries: Array<{ outcome: string }> };
    // Assess
    expect(receiver.at('/modes').map((delivery) => delivery.body.data.id)).toEqual([1001, 1001, 1003, 1002, 1005]);
    expect(log.deliveries.map((entry) => entry.outcome)).toEqual(['delivered', 'delivered', 'delivered', 'delivered', 'dropped', 'delivered']);
  });

  it('retries failures and disables the webhook after the configured consecutive failures', async () => {
    // Prepare
    const webhook = await createWebhook('/failing', ['user.opened', 'user.closed']);
    receiver.statuses.set('/failing', 500);
    // Act
    sandbox.setStatus(1001, 'unavailable');
    await sandbox.idle();
    const state = (await (await api(`/v1/webhooks/${webhook.webhook_id}`)).json()) as { webhook: { active: boolean } };
    sandbox.setStatus(1001, 'available');
    await sandbox.idle();
    receiver.statuses.delete('/failing');
    await api(`/v1/webhooks/${webhook.webhook_id}`, { method: 'PUT', json: { active: true, events: ['user.opened', 'user.closed'] } });
    sandbox.setStatus(1001, 'unavailable');
    await sandbox.idle();
    // Assess
    expect(state.webhook.active).toBe(false);
    expect(sandbox.deliveries()[0]).toMatchObject({ outcome: 'failed', attempts: 3, status: 500 });
    expect(receiver.at('/failing').map((delivery) => delivery.body.event)).toEqual(['user.closed', 'user.closed', 'user.closed', 'user.closed']);
  });

  it('simulates an answered call with wrap-up, pausing to show in_call and after_call_work', async () => {
    // Prepare
    sandbox.setStatus(1001, 'available');
    await createWebhook('/calls', ['call.created', 'call.ringing_on_agent', 'call.answered', 'call.hungup', 'user.wut_start', 'user.wut_end']);
    // Act
    const started = await controlApi('/users/1001/call', 'POST', { outcome: 'answered', wrapUpSeconds: 30, pauseAt: 'in_call' });
    const inCall = (await (await api('/v1/users/1001/availability')).json()) as { availability: string };
    clock += 42_000;
    sandbox.continueCall(1001);
    const after = sandbox.user(1001).availability;
    await sandbox.idle();
    // Assess
    expect(started.status).toBe(200);
    expect(inCall.availability).toBe('in_call');
    expect(after).toBe('available');
    expect(events('/calls')).toEqual(['call.created', 'call.ringing_on_agent', 'call.answered', 'call.hungup', 'user.wut_start', 'user.wut_end']);
    const hungup = receiver.at('/calls')[3]?.body.data ?? {};
    expect(hungup).toMatchObject({ status: 'done', duration: 42, answered_at: START / 1000, ended_at: START / 1000 + 42 });
    expect(hungup.user).toEqual(expect.objectContaining({ id: 1001, name: 'Agent 01', email: 'agent01@example.com' }));
    expect(hungup.user).not.toHaveProperty('substatus');
    expect(hungup.participants).toEqual([
      { phone_number: '+1 800-123-4567', type: 'external' },
      { id: 1001, name: 'Agent 01', type: 'user' },
    ]);
  });

  it('simulates a missed call that sets the agent unavailable', async () => {
    // Prepare
    await createWebhook('/missed', ['call.created', 'call.ringing_on_agent', 'call.answered', 'call.hungup', 'user.closed']);
    // Act
    await controlApi('/users/1001/call', 'POST', { outcome: 'missed', pauseAt: 'after_call_work', setsStatus: 'unavailable' });
    const busy = await controlApi('/users/1001/call', 'POST', {});
    await controlApi('/deliveries/flush', 'POST');
    // Assess
    expect(events('/missed')).toEqual(['call.created', 'call.ringing_on_agent', 'call.hungup', 'user.closed']);
    expect(receiver.at('/missed')[2]?.body.data.missed_call_reason).toBe('agents_did_not_answer');
    expect(busy.status).toBe(409); // an unavailable agent gets no call
  });

  it('sends user.connected and user.disconnected', async () => {
    // Prepare
    await createWebhook('/connection', ['user.connected', 'user.disconnected']);
    // Act
    await controlApi('/users/1001/connection', 'PUT', { connected: false });
    await controlApi('/users/1001/connection', 'PUT', { connected: true });
    await sandbox.idle();
    // Assess
    expect(events('/connection')).toEqual(['user.disconnected', 'user.connected']);
  });
});

describe('faults and journal', () => {
  it('answers 503 during an outage and 429 for a burst, on API routes only', async () => {
    // Act
    await controlApi('/faults', 'PUT', { outage: true });
    const outage = await api('/v1/ping');
    const controlDuringOutage = await controlApi('/users');
    await controlApi('/faults', 'PUT', { outage: false, burst429: 2 });
    const burst = [await api('/v1/ping'), await api('/v1/ping'), await api('/v1/ping')];
    await controlApi('/faults', 'DELETE');
    // Assess
    expect(outage.status).toBe(503);
    expect(controlDuringOutage.status).toBe(200);
    expect(burst.map((res) => res.status)).toEqual([429, 429, 200]);
    expect(burst[0]?.headers.get('x-aircallapi-remaining')).toBe('0');
  });

  it('adds latency', async () => {
    // Prepare
    sandbox.setFaults({ latencyMs: 60 });
    // Act
    const started = performance.now();
    await api('/v1/ping');
    const elapsed = performance.now() - started;
    // Assess
    expect(elapsed).toBeGreaterThanOrEqual(55);
  });

  it('journals API requests, filterable by method', async () => {
    // Act
    await api('/v1/users/1001');
    await api('/v1/users/1001', { method: 'PUT', json: { availability_status: 'unavailable' } });
    const writes = (await (await controlApi('/requests?method=PUT')).json()) as { requests: unknown[] };
    // Assess
    expect(writes.requests).toEqual([
      { method: 'PUT', path: '/v1/users/1001', query: {}, body: { availability_status: 'unavailable' }, status: 200, at: START },
    ]);
    expect(sandbox.requests()).toHaveLength(2);
  });
});

describe('with sub-statuses enabled', () => {
  let withReasons: AircallSandbox;
  beforeAll(async () => {
    withReasons = await startAircallSandbox({ apiId: API_ID, apiToken: API_TOKEN, users: demoAircallUsers(2), substatusesEnabled: true, now: () => clock });
  });
  afterAll(() => withReasons.close());

  it('sends user.closed twice: first without substatus, then with the reason; accepts labels', async () => {
    // Prepare
    const res = await fetch(`${withReasons.url}/v1/webhooks`, {
      method: 'POST',
      headers: { Authorization: AUTH, 'Content-Type': 'application/json' },
      body: JSON.stringify({ url: `${receiver.url}/reasons`, events: ['user.closed'] }),
    });
    expect(res.status).toBe(201);
    // Act
    withReasons.setStatus(1001, 'unavailable', 'Out for lunch');
    withReasons.setStatus(1002, 'unavailable', 'in_training');
    await withReasons.idle();
    // Assess
    const data = receiver.at('/reasons').map((delivery) => delivery.body.data);
    expect(data).toHaveLength(4);
    expect(data[0]).not.toHaveProperty('substatus');
    expect(data[0]).toMatchObject({ id: 1001, availability_status: 'unavailable', available: false });
    expect(data[1]).toMatchObject({ id: 1001, substatus: 'out_for_lunch' });
    expect(data[3]).toMatchObject({ id: 1002, substatus: 'in_traning' }); // the bus docs' spelling (§6.2)
    expect(withReasons.user(1001).substatus).toBe('out_for_lunch');
  });
});

describe('substatus spellings', () => {
  it('can spell the open substatus always_open and reasons as labels', async () => {
    // Prepare
    const labelled = await startAircallSandbox({
      apiId: API_ID,
      apiToken: API_TOKEN,
      users: demoAircallUsers(2),
      substatusesEnabled: true,
      openSubstatus: 'always_open',
      reasonSpelling: 'label',
    });
    // Act
    const open = labelled.user(1001).substatus;
    const reason = labelled.setStatus(1002, 'unavailable', 'doing_back_office').substatus;
    await labelled.close();
    // Assess
    expect(open).toBe('always_open');
    expect(reason).toBe('Back office');
  });
});
