// The Zendesk client against a scripted server: auth headers, cursor pages, JSON:API parsing, status body, webhooks.
import { createZendeskClient, unifiedStatusBody, type ZendeskClientOptions } from '../../lambdas/zendesk/client';
import { AuthError, InvalidInputError, InvalidResponseError, RateLimitedError } from '../../lambdas/http/errors';
import { reply, startScriptServer, type ScriptServer } from './script-server';

const TOKEN = 'oauth-SECRET-token-77';

let server: ScriptServer;
beforeEach(async () => {
  server = await startScriptServer();
});
afterEach(() => server.close());

function client(overrides: Partial<ZendeskClientOptions> = {}) {
  const sleeps: number[] = [];
  const zendesk = createZendeskClient({
    subdomain: 'acme',
    baseUrl: server.url,
    auth: { kind: 'oauth', accessToken: TOKEN },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...overrides,
  });
  return { zendesk, sleeps };
}

const availability = (agentId: number, statusId: number, version: number, reason = 'AGENT_STATUS_SWITCHER') => ({
  attributes: { agent_id: agentId, agent_status: { id: statusId, name: 'online', reason, updated_at: '2026-01-01T00:00:00Z' }, version },
  id: `agent_availabilities|${agentId}`,
  type: 'agent_availabilities',
});

