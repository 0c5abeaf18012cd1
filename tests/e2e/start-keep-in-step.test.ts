// `npm start`'s KEEP_IN_STEP (issue 10 §1): the REAL entry (tsx local/start.ts) as a child process with the demo
// sandboxes on free ports. KEEP_IN_STEP=true installs the app in the Zendesk sandbox with the keepInStep setting
// checked, as an admin would; a value other than true or false stops it before anything starts, with a clear error.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './harness';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

let dir: string;
let child: ChildProcess | undefined;

/** npm start's environment: every port free (0), its own data directory, and its own emulators. */
function env(extra: Record<string, string>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST_PORT: '0',
    AIRCALL_SANDBOX_PORT: '0',
    ZENDESK_SANDBOX_PORT: '0',
    DEMO_AGENTS: '2',
    DATA_DIR: join(dir, 'data'),
    LOG_LEVEL: 'ERROR',
    ...extra,
  };
  for (const name of Object.keys(out)) if (name.startsWith('AWS_ENDPOINT_URL') || name === 'SYNC_DIRECTION' || name === 'ACCOUNTS_FILE') delete out[name];
  return out;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ass-start-keep-'));
});

afterAll(async () => {
  if (child?.pid && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child?.once('exit', () => resolve()));
    process.kill(-child.pid, 'SIGTERM');
    await exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('KEEP_IN_STEP=maybe: refused before anything starts, naming the allowed values', () => {
  // Act
  const run = spawnSync(TSX, ['local/start.ts'], { cwd: ROOT, env: env({ KEEP_IN_STEP: 'maybe' }), encoding: 'utf8', timeout: 30_000 });
  // Assess
  expect(run.status).toBe(1);
  expect(run.stderr).toContain('npm start failed: KEEP_IN_STEP must be true or false, got "maybe"');
  expect(run.stdout).not.toContain('Agent Status Sync is running');
});

test('KEEP_IN_STEP=true: the demo installation has keepInStep checked', async () => {
  // Prepare
  let output = '';
  child = spawn(TSX, ['local/start.ts'], { cwd: ROOT, env: env({ KEEP_IN_STEP: 'true' }), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? -1));
  // Act
  await waitFor(
    '"Agent Status Sync is running"',
    () => {
      if (exited !== null) throw new Error(`npm start exited (${exited}): ${output}`);
      return output.includes('Agent Status Sync is running') && output.includes('Zendesk sandbox');
    },
    60_000,
  );
  // Assess: what the Zendesk sandbox's Apps API stand-in holds, and what npm start says it started.
  const zendeskUrl = /Zendesk sandbox\s+(http:\/\/\S+)/.exec(output)?.[1];
  if (!zendeskUrl) throw new Error(`no Zendesk sandbox URL in: ${output}`);
  const res = await fetch(`${zendeskUrl}/_sandbox/installations`);
  expect(res.status).toBe(200);
  const { installations } = (await res.json()) as { installations: Array<{ settings: Record<string, unknown> }> };
  expect(installations).toHaveLength(1);
  expect(installations[0]?.settings).toMatchObject({ syncDirection: 'aircall_to_zendesk', keepInStep: true });
  expect(output).toContain('direction aircall_to_zendesk, keepInStep true');
}, 90_000);
