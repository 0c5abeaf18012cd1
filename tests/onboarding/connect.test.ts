// Connect through HTTP against both sandboxes (issue 12 "Done when"): Zendesk Connect and sign-in, Aircall hosted
// (partner OAuth from the console and from Aircall's install button) and self-hosted (pasted keys, pinged first);
// a non-admin refused; bad, used and expired state and a replayed code refused with nothing created.
import { CONSOLE_ROUTES, type ConsoleResponse } from '../../shared/console';
import { lookupKey } from '../../lambdas/oauth/pkce';
import { ADMIN_EMAIL, AIRCALL_CLIENT, postedMessage, sessionFrom, startOnboardingHarness, SUBDOMAIN, ZENDESK_CLIENT, type OnboardingHarness } from './harness';

jest.setTimeout(60_000);

let h: OnboardingHarness;
let clockOffset = 0;

beforeAll(async () => {
  h = await startOnboardingHarness({ deps: { now: () => Date.now() + clockOffset } });
});
afterAll(async () => h?.close());

const agentEmail = () => h.sandboxes.zendesk.users().find((u) => u.role === 'agent')?.email as string;
const accounts = () => h.deps.store.listAccounts();

describe('GET /oauth/zendesk/start', () => {
  it('answers 302 to the authorize page with PKCE S256, the state and our redirect URI, and binds the browser', async () => {
    const b = h.browser();
    const res = await b.startZendesk(`subdomain=${SUBDOMAIN}`);
    expect(res.status).toBe(302);
    const url = new URL(res.location as string);
    expect(`${url.origin}${url.pathname}`).toBe(`${h.sandboxes.zendesk.url}/oauth/authorizations/new`);
    const q = url.searchParams;
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe(ZENDESK_CLIENT.id);
    expect(q.get('redirect_uri')).toBe(`${h.publicUrl}/oauth/zendesk/callback`);
    expect(q.get('scope')).toBe('read write');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.headers.getSetCookie().join('\n')).toMatch(/HttpOnly; SameSite=Lax/);
    // Sign-in asks only for who the user is.
    const signin = new URL((await b.startZendesk(`subdomain=${SUBDOMAIN}&purpose=signin`)).location as string);
    expect(signin.searchParams.get('scope')).toBe('users:read');
    expect(signin.searchParams.get('state')).not.toBe(q.get('state'));
  });

  it('refuses a bad subdomain or purpose with a clear page', async () => {
    const b = h.browser();
    for (const query of ['subdomain=', 'subdomain=a.b', 'subdomain=-x', `subdomain=${SUBDOMAIN}&purpose=admin`]) {
      const res = await b.startZendesk(query);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
    }
  });
});

