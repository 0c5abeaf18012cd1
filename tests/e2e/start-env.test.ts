// `npm start` honours every variable of its README table ("Running locally"): the REAL entry (tsx local/start.ts) as
// a child process. Run 1, the demo: ports, data directory, agents, direction, keepInStep, schedules, and
// SETTINGS_REFRESH_SECONDS (an admin's new direction applies within it). Run 2, an accounts file whose account sets
// no base URLs: AIRCALL_API_URL and ZENDESK_API_URL take the stack to the test's sandboxes.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectSandboxes, startSandboxes } from '../../local/demo';
import { waitFor } from './harness';
import { freePort } from '../../local/free-port';
import { startChild, startChildEnv, type StartChild } from '../../local/start-child';

let dir: string;
const children: StartChild[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ass-start-env-'));
});

afterAll(async () => {
  for (const child of children) await child.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** What this process's environment must not pass on: the child gets what each test names. */
const OWN = [
  'SYNC_DIRECTION',
  'ACCOUNTS_FILE',
  'KEEP_IN_STEP',
  'SETTINGS_REFRESH_SECONDS',
  'AIRCALL_API_URL',
  'ZENDESK_API_URL',
  'AIRCALL_SANDBOX_V1_USERS',
  'AIRCALL_SANDBOX_V2_STATUS_WRITE',
];

/** Starts npm start with exactly `vars` (and nothing from this process's AWS emulators), until it says it runs. */
async function start(vars: Record<string, string>): Promise<StartChild> {
  const env = startChildEnv(vars, (name) => OWN.includes(name));
  const child = await startChild(env, { timeoutMs: 60_000 });
  children.push(child);
  return child;
}

test('the demo: every port, DATA_DIR, DEMO_AGENTS, SYNC_DIRECTION, KEEP_IN_STEP, the schedules, SETTINGS_REFRESH_SECONDS and the Aircall sandbox API switches', async () => {
  // Prepare
  const [port, hostPort, aircallPort, zendeskPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const dataDir = join(dir, 'demo-data');

  // Act
  const run = await start({
    PORT: String(port),
    HOST_PORT: String(hostPort),
    AIRCALL_SANDBOX_PORT: String(aircallPort),
    ZENDESK_SANDBOX_PORT: String(zendeskPort),
    DATA_DIR: dataDir,
    DEMO_AGENTS: '3',
    SYNC_DIRECTION: 'zendesk_to_aircall',
    KEEP_IN_STEP: 'true',
    SETTINGS_REFRESH_SECONDS: '1',
    RECONCILE_INTERVAL_MS: '3000',
    DIRECTORY_INTERVAL_MS: '4000',
    LOG_LEVEL: 'ERROR',
    AIRCALL_SANDBOX_V1_USERS: 'removed',
    AIRCALL_SANDBOX_V2_STATUS_WRITE: 'accepted',
  });

  // Assess: where each part listens, what it holds, what it was told.
  expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
  expect((await fetch(`http://127.0.0.1:${hostPort}/`)).status).toBe(200);
  const aircall = `http://127.0.0.1:${aircallPort}`;
  const zendesk = `http://127.0.0.1:${zendeskPort}`;
  expect(((await (await fetch(`${aircall}/_sandbox/users`)).json()) as { users: unknown[] }).users).toHaveLength(3);
  const { installations } = (await (await fetch(`${zendesk}/_sandbox/installations`)).json()) as {
    installations: Array<{ id: number; settings: Record<string, unknown> }>;
  };
  expect(installations[0]?.settings).toMatchObject({ syncDirection: 'zendesk_to_aircall', keepInStep: true });
  expect(existsSync(join(dataDir, 'dynamodb'))).toBe(true);
  // The Aircall sandbox as `npm start` was told: V1 users removed (404), V2 accepting status writes (issue 11).
  expect(((await (await fetch(`${aircall}/_sandbox/api-versions`)).json()) as { apiVersions: Record<string, unknown> }).apiVersions).toMatchObject({
    v1Users: 'removed',
    v2StatusWrite: 'accepted',
  });
  expect((await fetch(`${aircall}/v1/users`, { headers: { authorization: 'Basic x' } })).status).not.toBe(200);
  expect(run.output()).toContain('reconcile        every 3 s; directory every 4 s');
  expect(run.output()).toContain('direction zendesk_to_aircall, keepInStep true');

  // Act: the admin switches the direction to Aircall → Zendesk; after SETTINGS_REFRESH_SECONDS an Aircall change syncs.
  const patched = await fetch(`${zendesk}/_sandbox/installations/${installations[0]?.id}`, {
    method: 'PATCH',
    body: JSON.stringify({ settings: { syncDirection: 'aircall_to_zendesk' } }),
  });
  expect(patched.status).toBe(200);
  const zendeskStatus = async () =>
    ((await (await fetch(`${zendesk}/_sandbox/agents/agent01@example.com`)).json()) as { agent?: { status?: { name?: string } } }).agent?.status?.name;
  expect(await zendeskStatus()).toBe('offline'); // the demo's start; Aircall says available
  await new Promise((r) => setTimeout(r, 1_500));
  const setAircall = (status: string) =>
    fetch(`${aircall}/_sandbox/users/agent01@example.com/status`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ availability_status: status }),
    });
  await setAircall('unavailable');
  await new Promise((r) => setTimeout(r, 1_100)); // the next Aircall second: a change, not a repeat
  await setAircall('available');

  // Assess: with the default (60 s) the old direction would still be in force, and Zendesk would stay offline.
  await waitFor('Zendesk to follow Aircall', async () => (await zendeskStatus()) === 'online', 15_000);

  // Assess: the schedules ran on their periods: besides the start's, more bulk reads (sweeps) and agent lists
  // (directory refreshes) of Zendesk than the defaults (5 min, 1 h) would make in this time.
  const bulkReads = async (path: string) => {
    const { requests } = (await (await fetch(`${zendesk}/_sandbox/requests?method=GET&path=${encodeURIComponent(path)}`)).json()) as {
      requests: Array<{ path: string }>;
    };
    return requests.filter((r) => r.path.split('?')[0] === path).length;
  };
  await waitFor(
    'two scheduled sweeps and directory refreshes',
    async () => (await bulkReads('/api/v2/agent_availabilities')) >= 3 && (await bulkReads('/api/v2/users')) >= 3,
    15_000,
  );
}, 120_000);

