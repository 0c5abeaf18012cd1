// Issue 4 (app backend) and issue 6 (no direction from the app): the app API over HTTP, on the local stack wired to both
// sandboxes. Tokens are signed as Zendesk's proxy signs them (HS256 with the account's shared secret).
import { randomBytes } from 'node:crypto';
import type { Account } from '../../lambdas/accounts/account';
import type { AdminOverviewResponse, MeStatusResponse } from '../../shared/app-api';
import { startZendeskSandbox, type ZendeskSandbox } from '../../local/sandbox/zendesk';
import { nextSecond, startHarness, waitFor, type Harness } from '../e2e/harness';
import { appClaims, appToken, signToken } from './tokens';

let h: Harness;
let secret: string;
/** A second account on another Zendesk subdomain, with its own secret; a third with no secret. */
let globex: Account;
let initech: Account;
let otherZendesk: ZendeskSandbox;
const zoe = { name: 'Zoe Zendesk-Only', email: 'zoe@example.com' };

beforeAll(async () => {
  h = await startHarness({ agents: 4, direction: 'aircall_to_zendesk', zendeskInitialStatus: 'online' });
  secret = h.account.app?.sharedSecret as string;
  h.sandboxes.zendesk.addUser({ ...zoe, role: 'agent' });
  // Their own (empty) Zendesk, with no app installed: they stay off and never touch the demo agents.
  otherZendesk = await startZendeskSandbox({ port: 0, subdomain: 'globex', agents: [] });
  const zendesk = { ...h.account.zendesk, baseUrl: otherZendesk.url };
  globex = {
    ...h.account,
    id: 'globex',
    direction: 'off',
    zendesk: { ...zendesk, subdomain: 'globex' },
    app: { sharedSecret: randomBytes(32).toString('hex') },
  };
  initech = { ...h.account, id: 'initech', direction: 'off', zendesk: { ...zendesk, subdomain: 'initech' } };
  delete initech.app;
  await h.stack.loadAccounts([globex, initech]);
  await h.stack.refreshDirectory();
  await h.stack.reconcile();
  await h.drained();
});
afterAll(async () => {
  await h?.close();
  await otherZendesk?.close();
});

const zendeskId = (email: string) => String(h.sandboxes.zendesk.agent(email)?.id);
const adminId = () => String(h.sandboxes.zendesk.users().find((u) => u.role === 'admin')?.id);
const agent = (n: number) => `agent0${n}@example.com`;

