// The Aircall sandbox's partner onboarding over HTTP (aircall-api.md §2.2, onboarding.md §5): the Dashboard's
// authorize page with Approve, the code exchange at /v1/oauth/token, Bearer use on /v1/ping and /v1/webhooks,
// and the /_sandbox controls that revoke tokens and deactivate a webhook.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { demoAircallUsers, startAircallSandbox, type AircallSandbox } from '../../local/sandbox/aircall';

const START = Date.UTC(2026, 11, 3, 6, 0, 0);
const REDIRECT = 'https://sync.example.org/oauth/aircall/callback';
const PARTNER = { client_id: 'sandbox-partner', client_secret: 'sandbox-partner-secret' };
const BASIC = `Basic ${Buffer.from('sandbox-id:sandbox-token').toString('base64')}`;

let clock = START;
let aircall: AircallSandbox;
let receiver: { url: string; hits: number; close(): Promise<void> };

const json = async (res: Response): Promise<Record<string, any>> => (await res.json()) as Record<string, any>;
const control = (path: string, method = 'GET', payload?: unknown) =>
  fetch(`${aircall.url}/_sandbox${path}`, { method, body: payload === undefined ? undefined : JSON.stringify(payload) });
const api = (path: string, authorization: string, init: RequestInit = {}) =>
  fetch(`${aircall.url}${path}`, { ...init, headers: { Authorization: authorization, 'Content-Type': 'application/json', ...(init.headers ?? {}) } });
const exchange = (params: Record<string, string>) =>
  fetch(`${aircall.url}/v1/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ grant_type: 'authorization_code', redirect_uri: REDIRECT, ...PARTNER, ...params }),
  });

function authorizeUrl(params: Record<string, string>): string {
  return `${aircall.url}/oauth/authorize?${new URLSearchParams(params).toString()}`;
}

/** The admin opens the consent page (as the install URI forwards them) and presses a button. */
async function consent(decision: 'approve' | 'deny' = 'approve', state = 'st-1'): Promise<URL> {
  const pageRes = await fetch(authorizeUrl({ client_id: 'sandbox-partner', redirect_uri: REDIRECT, response_type: 'code', scope: 'public_api', state }));
  expect(pageRes.status).toBe(200);
  const html = await pageRes.text();
  const form = new URLSearchParams();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    form.set(
      m[1] as string,
      (m[2] as string).replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c))),
    );
  form.set('decision', decision);
  const res = await fetch(`${aircall.url}/oauth/authorize`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location') ?? '');
}

async function install(): Promise<string> {
  const code = (await consent()).searchParams.get('code') ?? '';
  const res = await exchange({ code });
  expect(res.status).toBe(200);
  return (await json(res)).access_token as string;
}

beforeAll(async () => {
  const state = { hits: 0 };
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      state.hits++;
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  receiver = Object.assign(state, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/aircall/acme`,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  });
  aircall = await startAircallSandbox({ apiId: 'sandbox-id', apiToken: 'sandbox-token', users: demoAircallUsers(3), now: () => clock, webhookRetries: 0 });
});
afterAll(async () => {
  await aircall.close();
  await receiver.close();
});
beforeEach(async () => {
  clock = START;
  receiver.hits = 0;
  await aircall.reset();
});

