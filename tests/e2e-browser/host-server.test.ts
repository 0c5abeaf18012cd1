// The local host's server without a browser: Zendesk's request proxy (settings, the signed JWT, refusals), where the
// installation comes from, the status switches and the static files, against the real sandboxes and a recording
// backend. The token is checked with the backend's own verifier.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backendRequest } from '../../app/src/backend/request';
import { readAppToken, verifyAppToken } from '../../lambdas/app-api/token';
import { startSandboxes, type SandboxPair } from '../../local/demo';
import { startLocalHost, type LocalHost } from '../../local/host/server';
import { APP_API_ROUTES } from '../../shared/app-api';

const SECRET = 'local-host-test-secret-0123456789abcdef';
const OTHER_SECRET = 'another-secret-for-headers-only';

/** A backend stand-in that records what reached it and answers JSON. */
interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}
let backend: Server;
let backendUrl: string;
const received: Recorded[] = [];

let sandboxes: SandboxPair;
let host: LocalHost;
let appDir: string;

/** A minimal app package: what the host reads (manifest with a scoped secure parameter, name, one page). */
function writePackage(dir: string): void {
  mkdirSync(join(dir, 'assets'), { recursive: true });
  mkdirSync(join(dir, 'translations'), { recursive: true });
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      name: 'Test app',
      version: '9.9.9',
      location: { support: { top_bar: { url: 'assets/index.html', size: { width: '300px', height: '200px' } } } },
      parameters: [
        { name: 'backendUrl', type: 'url' },
        { name: 'sharedSecret', type: 'text', secure: true, scopes: ['jwt_secret_key'] },
        { name: 'headerToken', type: 'text', secure: true, scopes: ['header'] },
      ],
    }),
  );
  writeFileSync(join(dir, 'translations', 'en.json'), JSON.stringify({ app: { name: 'Test App Name' } }));
  writeFileSync(join(dir, 'assets', 'index.html'), '<!doctype html><title>app</title>');
}

beforeAll(async () => {
  backend = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(req.url?.startsWith('/missing') ? 404 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, path: req.url }));
    });
  });
  await new Promise<void>((r) => backend.listen(0, '127.0.0.1', () => r()));
  const address = backend.address();
  backendUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  sandboxes = await startSandboxes({ agents: 2 });
  appDir = mkdtempSync(join(tmpdir(), 'ass-host-pkg-'));
  writePackage(appDir);
  host = await startLocalHost({
    port: 0,
    appDir,
    aircallUrl: sandboxes.aircall.url,
    zendeskUrl: sandboxes.zendesk.url,
    fallbackInstallation: {
      id: 7,
      appId: 0,
      settings: { syncDirection: 'aircall_to_zendesk', backendUrl },
      secureSettings: { sharedSecret: SECRET, headerToken: OTHER_SECRET },
    },
  });
});

afterAll(async () => {
  await host?.close();
  await sandboxes?.close();
  await new Promise((r) => backend?.close(r));
  rmSync(appDir, { recursive: true, force: true });
});

beforeEach(() => {
  received.length = 0;
});

/** What the page does for `client.request(options)`. */
async function proxied(options: unknown): Promise<{ status: number; body: Record<string, unknown>; text: string }> {
  const response = await fetch(`${host.url}/_host/request`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ options }),
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as Record<string, unknown>, text };
}

