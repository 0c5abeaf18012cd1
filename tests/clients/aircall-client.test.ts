// The Aircall client against a scripted server: requests it sends, JSON it accepts or refuses, budget and 429s.
import { clearRateBudgets } from '../../lambdas/aircall/rate-budget';
import { createAircallClient, type AircallClientOptions } from '../../lambdas/aircall/client';
import { AuthError, InvalidInputError, InvalidResponseError, RateLimitedError } from '../../lambdas/http/errors';
import { FakeClock } from './fake-clock';
import { reply, startScriptServer, type ScriptServer } from './script-server';

const API_ID = 'api-id-1';
const API_TOKEN = 'api-token-SECRET-42';

let server: ScriptServer;
beforeEach(async () => {
  server = await startScriptServer();
});
afterEach(async () => {
  await server.close();
  clearRateBudgets();
});

const user = (id: number, extra: Record<string, unknown> = {}) => ({
  id,
  name: `User ${id}`,
  email: `user${id}@example.com`,
  available: true,
  availability_status: 'available',
  substatus: 'always_opened',
  ...extra,
});

function client(overrides: Partial<AircallClientOptions> = {}) {
  const sleeps: number[] = [];
  const aircall = createAircallClient({
    apiId: API_ID,
    apiToken: API_TOKEN,
    baseUrl: server.url,
    budgetKey: `test-${Math.random()}`,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...overrides,
  });
  return { aircall, sleeps };
}

