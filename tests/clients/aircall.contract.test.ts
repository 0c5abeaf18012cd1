// Contract: the Aircall client against the Aircall sandbox (users, status, availabilities, webhooks, auth, limits, faults).
import { createAircallClient, type AircallClientOptions } from '../../lambdas/aircall/client';
import { clearRateBudgets } from '../../lambdas/aircall/rate-budget';
import { AuthError, ClientError, NetworkError, RateLimitedError, ServerError, TimeoutError } from '../../lambdas/http/errors';
import type { RetryEvent } from '../../lambdas/http/request';
import { demoAircallUsers, startAircallSandbox, type AircallSandbox } from '../../local/sandbox/aircall';
import { FakeClock } from './fake-clock';

const API_ID = 'contract-api-id';
const API_TOKEN = 'contract-api-token-SECRET';
// Aligned on a minute, as the sandbox's rate windows are.
const T0 = 1_750_000_020_000;

let sandbox: AircallSandbox;
let clock: FakeClock;

beforeEach(async () => {
  clock = new FakeClock(T0);
  sandbox = await startAircallSandbox({ apiId: API_ID, apiToken: API_TOKEN, users: demoAircallUsers(120), rateLimitPerMinute: 1000, now: () => clock.now() });
});
afterEach(async () => {
  await sandbox.close();
  clearRateBudgets();
});

function client(overrides: Partial<AircallClientOptions> = {}) {
  return createAircallClient({
    apiId: API_ID,
    apiToken: API_TOKEN,
    baseUrl: sandbox.url,
    budgetKey: `contract-${Math.random()}`,
    rateLimitPerMinute: 1000,
    clock,
    sleep: async () => {},
    ...overrides,
  });
}

