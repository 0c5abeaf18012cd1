// Issue 13, identity: only Zendesk-verified identities read anything. The local stack, the Zendesk sandbox (its RS256
// app key, public-key endpoint and signedUrls tokens) and dynalite; every forged, tampered, expired or foreign token or
// session gets 401 (403 for an agent on an admin route) and no data, case by case.
import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import type { Account } from '../../lambdas/accounts/account';
import { ensureAppBuilt } from '../../local/host/app-package';
import type { AdminOverviewResponse, MeStatusResponse } from '../../shared/app-api';
import { startHarness, type Harness } from '../e2e/harness';
import { adminSession as issueAdmin, openAppPage, signInAgent } from './helpers';

let h: Harness;
/** Moves the stack's clock (sessions, re-checks) without touching the sandboxes'. */
let offsetMs = 0;
let globex: Account;

beforeAll(async () => {
  ensureAppBuilt();
  h = await startHarness({ agents: 2, deps: { now: () => Date.now() + offsetMs } });
  // A second tenant of the same stack: its sessions must never read acme's data.
  globex = { ...h.account, id: 'globex', zendesk: { ...h.account.zendesk, subdomain: 'globex' } };
  await h.stack.loadAccounts([globex]);
}, 60_000);
afterAll(async () => h?.close());
afterEach(() => {
  offsetMs = 0;
});

const zendesk = () => h.sandboxes.zendesk;
const installationId = () => zendesk().installations()[0]?.id as number;
const userId = (email: string) =>
  String(
    zendesk()
      .users()
      .find((u) => u.email === email)?.id,
  );
const adminId = () =>
  String(
    zendesk()
      .users()
      .find((u) => u.role === 'admin')?.id,
  );
const AGENT = 'agent01@example.com';
const sec = () => Math.floor(Date.now() / 1000);
const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** The claims the sandbox signs for `user` (aud and sub in their default forms). */
const claimsFor = (user: string, extra: Record<string, unknown> = {}) => ({
  iss: 'demo.zendesk.com',
  aud: `https://demo.zendesk.com/api/v2/apps/installations/${installationId()}.json`,
  sub: user,
  iat: sec(),
  nbf: sec(),
  exp: sec() + 300,
  context: { product: 'support', location: 'top_bar' },
  ...extra,
});

const openPage = (token: string | undefined, location = 'top_bar') => openAppPage(h.stack.url, token, location);

async function api(path: string, session: string | undefined, method = 'GET') {
  const res = await fetch(`${h.stack.url}${path}`, { method, headers: session === undefined ? {} : { authorization: `Bearer ${session}` } });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as Record<string, unknown> };
}

const agentSession = (email = AGENT) => signInAgent(h.stack.url, zendesk(), email);
const adminSession = (account = 'acme', user = adminId()) => issueAdmin(h.stack, account, user, Date.now() + offsetMs);

/** 401 (or `status`), the error body and nothing else. */
function expectRefused(answer: { status: number; body: Record<string, unknown>; text: string }, status = 401) {
  expect(answer.status).toBe(status);
  expect(Object.keys(answer.body)).toEqual(['error']);
  expect(answer.text).not.toContain('@example.com');
}