describe('refusals create nothing', () => {
  it('a non-admin gets 403, and no account, credential or live token is left', async () => {
    const before = (await accounts()).length;
    const { page } = await h.browser().connectZendesk({ email: agentEmail() });
    expect(page.status).toBe(403);
    expect(page.text).toMatch(/Only a Zendesk admin can connect Zendesk/);
    expect(postedMessage(page)).toMatchObject({ type: 'agent-status-sync:oauth-error' });
    expect(await accounts()).toHaveLength(before);
    expect(await h.deps.credentials.getZendeskCredential(SUBDOMAIN)).toBeUndefined();
    const tokens = (await (await fetch(`${h.sandboxes.zendesk.url}/_sandbox/oauth/tokens`)).json()) as { tokens: { user: string; expired: boolean }[] };
    expect(tokens.tokens.filter((t) => t.user === agentEmail() && !t.expired)).toEqual([]);
  });

  it('a bad or unknown state gets 400', async () => {
    const b = h.browser();
    for (const query of ['code=abc', 'code=abc&state=short', `code=abc&state=${'A'.repeat(43)}`]) {
      const res = await b.get(`${h.publicUrl}/oauth/zendesk/callback?${query}`);
      expect(res.status).toBe(400);
    }
    expect(await accounts()).toHaveLength(0);
  });

  it('an expired state (over 10 minutes) gets 400', async () => {
    const b = h.browser();
    const start = await b.startZendesk();
    const back = await b.consent(start.location as string);
    clockOffset = 10 * 60_000 + 1000;
    try {
      const res = await b.get(back.location as string);
      expect(res.status).toBe(400);
      expect(res.text).toMatch(/expired/);
    } finally {
      clockOffset = 0;
    }
    expect(await accounts()).toHaveLength(0);
  });

  it('a state sent back by another browser gets 400', async () => {
    const b = h.browser();
    const start = await b.startZendesk();
    const back = await b.consent(start.location as string);
    b.cookies.set('ass_oauth_flow', 'X'.repeat(43));
    const res = await b.get(back.location as string);
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/another browser/);
    expect(await accounts()).toHaveLength(0);
  });

  it('a denied consent gets 400 and uses the state up', async () => {
    const b = h.browser();
    const start = await b.startZendesk();
    const back = await b.consent(start.location as string, 'deny');
    const res = await b.get(back.location as string);
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/denied/);
    const state = new URL(back.location as string).searchParams.get('state') as string;
    expect(await h.deps.store.listAccounts()).toHaveLength(0);
    expect(lookupKey(state)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('signing in before any Connect gets 404', async () => {
    const { page } = await h.browser().connectZendesk({ query: `subdomain=${SUBDOMAIN}&purpose=signin` });
    expect(page.status).toBe(404);
    expect(page.text).toMatch(/not connected yet/);
    expect(await accounts()).toHaveLength(0);
  });
});

describe('hosted: Connect Zendesk, then Aircall by partner OAuth', () => {
  let session: string;

  it('Connect creates the account (id = subdomain), stores the grant and hands the admin session to the opener', async () => {
    const b = h.browser();
    const { page, callbackUrl } = await b.connectZendesk();
    expect(page.status).toBe(200);
    const message = postedMessage(page);
    expect(message).toMatchObject({ type: 'agent-status-sync:admin-session', accountId: SUBDOMAIN });
    expect(page.text).toContain(JSON.stringify(new URL(h.publicUrl).origin));
    session = sessionFrom(page);
    expect(page.headers.get('cache-control')).toBe('no-store');

    const account = await h.deps.store.getAccount(SUBDOMAIN);
    expect(account?.zendesk.subdomain).toBe(SUBDOMAIN);
    const credential = await h.deps.credentials.getZendeskCredential(SUBDOMAIN);
    expect(credential).toMatchObject({ kind: 'oauth', scopes: ['read', 'write'], grantor: { role: 'admin', email: ADMIN_EMAIL } });
    if (credential?.kind !== 'oauth') throw new Error('not an oauth credential');
    expect(credential.tokenId).toMatch(/^\d+$/);
    // Asked for 2 hours and 30 days.
    expect((credential.expiresAt ?? 0) - Date.now()).toBeGreaterThan(7100_000);
    expect((credential.refreshExpiresAt ?? 0) - Date.now()).toBeGreaterThan(2_591_000_000);
    expect(credential.refreshToken).toBeTruthy();

    // The same callback again: the state is used up, nothing changes.
    const replay = await b.get(callbackUrl);
    expect(replay.status).toBe(400);
    expect((await h.deps.credentials.getZendeskCredential(SUBDOMAIN))?.version).toBe(credential.version);
  });

  it('a replayed code with a fresh state gets 400', async () => {
    const b = h.browser();
    const first = await b.startZendesk();
    const back = await b.consent(first.location as string);
    const code = new URL(back.location as string).searchParams.get('code') as string;
    expect((await b.get(back.location as string)).status).toBe(200);
    const version = (await h.deps.credentials.getZendeskCredential(SUBDOMAIN))?.version;
    const second = await b.startZendesk();
    const state = new URL(second.location as string).searchParams.get('state') as string;
    const replay = await b.get(`${h.publicUrl}/oauth/zendesk/callback?code=${encodeURIComponent(code)}&state=${state}`);
    expect(replay.status).toBe(400);
    expect(replay.text).toMatch(/already used/);
    expect((await h.deps.credentials.getZendeskCredential(SUBDOMAIN))?.version).toBe(version);
  });

  it('the console shows Zendesk connected, its webhook registered, and Aircall still to connect', async () => {
    const res = await h.admin(session, 'GET', CONSOLE_ROUTES.console);
    expect(res.status).toBe(200);
    const view = res.body as ConsoleResponse;
    expect(view.account).toEqual({ id: SUBDOMAIN, subdomain: SUBDOMAIN });
    expect(view.connections.zendesk).toMatchObject({ state: 'connected', kind: 'oauth', grantor: { email: ADMIN_EMAIL }, scopes: ['read', 'write'] });
    expect(view.connections.zendesk.tokenExpiresAt).toBeGreaterThan(Date.now());
    expect(view.connections.aircall).toEqual({ state: 'disconnected' });
    expect(view.aircallConnectModes).toEqual({ oauth: true, paste: true });
    const steps = Object.fromEntries(view.steps.map((s) => [s.step, s.status]));
    expect(steps).toEqual({ zendesk_webhook: 'done', aircall_webhook: 'blocked', directory: 'blocked', first_sync: 'blocked' });
    expect(view.webhooks.zendesk).toMatchObject({ registered: true, active: true, url: `${h.publicUrl}/webhooks/zendesk/${SUBDOMAIN}` });
    expect(h.sandboxes.zendesk.webhooks().filter((w) => w.endpoint === view.webhooks.zendesk.url)).toHaveLength(1);
    const credential = await h.deps.credentials.getZendeskCredential(SUBDOMAIN);
    if (credential?.kind !== 'oauth') throw new Error('not an oauth credential');
    expect(JSON.stringify(view)).not.toContain(credential.accessToken);
    expect(JSON.stringify(view)).not.toContain(credential.refreshToken as string);
  });

  it('admin routes refuse a missing or bogus session and a wrong method', async () => {
    expect((await fetch(`${h.publicUrl}${CONSOLE_ROUTES.console}`)).status).toBe(401);
    expect((await h.admin('x'.repeat(43), 'GET', CONSOLE_ROUTES.console)).status).toBe(401);
    const wrong = await h.admin(session, 'POST', CONSOLE_ROUTES.console, {});
    expect([404, 405]).toContain(wrong.status);
  });

  it('POST /api/admin/aircall/connect gives a one-time install link that ends with Aircall connected', async () => {
    const link = await h.admin(session, 'POST', CONSOLE_ROUTES.aircallConnect);
    expect(link.status).toBe(200);
    const url = new URL(link.body.url as string);
    expect(`${url.origin}${url.pathname}`).toBe(`${h.publicUrl}/oauth/aircall/install`);

    const b = h.browser();
    const install = await b.get(url.toString());
    expect(install.status).toBe(302);
    const authorize = new URL(install.location as string);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${h.sandboxes.aircall.url}/oauth/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      client_id: AIRCALL_CLIENT.id,
      redirect_uri: `${h.publicUrl}/oauth/aircall/callback`,
      response_type: 'code',
      scope: 'public_api',
    });
    expect(authorize.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The link is single use.
    expect((await b.get(url.toString())).status).toBe(400);

    const back = await b.consent(authorize.toString());
    const page = await b.get(back.location as string);
    expect(page.status).toBe(200);
    expect(postedMessage(page)).toEqual({ type: 'agent-status-sync:aircall-connected', accountId: SUBDOMAIN });
    expect(await h.deps.credentials.getAircallCredential(SUBDOMAIN)).toMatchObject({ kind: 'oauth', grantor: { role: 'admin' } });

    const view = (await h.admin(session, 'GET', CONSOLE_ROUTES.console)).body as ConsoleResponse;
    expect(view.connections.aircall).toMatchObject({ state: 'connected', kind: 'oauth' });
    expect(view.steps.map((s) => [s.step, s.status, s.error])).toEqual([
      ['zendesk_webhook', 'done', undefined],
      ['aircall_webhook', 'done', undefined],
      ['directory', 'done', undefined],
      ['first_sync', 'done', undefined],
    ]);
    expect(view.agents.linkedCount).toBe(3);
    // Issue 14 §3: the connect's first sync detected which Zendesk status API the account uses, and says so.
    expect(view.zendeskStatusMode).toMatchObject({ mode: 'unified', source: 'availability' });
    expect(view.steps.find((s) => s.step === 'first_sync')?.detail).toMatch(/Zendesk statuses: unified agent status$/);
  });

  it('sign-in replaces no credential and issues another admin session', async () => {
    const before = await h.deps.credentials.getZendeskCredential(SUBDOMAIN);
    const { page } = await h.browser().connectZendesk({ query: `subdomain=${SUBDOMAIN}&purpose=signin` });
    const token = sessionFrom(page);
    expect(token).not.toBe(session);
    expect((await h.deps.credentials.getZendeskCredential(SUBDOMAIN))?.version).toBe(before?.version);
    expect((await h.admin(token, 'GET', CONSOLE_ROUTES.console)).status).toBe(200);
  });

  it('POST /api/admin/setup re-runs a step on request and refuses an unknown one', async () => {
    const bad = await h.admin(session, 'POST', CONSOLE_ROUTES.setup, { steps: ['everything'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'bad_request', field: 'steps' });
    const hooks = h.sandboxes.zendesk.webhooks().length;
    const res = await h.admin(session, 'POST', CONSOLE_ROUTES.setup, { steps: ['zendesk_webhook'] });
    expect(res.status).toBe(200);
    expect(res.body.steps[0]).toMatchObject({ step: 'zendesk_webhook', status: 'done' });
    expect(h.sandboxes.zendesk.webhooks()).toHaveLength(hooks); // adopted, not duplicated
  });

  it('disconnect refuses a bad side, then disconnects Aircall and leaves its secrets gone', async () => {
    const bad = await h.admin(session, 'POST', CONSOLE_ROUTES.disconnect, { side: 'both' });
    expect(bad.status).toBe(400);
    expect(await h.deps.credentials.getAircallCredential(SUBDOMAIN)).toBeDefined();
    const res = await h.admin(session, 'POST', CONSOLE_ROUTES.disconnect, { side: 'aircall' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ side: 'aircall', state: 'disconnected' });
    expect(await h.deps.credentials.getAircallCredential(SUBDOMAIN)).toBeUndefined();
    expect(await h.deps.credentials.getWebhookSecret(SUBDOMAIN, 'aircall')).toBeUndefined();
    const view = (await h.admin(session, 'GET', CONSOLE_ROUTES.console)).body as ConsoleResponse;
    expect(view.connections.aircall.state).toBe('disconnected');
    expect(view.steps.find((s) => s.step === 'aircall_webhook')?.status).toBe('blocked');
  });

  it('self-hosted: pasted keys are pinged before anything is saved', async () => {
    const wrong = await h.admin(session, 'POST', CONSOLE_ROUTES.aircallCredentials, { apiId: 'demo-api-id', apiToken: 'not-the-token' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ code: 'bad_request', field: 'apiToken' });
    expect(await h.deps.credentials.getAircallCredential(SUBDOMAIN)).toBeUndefined();
    const missing = await h.admin(session, 'POST', CONSOLE_ROUTES.aircallCredentials, { apiId: 'demo-api-id' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.field).toBe('apiToken');
    const notJson = await h.admin(session, 'POST', CONSOLE_ROUTES.aircallCredentials, '{apiId');
    expect(notJson.status).toBe(400);

    const res = await h.admin(session, 'POST', CONSOLE_ROUTES.aircallCredentials, { apiId: 'demo-api-id', apiToken: 'demo-api-token' });
    expect(res.status).toBe(200);
    expect(res.body.connection).toMatchObject({ state: 'connected', kind: 'basic' });
    expect(res.body.steps.map((s: { status: string }) => s.status)).toEqual(['done', 'done', 'done', 'done']);
    expect(JSON.stringify(res.body)).not.toContain('demo-api-token');
    expect(await h.deps.credentials.getAircallCredential(SUBDOMAIN)).toMatchObject({ kind: 'basic', apiId: 'demo-api-id' });
  });

  it('disconnecting Zendesk revokes the grant and ends the console sessions', async () => {
    const credential = await h.deps.credentials.getZendeskCredential(SUBDOMAIN);
    // Connect stored an OAuth grant the sandbox knows; without this the revocation check below would pass vacuously.
    if (credential?.kind !== 'oauth' || credential.tokenId === undefined) throw new Error('expected the OAuth grant Connect stored');
    const grantIds = async () =>
      ((await (await fetch(`${h.sandboxes.zendesk.url}/_sandbox/oauth/tokens`)).json()) as { tokens: { id: number }[] }).tokens.map((t) => String(t.id));
    expect(await grantIds()).toContain(credential.tokenId);
    const res = await h.admin(session, 'POST', CONSOLE_ROUTES.disconnect, { side: 'zendesk' });
    expect(res.status).toBe(200);
    expect(await h.deps.credentials.getZendeskCredential(SUBDOMAIN)).toBeUndefined();
    expect(await grantIds()).not.toContain(credential.tokenId);
    expect((await h.admin(session, 'GET', CONSOLE_ROUTES.console)).status).toBe(401);
  });
});

describe('hosted: an install started in Aircall ends with a Zendesk sign-in that links the two', () => {
  it('its callback in another browser (no flow cookie) is refused and holds nothing', async () => {
    const b = h.browser();
    const install = await b.get(`${h.publicUrl}/oauth/aircall/install`);
    const back = await b.consent(install.location as string);
    const other = h.browser();
    const res = await other.get(back.location as string);
    expect(res.status).toBe(400);
    expect(other.cookies.has('ass_aircall_chain')).toBe(false);
  });

  it('holds the Aircall token until the admin connects Zendesk in the same browser', async () => {
    const b = h.browser();
    // Aircall's Dashboard opens the install URI with no parameter of ours.
    const { page } = await b.connectAircall(`${h.publicUrl}/oauth/aircall/install`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/Sign in with Zendesk/);
    expect(b.cookies.get('ass_aircall_chain')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Nothing is stored on any account before the Zendesk sign-in: the pasted keys of the test above stay.
    expect(await h.deps.credentials.getAircallCredential(SUBDOMAIN)).toMatchObject({ kind: 'basic' });

    // The page's form: GET /oauth/zendesk/start?subdomain=…
    const { page: done } = await b.connectZendesk();
    expect(done.status).toBe(200);
    expect(done.text).toMatch(/Zendesk and Aircall are connected/);
    sessionFrom(done);
    expect(await h.deps.credentials.getAircallCredential(SUBDOMAIN)).toMatchObject({ kind: 'oauth', grantor: { email: ADMIN_EMAIL } });
    expect(b.cookies.has('ass_aircall_chain')).toBe(false);
  });
});