describe('Zendesk client', () => {
  it('sends Bearer for OAuth and the legacy email/token Basic header', async () => {
    server.fallback(reply(200, { users: [] }));
    await client().zendesk.searchUserByEmail('a@b.c');
    await client({ auth: { kind: 'api_token', email: 'admin@acme.com', apiToken: 'tok' } }).zendesk.searchUserByEmail('a@b.c');
    await client({ auth: { kind: 'oauth', accessToken: async () => 'rotated' } }).zendesk.searchUserByEmail('a@b.c');
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([
      `Bearer ${TOKEN}`,
      `Basic ${Buffer.from('admin@acme.com/token:tok').toString('base64')}`,
      'Bearer rotated',
    ]);
  });

  it('lists agents and admins with cursor pages, ids as strings', async () => {
    server.script(
      reply(200, {
        users: [{ id: 1, email: 'a@x.com', name: 'A', role: 'agent' }],
        meta: { has_more: true },
        links: { next: 'https://acme.zendesk.com/api/v2/users?page%5Bafter%5D=c1' },
      }),
      reply(200, { users: [{ id: 2, email: 'b@x.com', name: 'B', role: 'admin' }], meta: { has_more: false }, links: { next: null } }),
    );
    const agents = await client().zendesk.listAgents();
    expect(agents).toEqual([
      { id: '1', email: 'a@x.com', name: 'A', role: 'agent' },
      { id: '2', email: 'b@x.com', name: 'B', role: 'admin' },
    ]);
    expect(server.requests.map((r) => decodeURIComponent(r.url))).toEqual([
      '/api/v2/users?role[]=agent&role[]=admin&page[size]=100',
      '/api/v2/users?page[after]=c1',
    ]);
  });

  it('searches by email and returns only the exact, case-insensitive match', async () => {
    server.script(
      reply(200, {
        users: [
          { id: 3, email: 'john.doe+x@acme.com', name: 'J', role: 'agent' },
          { id: 4, email: 'John.Doe@Acme.com', name: 'J', role: 'agent' },
        ],
      }),
      reply(200, { users: [] }),
    );
    const { zendesk } = client();
    expect(await zendesk.searchUserByEmail('john.doe@acme.com')).toMatchObject({ id: '4' });
    expect(await zendesk.searchUserByEmail('nobody@acme.com')).toBeUndefined();
    expect(decodeURIComponent(server.requests[0]?.url ?? '')).toBe('/api/v2/users/search?query=email:john.doe@acme.com');
  });

  it('builds the status catalog from default/default_statuses and custom, across pages', async () => {
    server.script(
      reply(200, {
        default: [{ id: 11, type: 'agent_status', attributes: { name: 'online' } }],
        custom: [],
        meta: { has_more: true },
        links: { next: '/api/v2/agent_availabilities/agent_statuses?page%5Bafter%5D=x' },
      }),
      reply(200, {
        default_statuses: [{ id: 12, name: 'Transfers only' }],
        custom: [{ id: 123, attributes: { name: 'In a meeting' } }],
        meta: { has_more: false },
      }),
    );
    const catalog = await client().zendesk.listStatuses();
    expect(catalog.entries).toEqual([
      { id: '11', name: 'online', status: { kind: 'default', name: 'online' } },
      { id: '12', name: 'Transfers only', status: { kind: 'default', name: 'transfers_only' } },
      { id: '123', name: 'In a meeting', status: { kind: 'custom', id: '123', name: 'In a meeting' } },
    ]);
  });

  it('refuses a status list in the wrong shape', async () => {
    server.script(reply(200, { data: [{ id: 1 }] }));
    await expect(client().zendesk.listStatuses()).rejects.toBeInstanceOf(InvalidResponseError);
  });

  it('reads one availability with or without a data wrapper, and 404 as undefined', async () => {
    server.script(
      reply(200, { data: availability(10011, 3, 236) }),
      reply(200, availability(10012, 4, 7, 'SOMETHING_NEW')),
      reply(404, { error: 'RecordNotFound' }),
    );
    const { zendesk } = client();
    expect(await zendesk.getAvailability('10011')).toEqual({
      agentId: '10011',
      statusId: '3',
      statusName: 'online',
      reason: 'AGENT_STATUS_SWITCHER',
      updatedAt: '2026-01-01T00:00:00Z',
      version: 236,
    });
    expect(await zendesk.getAvailability('10012')).toMatchObject({ agentId: '10012', reason: 'UNKNOWN', version: 7 });
    expect(await zendesk.getAvailability('99')).toBeUndefined();
  });

  it('lists availabilities with cursor pages of 100; agent_status may be absent', async () => {
    server.script(
      reply(200, { data: [availability(1, 3, 1)], meta: { has_more: true }, links: { next: `${server.url}/api/v2/agent_availabilities?page%5Bafter%5D=a` } }),
      reply(200, {
        data: [{ id: 'agent_availabilities|2', type: 'agent_availabilities', attributes: { version: '5' } }],
        meta: { has_more: false },
        links: { next: `${server.url}/never` },
      }),
    );
    expect(await client().zendesk.listAvailabilities()).toEqual([
      expect.objectContaining({ agentId: '1', statusId: '3', version: 1 }),
      { agentId: '2', version: 5 },
    ]);
    expect(decodeURIComponent(server.requests[0]?.url ?? '')).toBe('/api/v2/agent_availabilities?page[size]=100');
    expect(server.requests).toHaveLength(2);
  });

  it('sets the unified status with the configured body shape (§6.2)', async () => {
    server.fallback(reply(200, availability(5, 4, 2)));
    await client().zendesk.setUnifiedStatus('5', '4');
    await client({ statusBodyShape: 'jsonapi' }).zendesk.setUnifiedStatus('5', '4');
    expect(server.requests.map((r) => [r.method, r.url, JSON.parse(r.body)])).toEqual([
      ['PUT', '/api/v2/agent_availabilities/agent_statuses/agents/5', { id: 4 }],
      ['PUT', '/api/v2/agent_availabilities/agent_statuses/agents/5', { data: { type: 'agent_status', attributes: { agent_status_id: '4' } } }],
    ]);
    expect(() => unifiedStatusBody('id', 'abc')).toThrow(InvalidInputError);
  });

  it('creates a webhook, reads its signing secret and deletes it', async () => {
    const hook = {
      id: '01HANAHGYDZP0XD5GCC91ZRCAQ',
      name: 'sync',
      endpoint: 'https://x.example/zd',
      status: 'active',
      subscriptions: ['zen:event-type:agent.unified_state_changed'],
    };
    server.script(reply(201, { webhook: hook }), reply(200, { signing_secret: { secret: 'c2VjcmV0', algorithm: 'SHA256' } }), reply(204), reply(404));
    const { zendesk } = client();

    expect(await zendesk.createWebhook({ name: 'sync', endpoint: hook.endpoint })).toEqual(hook);
    expect(await zendesk.getSigningSecret(hook.id)).toBe('c2VjcmV0');
    expect(await zendesk.deleteWebhook(hook.id)).toBe(true);
    expect(await zendesk.deleteWebhook(hook.id)).toBe(false);
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({
      webhook: {
        name: 'sync',
        status: 'active',
        endpoint: hook.endpoint,
        http_method: 'POST',
        request_format: 'json',
        subscriptions: ['zen:event-type:agent.unified_state_changed'],
      },
    });
    expect(server.requests.map((r) => `${r.method} ${r.url}`).slice(1)).toEqual([
      `GET /api/v2/webhooks/${hook.id}/signing_secret`,
      `DELETE /api/v2/webhooks/${hook.id}`,
      `DELETE /api/v2/webhooks/${hook.id}`,
    ]);
  });

  it('honours Retry-After on 429 and gives up past the cap', async () => {
    server.script(reply(429, {}, { 'Retry-After': '4' }), reply(200, { users: [] }));
    const { zendesk, sleeps } = client();
    await zendesk.searchUserByEmail('a@b.c');
    expect(sleeps).toEqual([4000]);

    server.fallback(reply(429, {}, { 'Retry-After': '90' }));
    await expect(zendesk.searchUserByEmail('a@b.c')).rejects.toBeInstanceOf(RateLimitedError);
  });

  it('maps 401 and 403 to AuthError without leaking the token', async () => {
    server.script(reply(401), reply(403, { error: `Forbidden for ${TOKEN}` }));
    const { zendesk } = client();
    const e401 = await zendesk.listAgents().catch((e: unknown) => e);
    const e403 = await zendesk.listAgents().catch((e: unknown) => e);
    expect(e401).toBeInstanceOf(AuthError);
    expect(e403).toBeInstanceOf(AuthError);
    expect([(e401 as AuthError).status, (e403 as AuthError).status]).toEqual([401, 403]);
    expect(JSON.stringify([e401, e403]) + (e401 as Error).message + (e403 as Error).message).not.toContain(TOKEN);
  });

  it('refuses a bad subdomain before sending anything', () => {
    expect(() => createZendeskClient({ subdomain: 'evil.com/x', auth: { kind: 'oauth', accessToken: TOKEN } })).toThrow(InvalidInputError);
  });
});