describe('signedUrls: Zendesk vouches for the agent, the backend issues a session', () => {
  test('a token Zendesk signed gives the page a session for that agent, who reads only their own status', async () => {
    const { token } = zendesk().signedUrlToken({ installationId: installationId(), user: AGENT, location: 'top_bar' });
    const page = await openPage(token);
    expect(page.status).toBe(200);
    expect(page.boot).toMatchObject({ location: 'top_bar', accountId: 'acme', subdomain: 'demo', session: { token: expect.any(String) } });
    expect(page.boot.problem).toBeUndefined();
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('content-security-policy')).toMatch(/frame-ancestors https:\/\/\*\.zendesk\.com http:\/\/localhost:\*/);
    expect(page.html).toContain('<script src="app.js">');
    const me = await api('/api/me/status', page.boot.session?.token);
    expect(me.status).toBe(200);
    expect((me.body as unknown as MeStatusResponse).agent).toMatchObject({ zendeskUserId: userId(AGENT), email: AGENT });
  });

  test.each([
    { signedUrlAudience: 'installation_id' as const, signedUrlSubject: 'user_url' as const },
    { signedUrlAudience: 'installation_url' as const, signedUrlSubject: 'user_url' as const },
    { signedUrlAudience: 'installation_id' as const, signedUrlSubject: 'user_id' as const },
  ])('the other UNCONFIRMED aud/sub forms work too: %j', async (forms) => {
    zendesk().setSignedUrlForms(forms);
    try {
      const session = await agentSession('agent02@example.com');
      expect(((await api('/api/me/status', session)).body as unknown as MeStatusResponse).agent.zendeskUserId).toBe(userId('agent02@example.com'));
    } finally {
      zendesk().setSignedUrlForms({ signedUrlAudience: 'installation_url', signedUrlSubject: 'user_id' });
    }
  });

  test('the page still loads without a token or for an unknown account, with the problem and no session', async () => {
    const none = await openPage(undefined, 'nav_bar');
    expect(none).toMatchObject({ status: 200, boot: { location: 'nav_bar', problem: 'no_token' } });
    expect(none.boot.session).toBeUndefined();
    const unknown = await openPage(zendesk().signAppClaims(claimsFor(adminId(), { iss: 'nobody.zendesk.com' })), 'nav_bar');
    expect(unknown).toMatchObject({ status: 200, boot: { problem: 'unknown_account', subdomain: 'nobody' } });
    expect(unknown.boot.session).toBeUndefined();
  });

  test('the app files are served, nothing outside their folder', async () => {
    const js = await fetch(`${h.stack.url}/app/assets/app.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    const png = await fetch(`${h.stack.url}/app/assets/logo.png`);
    expect(
      Buffer.from(await png.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    for (const path of ['..%2F..%2Fpackage.json', '%2E%2E/manifest.json', '.hidden.js', 'nope.js', 'app.js%00.png', '..%5C..%5Cpackage.json']) {
      expect((await fetch(`${h.stack.url}/app/assets/${path}`)).status).toBe(404);
    }
  });
});

describe('a forged, tampered, expired or foreign token gets 401 and no session', () => {
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const rs256 = (claims: Record<string, unknown>) => {
    const head = `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}`;
    return `${head}.${sign('sha256', Buffer.from(head), other.privateKey).toString('base64url')}`;
  };
  const cases: Array<[string, () => string]> = [
    // Issue 13's finding: an HS256 token naming an admin (what ZAF's jwt option signs for any claims).
    [
      'an HS256 token naming an admin',
      () => {
        const head = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claimsFor(adminId()))}`;
        return `${head}.${createHmac('sha256', zendesk().appPublicKey()).update(head).digest('base64url')}`;
      },
    ],
    ['alg none', () => `${part({ alg: 'none' })}.${part(claimsFor(adminId()))}.`],
    ['RS256 signed by another key', () => rs256(claimsFor(adminId()))],
    [
      'a tampered payload (sub changed to the admin)',
      () => {
        const [head, , signature] = zendesk().signedUrlToken({ installationId: installationId(), user: AGENT, location: 'top_bar' }).token.split('.');
        return `${head}.${part(claimsFor(adminId()))}.${signature}`;
      },
    ],
    [
      'the wrong aud (another subdomain)',
      () => zendesk().signAppClaims(claimsFor(adminId(), { aud: `https://globex.zendesk.com/api/v2/apps/installations/${installationId()}.json` })),
    ],
    ['the wrong aud (another backend)', () => zendesk().signAppClaims(claimsFor(adminId(), { aud: 'agent-status-sync' }))],
    ['the wrong iss (not Zendesk)', () => zendesk().signAppClaims(claimsFor(adminId(), { iss: 'demo.zendesk.com.evil.example' }))],
    ['the wrong iss (a URL)', () => zendesk().signAppClaims(claimsFor(adminId(), { iss: 'https://demo.zendesk.com' }))],
    ['an expired token', () => zendesk().signAppClaims(claimsFor(adminId(), { iat: sec() - 900, nbf: sec() - 900, exp: sec() - 600 }))],
    ['a token not valid yet', () => zendesk().signAppClaims(claimsFor(adminId(), { nbf: sec() + 600, exp: sec() + 900 }))],
  ];

  test.each(cases)('%s', async (_what, make) => {
    const token = make();
    const page = await openPage(token);
    expect(page.status).toBe(401);
    expect(page.boot.problem).toBe('invalid_token');
    expect(page.boot.session).toBeUndefined();
    expect(page.boot.accountId).toBeUndefined();
    // Used directly as a bearer, it is no session either.
    for (const path of ['/api/me/status', '/api/admin/overview']) expectRefused(await api(path, token));
  });

  test('a key that does not verify is fetched again at most once a minute, never from the token', async () => {
    const before = zendesk().requests({ pathPrefix: '/api/v2/apps/' }).length;
    const forged = rs256({ ...claimsFor(adminId()), cnf: { jku: 'http://127.0.0.1:1/evil.pem' } });
    for (let i = 0; i < 5; i++) expect((await openPage(forged)).status).toBe(401);
    const fetched = zendesk().requests({ pathPrefix: '/api/v2/apps/' }).slice(before);
    expect(fetched.length).toBeLessThanOrEqual(1);
    for (const r of fetched) expect(r.path).toMatch(/^\/api\/v2\/apps\/\d+\/public_key\.pem$/);
  });

  test("a rotated app key is fetched again (at most once a minute) and the new key's tokens verify", async () => {
    zendesk().rotateAppKey();
    const token = () => zendesk().signedUrlToken({ installationId: installationId(), user: AGENT, location: 'top_bar' }).token;
    offsetMs = 61_000;
    const page = await openPage(token());
    expect(page.status).toBe(200);
    expect(page.boot.session).toBeDefined();
  });

  test('a user Zendesk no longer vouches for (suspended) gets no session, even with a valid token', async () => {
    zendesk().addUser({ name: 'Sam Suspended', email: 'sam@example.com', role: 'agent' });
    const { token } = zendesk().signedUrlToken({ installationId: installationId(), user: 'sam@example.com', location: 'top_bar' });
    const reload = zendesk().signedUrlToken({ installationId: installationId(), user: 'sam@example.com', location: 'background' }).token;
    zendesk().updateUser('sam@example.com', { suspended: true });
    const page = await openPage(token);
    expect(page).toMatchObject({ status: 401, boot: { problem: 'user_refused' } });
    expect(page.boot.session).toBeUndefined();

    // The refusal is cached: reloading the page with a new token is refused again without asking Zendesk.
    const before = zendesk().requests({ pathPrefix: '/api/v2/users/' }).length;
    const again = await openPage(reload, 'background');
    expect(again).toMatchObject({ status: 401, boot: { problem: 'user_refused' } });
    expect(zendesk().requests({ pathPrefix: '/api/v2/users/' }).length).toBe(before);
  });
});