describe('Aircall client ⇄ sandbox', () => {
  it('pings with valid credentials', async () => {
    await expect(client().ping()).resolves.toBeUndefined();
  });

  it('lists every user across pages of 50', async () => {
    const users = await client().listUsers();

    expect(users).toHaveLength(120);
    expect(users[0]).toMatchObject({ id: 1001, email: 'agent01@example.com', name: 'Agent 01', availabilityStatus: 'available', substatus: { kind: 'open' } });
    expect(sandbox.requests({ pathPrefix: '/v2/users' }).map((r) => r.query.page ?? '1')).toEqual(['1', '2', '3']);
    expect(sandbox.requests().every((r) => r.path === '/v2/users')).toBe(true);
  });

  it('lists users through /v1 when pinned to V1', async () => {
    const users = await client({ userApiVersion: 'v1' }).listUsers();
    expect(users).toHaveLength(120);
    expect(sandbox.requests().every((r) => r.path === '/v1/users')).toBe(true);
  });

  it('gets a user by email and by id; unknown is undefined', async () => {
    const aircall = client();
    expect(await aircall.getUser('agent07@example.com')).toMatchObject({ id: 1007 });
    expect(await aircall.getUser(1008)).toMatchObject({ email: 'agent08@example.com' });
    expect(await aircall.getUser('nobody@example.com')).toBeUndefined();
  });

  it('sets the status and reads it back, with the live availability', async () => {
    const aircall = client();

    const updated = await aircall.setAvailabilityStatus(1003, 'unavailable');
    const read = await aircall.getUser(1003);
    const live = await aircall.listAvailabilities();

    expect(updated.availabilityStatus).toBe('unavailable');
    expect(read?.availabilityStatus).toBe('unavailable');
    expect(sandbox.user(1003).availability_status).toBe('unavailable');
    expect(live).toHaveLength(120);
    expect(live.find((a) => a.id === 1003)).toEqual({ id: 1003, availability: 'do_not_disturb' });
    expect(live.find((a) => a.id === 1004)?.availability).toBe('available');
  });

  it('reads an agent’s reason through substatus when sub-statuses are on', async () => {
    await sandbox.close();
    sandbox = await startAircallSandbox({ apiId: API_ID, apiToken: API_TOKEN, users: demoAircallUsers(2), substatusesEnabled: true, reasonSpelling: 'label' });
    sandbox.setStatus(1001, 'unavailable', 'out_for_lunch');
    expect((await client().getUser(1001))?.substatus).toEqual({ kind: 'reason', reason: 'out_for_lunch' });
  });

  it('creates, lists and deletes webhooks', async () => {
    const aircall = client();

    const created = await aircall.createWebhook({
      url: 'https://sync.example.org/webhooks/aircall',
      events: ['user.opened.v2', 'user.closed.v2'],
      customName: 'zendesk-status-sync',
    });
    const listed = await aircall.listWebhooks();
    const deleted = await aircall.deleteWebhook(created.webhookId);
    const again = await aircall.deleteWebhook(created.webhookId);

    expect(created).toMatchObject({
      url: 'https://sync.example.org/webhooks/aircall',
      events: ['user.opened.v2', 'user.closed.v2'],
      active: true,
      customName: 'zendesk-status-sync',
    });
    expect(created.token).toEqual(expect.any(String));
    expect(listed).toEqual([created]);
    expect([deleted, again]).toEqual([true, false]);
    expect(sandbox.webhooks()).toEqual([]);
  });

  it('surfaces a wrong key as 403 AuthError and a missing header as 401 AuthError', async () => {
    const wrong = await client({ apiToken: 'wrong-token' })
      .ping()
      .catch((e: unknown) => e);
    // A proxy that drops the Authorization header: the sandbox then answers 401, like Aircall's gateway.
    const strip: typeof fetch = (input, init) => {
      const headers = new Headers(init?.headers);
      headers.delete('authorization');
      return fetch(input, { ...init, headers });
    };
    const missing = await client({ fetch: strip })
      .ping()
      .catch((e: unknown) => e);

    expect(wrong).toBeInstanceOf(AuthError);
    expect(wrong).toMatchObject({ status: 403, message: 'Aircall rejected the API key (403): no status will sync for this account' });
    expect(missing).toBeInstanceOf(AuthError);
    expect(missing).toMatchObject({ status: 401 });
    expect(JSON.stringify([wrong, missing]) + String(wrong) + String(missing)).not.toContain('wrong-token');
  });

  it('reports a write the sandbox refuses as ClientError, without retrying', async () => {
    const err = await client({ userApiVersion: 'v1' })
      .createWebhook({ url: 'not a url', events: ['user.opened'] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClientError);
    expect(err).toMatchObject({ status: 400 });
    expect(sandbox.requests({ methods: ['POST'] })).toHaveLength(1);
  });

  describe('rate limit', () => {
    /** Runs `count` pings, at most `concurrency` at a time, moving the fake clock 1 s per tick until all are done. */
    async function pingMany(aircall: ReturnType<typeof client>, count: number, concurrency: number): Promise<unknown[]> {
      const errors: unknown[] = [];
      let next = 0;
      const worker = async () => {
        while (next < count) {
          next++;
          await aircall.ping().catch((e: unknown) => errors.push(e));
        }
      };
      let done = false;
      const all = Promise.all(Array.from({ length: concurrency }, worker)).then(() => {
        done = true;
      });
      while (!done) {
        await new Promise((resolve) => setTimeout(resolve, 3));
        await clock.advance(1000);
      }
      await all;
      return errors;
    }

    it.each(['always', 'when_limited'] as const)('the budget prevents every 429 when it equals the sandbox limit (headers %s)', async (headers) => {
      // Prepare
      sandbox.setRateLimit({ perMinute: 60, headers, reset: true });
      const aircall = client({ rateLimitPerMinute: 60 });

      // Act
      const errors = await pingMany(aircall, 120, 8);

      // Assess
      const answered = sandbox.requests({ pathPrefix: '/v1/ping' });
      expect(errors).toEqual([]);
      expect(answered).toHaveLength(120);
      expect(answered.filter((r) => r.status === 429)).toHaveLength(0);
      expect(clock.now() - T0).toBeGreaterThanOrEqual(60_000);
    });

    it('without a budget the sandbox answers 429, and the client waits until X-AircallApi-Reset', async () => {
      sandbox.setRateLimit({ perMinute: 2, headers: 'when_limited', reset: true });
      await clock.advance(15_000); // 45 s before the window resets
      const sleeps: number[] = [];
      const aircall = client({
        maxRateLimitWaitMs: 120_000,
        sleep: async (ms) => {
          sleeps.push(ms);
          await clock.advance(ms);
        },
      });

      for (let i = 0; i < 3; i++) await aircall.ping();

      expect(sleeps).toEqual([45_000]);
      expect(sandbox.requests().map((r) => r.status)).toEqual([200, 200, 429, 200]);
    });

    it('throws RateLimitedError when the reset is further than the client will wait', async () => {
      sandbox.setRateLimit({ perMinute: 1, reset: true });
      const aircall = client({ maxRateLimitWaitMs: 10_000 });
      await aircall.ping();
      const err = await aircall.ping().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RateLimitedError);
      expect((err as RateLimitedError).retryAfterMs).toBe(60_000);
      // The shared budget now holds every caller until the reset.
      expect(aircall.budget().pausedForMs).toBe(60_000);
    });

    it('rides out an injected burst of 429s', async () => {
      sandbox.setFaults({ burst429: 1 });
      const sleeps: number[] = [];
      const aircall = client({
        maxRateLimitWaitMs: 60_000,
        sleep: async (ms) => {
          sleeps.push(ms);
          await clock.advance(ms);
        },
      });
      await aircall.ping();
      expect(sleeps).toEqual([60_000]);
    });
  });

  describe('faults', () => {
    it('retries through injected 5xx errors', async () => {
      sandbox.setFaults({ errorRate: 0.3 });
      const retries: RetryEvent[] = [];
      const aircall = client({ maxRetries: 8, onRetry: (e) => retries.push(e) });

      for (let i = 0; i < 20; i++) await aircall.getUser(1001 + i);

      expect(retries.length).toBeGreaterThan(0);
      expect(retries.every((r) => r.reason === 'server_error' && (r.status === 500 || r.status === 503))).toBe(true);
    });

    it('gives up on an outage with a retryable ServerError after maxRetries', async () => {
      sandbox.setFaults({ outage: true });
      const err = await client({ maxRetries: 2 })
        .setAvailabilityStatus(1001, 'unavailable')
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ServerError);
      expect(err).toMatchObject({ status: 503, retryable: true });
      expect(sandbox.requests()).toHaveLength(3);
    });

    it('times out on injected latency, and succeeds once it is under the timeout', async () => {
      sandbox.setFaults({ latencyMs: 250 });
      const slow = await client({ timeoutMs: 60, maxRetries: 1 })
        .ping()
        .catch((e: unknown) => e);
      expect(slow).toBeInstanceOf(TimeoutError);
      expect(slow).toBeInstanceOf(NetworkError);

      sandbox.setFaults({ latencyMs: 20 });
      await expect(client({ timeoutMs: 1000 }).ping()).resolves.toBeUndefined();
    });
  });
});
