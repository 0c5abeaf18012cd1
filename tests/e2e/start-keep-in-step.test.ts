// `npm start`'s KEEP_IN_STEP (issue 10 §1): a value other than true or false stops the REAL entry (tsx local/start.ts)
// before anything starts, with a clear error. That KEEP_IN_STEP=true checks the setting in the demo installation is
// shown with every other variable in start-env.test.ts.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

let dir: string;

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

afterAll(() => {
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
