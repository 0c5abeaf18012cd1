// The shared HTTP machinery against a real scripted server: retries, jitter, timeouts, 429 hooks, errors, secrets.
import {
  ApiError,
  AuthError,
  ClientError,
  InvalidResponseError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  TimeoutError,
} from '../../lambdas/http/errors';
import { fullJitterDelay } from '../../lambdas/http/backoff';
import { retryAfterMs, sendJson, type HttpConfig, type RetryEvent } from '../../lambdas/http/request';
import { withDeadline } from '../../lambdas/http/deadline';
import { apiUrl, followLink } from '../../lambdas/http/url';
import { hang, refusedUrl, reply, stallBody, startScriptServer, type ScriptServer } from './script-server';

const SECRET = 'sk-live-TOPSECRET-0123456789';

let server: ScriptServer;
beforeEach(async () => {
  server = await startScriptServer();
});
afterEach(async () => {
  await server.close();
});

/** A config with recorded sleeps and retry events, and a fixed random. */
function harness(overrides: Partial<HttpConfig> = {}) {
  const sleeps: number[] = [];
  const retries: RetryEvent[] = [];
  const config: HttpConfig = {
    system: 'aircall',
    rateLimitDelayMs: ({ headers }) => retryAfterMs(headers, Date.now()) ?? 1000,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    onRetry: (e) => retries.push(e),
    secrets: [SECRET],
    ...overrides,
  };
  return { config, sleeps, retries };
}

const get = (path = '/v1/ping') => ({ method: 'GET' as const, url: `${server.url}${path}`, headers: { Authorization: `Bearer ${SECRET}` } });

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected the request to fail');
}