describe('the partner install', () => {
  it('shows a consent page with Approve, redirects with a code and the state, and the code buys a Bearer token that works', async () => {
    // Act
    const page = await (
      await fetch(authorizeUrl({ client_id: 'sandbox-partner', redirect_uri: REDIRECT, response_type: 'code', scope: 'public_api', state: 'x' }))
    ).text();
    const back = await consent('approve', 'state with spaces');
    const res = await exchange({ code: back.searchParams.get('code') ?? '' });
    const token = (await json(res)).access_token as string;
    const ping = await api('/v1/ping', `Bearer ${token}`);
    // Assess
    expect(page).toMatch(/<button[^>]*value="approve"[^>]*>Approve<\/button>/);
    expect(page).toContain('Agent Status Sync');
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
    expect(back.searchParams.get('state')).toBe('state with spaces');
    expect(res.status).toBe(200);
    expect(await json(await exchange({ code: 'x' }))).toMatchObject({ error: 'invalid_grant' });
    expect(ping.status).toBe(200);
    expect(await json(ping)).toEqual({ ping: 'pong' });
  });

  it('creates, lists and deletes webhooks with the Bearer token, each with its own token', async () => {
    // Prepare
    const bearer = `Bearer ${await install()}`;
    const create = (name: string) =>
      api('/v1/webhooks', bearer, { method: 'POST', body: JSON.stringify({ custom_name: name, url: receiver.url, events: ['user.opened', 'user.closed'] }) });
    // Act
    const a = (await json(await create('a'))).webhook;
    const b = (await json(await create('b'))).webhook;
    const listed = (await json(await api('/v1/webhooks', bearer))).webhooks as Array<{ webhook_id: string; token: string }>;
    const deleted = await api(`/v1/webhooks/${a.webhook_id}`, bearer, { method: 'DELETE' });
    // Assess
    expect(a.token).not.toBe(b.token);
    expect(listed.map((w) => w.webhook_id)).toEqual([a.webhook_id, b.webhook_id]);
    expect(listed.map((w) => w.token)).toEqual([a.token, b.token]);
    expect(deleted.status).toBe(204);
    expect((await api(`/v1/webhooks/${a.webhook_id}`, bearer)).status).toBe(404);
  });

  it('spends a code once, and refuses a wrong secret, another redirect_uri or a code older than 10 minutes', async () => {
    const code = (await consent()).searchParams.get('code') ?? '';
    expect((await exchange({ code, client_secret: 'wrong' })).status).toBe(401);
    const code2 = (await consent()).searchParams.get('code') ?? '';
    expect((await exchange({ code: code2, redirect_uri: 'https://other.example/cb' })).status).toBe(400);
    const code3 = (await consent()).searchParams.get('code') ?? '';
    expect((await exchange({ code: code3 })).status).toBe(200);
    expect((await exchange({ code: code3 })).status).toBe(400);
    const code4 = (await consent()).searchParams.get('code') ?? '';
    clock += 10 * 60_000;
    expect((await exchange({ code: code4 })).status).toBe(400);
  });

  it('redirects a denial and a wrong scope back with an error; an unknown client gets a page, not a redirect', async () => {
    const denied = await consent('deny', 'abc');
    expect(Object.fromEntries(denied.searchParams)).toEqual({ error: 'access_denied', state: 'abc' });
    const wrongScope = await fetch(authorizeUrl({ client_id: 'sandbox-partner', redirect_uri: REDIRECT, response_type: 'code', scope: 'read' }), {
      redirect: 'manual',
    });
    expect(new URL(wrongScope.headers.get('location') ?? '').searchParams.get('error')).toBe('invalid_scope');
    const unknown = await fetch(authorizeUrl({ client_id: 'nobody', redirect_uri: REDIRECT, response_type: 'code', scope: 'public_api' }), {
      redirect: 'manual',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('location')).toBeNull();
  });
});

describe('tokens and controls', () => {
  it('answers 403 to an unknown Bearer token, and to a token revoked through the control API, while Basic auth still works', async () => {
    // Prepare
    const token = await install();
    const other = await install();
    const listed = (await json(await control('/oauth/tokens'))).tokens as Array<{ id: number; token_prefix: string }>;
    const mine = listed.find((t) => t.token_prefix === token.slice(0, 10));
    // Act
    const revoked = await control(`/oauth/tokens/${mine?.id}`, 'DELETE');
    // Assess
    expect(JSON.stringify(listed)).not.toContain(token);
    expect(revoked.status).toBe(204);
    expect((await api('/v1/ping', `Bearer ${token}`)).status).toBe(403);
    expect(await json(await api('/v1/ping', 'Bearer not-a-token'))).toEqual({ message: 'Forbidden' });
    expect((await api('/v1/ping', `Bearer ${other}`)).status).toBe(200);
    expect((await api('/v1/ping', BASIC)).status).toBe(200);
    expect((await control('/oauth/tokens/999', 'DELETE')).status).toBe(404);
  });

  it('"expire every token now" stops every partner token (they never expire by themselves)', async () => {
    const token = await install();
    clock += 365 * 24 * 3600_000;
    expect((await api('/v1/ping', `Bearer ${token}`)).status).toBe(200);
    expect(await json(await control('/oauth/expire', 'POST'))).toEqual({ expired: 1 });
    expect((await api('/v1/ping', `Bearer ${token}`)).status).toBe(403);
  });

  it('deactivates a webhook: it reads active:false, gets no deliveries, and a PUT active:true repairs it', async () => {
    // Prepare
    const bearer = `Bearer ${await install()}`;
    const hook = (
      await json(await api('/v1/webhooks', bearer, { method: 'POST', body: JSON.stringify({ url: receiver.url, events: ['user.opened', 'user.closed'] }) }))
    ).webhook;
    // Act
    expect((await control(`/webhooks/${hook.webhook_id}/active`, 'PUT', { active: false })).status).toBe(200);
    aircall.setStatus('agent01@example.com', 'unavailable');
    await aircall.idle();
    const shown = (await json(await api(`/v1/webhooks/${hook.webhook_id}`, bearer))).webhook;
    // Assess
    expect(shown.active).toBe(false);
    expect(receiver.hits).toBe(0);
    const repaired = await api(`/v1/webhooks/${hook.webhook_id}`, bearer, {
      method: 'PUT',
      body: JSON.stringify({ active: true, events: ['user.opened', 'user.closed'] }),
    });
    expect((await json(repaired)).webhook.active).toBe(true);
    aircall.setStatus('agent01@example.com', 'available');
    await aircall.idle();
    expect(receiver.hits).toBe(1);
    expect((await control(`/webhooks/${hook.webhook_id}/active`, 'PUT', { active: 'no' })).status).toBe(400);
    expect((await control('/webhooks/nope/active', 'PUT', { active: false })).status).toBe(404);
  });
});