async function call(path: string, options: { token?: string; authorization?: string; method?: string; body?: string } = {}) {
  const headers: Record<string, string> = {};
  if (options.authorization !== undefined) headers.authorization = options.authorization;
  else if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${h.stack.url}${path}`, {
    method: options.method ?? 'GET',
    headers,
    ...(options.body !== undefined && { body: options.body }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: JSON.parse(text) as unknown };
}

describe('authentication: a bad, expired or foreign token gets 401 and no data', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const cases: Array<[string, () => { token?: string; authorization?: string }, RegExp]> = [
    ['no token', () => ({}), /no bearer token/],
    ['another scheme', () => ({ authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }), /no bearer token/],
    ['a malformed token', () => ({ token: 'not-a-jwt' }), /not a JWT/],
    ['a bad signature', () => ({ token: signToken(appClaims('demo', zendeskId(agent(1))), 'x'.repeat(64)) }), /signature is not valid/],
    ['alg none', () => ({ token: `${part({ alg: 'none' })}.${part(appClaims('demo', zendeskId(agent(1))))}.` }), /algorithm must be HS256/],
    ['alg HS512', () => ({ token: signToken(appClaims('demo', zendeskId(agent(1))), secret, { alg: 'HS512' }) }), /algorithm must be HS256/],
    ['alg RS256', () => ({ token: signToken(appClaims('demo', zendeskId(agent(1))), secret, { alg: 'RS256' }) }), /algorithm must be HS256/],
    ['an expired token', () => ({ token: signToken({ ...appClaims('demo', zendeskId(agent(1))), exp: now() - 120 }, secret) }), /expired/],
    ['a far-future exp', () => ({ token: signToken({ ...appClaims('demo', zendeskId(agent(1))), exp: now() + 86_400 }, secret) }), /more than 10 minutes/],
    ['a wrong aud', () => ({ token: signToken({ ...appClaims('demo', zendeskId(agent(1))), aud: 'someone-else' }, secret) }), /not meant for this backend/],
    ['an unknown iss', () => ({ token: appToken('nobody', zendeskId(agent(1)), secret) }), /no account here/],
    [
      "another account's secret (two accounts, one stack)",
      () => ({ token: appToken('demo', zendeskId(agent(1)), globex.app?.sharedSecret as string) }),
      /signature is not valid/,
    ],
    ['an account without a shared secret', () => ({ token: appToken('initech', zendeskId(agent(1)), secret) }), /app is not set up for this account/],
  ];

  test.each(cases)('%s', async (_what, make, expected) => {
    for (const path of ['/api/me/status', '/api/admin/overview']) {
      // Act
      const answer = await call(path, make());
      // Assess: 401, the error body and nothing else; no secret echoed.
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ error: { code: 'unauthorized', message: expect.stringMatching(expected) } });
      expect(answer.headers.get('cache-control')).toBe('no-store');
      for (const s of [secret, globex.app?.sharedSecret as string]) expect(answer.text).not.toContain(s);
    }
  });

  test("the other account's own token works for that account only", async () => {
    const answer = await call('/api/me/status', { token: appToken('globex', zendeskId(agent(1)), globex.app?.sharedSecret as string) });
    expect(answer.status).toBe(200);
    expect((answer.body as MeStatusResponse).account).toBe('globex');
  });
});

describe('GET /api/me/status', () => {
  test('a linked agent after a real status change: both statuses, the rule, the last sync', async () => {
    // Prepare
    const a = agent(1);
    await nextSecond();
    const since = Date.now();
    // Act: the agent goes Unavailable in Aircall; the stack writes Zendesk offline.
    h.sandboxes.aircall.setStatus(a, 'unavailable');
    await waitFor('Zendesk offline', () => h.zendeskStatus(a) === 'offline');
    await h.drained();
    const answer = await call('/api/me/status', { token: appToken('demo', zendeskId(a), secret) });
    // Assess
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const body = answer.body as MeStatusResponse;
    expect(body).toMatchObject({
      account: 'acme',
      direction: { direction: 'aircall_to_zendesk' },
      agent: { zendeskUserId: zendeskId(a), email: a, aircallUserId: String(h.sandboxes.aircall.user(a).id), name: 'Agent 01' },
      linked: true,
      aircall: { key: 'unavailable' },
      zendesk: { key: 'offline' },
      rule: { from: { side: 'aircall', key: 'unavailable' }, to: { side: 'zendesk', key: 'offline' } },
      lastSync: { outcome: 'written', wrote: { side: 'zendesk', key: 'offline' } },
    });
    expect(body.unlinkedReason).toBeUndefined();
    expect(body.aircall?.observedAt).toBeGreaterThanOrEqual(since - 1000); // Aircall timestamps are whole seconds
    expect(body.lastSync?.at).toBeGreaterThanOrEqual(since);
    // Agents poll this path: it calls neither Zendesk nor Aircall (the settings read above is fresh for 5 s).
    const before = h.sandboxes.zendesk.requests().length + h.sandboxes.aircall.requests().length;
    await call('/api/me/status', { token: appToken('demo', zendeskId(a), secret) });
    expect(h.sandboxes.zendesk.requests().length + h.sandboxes.aircall.requests().length).toBe(before);
  });

  test('an agent who changed Zendesk themselves is told it stays until their next Aircall change, and the admin sees the count', async () => {
    // Prepare: agent03 sets Zendesk away while Aircall says available (Aircall → Zendesk).
    const b = agent(3);
    const since = Date.now();
    h.sandboxes.zendesk.setStatus(b, 'away');
    await h.waitForAudit('the worker to leave it', b, since, (e) => e.kind === 'decision' && e.reason === 'changed_on_other_side');
    await h.drained();
    // Act
    const me = (await call('/api/me/status', { token: appToken('demo', zendeskId(b), secret) })).body as MeStatusResponse;
    const overview = (await call('/api/admin/overview', { token: appToken('demo', adminId(), secret) })).body as AdminOverviewResponse;
    // Assess: it stays, and both views say why nothing was written.
    expect(h.zendeskStatus(b)).toBe('away');
    expect(me).toMatchObject({
      zendesk: { key: 'away' },
      otherSideChanged: { side: 'zendesk' },
      lastSync: { outcome: 'skipped', reason: 'changed_on_other_side' },
    });
    expect(me.otherSideChanged?.at).toBeGreaterThanOrEqual(since);
    expect(me.direction.keepInStep).toBe(false);
    expect(overview.otherSideChangedCount).toBe(1);

    // The next Aircall change syncs again and clears it.
    await nextSecond();
    h.sandboxes.aircall.setStatus(b, 'unavailable');
    await waitFor('Zendesk offline', () => h.zendeskStatus(b) === 'offline');
    await h.drained();
    const after = (await call('/api/me/status', { token: appToken('demo', zendeskId(b), secret) })).body as MeStatusResponse;
    expect(after.otherSideChanged).toBeUndefined();
    expect(((await call('/api/admin/overview', { token: appToken('demo', adminId(), secret) })).body as AdminOverviewResponse).otherSideChangedCount).toBe(0);
  });

  test('an agent only in Zendesk is told no Aircall user has their email', async () => {
    const answer = await call('/api/me/status', { token: appToken('demo', zendeskId(zoe.email), secret) });
    expect(answer.status).toBe(200);
    const body = answer.body as MeStatusResponse;
    expect(body).toEqual({
      account: 'acme',
      direction: expect.objectContaining({ direction: 'aircall_to_zendesk' }),
      agent: { zendeskUserId: zendeskId(zoe.email), email: zoe.email, name: zoe.name },
      linked: false,
      unlinkedReason: 'no_aircall_user',
    });
  });

  test('a user the directory has not seen is reported as such', async () => {
    const answer = await call('/api/me/status', { token: appToken('demo', '99999999', secret) });
    expect(answer.body).toMatchObject({ linked: false, unlinkedReason: 'not_in_directory', agent: { zendeskUserId: '99999999' } });
  });
});

describe('GET /api/admin/overview', () => {
  test('an agent gets 403, even with a token that claims to be an admin', async () => {
    for (const extra of [{}, { role: 'admin', admin: true, roles: ['admin'] }]) {
      const answer = await call('/api/admin/overview', { token: appToken('demo', zendeskId(agent(2)), secret, extra) });
      expect(answer.status).toBe(403);
      expect(answer.body).toEqual({ error: { code: 'forbidden', message: expect.any(String) } });
    }
  });

  test('an admin gets health, unmatched agents and the audit trail, newest first', async () => {
    // Prepare: webhooks from both sides (an Aircall change and the Zendesk echo of our write).
    const a = agent(4);
    await nextSecond();
    const since = Date.now();
    h.sandboxes.aircall.setStatus(a, 'unavailable');
    await waitFor('Zendesk offline', () => h.zendeskStatus(a) === 'offline');
    await h.drained();
    // Act
    const answer = await call('/api/admin/overview', { token: appToken('demo', adminId(), secret) });
    // Assess
    expect(answer.status).toBe(200);
    const body = answer.body as AdminOverviewResponse;
    expect(body).toMatchObject({
      account: 'acme',
      direction: { direction: 'aircall_to_zendesk' },
      health: {
        webhooks: { aircall: { registered: true, count: 1 }, zendesk: { registered: true, count: 1 } },
        budget: { capacity: 100, perMinute: 600 },
      },
      linkedCount: 4,
    });
    expect(body.health.lastEventAt.aircall).toBeGreaterThanOrEqual(since - 5_000);
    expect(body.health.lastEventAt.zendesk).toBeGreaterThan(0);
    expect(body.health.budget.used).toBeGreaterThanOrEqual(0);
    expect(body.health.budget.used).toBeLessThanOrEqual(100);
    expect(body.unmatched.zendesk.map((u) => u.email)).toEqual(expect.arrayContaining([zoe.email]));
    expect(body.unmatched.aircall).toEqual([]);
    expect(body.unmatched.builtAt).toEqual(expect.any(Number));
    // The audit trail: across agents, newest first, our write to agent04 among the entries.
    expect(body.audit.length).toBeGreaterThan(1);
    const times = body.audit.map((e) => e.at);
    expect([...times].sort((x, y) => y - x)).toEqual(times);
    expect(body.audit).toEqual(
      expect.arrayContaining([expect.objectContaining({ agent: a, kind: 'write', detail: expect.objectContaining({ side: 'zendesk', status: 'offline' }) })]),
    );
    expect(new Set(body.audit.map((e) => e.agent)).size).toBeGreaterThan(1);
    expect(answer.text).not.toContain(secret);
  });
});

describe('issue 6: a forged request, even with a valid app token, changes nothing', () => {
  test('no method but GET, no path, no body, no query sets the direction', async () => {
    // Prepare
    const admin = appToken('demo', adminId(), secret);
    const forged = JSON.stringify({ direction: 'zendesk_to_aircall', syncDirection: 'off' });
    const before = await call('/api/me/status', { token: appToken('demo', zendeskId(agent(2)), secret) });
    // Act
    for (const path of ['/api/me/status', '/api/admin/overview', '/api/settings', '/api/direction']) {
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
        for (const token of [admin, appToken('demo', zendeskId(agent(2)), secret)]) {
          const answer = await call(`${path}?direction=off&syncDirection=zendesk_to_aircall`, { method, token, body: forged });
          expect([404, 405]).toContain(answer.status);
          if (path.startsWith('/api/me') || path.startsWith('/api/admin')) {
            expect(answer.status).toBe(405);
            expect(answer.body).toEqual({ error: { code: 'method_not_allowed', message: expect.any(String) } });
          }
        }
      }
    }
    const query = await call('/api/me/status?direction=off&syncDirection=zendesk_to_aircall', { token: appToken('demo', zendeskId(agent(2)), secret) });
    // Assess: the stored direction, the app's setting, the direction in force and the sync behaviour are unchanged.
    expect(query.status).toBe(200);
    const stored = await h.stack.runtime.deps.store.getAccount('acme');
    expect(stored?.direction).toBe('aircall_to_zendesk');
    expect(stored?.directionSnapshot?.direction).toBe('aircall_to_zendesk');
    expect(h.sandboxes.zendesk.installations().map((i) => i.settings.syncDirection)).toEqual(['aircall_to_zendesk']);
    const writesToSettings = h.sandboxes.zendesk.requests({ methods: ['POST', 'PUT', 'PATCH', 'DELETE'] }).filter((r) => r.path.includes('/apps/'));
    expect(writesToSettings).toEqual([]);
    const inForce = ({ direction, source }: MeStatusResponse['direction']) => ({ direction, source });
    expect(inForce((query.body as MeStatusResponse).direction)).toEqual(inForce((before.body as MeStatusResponse).direction));
    expect(inForce((query.body as MeStatusResponse).direction)).toEqual({ direction: 'aircall_to_zendesk', source: 'installation' });
    const b = agent(2);
    await nextSecond();
    const since = Date.now();
    h.sandboxes.aircall.setStatus(b, 'unavailable');
    await waitFor('Zendesk offline after Aircall unavailable', () => h.zendeskStatus(b) === 'offline');
    await h.drained();
    expect(h.writeLog(since).map((w) => [w.side, w.agent, w.status])).toEqual([['zendesk', b, 'offline']]);
  });
});

describe('direction off', () => {
  beforeAll(async () => h.setDirection('off'));

  test('me/status says so and shows no rule', async () => {
    const answer = await call('/api/me/status', { token: appToken('demo', zendeskId(agent(1)), secret) });
    expect(answer.status).toBe(200);
    const body = answer.body as MeStatusResponse;
    expect(body.direction.direction).toBe('off');
    expect(body.linked).toBe(true);
    expect(body.aircall?.key).toBe('unavailable');
    expect(body.rule).toBeUndefined();
  });

  test('a side whose webhooks cannot be listed gives an error for that side, not a failed page', async () => {
    // Prepare: Aircall is down (the account was just re-imported, so no cached check applies).
    h.sandboxes.aircall.setFaults({ outage: true });
    try {
      // Act
      const answer = await call('/api/admin/overview', { token: appToken('demo', adminId(), secret) });
      // Assess
      expect(answer.status).toBe(200);
      const body = answer.body as AdminOverviewResponse;
      expect(body.health.webhooks).toEqual({ aircall: { error: expect.any(String) }, zendesk: { registered: true, count: 1 } });
      expect(body.direction.direction).toBe('off');
      expect(answer.text).not.toContain(h.account.aircall.apiToken);
    } finally {
      h.sandboxes.aircall.clearFaults();
    }
  });
});

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