describe('Aircall client', () => {
  it('authenticates with Basic api_id:api_token and sends JSON Content-Type only on writes', async () => {
    server.script(reply(200, { ping: 'pong' }), reply(200, { user: user(1, { availability_status: 'unavailable' }) }));
    const { aircall } = client();

    await aircall.ping();
    await aircall.setAvailabilityStatus(1, 'unavailable');

    const [ping, put] = server.requests;
    expect(ping?.headers.authorization).toBe(`Basic ${Buffer.from(`${API_ID}:${API_TOKEN}`).toString('base64')}`);
    expect(ping?.headers['content-type']).toBeUndefined();
    expect(put).toMatchObject({ method: 'PUT', url: '/v2/users/1' });
    expect(put?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(put?.body ?? '')).toEqual({ availability_status: 'unavailable' });
  });

  it('lists users across pages, following next_page_link onto the configured origin', async () => {
    server.script(
      reply(200, { users: [user(1), user(2)], meta: { next_page_link: 'https://api.aircall.io/v2/users?page=2&per_page=50' } }),
      reply(200, { users: [user(3, { substatus: 'Out for lunch', availability_status: 'unavailable', available: false })], meta: { next_page_link: null } }),
    );
    const users = await client().aircall.listUsers();

    expect(server.requests.map((r) => r.url)).toEqual(['/v2/users?per_page=50', '/v2/users?page=2&per_page=50']);
    expect(users.map((u) => u.id)).toEqual([1, 2, 3]);
    expect(users[0]).toEqual({
      id: 1,
      name: 'User 1',
      email: 'user1@example.com',
      available: true,
      availabilityStatus: 'available',
      substatus: { kind: 'open' },
    });
    expect(users[2]?.substatus).toEqual({ kind: 'reason', reason: 'out_for_lunch' });
  });

  it('without next_page_link, pages by meta.total, current_page and per_page (V2 pages, issue 11)', async () => {
    server.script(
      reply(200, { users: [user(1), user(2)], meta: { total: 5, current_page: 1, per_page: 2 } }),
      reply(200, { users: [user(3), user(4)], meta: { total: 5, current_page: 2, per_page: 2 } }),
      reply(200, { users: [user(5)], meta: { total: 5, current_page: 3, per_page: 2 } }),
    );
    const users = await client().aircall.listUsers();
    expect(users.map((u) => u.id)).toEqual([1, 2, 3, 4, 5]);
    expect(server.requests.map((r) => r.url)).toEqual(['/v2/users?per_page=50', '/v2/users?per_page=50&page=2', '/v2/users?per_page=50&page=3']);
  });

  it('without any paging meta, asks for the next page after a full one and stops on an empty page', async () => {
    const full = Array.from({ length: 50 }, (_, i) => user(i + 1));
    server.script(reply(200, { users: full }), reply(200, { users: [user(51)], meta: {} }));
    expect(await client().aircall.listUsers()).toHaveLength(51);
    server.script(reply(200, { users: full }), reply(200, { users: [] }));
    expect(await client().aircall.listUsers()).toHaveLength(50);
    expect(server.requests.map((r) => r.url)).toEqual([
      '/v2/users?per_page=50',
      '/v2/users?per_page=50&page=2',
      '/v2/users?per_page=50',
      '/v2/users?per_page=50&page=2',
    ]);
  });

  it('gets a user by URL-encoded email, and returns undefined on 404 once the list shows V2 still answers', async () => {
    server.script(reply(200, { user: user(7, { substatus: undefined }) }), reply(404, { message: 'Not Found' }), reply(200, { users: [user(1)], meta: {} }));
    const { aircall } = client();

    expect(await aircall.getUser('a+b@example.com')).toMatchObject({ id: 7 });
    expect(await aircall.getUser(999)).toBeUndefined();
    // A 404 on one user is ambiguous: the list endpoint decides (issue 11), and V1 is not tried.
    expect(server.requests.map((r) => r.url)).toEqual(['/v2/users/a%2Bb%40example.com', '/v2/users/999', '/v2/users?per_page=1']);
  });

  it('uses /v1/users when pinned to V1, and /v1 for availabilities either way', async () => {
    server.script(reply(200, { user: user(7) }), reply(200, { users: [], meta: { next_page_link: null } }));
    const { aircall } = client({ userApiVersion: 'v1' });
    await aircall.getUser(7);
    await aircall.listAvailabilities();
    expect(server.requests.map((r) => r.url)).toEqual(['/v1/users/7', '/v1/users/availabilities?per_page=50']);
  });

  it('reports a user without a valid availability_status as InvalidResponseError', async () => {
    server.script(reply(200, { user: user(5, { availability_status: 'busy' }) }), reply(200, { user: { id: 6, email: 'x@y.z' } }));
    const { aircall } = client();
    const err = await aircall.getUser(5).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidResponseError);
    expect((err as Error).message).toMatch(/user 5 with availability_status "busy"/);
    await expect(aircall.getUser(6)).rejects.toThrow(/availability_status missing/);
  });

  it('refuses invalid writes without sending anything', async () => {
    const { aircall } = client();
    await expect(aircall.setAvailabilityStatus(1, 'in_call' as never)).rejects.toBeInstanceOf(InvalidInputError);
    await expect(aircall.setAvailabilityStatus(0, 'available')).rejects.toBeInstanceOf(InvalidInputError);
    await expect(aircall.createWebhook({ url: 'https://x.example/h', events: [] })).rejects.toThrow(/ALL events/);
    await expect(aircall.createWebhook({ url: 'https://x.example/h', events: [''] })).rejects.toBeInstanceOf(InvalidInputError);
    expect(server.requests).toHaveLength(0);
  });

  it('rejects an update that did not take', async () => {
    server.script(reply(200, { user: user(1, { availability_status: 'available' }) }));
    await expect(client().aircall.setAvailabilityStatus(1, 'unavailable')).rejects.toBeInstanceOf(InvalidResponseError);
  });

  it('keeps unknown live availabilities as "unknown" with the raw value', async () => {
    server.script(
      reply(200, {
        users: [
          { id: 1, availability: 'in_call' },
          { id: 2, availability: 'ringing' },
        ],
        meta: { next_page_link: null },
      }),
    );
    expect(await client().aircall.listAvailabilities()).toEqual([
      { id: 1, availability: 'in_call' },
      { id: 2, availability: 'unknown', rawAvailability: 'ringing' },
    ]);
  });

  it('creates, lists and deletes webhooks', async () => {
    const hook = {
      webhook_id: 'c2501111-8a69-4342-bb34-bcd6cfe564ab',
      url: 'https://x.example/h',
      events: ['user.opened'],
      active: true,
      token: 'tok',
      custom_name: 'sync',
    };
    server.script(reply(201, { webhook: hook }), reply(200, { webhooks: [hook], meta: { next_page_link: null } }), reply(204), reply(404));
    const { aircall } = client();

    const created = await aircall.createWebhook({ url: hook.url, events: ['user.opened'], customName: 'sync' });
    const listed = await aircall.listWebhooks();
    const deleted = await aircall.deleteWebhook(hook.webhook_id);
    const again = await aircall.deleteWebhook(hook.webhook_id);

    expect(created).toEqual({ webhookId: hook.webhook_id, url: hook.url, events: ['user.opened'], active: true, customName: 'sync', token: 'tok' });
    expect(listed).toEqual([created]);
    expect([deleted, again]).toEqual([true, false]);
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({ custom_name: 'sync', url: hook.url, events: ['user.opened'] });
    expect(server.requests[2]).toMatchObject({ method: 'DELETE', url: `/v1/webhooks/${hook.webhook_id}` });
    expect(server.requests[2]?.headers['content-type']).toBe('application/json');
  });

  it('surfaces 403 as AuthError without the token', async () => {
    server.fallback(reply(403, { message: 'Forbidden' }));
    const err = await client()
      .aircall.ping()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect((err as Error).message).toBe('Aircall rejected the API key (403): no status will sync for this account');
    expect(JSON.stringify(err) + String((err as Error).stack)).not.toContain(API_TOKEN);
  });

  describe('a credential Aircall no longer accepts', () => {
    const refused = () => {
      const reasons: string[] = [];
      const onCredentialRefused = async (_refused: unknown, reason: string) => {
        reasons.push(reason);
        return new Error(`paused: ${reason}`);
      };
      return { reasons, onCredentialRefused };
    };

    it('is confirmed with GET /v1/ping and reported once; the request throws what the report returns', async () => {
      server.fallback(reply(403, { message: 'Forbidden' }));
      const hook = refused();
      const err = await client({ onCredentialRefused: hook.onCredentialRefused })
        .aircall.setAvailabilityStatus(7, 'unavailable')
        .catch((e: unknown) => e);
      expect((err as Error).message).toBe('paused: Aircall refused the API key (403)');
      expect(hook.reasons).toEqual(['Aircall refused the API key (403)']);
      expect(server.requests.map((r) => `${r.method} ${r.url}`).slice(-1)).toEqual(['GET /v1/ping']);
      expect(server.requests.every((r) => r.headers.authorization === server.requests[0]?.headers.authorization)).toBe(true);
    });

    it('is not reported when the ping still works: a refusal of that one request stays an AuthError', async () => {
      server.script(reply(403, { message: 'Forbidden' }), reply(200, { ping: 'pong' }));
      const hook = refused();
      const err = await client({ onCredentialRefused: hook.onCredentialRefused })
        .aircall.listWebhooks()
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AuthError);
      expect(hook.reasons).toEqual([]);
    });

    it('is not reported when the ping cannot answer (a 5xx proves nothing)', async () => {
      server.script(reply(401, { message: 'Unauthorized' }));
      server.fallback(reply(503, {}));
      const hook = refused();
      const err = await client({ onCredentialRefused: hook.onCredentialRefused, maxRetries: 0 })
        .aircall.listWebhooks()
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AuthError);
      expect(hook.reasons).toEqual([]);
    });

    it('a ping refused on its own is the AuthError, with no second ping', async () => {
      server.fallback(reply(403, { message: 'Forbidden' }));
      const hook = refused();
      const err = await client({ onCredentialRefused: hook.onCredentialRefused })
        .aircall.ping()
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AuthError);
      expect(server.requests).toHaveLength(1);
      expect(hook.reasons).toEqual([]);
    });
  });

  it('on 429 waits until X-AircallApi-Reset and pauses the shared budget', async () => {
    const clock = new FakeClock(1_750_000_000_000);
    server.script(
      reply(429, {}, { 'X-AircallApi-Limit': '60', 'X-AircallApi-Remaining': '0', 'X-AircallApi-Reset': '1750000009' }),
      reply(200, { ping: 'pong' }),
    );
    const sleeps: number[] = [];
    const { aircall } = client({
      clock,
      sleep: async (ms) => {
        sleeps.push(ms);
        await clock.advance(ms);
      },
    });

    await aircall.ping();

    expect(sleeps).toEqual([9000]);
    expect(server.requests).toHaveLength(2);
  });

  it('on 429 without a reset header reads Retry-After, else backs off exponentially', async () => {
    server.script(reply(429, {}, { 'Retry-After': '2' }), reply(429), reply(429), reply(200, {}));
    const clock = new FakeClock();
    const sleeps: number[] = [];
    const { aircall } = client({
      clock,
      sleep: async (ms) => {
        sleeps.push(ms);
        await clock.advance(ms);
      },
    });
    await aircall.ping();
    expect(sleeps).toEqual([2000, 2000, 4000]);
  });

  it('throws RateLimitedError when the wait exceeds maxRateLimitWaitMs', async () => {
    server.fallback(reply(429, {}, { 'Retry-After': '50' }));
    const err = await client({ maxRateLimitWaitMs: 10_000 })
      .aircall.ping()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).retryAfterMs).toBe(50_000);
  });

  it('never sends more than the budget per window (real time, short window)', async () => {
    const key = 'short-window-company';
    const a = createAircallClient({ apiId: API_ID, apiToken: API_TOKEN, baseUrl: server.url, budgetKey: key, rateLimitPerMinute: 3, rateWindowMs: 300 });
    const b = createAircallClient({ apiId: API_ID, apiToken: API_TOKEN, baseUrl: server.url, budgetKey: key, rateLimitPerMinute: 3, rateWindowMs: 300 });
    server.fallback(reply(200, { ping: 'pong' }));
    const started = Date.now();

    await Promise.all([a, b, a, b, a, b, a].map((c) => c.ping()));

    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    const times = server.requests.map((r) => r.at);
    for (let i = 3; i < times.length; i++) expect((times[i] ?? 0) - (times[i - 3] ?? 0)).toBeGreaterThanOrEqual(295);
    expect(a.budget()).toMatchObject({ capacity: 3 });
  });
});