describe('sendJson', () => {
  it('retries a 500 and returns the following 200', async () => {
    // Prepare
    server.script(reply(500, { message: 'boom' }), reply(200, { ping: 'pong' }));
    const { config, sleeps, retries } = harness();

    // Act
    const res = await sendJson(config, get());

    // Assess
    expect(res.body).toEqual({ ping: 'pong' });
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toEqual([100]); // 0.5 × min(5000, 200 × 2^0)
    expect(retries).toEqual([{ system: 'aircall', method: 'GET', path: '/v1/ping', attempt: 1, reason: 'server_error', status: 500, delayMs: 100 }]);
  });

  it('gives up after maxRetries with a retryable ServerError', async () => {
    server.fallback(reply(503));
    const { config, sleeps } = harness({ random: () => 0.999 });

    const err = await failure(sendJson(config, get()));

    expect(err).toBeInstanceOf(ServerError);
    expect(err).toMatchObject({ name: 'ServerError', system: 'aircall', status: 503, retryable: true, path: '/v1/ping' });
    expect(server.requests).toHaveLength(4); // 1 + 3 retries
    // Full jitter: each delay stays below its exponential ceiling 200, 400, 800.
    expect(sleeps).toHaveLength(3);
    [200, 400, 800].forEach((ceiling, i) => {
      expect(sleeps[i]).toBeGreaterThanOrEqual(0);
      expect(sleeps[i]).toBeLessThan(ceiling);
      expect(sleeps[i]).toBeGreaterThan(ceiling * 0.99 - 1);
    });
  });

  it('honours maxRetries 0', async () => {
    server.fallback(reply(502));
    const { config } = harness({ maxRetries: 0 });
    expect(await failure(sendJson(config, get()))).toBeInstanceOf(ServerError);
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    [400, ClientError],
    [404, NotFoundError],
    [401, AuthError],
    [403, AuthError],
    [405, ClientError],
    [422, ClientError],
  ])('never retries a %i', async (status, type) => {
    server.fallback(reply(status, { error: 'Nope', troubleshoot: 'read the docs' }));
    const { config, sleeps } = harness();

    const err = await failure(sendJson(config, get()));

    expect(err).toBeInstanceOf(type);
    expect(err.status).toBe(status);
    expect(err.retryable).toBe(false);
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('says what an auth failure means, per system and status', async () => {
    server.script(reply(403, { message: 'Forbidden' }), reply(401), reply(401), reply(403));
    const aircall = harness().config;
    const zendesk = harness({ system: 'zendesk' }).config;

    const messages = [
      (await failure(sendJson(aircall, get()))).message,
      (await failure(sendJson(aircall, get()))).message,
      (await failure(sendJson(zendesk, get()))).message,
      (await failure(sendJson(zendesk, get()))).message,
    ];

    expect(messages[0]).toBe('Aircall rejected the API key (403): no status will sync for this account');
    expect(messages[1]).toMatch(/^Aircall rejected the request as unauthenticated \(401\)/);
    expect(messages[2]).toMatch(/^Zendesk rejected the credentials \(401\)/);
    expect(messages[3]).toMatch(/^Zendesk refused access \(403\).*admin/);
  });

  it('keeps the system text of a 4xx in ClientError.detail', async () => {
    server.script(reply(405, { error: 'Method Not Allowed', troubleshoot: 'The user is currently unavailable' }));
    const err = (await failure(sendJson(harness().config, get()))) as ClientError;
    expect(err.detail).toContain('The user is currently unavailable');
    expect(err.message).toMatch(/^Aircall refused GET \/v1\/ping \(405\)/);
  });

  it('waits out a 429 with the system hook, then succeeds', async () => {
    server.script(reply(429, {}, { 'Retry-After': '3' }), reply(200, { ok: true }));
    const { config, sleeps, retries } = harness();

    const res = await sendJson(config, get());

    expect(res.body).toEqual({ ok: true });
    expect(sleeps).toEqual([3000]);
    expect(retries[0]).toMatchObject({ reason: 'rate_limited', status: 429, delayMs: 3000 });
  });

  it('throws RateLimitedError once the total 429 wait would pass the cap', async () => {
    server.fallback(reply(429, {}, { 'Retry-After': '10' }));
    const { config, sleeps } = harness({ maxRateLimitWaitMs: 25_000 });

    const err = await failure(sendJson(config, get()));

    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).retryAfterMs).toBe(10_000);
    expect(err.retryable).toBe(true);
    expect(sleeps).toEqual([10_000, 10_000]);
    expect(server.requests).toHaveLength(3);
  });

  it('caps the number of 429s waited out', async () => {
    server.fallback(reply(429));
    const { config, sleeps } = harness({ rateLimitDelayMs: () => 0, maxRateLimitRetries: 2 });
    expect(await failure(sendJson(config, get()))).toBeInstanceOf(RateLimitedError);
    expect(sleeps).toEqual([0, 0]);
  });

  it('does not spend 5xx retries on 429s', async () => {
    server.script(reply(429), reply(500), reply(429), reply(200, { ok: 1 }));
    const { config } = harness({ maxRetries: 1, rateLimitDelayMs: () => 5 });
    expect((await sendJson(config, get())).body).toEqual({ ok: 1 });
  });

  it('times out a hanging server on every attempt, then throws TimeoutError', async () => {
    server.fallback(hang);
    const { config, retries } = harness({ timeoutMs: 80, maxRetries: 1 });
    const started = Date.now();

    const err = await failure(sendJson(config, get()));

    expect(err).toBeInstanceOf(TimeoutError);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err).toMatchObject({ retryable: true, timeoutMs: 80 });
    expect(err.message).toMatch(/did not answer GET \/v1\/ping within 80 ms/);
    expect(server.requests).toHaveLength(2);
    expect(retries.map((r) => r.reason)).toEqual(['timeout']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  it('times out a body that stalls after the headers', async () => {
    server.script(stallBody, reply(200, { ok: true }));
    const res = await sendJson(harness({ timeoutMs: 80 }).config, get());
    expect(res.body).toEqual({ ok: true });
    expect(server.requests).toHaveLength(2);
  });

  it('retries a refused connection, then throws NetworkError', async () => {
    const url = await refusedUrl();
    const { config, retries } = harness({ maxRetries: 2 });

    const err = await failure(sendJson(config, { method: 'GET', url: `${url}/v1/users` }));

    expect(err).toBeInstanceOf(NetworkError);
    expect(err).not.toBeInstanceOf(TimeoutError);
    expect(err.message).toMatch(/^Could not reach Aircall on GET \/v1\/users \(ECONNREFUSED\) after 3 attempt/);
    expect(retries.map((r) => r.reason)).toEqual(['network', 'network']);
  });

  it('sends a JSON body with Content-Type and reads an empty 204', async () => {
    server.script(reply(204));
    const res = await sendJson(harness().config, { method: 'PUT', url: `${server.url}/v1/users/1`, body: { availability_status: 'available' } });
    expect(res).toMatchObject({ status: 204, body: undefined });
    expect(server.requests[0]?.headers['content-type']).toBe('application/json');
    expect(server.requests[0]?.headers.accept).toBe('application/json');
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({ availability_status: 'available' });
  });

  it('reports a 2xx body that is not JSON as InvalidResponseError', async () => {
    server.script(reply(200, '<html>maintenance</html>'));
    const err = await failure(sendJson(harness().config, get()));
    expect(err).toBeInstanceOf(InvalidResponseError);
    expect(err.retryable).toBe(false);
  });

  it('awaits beforeAttempt and releases after every attempt', async () => {
    server.script(reply(500), reply(200, {}));
    const events: string[] = [];
    const { config } = harness({
      beforeAttempt: async () => {
        events.push('acquire');
        return () => events.push('release');
      },
      afterAttempt: ({ status }) => events.push(`saw ${status}`),
    });
    await sendJson(config, get());
    expect(events).toEqual(['acquire', 'saw 500', 'release', 'acquire', 'saw 200', 'release']);
  });
});

describe('no credential in any error', () => {
  const echoAuth = (status: number) => (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
    // A hostile server echoing the credentials back in its error body.
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ error: `bad header ${req.headers.authorization ?? ''}`, token: SECRET }));
  };

  it.each([400, 401, 403, 404, 405, 429, 500, 503])('status %i', async (status) => {
    server.fallback(echoAuth(status));
    const { config } = harness({ maxRateLimitWaitMs: 0, maxRetries: 1 });

    const err = await failure(sendJson(config, get(`/v1/users/${'x'}`)));

    for (const text of [err.message, err.stack ?? '', JSON.stringify(err), String(err.cause ?? '')]) {
      expect(text).not.toContain(SECRET);
    }
  });

  it('network and timeout errors', async () => {
    server.fallback(hang);
    const timeout = await failure(sendJson(harness({ timeoutMs: 50, maxRetries: 0 }).config, get()));
    const refused = await failure(sendJson(harness({ maxRetries: 0 }).config, { ...get(), url: `${await refusedUrl()}/v1/ping` }));
    for (const err of [timeout, refused]) {
      expect(`${err.message} ${err.stack} ${JSON.stringify(err)}`).not.toContain(SECRET);
    }
  });
});