describe('the request proxy', () => {
  it("signs the app's backend request as Zendesk would: settings substituted, a token the backend verifies", async () => {
    // Prepare: the exact options the app sends (app/src/backend/request.ts).
    const options = backendRequest('{{setting.backendUrl}}', APP_API_ROUTES.meStatus, { subdomain: 'demo', userId: '10011' });
    const before = Date.now();

    // Act
    const answer = await proxied(options);

    // Assess: the upstream answer is relayed, and the backend got a token signed with the secure setting.
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: 200, contentType: 'application/json', body: JSON.stringify({ ok: true, path: '/api/me/status' }) });
    expect(received).toHaveLength(1);
    const request = received[0] as Recorded;
    expect(request.method).toBe('GET');
    expect(request.url).toBe('/api/me/status');
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] as string;
    const claims = verifyAppToken(readAppToken(bearer), SECRET, Date.now());
    expect(claims).toMatchObject({ iss: 'demo', sub: '10011', aud: 'agent-status-sync' });
    expect(claims.exp).toBeGreaterThanOrEqual(Math.floor(before / 1000) + 60);
    expect(claims.exp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 60);
    expect(JSON.parse(Buffer.from(bearer.split('.')[0] as string, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
    // The secret itself never travels.
    expect(JSON.stringify(request)).not.toContain(SECRET);
    expect(answer.text).not.toContain(SECRET);
  });

  it('refuses a secure placeholder without secure: true, and sends nothing', async () => {
    // Act
    const answer = await proxied({
      url: `${backendUrl}/x`,
      headers: { Authorization: 'Bearer {{jwt.token}}' },
      jwt: { algorithm: 'HS256', secret_key: '{{setting.sharedSecret}}', expiry: 60, claims: { iss: 'demo' } },
    });

    // Assess
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({ error: { message: '{{setting.sharedSecret}} is a secure setting: the request needs secure: true' } });
    expect(received).toHaveLength(0);
  });

  it('keeps a secure setting to its manifest scopes: a jwt_secret_key-only secret cannot go into a header', async () => {
    const answer = await proxied({ url: `${backendUrl}/x`, secure: true, headers: { 'X-Key': '{{setting.sharedSecret}}' } });
    expect(answer.status).toBe(403);
    expect((answer.body.error as { message: string }).message).toBe('{{setting.sharedSecret}} may not be used in the header (its scopes: jwt_secret_key)');
    expect(answer.text).not.toContain(SECRET);
    expect(received).toHaveLength(0);
  });

  it('substitutes a secure setting where its scopes allow, and non-secure settings anywhere', async () => {
    const answer = await proxied({
      url: '{{setting.backendUrl}}/echo?d={{setting.syncDirection}}',
      secure: true,
      headers: { 'X-Key': '{{setting.headerToken}}' },
    });
    expect(answer.status).toBe(200);
    expect(received[0]?.url).toBe('/echo?d=aircall_to_zendesk');
    expect(received[0]?.headers['x-key']).toBe(OTHER_SECRET);
  });

  it.each([
    [
      { url: `${'{{setting.backendUrl}}'}/x`, headers: { Authorization: 'Bearer {{jwt.token}}' } },
      400,
      '{{jwt.token}} is used but the request has no jwt option',
    ],
    [{ url: '{{setting.nope}}/x' }, 400, '{{setting.nope}}: the installation has no setting "nope"'],
    [
      { url: `${'{{setting.backendUrl}}'}/x`, secure: true, jwt: { algorithm: 'RS256', secret_key: '{{setting.sharedSecret}}' } },
      400,
      'jwt.algorithm "RS256" is not supported by the local host (HS256 only)',
    ],
    [
      { url: `${'{{setting.backendUrl}}'}/x`, headers: { client_id: 'a' } },
      400,
      `header names must not contain "_" (Zendesk's proxy rejects them): "client_id"`,
    ],
    [
      { url: '/api/v2/users/me.json' },
      501,
      'the local host does not proxy Zendesk API calls (/api/v2/users/me.json): call the Zendesk sandbox from the backend',
    ],
    [{ type: 'GET' }, 400, 'url is required'],
  ])('refuses %j with %i', async (options, status, message) => {
    const answer = await proxied(options);
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual({ error: { message } });
    expect(received).toHaveLength(0);
  });

  it("relays an upstream error status as it is, for the app's failure path", async () => {
    const answer = await proxied({ url: '{{setting.backendUrl}}/missing', type: 'POST', contentType: 'application/json', data: JSON.stringify({ a: 1 }) });
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe(404);
    expect(received[0]).toMatchObject({ method: 'POST', body: '{"a":1}' });
    expect(received[0]?.headers['content-type']).toBe('application/json');
  });
});

