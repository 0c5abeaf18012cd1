// The real entry (tsx local/start.ts) as a child process, for onboarding (issue 12 "The sandboxes and the demo"):
// `npm start -- --fresh` starts with the app installed and nothing connected, and an admin connects both sides
// through the sandboxes' consent pages; `npm start` with ACCOUNTS_FILE and the onboarding variables starts no demo
// sandbox and is ready to onboard: Connect matches the file's account by its Zendesk subdomain.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandboxes, type SandboxPair } from '../../local/demo';
import { DEFAULT_OAUTH_TOKEN } from '../../local/sandbox/zendesk';
import { CONSOLE_ROUTES, type ConsoleResponse } from '../../shared/console';
import { Browser, sessionFrom } from './harness';
import { freePort } from '../../local/free-port';
import { startChild, startChildEnv, type StartChild } from '../../local/start-child';

/** What this process's environment must not pass on: the child gets exactly what each test names. */
const OWN = ['ACCOUNTS_FILE', 'PUBLIC_URL', 'ZENDESK_API_URL', 'AIRCALL_API_URL', 'AIRCALL_DASHBOARD_URL', 'SYNC_DIRECTION', 'KEEP_IN_STEP'];

let dir: string;
const children: StartChild[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ass-onboarding-start-'));
});