test('an accounts file without base URLs: AIRCALL_API_URL and ZENDESK_API_URL are where the stack calls', async () => {
  // Prepare: sandboxes of the test's own, and an account that names no base URL.
  const sandboxes = await startSandboxes({ agents: 2, aircallRateLimitPerMinute: 600 });
  try {
    const account = await connectSandboxes(sandboxes, { stackUrl: 'http://127.0.0.1:9', accountId: 'filed', direction: 'aircall_to_zendesk' });
    const { baseUrl: _a, ...aircall } = account.aircall;
    const { baseUrl: _z, ...zendeskSettings } = account.zendesk;
    const file = join(dir, 'accounts.json');
    writeFileSync(file, JSON.stringify({ accounts: [{ ...account, aircall, zendesk: zendeskSettings }] }));
    const before = { aircall: sandboxes.aircall.requests().length, zendesk: sandboxes.zendesk.requests().length };

    // Act: npm start refreshes the directory and sweeps once at start.
    await start({
      PORT: '0',
      DATA_DIR: join(dir, 'file-data'),
      ACCOUNTS_FILE: file,
      AIRCALL_API_URL: sandboxes.aircall.url,
      ZENDESK_API_URL: sandboxes.zendesk.url,
      LOG_LEVEL: 'ERROR',
    });

    // Assess: both sandboxes were read by the stack.
    expect(
      sandboxes.aircall
        .requests()
        .slice(before.aircall)
        .filter((r) => r.method === 'GET').length,
    ).toBeGreaterThan(0);
    expect(
      sandboxes.zendesk
        .requests()
        .slice(before.zendesk)
        .filter((r) => r.method === 'GET').length,
    ).toBeGreaterThan(0);
  } finally {
    await sandboxes.close();
  }
}, 120_000);
