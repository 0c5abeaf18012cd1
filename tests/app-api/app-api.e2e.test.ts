// Issue 4 (app backend) and issue 6 (no direction from the app): the app API over HTTP, on the local stack wired to both
// sandboxes. Agents sign in as Zendesk has them do (signedUrls, issue 13); admins hold the session their OAuth
// sign-in issues. The token and session cases themselves are in tests/identity.
import type { AdminOverviewResponse, MeStatusResponse } from '../../shared/app-api';
import { startZendeskSandbox, type ZendeskSandbox } from '../../local/sandbox/zendesk';
import { nextSecond, startHarness, waitFor, type Harness } from '../e2e/harness';
import { adminSession, signInAgent } from '../identity/helpers';

let h: Harness;
let otherZendesk: ZendeskSandbox;
const zoe = { name: 'Zoe Zendesk-Only', email: 'zoe@example.com' };

beforeAll(async () => {
  h = await startHarness({ agents: 4, direction: 'aircall_to_zendesk', zendeskInitialStatus: 'online' });
  h.sandboxes.zendesk.addUser({ ...zoe, role: 'agent' });
  // Their own (empty) Zendesk, with no app installed: they stay off and never touch the demo agents.
  otherZendesk = await startZendeskSandbox({ port: 0, subdomain: 'globex', agents: [] });
  const zendesk = { ...h.account.zendesk, baseUrl: otherZendesk.url };
  await h.stack.loadAccounts([{ ...h.account, id: 'globex', direction: 'off', zendesk: { ...zendesk, subdomain: 'globex' } }]);
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

/** The agent's session (signedUrls sign-in), one per agent for the whole file. */
const agentSessions = new Map<string, Promise<string>>();
function agentToken(email: string): Promise<string> {
  let session = agentSessions.get(email);
  if (!session) {
    session = signInAgent(h.stack.url, h.sandboxes.zendesk, email);
    agentSessions.set(email, session);
  }
  return session;
}
const adminToken = () => adminSession(h.stack, 'acme', adminId());

describe('authentication', () => {
  test('the HS256 app token of old (any claims ZAF signs) is no session: 401 and no data', async () => {
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const forged = `${part({ alg: 'HS256' })}.${part({ iss: 'demo', sub: adminId(), aud: 'agent-status-sync', exp: Math.floor(Date.now() / 1000) + 60 })}.c2ln`;
    for (const path of ['/api/me/status', '/api/admin/overview']) {
      const answer = await call(path, { token: forged });
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
      expect(answer.headers.get('cache-control')).toBe('no-store');
    }
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
    const answer = await call('/api/me/status', { token: await agentToken(a) });
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
    await call('/api/me/status', { token: await agentToken(a) });
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
    const me = (await call('/api/me/status', { token: await agentToken(b) })).body as MeStatusResponse;
    const overview = (await call('/api/admin/overview', { token: await adminToken() })).body as AdminOverviewResponse;
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
    const after = (await call('/api/me/status', { token: await agentToken(b) })).body as MeStatusResponse;
    expect(after.otherSideChanged).toBeUndefined();
    expect(((await call('/api/admin/overview', { token: await adminToken() })).body as AdminOverviewResponse).otherSideChangedCount).toBe(0);
  });

  test('an agent only in Zendesk is told no Aircall user has their email', async () => {
    const answer = await call('/api/me/status', { token: await agentToken(zoe.email) });
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

  test('a user the directory has not seen (added since its last build) is reported as such', async () => {
    const nina = h.sandboxes.zendesk.addUser({ name: 'Nina New', email: 'nina@example.com', role: 'agent' });
    const answer = await call('/api/me/status', { token: await agentToken('nina@example.com') });
    expect(answer.body).toMatchObject({ linked: false, unlinkedReason: 'not_in_directory', agent: { zendeskUserId: String(nina.id) } });
  });
});

describe('GET /api/admin/overview', () => {
  test("an agent's session gets 403 and no data", async () => {
    const answer = await call('/api/admin/overview', { token: await agentToken(agent(2)) });
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({ error: { code: 'forbidden', message: expect.any(String) } });
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
    const answer = await call('/api/admin/overview', { token: await adminToken() });
    // Assess
    expect(answer.status).toBe(200);
    const body = answer.body as AdminOverviewResponse;
    expect(body).toMatchObject({
      account: 'acme',
      direction: { direction: 'aircall_to_zendesk' },
      health: {
        webhooks: { aircall: { registered: true, count: 1 }, zendesk: { registered: true, count: 1 } },
        budget: { capacity: 600, perMinute: 600 },
      },
      linkedCount: 4,
    });
    expect(body.health.lastEventAt.aircall).toBeGreaterThanOrEqual(since - 5_000);
    expect(body.health.lastEventAt.zendesk).toBeGreaterThan(0);
    expect(body.health.budget.used).toBeGreaterThanOrEqual(0);
    expect(body.health.budget.used).toBeLessThanOrEqual(600);
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
  });
});

describe('issue 6: a forged request, even with a valid session, changes nothing', () => {
  test('no method but GET, no path, no body, no query sets the direction', async () => {
    // Prepare
    const admin = await adminToken();
    const forged = JSON.stringify({ direction: 'zendesk_to_aircall', syncDirection: 'off' });
    const before = await call('/api/me/status', { token: await agentToken(agent(2)) });
    // Act
    for (const path of ['/api/me/status', '/api/admin/overview', '/api/settings', '/api/direction']) {
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
        for (const token of [admin, await agentToken(agent(2))]) {
          const answer = await call(`${path}?direction=off&syncDirection=zendesk_to_aircall`, { method, token, body: forged });
          expect([404, 405]).toContain(answer.status);
          if (path.startsWith('/api/me') || path.startsWith('/api/admin')) {
            expect(answer.status).toBe(405);
            expect(answer.body).toEqual({ error: { code: 'method_not_allowed', message: expect.any(String) } });
          }
        }
      }
    }
    const query = await call('/api/me/status?direction=off&syncDirection=zendesk_to_aircall', { token: await agentToken(agent(2)) });
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
    const answer = await call('/api/me/status', { token: await agentToken(agent(1)) });
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
      const answer = await call('/api/admin/overview', { token: await adminToken() });
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