describe('the page, the package and the sandboxes', () => {
  it('serves the page, its script and the app package, and nothing outside the package', async () => {
    const page = await fetch(`${host.url}/`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('data-testid="agent-switcher"');
    const script = await (await fetch(`${host.url}/host.js`)).text();
    expect(script).toContain('zaf.app.registered');
    expect(await (await fetch(`${host.url}/app/assets/index.html`)).text()).toContain('<title>app</title>');
    for (const path of ['/app/../../../etc/passwd', '/app/%2e%2e/%2e%2e/etc/passwd', '/app/assets/nope.js']) {
      expect((await fetch(`${host.url}${path}`)).status).toBe(404);
    }
  });

  it("gives the page the installation's non-secure settings only, from the fallback until the app is installed in the sandbox", async () => {
    // Act: no installation yet.
    const before = await (await fetch(`${host.url}/_host/state`)).text();
    // Act: an admin installs the app in the Zendesk sandbox.
    const install = await fetch(`${sandboxes.zendesk.url}/_sandbox/installations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ settings: { syncDirection: 'zendesk_to_aircall', backendUrl }, secure_settings: { sharedSecret: 'installed-secret-xyz' } }),
    });
    expect(install.status).toBe(201);
    const after = await (await fetch(`${host.url}/_host/state`)).text();

    // Assess
    expect(JSON.parse(before)).toMatchObject({
      subdomain: 'demo',
      app: { name: 'Test App Name', version: '9.9.9', locations: { top_bar: { url: 'assets/index.html' } } },
      installation: { id: 7, source: 'demo_account', settings: { syncDirection: 'aircall_to_zendesk', backendUrl } },
    });
    expect(before).not.toContain(SECRET);
    expect(before).not.toContain(OTHER_SECRET);
    const state = JSON.parse(after) as { installation: { source: string; settings: Record<string, unknown> } };
    expect(state.installation).toMatchObject({ source: 'zendesk_sandbox', settings: { syncDirection: 'zendesk_to_aircall', backendUrl } });
    expect(after).not.toContain('installed-secret-xyz');
    // The proxy now signs with the installed secret.
    await proxied(backendRequest(backendUrl, APP_API_ROUTES.meStatus, { subdomain: 'demo', userId: '10011' }));
    const bearer = /^Bearer (.+)$/.exec(received[0]?.headers.authorization ?? '')?.[1] as string;
    expect(verifyAppToken(readAppToken(bearer), 'installed-secret-xyz', Date.now()).sub).toBe('10011');
  });

  it('uses the installation the backend would, not another app installed before ours', async () => {
    // Prepare: only another app's installation, then ours.
    const zendesk = sandboxes.zendesk.url;
    const listed = (await (await fetch(`${zendesk}/_sandbox/installations`)).json()) as { installations: { id: number }[] };
    for (const i of listed.installations) await fetch(`${zendesk}/_sandbox/installations/${i.id}`, { method: 'DELETE' });
    const install = (body: unknown) =>
      fetch(`${zendesk}/_sandbox/installations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await install({ app_id: 1, settings: { welcomeText: 'another app' } })).status).toBe(201);
    expect((await install({ app_id: 2, settings: { syncDirection: 'off', backendUrl } })).status).toBe(201);

    // Act
    const state = (await (await fetch(`${host.url}/_host/state`)).json()) as { installation: { appId: number; settings: Record<string, unknown> } };

    // Assess
    expect(state.installation).toMatchObject({ appId: 2, settings: { syncDirection: 'off' } });
  });

  it("sets an agent's statuses in the sandboxes as the agent would, and lists both sides", async () => {
    // Prepare
    const { people } = (await (await fetch(`${host.url}/_host/people`)).json()) as {
      people: Array<{ zendeskId: number; email: string; role: string; aircall?: unknown }>;
    };
    const agent = people.find((p) => p.role === 'agent' && p.aircall);
    if (!agent) throw new Error('no linked agent');
    expect(people.some((p) => p.role === 'admin')).toBe(true);

    // Act
    const aircall = await fetch(`${host.url}/_host/people/${agent.zendeskId}/aircall-status`, {
      method: 'PUT',
      body: JSON.stringify({ availability_status: 'unavailable' }),
    });
    const zendesk = await fetch(`${host.url}/_host/people/${agent.zendeskId}/zendesk-status`, { method: 'PUT', body: JSON.stringify({ status: 'away' }) });
    const bad = await fetch(`${host.url}/_host/people/${agent.zendeskId}/zendesk-status`, { method: 'PUT', body: JSON.stringify({ status: 'sleeping' }) });

    // Assess
    expect(aircall.status).toBe(200);
    expect(zendesk.status).toBe(200);
    expect(((await zendesk.json()) as { person: unknown }).person).toMatchObject({ zendeskStatus: 'away', aircall: { availabilityStatus: 'unavailable' } });
    expect(sandboxes.aircall.user(agent.email.toLowerCase()).availability_status).toBe('unavailable');
    expect(sandboxes.zendesk.agent(agent.zendeskId)?.status.name).toBe('away');
    expect(bad.status).toBe(400);
    expect(sandboxes.zendesk.agent(agent.zendeskId)?.status.name).toBe('away');
  });
});
