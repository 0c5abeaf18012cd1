// The local gateway throttles each route with the limits the CDK stack declares (infra/lib/api-throttles.ts; the
// template side is in stack.test.ts). A flood of unauthenticated junk on the Zendesk webhook route, the admin route
// and an OAuth page empties those routes' buckets only: real Aircall deliveries, sent by the sandbox meanwhile, are all taken at
// the first attempt and synced.
import { ADMIN_THROTTLE, WEBHOOK_THROTTLE, throttleFor, ZENDESK_WEBHOOK_ROUTE } from '../../infra/lib/api-throttles';
import { startHttpApi } from '../../local/gateway/http-api';
import { RouteThrottles, TokenBucket } from '../../local/gateway/throttle';
import { APP_API_ROUTES } from '../../shared/app-api';
import { OAUTH_ROUTES } from '../../shared/console';
import { startHarness, waitFor, type Harness } from '../e2e/harness';

describe('TokenBucket', () => {
  it('lets a burst through, refuses the next, and refills at the rate', () => {
    let now = 0;
    const bucket = new TokenBucket({ rateLimit: 10, burstLimit: 3 }, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    now += 99; // 0.99 token
    expect(bucket.take()).toBe(false);
    now += 1; // one full token in 100 ms at 10/s
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
    now += 60_000; // never more than the burst
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
  });

  it('refuses a throttle that would admit nothing or everything', () => {
    expect(() => new TokenBucket({ rateLimit: 0, burstLimit: 5 })).toThrow(/rateLimit > 0/);
    expect(() => new TokenBucket({ rateLimit: 1, burstLimit: 0 })).toThrow(/burstLimit/);
  });

  it('keeps one bucket per route key', () => {
    const throttles = new RouteThrottles(
      () => ({ rateLimit: 1, burstLimit: 1 }),
      () => 0,
    );
    expect([throttles.admit('POST /a'), throttles.admit('POST /a'), throttles.admit('POST /b')]).toEqual([true, false, true]);
  });
});

describe('the local gateway', () => {
  it('answers 429 before the handler once a route is out of tokens, and uses the stack limits by default', async () => {
    let calls = 0;
    const handler = async () => {
      calls += 1;
      return { statusCode: 200, body: '{}' };
    };
    const api = await startHttpApi([{ routeKey: 'GET /a', handler }], { port: 0, throttles: () => ({ rateLimit: 0.001, burstLimit: 2 }) });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await fetch(`${api.url}/a`)).status);
      expect(statuses).toEqual([200, 200, 429, 429]);
      expect(calls).toBe(2);
    } finally {
      await api.close();
    }
    expect(throttleFor(ZENDESK_WEBHOOK_ROUTE)).toBe(WEBHOOK_THROTTLE);
    expect(throttleFor(`GET ${APP_API_ROUTES.adminOverview}`)).toBe(ADMIN_THROTTLE);
  });

  it('answers 400, not a crash, to a path with a malformed escape', async () => {
    const api = await startHttpApi([{ routeKey: 'POST /w/{id}', handler: async () => ({ statusCode: 200 }) }], { port: 0 });
    try {
      expect((await fetch(`${api.url}/w/%E0%A4%A`, { method: 'POST', body: '{}' })).status).toBe(400);
    } finally {
      await api.close();
    }
  });
});

describe('a flood of junk on other routes', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ agents: 3, direction: 'aircall_to_zendesk', zendeskInitialStatus: 'online' });
    await h.stack.reconcile();
    await h.drained();
  }, 60_000);
  afterAll(async () => h?.close());

  it('cannot get real Aircall deliveries rejected: each is taken at its first attempt and synced', async () => {
    const junk: Array<{ route: 'zendesk' | 'admin' | 'oauth'; status: number; at: number }> = [];
    const junkRequest = async (route: 'zendesk' | 'admin' | 'oauth') => {
      const res =
        route === 'zendesk'
          ? await fetch(`${h.stack.url}/webhooks/zendesk/${h.account.id}`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: '{"junk":',
            })
          : route === 'admin'
            ? await fetch(`${h.stack.url}${APP_API_ROUTES.adminOverview}`, { headers: { authorization: 'Bearer junk' } })
            : // A forged OAuth callback: no flow has this state.
              await fetch(`${h.stack.url}${OAUTH_ROUTES.zendeskCallback}?code=junk&state=junk`, { redirect: 'manual' });
      await res.arrayBuffer();
      junk.push({ route, status: res.status, at: Date.now() });
    };
    // Prepare: flood both routes until each answers 429, and keep flooding in the background (bounded in time).
    let flooding = true;
    const floodUntil = Date.now() + 25_000;
    const flood = (async () => {
      while (flooding && Date.now() < floodUntil) {
        await Promise.all(Array.from({ length: 40 }, (_, i) => junkRequest(i % 4 === 0 ? 'admin' : i % 4 === 1 ? 'oauth' : 'zendesk')));
      }
    })();
    await waitFor(
      'the flooded routes throttled',
      () => ['zendesk', 'admin', 'oauth'].every((r) => junk.some((j) => j.route === r && j.status === 429)),
      20_000,
    );

    // Act: real deliveries on the Aircall route while the flood goes on.
    const since = Date.now();
    const changes = [
      ['agent01@example.com', 'unavailable'],
      ['agent02@example.com', 'unavailable'],
      ['agent03@example.com', 'unavailable'],
    ] as const;
    for (const [email, status] of changes) h.sandboxes.aircall.setStatus(email, status);
    await waitFor('Zendesk offline for all three', () => changes.every(([email]) => h.zendeskStatus(email) === 'offline'), 20_000);
    await h.sandboxes.aircall.idle();
    const deliveredBy = Date.now();
    flooding = false;
    await flood;

    // Assess: the flood was being refused while the deliveries went through, and not one delivery was refused.
    const duringDeliveries = junk.filter((j) => j.at >= since && j.at <= deliveredBy);
    expect(duringDeliveries.filter((j) => j.route === 'zendesk' && j.status === 429).length).toBeGreaterThan(0);
    // Junk is refused, by the gateway (429) or the handlers (4xx); never taken, never a 5xx.
    // (The harness registers no OAuth client, so an OAuth page the gateway lets through says 503 "not set up": still
    // refused, and nothing is stored.)
    expect(junk.filter((j) => j.status < 400 || (j.status >= 500 && !(j.route === 'oauth' && j.status === 503)))).toEqual([]);
    expect(junk.filter((j) => j.route === 'oauth' && j.status === 429).length).toBeGreaterThan(0);
    const deliveries = h.sandboxes.aircall.deliveries().filter((d) => d.enqueuedAt >= since);
    expect(deliveries.length).toBeGreaterThanOrEqual(changes.length);
    expect(deliveries.map((d) => ({ outcome: d.outcome, status: d.status, attempts: d.attempts }))).toEqual(
      deliveries.map(() => ({ outcome: 'delivered', status: 200, attempts: 1 })),
    );
  }, 60_000);
});
