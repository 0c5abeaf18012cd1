// The Zendesk sandbox's onboarding APIs over HTTP (onboarding.md §3, §4): the authorize page and its Approve button,
// PKCE code exchange, refresh rotation, token lifetimes, revocation, users/me, webhook status and invocations, and
// the /_sandbox controls that expire and revoke tokens and deactivate a webhook.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startZendeskSandbox, type ZendeskSandbox } from '../../local/sandbox/zendesk';

const START = Date.parse('2026-12-03T06:00:00Z');
const REDIRECT = 'https://sync.example.org/oauth/zendesk/callback';
const CONFIDENTIAL = { client_id: 'sandbox-client', client_secret: 'sandbox-client-secret' };

let clock = START;
let zd: ZendeskSandbox;
let receiver: { url: string; status: number; hits: number; close(): Promise<void> };

async function startReceiver(): Promise<typeof receiver> {
  const state = { status: 200, hits: 0 };
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      state.hits++;
      res.writeHead(state.status).end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return Object.assign(state, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/zendesk/acme`,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  });
}

const json = async (res: Response): Promise<Record<string, any>> => (await res.json()) as Record<string, any>;
const api = (path: string, token: string | undefined, init: RequestInit = {}) =>
  fetch(`${zd.url}${path}`, {
    ...init,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(init.headers ?? {}) },
  });
const control = (path: string, method = 'GET', payload?: unknown) =>
  fetch(`${zd.url}/_sandbox${path}`, { method, body: payload === undefined ? undefined : JSON.stringify(payload) });
const grant = (params: Record<string, string | number>) =>
  fetch(`${zd.url}/oauth/tokens`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(params) });

function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeUrl(params: Record<string, string | undefined>): string {
  const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined));
  return `${zd.url}/oauth/authorizations/new?${query.toString()}`;
}

/** Opens the authorize page, then submits its form as a browser would, pressing `decision`. */
async function approve(options: {
  challenge?: string;
  email?: string;
  decision?: 'approve' | 'deny';
  clientId?: string;
  state?: string;
  scope?: string;
}): Promise<URL> {
  const url = authorizeUrl({
    response_type: 'code',
    client_id: options.clientId ?? 'sandbox-client',
    redirect_uri: REDIRECT,
    scope: options.scope ?? 'read write',
    state: options.state ?? 'state-123',
    code_challenge: options.challenge,
    code_challenge_method: options.challenge ? 'S256' : undefined,
  });
  const pageRes = await fetch(url);
  expect(pageRes.status).toBe(200);
  const html = await pageRes.text();
  // The form's own fields, as the browser would post them.
  const form = new URLSearchParams();
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) form.set(match[1] as string, decodeEntities(match[2] as string));
  const firstOption = /<option value="([^"]+)"/.exec(html)?.[1] ?? '';
  form.set('email', options.email ?? decodeEntities(firstOption));
  form.set('decision', options.decision ?? 'approve');
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1] ?? '';
  const res = await fetch(`${zd.url}${action}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location') ?? '');
}

function decodeEntities(text: string): string {
  return text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}

/** A full Connect: authorize page, Approve, code exchange with PKCE. */
async function connect(extra: Record<string, string | number> = {}, email?: string): Promise<Record<string, any>> {
  const { verifier, challenge } = pkce();
  const back = await approve({ challenge, email });
  const res = await grant({
    grant_type: 'authorization_code',
    code: back.searchParams.get('code') ?? '',
    redirect_uri: REDIRECT,
    code_verifier: verifier,
    ...CONFIDENTIAL,
    ...extra,
  });
  expect(res.status).toBe(200);
  return json(res);
}

beforeAll(async () => {
  receiver = await startReceiver();
  zd = await startZendeskSandbox({
    now: () => clock,
    webhookRetries: 0,
    oauthClients: [
      { identifier: 'sandbox-client', secret: 'sandbox-client-secret', kind: 'confidential', name: 'Agent Status Sync' },
      { identifier: 'public-client', secret: '', kind: 'public' },
      { identifier: 'strict-client', secret: 'x', kind: 'confidential', redirectUris: [REDIRECT] },
    ],
  });
});
afterAll(async () => {
  await zd.close();
  await receiver.close();
});
beforeEach(async () => {
  clock = START;
  receiver.status = 200;
  await control('/reset', 'POST');
});

describe('the authorize page', () => {
  it('shows the client, the scopes and an Approve button, and Approve redirects with a code and the state', async () => {
    // Act
    const page = await fetch(
      authorizeUrl({
        response_type: 'code',
        client_id: 'sandbox-client',
        redirect_uri: REDIRECT,
        scope: 'read write',
        state: 's<1>',
        code_challenge: pkce().challenge,
        code_challenge_method: 'S256',
      }),
    );
    const html = await page.text();
    const back = await approve({ challenge: pkce().challenge, state: 'opaque state/with spaces' });
    // Assess
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).toContain('Agent Status Sync');
    expect(html).toContain('<code>read write</code>');
    expect(html).toMatch(/<button[^>]*value="approve"[^>]*>Approve<\/button>/);
    expect(html).toContain('value="s&#60;1&#62;"'); // the state is escaped, not injected
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
    expect(back.searchParams.get('state')).toBe('opaque state/with spaces');
    expect(back.searchParams.get('code')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('redirects a denial with error=access_denied', async () => {
    const back = await approve({ decision: 'deny', state: 'abc' });
    expect(Object.fromEntries(back.searchParams)).toMatchObject({ error: 'access_denied', state: 'abc' });
    expect(back.searchParams.has('code')).toBe(false);
  });

  it('shows an error page, never a redirect, for an unknown client or a redirect_uri the client did not register', async () => {
    const unknown = await fetch(authorizeUrl({ response_type: 'code', client_id: 'nobody', redirect_uri: REDIRECT, scope: 'read' }), { redirect: 'manual' });
    const unregistered = await fetch(
      authorizeUrl({ response_type: 'code', client_id: 'strict-client', redirect_uri: 'https://evil.example/cb', scope: 'read' }),
      { redirect: 'manual' },
    );
    const registered = await fetch(authorizeUrl({ response_type: 'code', client_id: 'strict-client', redirect_uri: REDIRECT, scope: 'read' }), {
      redirect: 'manual',
    });
    expect([unknown.status, unregistered.status, registered.status]).toEqual([400, 400, 200]);
    expect(unknown.headers.get('location')).toBeNull();
  });

  it('redirects request errors back with error and state: implicit grant, no scope, a public client without PKCE', async () => {
    const errorOf = async (params: Record<string, string>) => {
      const res = await fetch(authorizeUrl({ redirect_uri: REDIRECT, state: 'st', ...params }), { redirect: 'manual' });
      expect(res.status).toBe(302);
      const back = new URL(res.headers.get('location') ?? '');
      expect(back.searchParams.get('state')).toBe('st');
      return back.searchParams.get('error');
    };
    expect(await errorOf({ response_type: 'token', client_id: 'sandbox-client', scope: 'read' })).toBe('unsupported_response_type');
    expect(await errorOf({ response_type: 'code', client_id: 'sandbox-client' })).toBe('invalid_scope');
    expect(await errorOf({ response_type: 'code', client_id: 'public-client', scope: 'read' })).toBe('invalid_request');
    expect(await errorOf({ response_type: 'code', client_id: 'sandbox-client', scope: 'read', code_challenge: 'x', code_challenge_method: 'S512' })).toBe(
      'invalid_request',
    );
  });
});

describe('the code exchange', () => {
  it('checks PKCE, accepts a code once, and the token acts as the user who approved', async () => {
    // Prepare
    const { verifier, challenge } = pkce();
    const code = (await approve({ challenge })).searchParams.get('code') ?? '';
    // Act
    const wrongVerifier = await grant({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: pkce().verifier, ...CONFIDENTIAL });
    const code2 = (await approve({ challenge })).searchParams.get('code') ?? '';
    const ok = await grant({ grant_type: 'authorization_code', code: code2, redirect_uri: REDIRECT, code_verifier: verifier, ...CONFIDENTIAL });
    const replay = await grant({ grant_type: 'authorization_code', code: code2, redirect_uri: REDIRECT, code_verifier: verifier, ...CONFIDENTIAL });
    const tokens = await json(ok);
    const me = await json(await api('/api/v2/users/me', tokens.access_token));
    // Assess
    expect(wrongVerifier.status).toBe(400);
    expect((await json(wrongVerifier)).error).toBe('invalid_grant');
    expect(ok.status).toBe(200);
    expect(tokens).toMatchObject({ token_type: 'bearer', scope: 'read write', expires_in: 1800, refresh_token_expires_in: 2_592_000 });
    expect(replay.status).toBe(400);
    expect(me.user).toMatchObject({ email: 'admin@example.com', role: 'admin' });
  });

  it('lets a public client exchange with PKCE alone', async () => {
    const { verifier, challenge } = pkce();
    const code = (await approve({ challenge, clientId: 'public-client' })).searchParams.get('code') ?? '';
    const res = await grant({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier, client_id: 'public-client' });
    expect(res.status).toBe(200);
  });

  it('issues a token for whoever approved: an agent is an agent in users/me', async () => {
    const tokens = await connect({}, 'agent01@example.com');
    expect((await json(await api('/api/v2/users/me', tokens.access_token))).user.role).toBe('agent');
  });

  it('refuses a code older than 120 seconds', async () => {
    const { verifier, challenge } = pkce();
    const code = (await approve({ challenge })).searchParams.get('code') ?? '';
    clock += 120_000;
    expect((await grant({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier, ...CONFIDENTIAL })).status).toBe(400);
  });
});

describe('token lifetimes and refresh', () => {
  it('honours expires_in and refresh_token_expires_in within the reference bounds', async () => {
    // Act: the choice, 2 hours and 30 days.
    const tokens = await connect({ expires_in: 7200, refresh_token_expires_in: 2_592_000 });
    const current = (await json(await api('/api/v2/oauth/tokens/current', tokens.access_token))).token;
    const tooLongAccess = await grant({ grant_type: 'client_credentials', ...CONFIDENTIAL, expires_in: 172_801 });
    const { verifier, challenge } = pkce();
    const code = (await approve({ challenge })).searchParams.get('code') ?? '';
    const shortRefresh = await grant({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
      ...CONFIDENTIAL,
      refresh_token_expires_in: 86_400,
    });
    const longRefresh = await grant({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token, ...CONFIDENTIAL, refresh_token_expires_in: 7_776_001 });
    // Assess
    expect(tokens).toMatchObject({ expires_in: 7200, refresh_token_expires_in: 2_592_000 });
    expect(current.expires_at).toBe(new Date(START + 7200_000).toISOString().replace(/\.\d{3}Z$/, 'Z'));
    expect(current.refresh_token_expires_at).toBe(new Date(START + 2_592_000_000).toISOString().replace(/\.\d{3}Z$/, 'Z'));
    for (const res of [tooLongAccess, shortRefresh, longRefresh]) expect(res.status).toBe(400);
    // A refused refresh spends nothing: the pair still refreshes.
    expect((await grant({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token, ...CONFIDENTIAL })).status).toBe(200);
  });

  it('refuses an access token after it expires (401), and a refresh gives a new pair and kills the old one', async () => {
    // Prepare
    const tokens = await connect({ expires_in: 300 });
    expect((await api('/api/v2/users/me', tokens.access_token)).status).toBe(200);
    // Act
    clock += 300_000;
    const expired = await api('/api/v2/users/me', tokens.access_token);
    const refreshed = await json(await grant({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token, ...CONFIDENTIAL, expires_in: 7200 }));
    const reused = await grant({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token, ...CONFIDENTIAL });
    // Assess
    expect(expired.status).toBe(401);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect((await api('/api/v2/users/me', refreshed.access_token)).status).toBe(200);
    expect(reused.status).toBe(400);
  });

  it('renews the refresh token by use: each refresh gets a fresh refresh lifetime', async () => {
    let tokens = await connect({ refresh_token_expires_in: 604_800 });
    for (let day = 0; day < 3; day++) {
      clock += 6 * 24 * 3600_000; // 18 days in all, beyond the first refresh token's 7
      const res = await grant({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token, ...CONFIDENTIAL, refresh_token_expires_in: 604_800 });
      expect(res.status).toBe(200);
      tokens = await json(res);
    }
    clock += 7 * 24 * 3600_000;
    expect((await grant({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token, ...CONFIDENTIAL })).status).toBe(400);
  });

  it('mints client-credentials tokens for a confidential client only', async () => {
    const ok = await grant({ grant_type: 'client_credentials', ...CONFIDENTIAL, scope: 'read write', expires_in: 7200 });
    const publicClient = await grant({ grant_type: 'client_credentials', client_id: 'public-client', scope: 'read' });
    const minted = await json(ok);
    expect(minted).toEqual({ access_token: expect.any(String), token_type: 'bearer', scope: 'read write', expires_in: 7200 });
    expect(publicClient.status).toBe(400);
    expect((await api('/api/v2/users/me', minted.access_token)).status).toBe(200);
  });
});

describe('revocation', () => {
  it('reads the token id from tokens/current and revokes it by id: both the access and the refresh token die', async () => {
    // Prepare
    const tokens = await connect();
    const current = (await json(await api('/api/v2/oauth/tokens/current', tokens.access_token))).token;
    // Act
    const revoked = await api(`/api/v2/oauth/tokens/${current.id}`, tokens.access_token, { method: 'DELETE' });
    // Assess
    expect(current).toMatchObject({
      id: expect.any(Number),
      user_id: expect.any(Number),
      client_id: expect.any(Number),
      scopes: ['read', 'write'],
      token: tokens.access_token.slice(0, 10),
    });
    expect(current.token).toHaveLength(10);
    expect(revoked.status).toBe(204);
    expect((await api('/api/v2/users/me', tokens.access_token)).status).toBe(401);
    expect((await grant({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token, ...CONFIDENTIAL })).status).toBe(400);
  });

  it('does not revoke with DELETE tokens/current (reported by the community), so a client must use the id', async () => {
    const tokens = await connect();
    expect((await api('/api/v2/oauth/tokens/current', tokens.access_token, { method: 'DELETE' })).status).toBe(204);
    expect((await api('/api/v2/users/me', tokens.access_token)).status).toBe(200);
  });

  it('lets an agent revoke only their own tokens; an admin may revoke any', async () => {
    const agent = await connect({}, 'agent01@example.com');
    const admin = await connect();
    const adminTokenId = (await json(await api('/api/v2/oauth/tokens/current', admin.access_token))).token.id;
    const agentTokenId = (await json(await api('/api/v2/oauth/tokens/current', agent.access_token))).token.id;
    expect((await api(`/api/v2/oauth/tokens/${adminTokenId}`, agent.access_token, { method: 'DELETE' })).status).toBe(404);
    expect((await api(`/api/v2/oauth/tokens/${agentTokenId}`, admin.access_token, { method: 'DELETE' })).status).toBe(204);
    expect((await api('/api/v2/users/me', agent.access_token)).status).toBe(401);
  });

  it('treats the seeded demo token as an OAuth token too: it has an id and can be revoked until reset', async () => {
    const current = (await json(await api('/api/v2/oauth/tokens/current', zd.adminToken))).token;
    expect(current).toMatchObject({ id: 1, expires_at: null });
    expect((await api('/api/v2/oauth/tokens/1', zd.adminToken, { method: 'DELETE' })).status).toBe(204);
    expect((await api('/api/v2/users/me', zd.adminToken)).status).toBe(401);
    await control('/reset', 'POST');
    expect((await api('/api/v2/users/me', zd.adminToken)).status).toBe(200);
  });
});

describe('controls', () => {
  it('expires every minted access token now; the refresh tokens still work unless expired too', async () => {
    // Prepare
    const a = await connect();
    const b = await connect();
    // Act
    const expired = await json(await control('/oauth/expire', 'POST'));
    // Assess
    expect(expired.expired).toBeGreaterThanOrEqual(2);
    expect((await api('/api/v2/users/me', a.access_token)).status).toBe(401);
    expect((await api('/api/v2/users/me', zd.adminToken)).status).toBe(200); // static demo token unaffected
    expect((await grant({ grant_type: 'refresh_token', refresh_token: a.refresh_token, ...CONFIDENTIAL })).status).toBe(200);
    await control('/oauth/expire', 'POST', { refresh_tokens: true });
    expect((await grant({ grant_type: 'refresh_token', refresh_token: b.refresh_token, ...CONFIDENTIAL })).status).toBe(400);
    expect((await control('/oauth/expire', 'POST', { refresh_tokens: 'yes' })).status).toBe(400);
  });

  it('lists tokens by prefix only, and revokes one', async () => {
    const tokens = await connect();
    const listed = (await json(await control('/oauth/tokens'))).tokens as Array<Record<string, any>>;
    const mine = listed.find((t) => t.token_prefix === tokens.access_token.slice(0, 10));
    expect(mine).toMatchObject({ user: 'admin@example.com', client: 'sandbox-client', expired: false });
    expect(JSON.stringify(listed)).not.toContain(tokens.access_token);
    expect((await control(`/oauth/tokens/${mine?.id}`, 'DELETE')).status).toBe(204);
    expect((await control(`/oauth/tokens/${mine?.id}`, 'DELETE')).status).toBe(404);
    expect((await api('/api/v2/users/me', tokens.access_token)).status).toBe(401);
  });
});

describe('webhooks: status and invocations', () => {
  const createHook = async (token: string) => {
    const res = await api('/api/v2/webhooks', token, {
      method: 'POST',
      body: JSON.stringify({
        webhook: {
          name: 'Agent Status Sync',
          status: 'active',
          endpoint: receiver.url,
          http_method: 'POST',
          request_format: 'json',
          subscriptions: ['zen:event-type:agent.unified_state_changed'],
        },
      }),
    });
    expect(res.status).toBe(201);
    return (await json(res)).webhook as { id: string };
  };

  it('a webhook deactivated through the control API reads inactive, filters as inactive, and gets no deliveries', async () => {
    // Prepare
    const { access_token: token } = await connect();
    const hook = await createHook(token);
    // Act
    const deactivated = await control(`/webhooks/${hook.id}/status`, 'PUT', { status: 'inactive' });
    zd.setStatus('agent01@example.com', 'online');
    await zd.idle();
    const shown = (await json(await api(`/api/v2/webhooks/${hook.id}`, token))).webhook;
    const inactive = (await json(await api('/api/v2/webhooks?filter[status]=inactive', token))).webhooks as Array<{ id: string }>;
    const active = (await json(await api('/api/v2/webhooks?filter[status]=active', token))).webhooks as Array<{ id: string }>;
    // Assess
    expect(deactivated.status).toBe(200);
    expect(shown.status).toBe('inactive');
    expect(inactive.map((h) => h.id)).toEqual([hook.id]);
    expect(active).toEqual([]);
    expect(receiver.hits).toBe(0);
    // Re-activated (as a repair would, with PATCH), it delivers again.
    expect((await api(`/api/v2/webhooks/${hook.id}`, token, { method: 'PATCH', body: JSON.stringify({ webhook: { status: 'active' } }) })).status).toBe(204);
    zd.setStatus('agent01@example.com', 'offline');
    await zd.idle();
    expect(receiver.hits).toBe(1);
    expect((await control(`/webhooks/${hook.id}/status`, 'PUT', { status: 'paused' })).status).toBe(400);
    expect((await control('/webhooks/01NOPE/status', 'PUT', { status: 'inactive' })).status).toBe(404);
  });

  it('lists invocations with their status and attempts, filtered by status and sorted by completion', async () => {
    // Prepare
    const { access_token: token } = await connect();
    const hook = await createHook(token);
    // Act: one delivery succeeds, one fails with a 500.
    zd.setStatus('agent01@example.com', 'online');
    await zd.idle();
    clock += 1000;
    receiver.status = 500;
    zd.setStatus('agent02@example.com', 'online');
    await zd.idle();
    const all = (await json(await api(`/api/v2/webhooks/${hook.id}/invocations`, token))).invocations as Array<Record<string, any>>;
    const failed = (await json(await api(`/api/v2/webhooks/${hook.id}/invocations?filter[status]=server%20error`, token))).invocations as Array<
      Record<string, any>
    >;
    const newestFirst = (await json(await api(`/api/v2/webhooks/${hook.id}/invocations?sort=-latest_completed_at`, token))).invocations as Array<
      Record<string, any>
    >;
    const attempts = await json(await api(`/api/v2/webhooks/${hook.id}/invocations/${all[1]?.id}/attempts`, token));
    const badFilter = await api(`/api/v2/webhooks/${hook.id}/invocations?filter[status]=great`, token);
    // Assess
    expect(all).toEqual([
      expect.objectContaining({ webhook_id: hook.id, status: 'success', event_type: 'zen:event-type:agent.unified_state_changed', attempts_count: 1 }),
      expect.objectContaining({ webhook_id: hook.id, status: 'server error', attempts_count: 1 }),
    ]);
    expect(failed.map((i) => i.id)).toEqual([all[1]?.id]);
    expect(newestFirst.map((i) => i.id)).toEqual([all[1]?.id, all[0]?.id]);
    expect(attempts.attempts).toEqual([expect.objectContaining({ invocation_id: all[1]?.id, status: 'server error', response_code: 500 })]);
    expect(badFilter.status).toBe(400);
    // Only admins read invocations.
    const agent = await connect({}, 'agent01@example.com');
    expect((await api(`/api/v2/webhooks/${hook.id}/invocations`, agent.access_token)).status).toBe(403);
  });
});
