// The Zendesk sandbox over real HTTP: auth, users, statuses, availabilities, webhooks and signed deliveries, faults, OAuth.
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { demoZendeskAgents, startZendeskSandbox, type ZendeskSandbox } from '../../local/sandbox/zendesk';

interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
  body: Record<string, any>;
}

interface Receiver {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      received.push({ headers: req.headers, raw, body: JSON.parse(raw) as Record<string, any> });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/zendesk`,
    received,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const START = Date.parse('2026-03-02T09:00:00.000Z');
const ADMIN_TOKEN = 'admin-token';
const AGENT_TOKEN = 'agent-token';
const API_TOKEN = 'legacy-api-token';
const UNIFIED = 'zen:event-type:agent.unified_state_changed';
const PER_CHANNEL = 'zen:event-type:agent.state_changed';

describe('Zendesk sandbox', () => {
  let zd: ZendeskSandbox;
  let receiver: Receiver;
  let clock = START;

  const api = (path: string, init: RequestInit & { token?: string | null } = {}) => {
    const { token = ADMIN_TOKEN, headers, ...rest } = init;
    return fetch(`${zd.url}${path}`, {
      ...rest,
      headers: {
        'Content-Type': 'application/json',
        ...(token === null ? {} : { Authorization: `Bearer ${token}` }),
        ...(headers as Record<string, string> | undefined),
      },
    });
  };
  const body = async (res: Response): Promise<Record<string, any>> => (await res.json()) as Record<string, any>;
  const sandbox = (path: string, method = 'GET', payload?: unknown) =>
    fetch(`${zd.url}/_sandbox${path}`, { method, body: payload === undefined ? undefined : JSON.stringify(payload) });
  const createWebhook = async (subscriptions: string[], extra: Record<string, unknown> = {}) => {
    const res = await api('/api/v2/webhooks', {
      method: 'POST',
      body: JSON.stringify({
        webhook: { name: 'sync', status: 'active', endpoint: receiver.url, http_method: 'POST', request_format: 'json', subscriptions, ...extra },
      }),
    });
    expect(res.status).toBe(201);
    return (await body(res)).webhook as { id: string };
  };
  const flush = async () => {
    const res = await sandbox('/deliveries/flush', 'POST');
    return (await body(res)).deliveries as Array<Record<string, any>>;
  };

  beforeAll(async () => {
    receiver = await startReceiver();
    zd = await startZendeskSandbox({
      accountId: 424242,
      oauthTokens: [ADMIN_TOKEN, { token: AGENT_TOKEN, email: 'agent01@example.com' }],
      apiTokens: [API_TOKEN],
      agents: demoZendeskAgents(7),
      webhookTimeoutMs: 1000,
      webhookRetries: 1,
      webhookBackoffMs: 1,
      now: () => clock,
    });
  });
  afterAll(async () => {
    await zd.close();
    await receiver.close();
  });
  beforeEach(async () => {
    clock = START;
    await sandbox('/reset', 'POST');
    receiver.received.length = 0;
  });

  describe('authentication and permissions', () => {
    it('answers 401 without credentials, with a bad token and with password basic auth, with rate headers', async () => {
      // Act
      const none = await api('/api/v2/users/me', { token: null });
      const bad = await api('/api/v2/users/me', { token: 'nope' });
      const password = await api('/api/v2/users/me', {
        token: null,
        headers: { Authorization: `Basic ${Buffer.from('admin@example.com:secret').toString('base64')}` },
      });
      const wrongApiToken = await api('/api/v2/users/me', {
        token: null,
        headers: { Authorization: `Basic ${Buffer.from('admin@example.com/token:other').toString('base64')}` },
      });
      // Assess
      for (const res of [none, bad, password, wrongApiToken]) expect(res.status).toBe(401);
      expect(await body(none)).toEqual({ error: "Couldn't authenticate you" });
      expect(none.headers.get('x-rate-limit')).toBe('700');
      expect(Number(none.headers.get('x-rate-limit-remaining'))).toBeLessThan(700);
    });

    it('accepts a bearer token and legacy email/token basic auth, acting as the named user', async () => {
      // Act
      const bearer = await api('/api/v2/users/me');
      const basic = await api('/api/v2/users/me', {
        token: null,
        headers: { Authorization: `Basic ${Buffer.from(`AGENT02@example.com/token:${API_TOKEN}`).toString('base64')}` },
      });
      // Assess
      expect(bearer.status).toBe(200);
      expect((await body(bearer)).user).toMatchObject({ email: 'admin@example.com', role: 'admin' });
      expect(basic.status).toBe(200);
      expect((await body(basic)).user).toMatchObject({ email: 'agent02@example.com', role: 'agent' });
    });

    it('answers 403 to a non-admin on the availability endpoints but lets it read users', async () => {
      // Prepare
      const agentId = zd.agents()[1]?.id;
      // Act
      const statuses = await api('/api/v2/agent_availabilities/agent_statuses', { token: AGENT_TOKEN });
      const one = await api(`/api/v2/agent_availabilities/${agentId}`, { token: AGENT_TOKEN });
      const list = await api('/api/v2/agent_availabilities', { token: AGENT_TOKEN });
      const put = await api(`/api/v2/agent_availabilities/agent_statuses/agents/${agentId}`, {
        token: AGENT_TOKEN,
        method: 'PUT',
        body: JSON.stringify({ id: 31 }),
      });
      const users = await api('/api/v2/users?role[]=agent', { token: AGENT_TOKEN });
      // Assess
      expect([statuses.status, one.status, list.status, put.status]).toEqual([403, 403, 403, 403]);
      expect(users.status).toBe(200);
      expect(zd.agent(agentId as number)?.version).toBe(1);
    });
  });

  describe('users', () => {
    it('walks agents and admins with cursor pagination, never listing end-users', async () => {
      // Prepare
      const seen: Array<{ email: string; role: string }> = [];
      let next: string | null = `${zd.url}/api/v2/users.json?role%5B%5D=agent&role%5B%5D=admin&page%5Bsize%5D=3`;
      let pages = 0;
      // Act
      while (next) {
        const res = await fetch(next, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
        expect(res.status).toBe(200);
        const page = await body(res);
        seen.push(...(page.users as Array<{ email: string; role: string }>));
        next = page.meta.has_more ? (page.links.next as string) : null;
        pages += 1;
      }
      const all = await body(await api('/api/v2/users'));
      const tooBig = await api('/api/v2/users?page[size]=101');
      // Assess
      expect(pages).toBe(3);
      expect(seen).toHaveLength(8);
      expect(seen.map((u) => u.role).sort()).toEqual(['admin', ...Array(7).fill('agent')]);
      expect(all.count).toBe(10);
      expect((all.users as Array<{ role: string }>).filter((u) => u.role === 'end-user')).toHaveLength(2);
      expect(tooBig.status).toBe(400);
    });

    it('finds a user by email case-insensitively with offset pagination', async () => {
      // Act
      const found = await body(await api(`/api/v2/users/search.json?query=${encodeURIComponent('email:agent03@EXAMPLE.com')}`));
      const missing = await body(await api(`/api/v2/users/search?query=${encodeURIComponent('email:nobody@example.com')}`));
      const id = (found.users as Array<{ id: number }>)[0]?.id;
      const show = await body(await api(`/api/v2/users/${id}`));
      // Assess
      expect(found).toMatchObject({ count: 1, next_page: null, previous_page: null });
      expect(found.users[0]).toMatchObject({ email: 'Agent03@Example.com', role: 'agent', active: true, suspended: false, verified: true });
      expect(Object.keys(found.users[0])).toEqual(expect.arrayContaining(['id', 'url', 'name', 'email', 'role', 'time_zone', 'locale', 'role_type']));
      expect(missing).toMatchObject({ users: [], count: 0 });
      expect(show.user.id).toBe(id);
    });
  });

  describe('statuses and availabilities', () => {
    it('lists default statuses under non-default ids, and custom ones with channels and groups', async () => {
      // Act
      const res = await body(await api('/api/v2/agent_availabilities/agent_statuses'));
      // Assess
      const ids = Object.fromEntries((res.default as Array<{ id: number; attributes: { name: string } }>).map((s) => [s.attributes.name, s.id]));
      expect(ids).toEqual({ online: 31, offline: 32, away: 33, transfers_only: 34 });
      expect(Object.values(ids)).not.toEqual(expect.arrayContaining([2, 3, 4, 5]));
      expect(res.default[0]).toEqual({ attributes: { description: expect.any(String), name: 'away' }, id: 33, type: 'agent_status' });
      expect(res.custom).toContainEqual({
        attributes: { channels: { messaging: 'away', support: 'online', talk: 'away' }, description: expect.any(String), name: 'In a meeting', group_ids: [] },
        id: 36,
        type: 'agent_status',
        updated_at: '2026-03-02T09:00:00Z',
      });
      expect(res).toMatchObject({ links: {}, meta: {} });
    });

    it('sets a status with either body shape, bumps version each time and answers the availability', async () => {
      // Prepare
      const agent = zd.agents().find((a) => a.role === 'agent');
      const path = `/api/v2/agent_availabilities/agent_statuses/agents/${agent?.id}`;
      // Act
      const byId = await api(path, { method: 'PUT', body: JSON.stringify({ id: 31 }) });
      clock += 1000;
      const byJsonApi = await api(path, { method: 'PUT', body: JSON.stringify({ data: { type: 'agent_status', attributes: { agent_status_id: '33' } } }) });
      const read = await body(await api(`/api/v2/agent_availabilities/${agent?.id}`));
      // Assess
      expect(byId.status).toBe(200);
      expect((await body(byId)).data.attributes).toMatchObject({
        agent_id: agent?.id,
        agent_status: { id: 31, name: 'online', reason: 'PUBLIC_API' },
        version: 2,
      });
      expect(byJsonApi.status).toBe(200);
      expect(read.data).toMatchObject({
        id: `agent_availabilities|${agent?.id}`,
        type: 'agent_availabilities',
        attributes: {
          agent_status: { id: 33, name: 'away', reason: 'PUBLIC_API', updated_at: expect.stringMatching(/^2026-03-02T09:00:01\.000\d{3}Z$/) },
          version: 3,
        },
        relationships: { channels: { data: expect.arrayContaining([{ id: `agent_availabilities|${agent?.id}|channels|talk`, type: 'channels' }]) } },
      });
    });

    it('rejects the other body shape in strict modes, unknown statuses, agents and bad bodies', async () => {
      // Prepare
      const agentId = zd.agents().find((a) => a.role === 'agent')?.id;
      const path = `/api/v2/agent_availabilities/agent_statuses/agents/${agentId}`;
      const jsonApi = JSON.stringify({ data: { type: 'agent_status', attributes: { agent_status_id: '31' } } });
      const endUser = zd.users().find((u) => u.role === 'end-user');
      // Act
      await sandbox('/config', 'PUT', { statusBodyShape: 'id' });
      const idOnly = await api(path, { method: 'PUT', body: jsonApi });
      await sandbox('/config', 'PUT', { statusBodyShape: 'jsonapi' });
      const jsonApiOnlyRejects = await api(path, { method: 'PUT', body: JSON.stringify({ id: 31 }) });
      const jsonApiOnlyAccepts = await api(path, { method: 'PUT', body: jsonApi });
      await sandbox('/config', 'PUT', { statusBodyShape: 'both' });
      const unknownStatus = await api(path, { method: 'PUT', body: JSON.stringify({ id: 3 }) });
      const ineligible = await api(path, { method: 'PUT', body: JSON.stringify({ id: 37 }) });
      const unknownAgent = await api('/api/v2/agent_availabilities/agent_statuses/agents/999', { method: 'PUT', body: JSON.stringify({ id: 31 }) });
      const notAnAgent = await api(`/api/v2/agent_availabilities/agent_statuses/agents/${endUser?.id}`, { method: 'PUT', body: JSON.stringify({ id: 31 }) });
      const garbage = await api(path, { method: 'PUT', body: '{"status":' });
      // Assess
      expect(idOnly.status).toBe(400);
      expect(jsonApiOnlyRejects.status).toBe(400);
      expect(jsonApiOnlyAccepts.status).toBe(200);
      expect(unknownStatus.status).toBe(422);
      expect(ineligible.status).toBe(422);
      expect(unknownAgent.status).toBe(404);
      expect(notAnAgent.status).toBe(404);
      expect(garbage.status).toBe(400);
      expect(zd.agent(agentId as number)?.version).toBe(2);
    });

    it('lists availabilities with cursor pagination and included channels', async () => {
      // Prepare
      zd.setStatus('agent02@example.com', 'online');
      const ids: number[] = [];
      let next: string | null = `${zd.url}/api/v2/agent_availabilities?page[size]=5`;
      // Act
      while (next) {
        const page = await body(await fetch(next, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } }));
        ids.push(...(page.data as Array<{ attributes: { agent_id: number } }>).map((d) => d.attributes.agent_id));
        expect(page.included).toHaveLength(page.data.length * 3);
        next = page.meta.has_more ? page.links.next : null;
      }
      const online = await body(await api('/api/v2/agent_availabilities?filter[agent_status_id]=31'));
      // Assess
      expect(ids).toEqual(zd.agents().map((a) => a.id));
      expect(online.data).toHaveLength(1);
      expect(online.included).toContainEqual(
        expect.objectContaining({ type: 'channels', attributes: expect.objectContaining({ name: 'talk', status: 'online' }) }),
      );
    });

    it('refuses a Talk agent_state update under omnichannel routing but reads the inferred state', async () => {
      // Prepare
      const agentId = zd.setStatus('agent01@example.com', 'In a meeting').id;
      // Act
      const put = await api(`/api/v2/channels/voice/availabilities/${agentId}`, {
        method: 'PUT',
        body: JSON.stringify({ availability: { agent_state: 'online' } }),
      });
      const get = await body(await api(`/api/v2/channels/voice/availabilities/${agentId}`, { token: AGENT_TOKEN }));
      // Assess
      expect(put.status).toBe(400);
      expect(get).toEqual({ availability: { agent_state: 'away', via: 'client', call_status: null } });
    });
  });

  describe('webhooks', () => {
    it('validates creation, then shows, lists, resets the signing secret and deletes', async () => {
      // Act
      const getWithEvents = await api('/api/v2/webhooks', {
        method: 'POST',
        body: JSON.stringify({
          webhook: { name: 'x', status: 'active', endpoint: receiver.url, http_method: 'GET', request_format: 'json', subscriptions: [UNIFIED] },
        }),
      });
      const noEndpoint = await api('/api/v2/webhooks', {
        method: 'POST',
        body: JSON.stringify({ webhook: { name: 'x', status: 'active', http_method: 'POST', request_format: 'json', subscriptions: [UNIFIED] } }),
      });
      const hook = await createWebhook([UNIFIED], { authentication: { type: 'bearer_token', data: { token: 'shh' }, add_position: 'header' } });
      const secret = await body(await api(`/api/v2/webhooks/${hook.id}/signing_secret`));
      const reset = await api(`/api/v2/webhooks/${hook.id}/signing_secret`, { method: 'POST' });
      const list = await body(await api('/api/v2/webhooks'));
      const deleted = await api(`/api/v2/webhooks/${hook.id}`, { method: 'DELETE' });
      const gone = await api(`/api/v2/webhooks/${hook.id}`);
      // Assess
      expect(getWithEvents.status).toBe(400);
      expect((await body(getWithEvents)).errors[0].source.pointer).toBe('/webhook/http_method');
      expect(noEndpoint.status).toBe(400);
      expect(hook).toMatchObject({
        id: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/),
        status: 'active',
        http_method: 'POST',
        request_format: 'json',
        subscriptions: [UNIFIED],
        created_at: '2026-03-02T09:00:00Z',
      });
      expect(JSON.stringify(hook)).not.toContain('shh');
      expect(secret).toEqual({ signing_secret: { secret: expect.any(String), algorithm: 'SHA256' } });
      expect(reset.status).toBe(201);
      expect((await body(reset)).signing_secret.secret).not.toBe(secret.signing_secret.secret);
      expect(list.webhooks).toHaveLength(1);
      expect(deleted.status).toBe(204);
      expect(gone.status).toBe(404);
    });

    it('delivers a signed unified event and per-channel events for a change made as the agent', async () => {
      // Prepare
      const hook = await createWebhook([UNIFIED, PER_CHANNEL], { authentication: { type: 'bearer_token', data: { token: 'shh' }, add_position: 'header' } });
      const secret = (await body(await api(`/api/v2/webhooks/${hook.id}/signing_secret`))).signing_secret.secret as string;
      const agentId = zd.agent('agent04@example.com')?.id;
      // Act
      const changed = await sandbox(`/agents/${agentId}/status`, 'PUT', { status: 'online' });
      const log = await flush();
      // Assess
      expect(changed.status).toBe(200);
      expect(log.map((d) => d.outcome)).toEqual(['delivered', 'delivered', 'delivered', 'delivered']);
      const unified = receiver.received.find((r) => r.body.type === UNIFIED) as Received;
      expect(unified.body).toEqual({
        account_id: 424242,
        detail: { account_id: '424242', agent_id: String(agentId), version: '2' },
        event: {
          new_unified_state: { id: 31, name: 'online', reason: 'AGENT_STATUS_SWITCHER' },
          previous_unified_state: { id: 32, name: 'offline', reason: 'UNKNOWN' },
          updated_at: expect.stringMatching(/^2026-03-02T09:00:00\.000\d{6}Z$/),
        },
        id: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/),
        subject: `zen:agent:${agentId}`,
        time: expect.stringMatching(/^2026-03-02T09:00:00\.000\d{6}Z$/),
        type: UNIFIED,
        zendesk_event_version: '2022-11-06',
      });
      expect(unified.headers).toMatchObject({
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Zendesk Webhook',
        authorization: 'Bearer shh',
        'x-zendesk-account-id': '424242',
        'x-zendesk-webhook-id': hook.id,
        'x-zendesk-webhook-invocation-id': expect.stringMatching(/^\d+$/),
        'x-zendesk-webhook-signature-timestamp': '2026-03-02T09:00:00Z',
      });
      // The signature, computed here independently: base64(HMAC-SHA256(secret as UTF-8, timestamp + raw body)).
      const expected = createHmac('sha256', secret).update(`2026-03-02T09:00:00Z${unified.raw}`).digest('base64');
      expect(unified.headers['x-zendesk-webhook-signature']).toBe(expected);
      const channels = receiver.received.filter((r) => r.body.type === PER_CHANNEL).map((r) => r.body.event);
      expect(channels).toEqual(
        ['messaging', 'support', 'talk'].map((channel) => ({
          channel,
          previous_state: 'offline',
          new_state: 'online',
          updated_at: unified.body.event.updated_at,
        })),
      );
    });

    it('echoes our own API writes with reason PUBLIC_API, and skips inactive webhooks', async () => {
      // Prepare
      await createWebhook([UNIFIED]);
      const inactive = await createWebhook([UNIFIED], { status: 'inactive' });
      const agentId = zd.setStatus('agent05@example.com', 'away').id;
      // Act
      await api(`/api/v2/agent_availabilities/agent_statuses/agents/${agentId}`, { method: 'PUT', body: JSON.stringify({ id: 31 }) });
      const log = await flush();
      // Assess
      expect(log.every((d) => d.target !== inactive.id)).toBe(true);
      expect(receiver.received.map((r) => r.body.event.new_unified_state.reason)).toEqual(['AGENT_STATUS_SWITCHER', 'PUBLIC_API']);
      expect(receiver.received[1]?.body.event.previous_unified_state).toEqual({ id: 33, name: 'away', reason: 'AGENT_STATUS_SWITCHER' });
      expect(receiver.received.map((r) => r.body.detail.version)).toEqual(['2', '3']);
    });

    it('duplicates and reorders deliveries on request', async () => {
      // Prepare
      await createWebhook([UNIFIED]);
      // Act
      await sandbox('/delivery', 'PUT', { mode: 'duplicate', copies: 2 });
      zd.setStatus('agent01@example.com', 'online');
      await flush();
      const duplicates = receiver.received.splice(0);
      await sandbox('/delivery', 'PUT', { mode: 'reorder', window: 3 });
      for (const status of ['away', 'transfers_only', 'offline']) zd.setStatus('agent01@example.com', status);
      await flush();
      // Assess
      expect(duplicates).toHaveLength(2);
      expect(duplicates[0]?.raw).toBe(duplicates[1]?.raw);
      expect(duplicates[0]?.headers['x-zendesk-webhook-invocation-id']).toBe(duplicates[1]?.headers['x-zendesk-webhook-invocation-id']);
      expect(receiver.received.map((r) => r.body.detail.version)).toEqual(['5', '4', '3']);
    });

    it('moves agents of a deleted custom status offline with AGENT_STATUS_DELETED', async () => {
      // Prepare
      await createWebhook([UNIFIED]);
      zd.setStatus('agent02@example.com', 'In a meeting');
      // Act
      const deleted = await sandbox('/statuses/36', 'DELETE');
      await flush();
      // Assess
      expect(deleted.status).toBe(204);
      expect(zd.agent('agent02@example.com')?.status).toMatchObject({ name: 'offline', reason: 'AGENT_STATUS_DELETED' });
      expect(receiver.received.map((r) => r.body.event.new_unified_state.reason)).toEqual(['AGENT_STATUS_SWITCHER', 'AGENT_STATUS_DELETED']);
    });
  });

  describe('rate limits and faults', () => {
    it('answers 429 with Retry-After from a fault burst, every Nth request, and an exhausted minute', async () => {
      // Act
      await sandbox('/rate-limit', 'PUT', { retryAfter: 3, burst: 1 });
      const burst = await api('/api/v2/users/me');
      const after = await api('/api/v2/users/me');
      await sandbox('/rate-limit', 'PUT', { everyN: 2 });
      const everyN = [await api('/api/v2/users/me'), await api('/api/v2/users/me')].map((r) => r.status);
      await sandbox('/rate-limit', 'PUT', { everyN: 0, limit: 2 });
      clock += 60_000;
      const budget = [await api('/api/v2/users/me'), await api('/api/v2/users/me'), await api('/api/v2/users/me')];
      clock += 20_000;
      const nextMinute = await api('/api/v2/users/me');
      clock += 40_000;
      const fresh = await api('/api/v2/users/me');
      // Assess
      expect(burst.status).toBe(429);
      expect(burst.headers.get('retry-after')).toBe('3');
      expect(burst.headers.get('x-rate-limit')).toBe('700');
      expect(after.status).toBe(200);
      expect(everyN).toEqual([200, 429]);
      expect(budget.map((r) => r.status)).toEqual([200, 200, 429]);
      expect(budget[2]?.headers.get('retry-after')).toBe('60');
      expect(budget[1]?.headers.get('x-rate-limit-remaining')).toBe('0');
      expect(nextMinute.status).toBe(429);
      expect(nextMinute.headers.get('retry-after')).toBe('40');
      expect(fresh.status).toBe(200);
    });

    it('answers 503 during an outage while the control API keeps working, and journals API requests', async () => {
      // Act
      await sandbox('/faults', 'PUT', { outage: true });
      const down = await api('/api/v2/users/me');
      const control = await sandbox('/agents');
      await sandbox('/faults', 'DELETE');
      const up = await api('/api/v2/agent_availabilities/agent_statuses/agents/1', { method: 'PUT', body: JSON.stringify({ id: 31 }) });
      const journal = await body(await sandbox('/requests?method=PUT'));
      // Assess
      expect(down.status).toBe(503);
      expect(control.status).toBe(200);
      expect(up.status).toBe(404);
      expect(journal.requests).toEqual([
        { method: 'PUT', path: '/api/v2/agent_availabilities/agent_statuses/agents/1', query: {}, body: { id: 31 }, status: 404, at: START },
      ]);
    });
  });

  describe('OAuth', () => {
    const tokens = (form: Record<string, string>) =>
      fetch(`${zd.url}/oauth/tokens`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
      });
    const client = { client_id: 'sandbox-client', client_secret: 'sandbox-client-secret' };

    it('mints client-credentials tokens that expire', async () => {
      // Act
      const badClient = await tokens({ grant_type: 'client_credentials', client_id: 'sandbox-client', client_secret: 'wrong' });
      const minted = await body(await tokens({ grant_type: 'client_credentials', ...client, scope: 'read write', expires_in: '300' }));
      const works = await api('/api/v2/agent_availabilities/agent_statuses', { token: minted.access_token });
      clock += 301_000;
      const expired = await api('/api/v2/agent_availabilities/agent_statuses', { token: minted.access_token });
      // Assess
      expect(badClient.status).toBe(401);
      expect(minted).toEqual({ access_token: expect.any(String), token_type: 'bearer', scope: 'read write', expires_in: 300 });
      expect(works.status).toBe(200);
      expect(expired.status).toBe(401);
    });

    it('exchanges a PKCE code and rotates refresh tokens, killing the old pair', async () => {
      // Prepare
      const verifier = 'a-verifier-long-enough-for-pkce-0123456789';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      const code = (
        (await body(await sandbox('/oauth/codes', 'POST', { client_id: 'sandbox-client', code_challenge: challenge, redirect_uri: 'https://app/cb' }))) as {
          code: string;
        }
      ).code;
      // Act
      const wrongVerifier = await tokens({
        grant_type: 'authorization_code',
        ...client,
        code: zd.issueAuthCode({ clientId: 'sandbox-client', codeChallenge: challenge }),
        code_verifier: 'nope',
      });
      const first = await body(await tokens({ grant_type: 'authorization_code', ...client, code, redirect_uri: 'https://app/cb', code_verifier: verifier }));
      const second = await body(await tokens({ grant_type: 'refresh_token', ...client, refresh_token: first.refresh_token }));
      const replay = await tokens({ grant_type: 'refresh_token', ...client, refresh_token: first.refresh_token });
      const oldAccess = await api('/api/v2/users/me', { token: first.access_token });
      const newAccess = await api('/api/v2/users/me', { token: second.access_token });
      const readOnly = await body(await tokens({ grant_type: 'client_credentials', ...client, scope: 'read' }));
      const writeWithRead = await api('/api/v2/webhooks', { token: readOnly.access_token, method: 'POST', body: '{}' });
      // Assess
      expect(wrongVerifier.status).toBe(400);
      expect(first).toMatchObject({ token_type: 'bearer', expires_in: 1800, refresh_token: expect.any(String) });
      expect(second.refresh_token).not.toBe(first.refresh_token);
      expect(replay.status).toBe(400);
      expect(oldAccess.status).toBe(401);
      expect(newAccess.status).toBe(200);
      expect(writeWithRead.status).toBe(403);
    });
  });
});
