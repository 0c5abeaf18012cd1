// The local host's server without a browser: what Zendesk does for a `signedUrls` app (the token for the signed-in
// person, minted by the Zendesk sandbox and checked here with the app's public key from the sandbox's API), where
// the installation comes from, the location URLs moved to the backend, the status switches and the static files.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandboxes, type SandboxPair } from '../../local/demo';
import { startLocalHost, type LocalHost } from '../../local/host/server';

const SECRET = 'local-host-test-secret-0123456789abcdef';

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

/** A minimal app package: what the host reads (a remote top bar, a packaged background page, name). */
function writePackage(dir: string): void {
  mkdirSync(join(dir, 'assets'), { recursive: true });
  mkdirSync(join(dir, 'translations'), { recursive: true });
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      name: 'Test app',
      version: '9.9.9',
      signedUrls: true,
      location: {
        support: {
          top_bar: { url: 'http://localhost:3000/app/top_bar', size: { width: '300px', height: '200px' } },
          background: { url: 'assets/index.html' },
        },
      },
      parameters: [
        { name: 'keepInStep', type: 'checkbox' },
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
    backendUrl,
    aircallUrl: sandboxes.aircall.url,
    zendeskUrl: sandboxes.zendesk.url,
    fallbackInstallation: {
      id: 7,
      appId: 0,
      settings: { syncDirection: 'aircall_to_zendesk', keepInStep: false },
      secureSettings: { headerToken: SECRET },
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
      body: JSON.stringify({ settings: { syncDirection: 'zendesk_to_aircall', keepInStep: true }, secure_settings: { headerToken: 'installed-secret-xyz' } }),
    });
    expect(install.status).toBe(201);
    const after = await (await fetch(`${host.url}/_host/state`)).text();

    // Assess
    expect(JSON.parse(before)).toMatchObject({
      subdomain: 'demo',
      // The remote location moves to the backend the host was started with; a packaged page stays.
      app: { name: 'Test App Name', version: '9.9.9', locations: { top_bar: { url: `${backendUrl}/app/top_bar` }, background: { url: 'assets/index.html' } } },
      installation: { id: 7, source: 'demo_account', settings: { syncDirection: 'aircall_to_zendesk', keepInStep: false } },
    });
    expect(before).not.toContain(SECRET);
    const state = JSON.parse(after) as { installation: { source: string; settings: Record<string, unknown> } };
    expect(state.installation).toMatchObject({ source: 'zendesk_sandbox', settings: { syncDirection: 'zendesk_to_aircall', keepInStep: true } });
    expect(after).not.toContain('installed-secret-xyz');
  });

  it('uses the installation the backend would, not another app installed before ours', async () => {
    // Prepare: only another app's installation, then ours.
    const zendesk = sandboxes.zendesk.url;
    const listed = (await (await fetch(`${zendesk}/_sandbox/installations`)).json()) as { installations: { id: number }[] };
    for (const i of listed.installations) await fetch(`${zendesk}/_sandbox/installations/${i.id}`, { method: 'DELETE' });
    const install = (body: unknown) =>
      fetch(`${zendesk}/_sandbox/installations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await install({ app_id: 1, settings: { welcomeText: 'another app' } })).status).toBe(201);
    expect((await install({ app_id: 2, settings: { syncDirection: 'off', keepInStep: false } })).status).toBe(201);

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

  it("starts and ends an Aircall call for the person (the page's Start call / End call)", async () => {
    // Prepare: an agent Aircall would ring (available).
    const { people } = (await (await fetch(`${host.url}/_host/people`)).json()) as {
      people: Array<{ zendeskId: number; email: string; role: string; aircall?: { availability?: string } }>;
    };
    const agent = people.find((p) => p.role === 'agent' && p.aircall?.availability === 'available');
    if (!agent) throw new Error('no available linked agent');
    const callAction = (action: string) => fetch(`${host.url}/_host/people/${agent.zendeskId}/call/${action}`, { method: 'POST' });

    // Act / Assess: on the call, then off it; ending twice is refused, and so is a call while on one.
    const started = await callAction('start');
    expect(started.status).toBe(200);
    expect(((await started.json()) as { person: unknown }).person).toMatchObject({ aircall: { availability: 'in_call' } });
    expect((await callAction('start')).status).toBe(409);
    const ended = await callAction('end');
    expect(ended.status).toBe(200);
    expect(sandboxes.aircall.user(agent.email.toLowerCase()).availability).not.toBe('in_call');
    expect((await callAction('end')).status).toBe(409);
  });
});

describe("the signed location load (Zendesk's signedUrls, zaf.md §6.5)", () => {
  const signedUrl = (payload: unknown) =>
    fetch(`${host.url}/_host/signed-url`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
  const zendesk = () => sandboxes.zendesk.url;
  const reinstall = async () => {
    const listed = (await (await fetch(`${zendesk()}/_sandbox/installations`)).json()) as { installations: { id: number }[] };
    for (const i of listed.installations) await fetch(`${zendesk()}/_sandbox/installations/${i.id}`, { method: 'DELETE' });
    const res = await fetch(`${zendesk()}/_sandbox/installations`, {
      method: 'POST',
      body: JSON.stringify({ settings: { syncDirection: 'off', keepInStep: false } }),
    });
    return ((await res.json()) as { installation: { id: number; app_id: number } }).installation;
  };

  it('mints the RS256 token for the person and location, verifiable with the public key the Zendesk API serves', async () => {
    // Prepare
    const installation = await reinstall();
    const agent = sandboxes.zendesk.agents()[0];
    if (!agent) throw new Error('no agent');
    const url = `${backendUrl}/app/top_bar?origin=${encodeURIComponent(host.url)}&app_guid=g-1`;

    // Act
    const res = await signedUrl({ person: agent.id, location: 'top_bar', url });

    // Assess
    expect(res.status).toBe(200);
    const { token, field } = (await res.json()) as { token: string; field: string };
    expect(field).toBe('token');
    const pem = await (
      await fetch(`${zendesk()}/api/v2/apps/${installation.app_id}/public_key.pem`, { headers: { authorization: `Bearer ${sandboxes.zendesk.adminToken}` } })
    ).text();
    const [head, body, signature] = token.split('.') as [string, string, string];
    expect(verify('sha256', Buffer.from(`${head}.${body}`), createPublicKey(pem), Buffer.from(signature, 'base64url'))).toBe(true);
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({
      iss: 'demo.zendesk.com',
      aud: `https://demo.zendesk.com/api/v2/apps/installations/${installation.id}.json`,
      sub: String(agent.id),
      context: { product: 'support', location: 'top_bar' },
      qsh: createHash('sha256')
        .update(`POST&/app/top_bar&app_guid=g-1&origin=${encodeURIComponent(host.url)}`)
        .digest('hex'),
    });
    expect(received).toEqual([]); // the host itself never calls the backend
  });

  it('refuses what Zendesk would not load, saying why, and mints nothing without an installation', async () => {
    await reinstall();
    const agent = sandboxes.zendesk.agents()[0];
    const url = `${backendUrl}/app/top_bar?origin=x&app_guid=g`;
    const cases: Array<[unknown, number, RegExp]> = [
      [{ person: agent?.id, location: 'nav_bar', url }, 404, /no location nav_bar/],
      [{ person: agent?.id, location: 'top_bar', url: 'https://evil.example.org/app/top_bar' }, 400, /must be the location URL/],
      [{ person: 999, location: 'top_bar', url }, 404, /no user 999/],
      [{ person: 'me', location: 'top_bar', url }, 404, /no person/],
      [{ person: agent?.id, url }, 400, /location is required/],
    ];
    for (const [payload, status, message] of cases) {
      const res = await signedUrl(payload);
      expect({ payload, status: res.status }).toEqual({ payload, status });
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(message);
    }
    const listed = (await (await fetch(`${zendesk()}/_sandbox/installations`)).json()) as { installations: { id: number }[] };
    for (const i of listed.installations) await fetch(`${zendesk()}/_sandbox/installations/${i.id}`, { method: 'DELETE' });
    const none = await signedUrl({ person: agent?.id, location: 'top_bar', url });
    expect(none.status).toBe(409);
    expect(((await none.json()) as { error: { message: string } }).error.message).toMatch(/not installed in the Zendesk sandbox/);
  });
});