describe('fullJitterDelay', () => {
  it('stays within [0, min(cap, base·2^n))', () => {
    for (let n = 0; n < 12; n++) {
      const ceiling = Math.min(5000, 200 * 2 ** n);
      expect(fullJitterDelay(n, 200, 5000, () => 0)).toBe(0);
      expect(fullJitterDelay(n, 200, 5000, () => 0.999999)).toBeLessThan(ceiling);
      expect(fullJitterDelay(n, 200, 5000, () => 0.999999)).toBeGreaterThanOrEqual(Math.floor(ceiling * 0.999));
    }
  });

  it('spreads delays over the whole range with Math.random', () => {
    const delays = Array.from({ length: 2000 }, () => fullJitterDelay(3, 200, 5000, Math.random));
    expect(Math.min(...delays)).toBeLessThan(160);
    expect(Math.max(...delays)).toBeGreaterThan(1440);
    expect(Math.max(...delays)).toBeLessThan(1600);
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs(new Headers({ 'Retry-After': '7' }), now)).toBe(7000);
    expect(retryAfterMs(new Headers({ 'Retry-After': 'Thu, 01 Jan 2026 00:00:30 GMT' }), now)).toBe(30_000);
    expect(retryAfterMs(new Headers({ 'Retry-After': 'soon' }), now)).toBeUndefined();
    expect(retryAfterMs(new Headers(), now)).toBeUndefined();
  });
});

describe('URLs', () => {
  it('keeps a base path prefix and repeats array query keys', () => {
    expect(apiUrl('http://h:1/zd/', '/api/v2/users', { 'role[]': ['agent', 'admin'], 'page[size]': 100 }).href).toBe(
      'http://h:1/zd/api/v2/users?role%5B%5D=agent&role%5B%5D=admin&page%5Bsize%5D=100',
    );
  });

  it('never follows a pagination link to another origin', () => {
    expect(followLink('http://127.0.0.1:9', 'https://api.aircall.io/v1/users?page=2').href).toBe('http://127.0.0.1:9/v1/users?page=2');
    expect(followLink('http://127.0.0.1:9', 'http://127.0.0.1:9/v1/users?page=3').href).toBe('http://127.0.0.1:9/v1/users?page=3');
    expect(followLink('http://127.0.0.1:9', '/v1/users?page=4').href).toBe('http://127.0.0.1:9/v1/users?page=4');
  });
});

describe('sendJson within an invocation deadline (issue 10 §2, the worker clock)', () => {
  it('gives up on a Retry-After that ends past the deadline at once, without sleeping, telling when to come back', async () => {
    // Prepare: a 429 asking for 20 s, 5 s before the invocation's deadline.
    server.script(reply(429, { message: 'slow down' }, { 'Retry-After': '20' }));
    const { config, sleeps } = harness();
    // Act
    const err = await failure(withDeadline(Date.now() + 5_000, () => sendJson(config, get())));
    // Assess
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).retryAfterMs).toBe(20_000);
    expect(sleeps).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('does not retry a 5xx when the next attempt (its timeout included) would end past the deadline', async () => {
    server.script(reply(503), reply(200, { ping: 'pong' }));
    const { config, sleeps } = harness({ timeoutMs: 5_000 });
    const err = await failure(withDeadline(Date.now() + 3_000, () => sendJson(config, get())));
    expect(err).toBeInstanceOf(ServerError);
    expect(sleeps).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('outside a deadline waits as before', async () => {
    server.script(reply(429, {}, { 'Retry-After': '20' }), reply(200, { ok: true }));
    const { config, sleeps } = harness();
    await sendJson(config, get());
    expect(sleeps).toEqual([20_000]);
  });
});