afterAll(async () => {
  for (const child of children) await child.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function start(vars: Record<string, string>, args: string[] = []): Promise<StartChild> {
  const leaveOut = (name: string) => OWN.includes(name) || name.includes('OAUTH_CLIENT');
  const child = await startChild(startChildEnv(vars, leaveOut), { args, timeoutMs: 90_000 });
  children.push(child);
  return child;
}

const admin = async (url: string, session: string, method = 'GET', body?: unknown) => {
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${session}`, 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as any };
};

test('npm start -- --fresh: the app installed, nothing connected; the admin connects Zendesk, then Aircall, through the sandboxes', async () => {
  const [port, hostPort, aircallPort, zendeskPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const api = `http://127.0.0.1:${port}`;
  const zendesk = `http://127.0.0.1:${zendeskPort}`;
  await start(
    {
      PORT: String(port),
      HOST_PORT: String(hostPort),
      AIRCALL_SANDBOX_PORT: String(aircallPort),
      ZENDESK_SANDBOX_PORT: String(zendeskPort),
      DATA_DIR: join(dir, 'fresh-data'),
      DEMO_AGENTS: '3',
      LOG_LEVEL: 'ERROR',
    },
    ['--fresh'],
  );

  // Nothing connected, the app installed.
  expect(((await (await fetch(`${api}/health`)).json()) as { accounts: number }).accounts).toBe(0);
  const installs = (await (await fetch(`${zendesk}/_sandbox/installations`)).json()) as { installations: unknown[] };
  expect(installs.installations).toHaveLength(1);
  expect((await (await fetch(`${zendesk}/_sandbox/webhooks`)).json()) as { webhooks: unknown[] }).toMatchObject({ webhooks: [] });

  // Connect Zendesk through the sandbox's consent page, as the sandbox admin.
  const browser = new Browser(api, { zendesk: { url: zendesk } } as SandboxPair);
  const { page } = await browser.connectZendesk();
  const session = sessionFrom(page);
  // Then Aircall by its partner OAuth, from the console's link.
  const link = await admin(`${api}${CONSOLE_ROUTES.aircallConnect}`, session, 'POST');
  expect(link.status).toBe(200);
  expect((await browser.connectAircall(link.body.url)).page.status).toBe(200);

  const view = (await admin(`${api}${CONSOLE_ROUTES.console}`, session)).body as ConsoleResponse;
  expect(view.connections.zendesk.state).toBe('connected');
  expect(view.connections.aircall.state).toBe('connected');
  expect(view.steps.map((s) => s.status)).toEqual(['done', 'done', 'done', 'done']);
  expect(view.agents.linkedCount).toBe(3);
}, 150_000);

test('npm start: the demo is connected; the sandbox admin disconnects each side and connects it again through the sandboxes', async () => {
  const [port, hostPort, aircallPort, zendeskPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const api = `http://127.0.0.1:${port}`;
  await start({
    PORT: String(port),
    HOST_PORT: String(hostPort),
    AIRCALL_SANDBOX_PORT: String(aircallPort),
    ZENDESK_SANDBOX_PORT: String(zendeskPort),
    DATA_DIR: join(dir, 'demo-data'),
    DEMO_AGENTS: '3',
    LOG_LEVEL: 'ERROR',
  });
  const browser = new Browser(api, { zendesk: { url: `http://127.0.0.1:${zendeskPort}` } } as SandboxPair);
  // The demo is connected: the admin only signs in.
  let session = sessionFrom((await browser.connectZendesk({ query: 'subdomain=demo&purpose=signin' })).page);
  let view = (await admin(`${api}${CONSOLE_ROUTES.console}`, session)).body as ConsoleResponse;
  expect(view.account.id).toBe('demo');
  expect([view.connections.zendesk.state, view.connections.aircall.state]).toEqual(['connected', 'connected']);

  // Aircall: disconnect, then partner OAuth again.
  expect((await admin(`${api}${CONSOLE_ROUTES.disconnect}`, session, 'POST', { side: 'aircall' })).status).toBe(200);
  const link = await admin(`${api}${CONSOLE_ROUTES.aircallConnect}`, session, 'POST');
  expect((await browser.connectAircall(link.body.url)).page.status).toBe(200);
  // Zendesk: disconnect (the session ends with it), then Connect again.
  expect((await admin(`${api}${CONSOLE_ROUTES.disconnect}`, session, 'POST', { side: 'zendesk' })).status).toBe(200);
  expect((await admin(`${api}${CONSOLE_ROUTES.console}`, session)).status).toBe(401);
  session = sessionFrom((await browser.connectZendesk()).page);
  view = (await admin(`${api}${CONSOLE_ROUTES.console}`, session)).body as ConsoleResponse;
  expect(view.connections.zendesk).toMatchObject({ state: 'connected', kind: 'oauth' });
  expect(view.connections.aircall).toMatchObject({ state: 'connected', kind: 'oauth' });
  expect(view.steps.map((s) => s.status)).toEqual(['done', 'done', 'done', 'done']);
  expect(view.webhooks.zendesk.active).toBe(true);
  expect(view.webhooks.aircall.registered).toBe(true);
}, 150_000);

test('npm start with ACCOUNTS_FILE and the onboarding variables: no demo sandbox, ready to onboard; Connect matches the file account by subdomain', async () => {
  const sandboxes = await startSandboxes({ agents: 2, aircallRateLimitPerMinute: 600 });
  try {
    const port = await freePort();
    const api = `http://127.0.0.1:${port}`;
    const file = join(dir, 'accounts.json');
    writeFileSync(
      file,
      JSON.stringify({
        accounts: [
          {
            id: 'acme',
            direction: 'aircall_to_zendesk',
            aircall: { apiId: 'demo-api-id', apiToken: 'demo-api-token', webhookToken: 'file-webhook-token-1' },
            zendesk: { subdomain: 'demo', oauthAccessToken: DEFAULT_OAUTH_TOKEN, webhookSigningSecret: 'file-signing-secret-1' },
          },
        ],
      }),
    );
    const run = await start({
      PORT: String(port),
      DATA_DIR: join(dir, 'file-data'),
      ACCOUNTS_FILE: file,
      PUBLIC_URL: api,
      ZENDESK_API_URL: sandboxes.zendesk.url,
      AIRCALL_API_URL: sandboxes.aircall.url,
      AIRCALL_DASHBOARD_URL: sandboxes.aircall.url,
      ZENDESK_OAUTH_CLIENT_ID: 'sandbox-client',
      ZENDESK_OAUTH_CLIENT_SECRET: 'sandbox-client-secret',
      LOG_LEVEL: 'ERROR',
    });
    expect(run.output()).not.toMatch(/Zendesk sandbox|Aircall sandbox/);

    const browser = new Browser(api, sandboxes);
    const start302 = await browser.startZendesk('subdomain=demo');
    expect(start302.location?.startsWith(`${sandboxes.zendesk.url}/oauth/authorizations/new?`)).toBe(true);
    const { page } = await browser.connectZendesk();
    const session = sessionFrom(page);
    const view = (await admin(`${api}${CONSOLE_ROUTES.console}`, session)).body as ConsoleResponse;
    // The file's account, not a new one: its Zendesk credential is now the admin's grant.
    expect(view.account).toEqual({ id: 'acme', subdomain: 'demo' });
    expect(view.connections.zendesk).toMatchObject({ state: 'connected', kind: 'oauth', grantor: { email: 'admin@example.com' } });
    expect(((await (await fetch(`${api}/health`)).json()) as { accounts: number }).accounts).toBe(1);
    // Without AIRCALL_OAUTH_CLIENT_ID the console offers the paste only, and the install URI says why.
    expect(view.aircallConnectModes).toEqual({ oauth: false, paste: true });
    const install = await browser.get(`${api}/oauth/aircall/install`);
    expect(install.status).toBe(503);
    expect(install.text).toMatch(/AIRCALL_OAUTH_CLIENT_ID/);
  } finally {
    await sandboxes.close();
  }
}, 150_000);
