// Calls that browser traffic can trigger are bounded (issue 13): at most BROWSER_CALLS_PER_MINUTE calls to Zendesk or
// Aircall per account and minute, counted in the table so it holds across processes; failed webhook checks are kept,
// so reloading a failing page calls nobody. Against both sandboxes (their request journals count what arrived).
import type { StoredAccount } from '../../lambdas/store/port';
import { createAircallClient } from '../../lambdas/aircall/client';
import { createZendeskClient } from '../../lambdas/zendesk/client';
import { errorAnswer } from '../../lambdas/app-api/errors';
import { FAILED_CHECK_TTL_MS, WebhookChecks } from '../../lambdas/app-api/webhooks';
import { BROWSER_CALLS_PER_MINUTE, BrowserCallCapError, cappedClients } from '../../lambdas/security/browser-cap';
import type { ClientFactory, SyncDeps } from '../../lambdas/sync/deps';
import { silentLog } from '../../lambdas/sync/deps';
import { startSandboxes, type SandboxPair } from '../../local/demo';
import { DEFAULT_OAUTH_TOKEN } from '../../local/sandbox/zendesk';
import { createTestTable, type TestTable } from '../setup/aws';

const T0 = Date.UTC(2026, 11, 3, 9, 0, 0);
/** The store's request log lets the whole per-minute limit go at once after a quiet spell (lambdas/store/dynamo-core.ts takeToken). */
const BURST = BROWSER_CALLS_PER_MINUTE;

let table: TestTable;
let sandboxes: SandboxPair;
beforeAll(async () => {
  table = await createTestTable('browser-cap');
  sandboxes = await startSandboxes({ agents: 2, aircallRateLimitPerMinute: 6000 });
});
afterAll(async () => {
  await sandboxes.close();
});

const account = (id: string): StoredAccount => ({ id, updatedAt: T0 }) as unknown as StoredAccount;

/** Real clients of both sandboxes; `good` false gives credentials both refuse. */
function clients(good = true): ClientFactory {
  const zendesk = createZendeskClient({
    subdomain: 'demo',
    baseUrl: sandboxes.zendesk.url,
    auth: { kind: 'oauth', accessToken: good ? DEFAULT_OAUTH_TOKEN : 'not-the-token' },
    maxRetries: 0,
  });
  const aircall = createAircallClient({
    apiId: 'demo-api-id',
    apiToken: good ? 'demo-api-token' : 'not-the-token',
    baseUrl: sandboxes.aircall.url,
    budgetKey: `browser-cap-${good}`,
    rateLimitPerMinute: 6000,
    maxRetries: 0,
  });
  return { zendesk: () => zendesk, aircall: () => aircall };
}

function deps(clock: { now: number }, factory: ClientFactory) {
  const store = table.store();
  return { store, clients: cappedClients({ store, clients: factory, now: () => clock.now }), now: () => clock.now };
}

const zendeskUserReads = (since: number) => sandboxes.zendesk.requests({ pathPrefix: '/api/v2/users/' }).filter((r) => r.at >= since).length;

describe('the browser cap', () => {
  it('a burst of 100 role checks for one account reaches Zendesk only a burst of times; the rest are refused unsent', async () => {
    // Prepare
    const clock = { now: T0 };
    const d = deps(clock, clients());
    const since = Date.now();
    // Act
    const results = await Promise.allSettled(Array.from({ length: 100 }, () => d.clients.zendesk(account('flood')).getUser('10001')));
    // Assess
    const refused = results.filter((r) => r.status === 'rejected');
    expect(results.length - refused.length).toBe(BURST);
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(BrowserCallCapError);
    expect(zendeskUserReads(since)).toBe(BURST);
  });

  it('never lets more than the cap through in any minute, and each account has its own', async () => {
    // Prepare: one call every 200 ms for 3 minutes on account A; account B asks once at the end.
    const clock = { now: T0 };
    const d = deps(clock, clients());
    const since = Date.now();
    const granted: number[] = [];
    // Act
    for (let t = 0; t < 180_000; t += 200) {
      clock.now = T0 + t;
      const ok = await d.clients
        .zendesk(account('steady'))
        .getUser('10001')
        .then(() => true)
        .catch((error) => {
          if (!(error instanceof BrowserCallCapError)) throw error;
          return false;
        });
      if (ok) granted.push(t);
    }
    await d.clients.zendesk(account('other')).getUser('10001'); // not refused: B's own bucket
    // Assess: every window [s, s + 60 s) holds at most the cap; what the journal saw is what was granted (+1 for B).
    for (const start of granted) expect(granted.filter((t) => t >= start && t < start + 60_000).length).toBeLessThanOrEqual(BROWSER_CALLS_PER_MINUTE);
    expect(granted.length).toBeGreaterThan(BROWSER_CALLS_PER_MINUTE); // the cap refills: a steady user is not locked out
    expect(zendeskUserReads(since)).toBe(granted.length + 1);
  });

  it('is answered 429 with Retry-After and a message naming no secret', () => {
    const answer = errorAnswer(new BrowserCallCapError('zendesk', 1_500));
    expect(answer.status).toBe(429);
    expect(answer.headers).toEqual({ 'retry-after': '2' });
    expect(answer.body).toEqual({ error: { code: 'rate_limited', message: expect.stringContaining('at most 30 a minute') } });
  });
});

describe('negative results are cached', () => {
  it('a failing webhook check is kept for a while: 50 page loads cost one call per side, then one more after it expires', async () => {
    // Prepare: credentials both sandboxes refuse.
    const clock = { now: T0 };
    const d = { ...deps(clock, clients(false)), log: silentLog } as unknown as SyncDeps<object>;
    const checks = new WebhookChecks();
    const since = Date.now();
    const calls = () => ({
      zendesk: sandboxes.zendesk.requests({ pathPrefix: '/api/v2/webhooks' }).filter((r) => r.at >= since).length,
      aircall: sandboxes.aircall.requests({ pathPrefix: '/v1/webhooks' }).filter((r) => r.at >= since).length,
    });
    // Act
    for (let i = 0; i < 50; i++) {
      const health = await checks.check(d, account('broken'), false, clock.now);
      expect(health.zendesk.error).toMatch(/40[13]/);
      expect(health.aircall.error).toMatch(/40[13]/);
    }
    const first = calls();
    clock.now += FAILED_CHECK_TTL_MS;
    await checks.check(d, account('broken'), false, clock.now);
    // Assess
    expect(first).toEqual({ zendesk: 1, aircall: 1 });
    expect(calls()).toEqual({ zendesk: 2, aircall: 2 });
  });
});