describe('sessions: bound to account and user, re-checked, revocable', () => {
  test('no session, a malformed one, an unknown one: 401', async () => {
    for (const session of [undefined, 'x', 'A'.repeat(43), `${'A'.repeat(42)}.`]) {
      for (const path of ['/api/me/status', '/api/admin/overview']) expectRefused(await api(path, session));
    }
  });

  test('an agent session on an admin route: 403 and no data', async () => {
    expectRefused(await api('/api/admin/overview', await agentSession()), 403);
  });

  test("another account's session reads that account only, never acme's", async () => {
    const foreign = await adminSession('globex');
    const overview = await api('/api/admin/overview', foreign);
    expect(overview.status).toBe(200);
    const body = overview.body as unknown as AdminOverviewResponse;
    expect(body.account).toBe('globex');
    expect(body.linkedCount).toBe(0);
    expect(body.audit).toEqual([]);
    expect(overview.text).not.toContain(AGENT);
    expect(((await api('/api/me/status', foreign)).body as unknown as MeStatusResponse).account).toBe('globex');
  });

  test('an admin session whose user was demoted: served until the 5-minute re-check, then 401 and revoked', async () => {
    const carol = zendesk().addUser({ name: 'Carol Admin', email: 'carol@example.com', role: 'admin' });
    const session = await adminSession('acme', String(carol.id));
    expect((await api('/api/admin/overview', session)).status).toBe(200);
    zendesk().updateUser(carol.id, { role: 'agent' });
    offsetMs = 4 * 60_000;
    expect((await api('/api/admin/overview', session)).status).toBe(200); // not asked again within 5 minutes
    offsetMs = 5 * 60_000 + 1_000;
    const refused = await api('/api/admin/overview', session);
    expectRefused(refused);
    expect((refused.body.error as { message: string }).message).toMatch(/no longer an admin/);
    offsetMs = 0;
    expectRefused(await api('/api/me/status', session)); // revoked, not just refused once
  });

  test('an agent session whose user was removed: 401 after the re-check', async () => {
    zendesk().addUser({ name: 'Rob Removed', email: 'rob@example.com', role: 'agent' });
    const session = await agentSession('rob@example.com');
    expect((await api('/api/me/status', session)).status).toBe(200);
    zendesk().updateUser('rob@example.com', { active: false });
    offsetMs = 6 * 60_000;
    expectRefused(await api('/api/me/status', session));
  });

  test('Zendesk down at the re-check: an agent keeps their own status for 15 minutes at most, an admin is refused', async () => {
    const agent = await agentSession();
    const admin = await adminSession();
    zendesk().setFaults({ outage: true });
    try {
      offsetMs = 6 * 60_000;
      expect((await api('/api/me/status', agent)).status).toBe(200);
      expectRefused(await api('/api/admin/overview', admin), 503);
      offsetMs = 16 * 60_000;
      expectRefused(await api('/api/me/status', agent), 503);
    } finally {
      zendesk().clearFaults();
    }
    expect((await api('/api/me/status', agent)).status).toBe(200); // re-checked now, and still valid
  });

  test('an expired session: 401', async () => {
    const session = await agentSession();
    offsetMs = 60 * 60_000;
    expectRefused(await api('/api/me/status', session));
  });

  test('after revokeAccount (disconnect) every session of the account is refused at once', async () => {
    const agent = await agentSession();
    const admin = await adminSession();
    await new Promise((r) => setTimeout(r, 5));
    await h.stack.runtime.deps.sessions?.revokeAccount('acme', Date.now());
    expectRefused(await api('/api/me/status', agent));
    expectRefused(await api('/api/admin/overview', admin));
    await new Promise((r) => setTimeout(r, 5));
    expect((await api('/api/me/status', await agentSession())).status).toBe(200); // a new sign-in works again
  });

  test('renewal: a live agent session becomes a new one after a Zendesk re-check; the old one ends', async () => {
    const old = await agentSession();
    const before = zendesk().requests({ pathPrefix: '/api/v2/users/' }).length;
    const renewed = await api('/api/session/renew', old, 'POST');
    expect(renewed.status).toBe(200);
    expect(renewed.body).toEqual({ token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), expiresAt: expect.any(Number) });
    expect(zendesk().requests({ pathPrefix: '/api/v2/users/' }).length).toBe(before + 1);
    expectRefused(await api('/api/me/status', old));
    expect((await api('/api/me/status', renewed.body.token as string)).status).toBe(200);
    expectRefused(await api('/api/session/renew', await adminSession(), 'POST'), 403);
    expect((await api('/api/session/renew', renewed.body.token as string, 'GET')).status).toBe(405);
  });
});
