// scripts/build.mjs on the real handler entries: every bundle is written and loads in Node as an ES module.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharedBundling from '../../infra/lambda-bundling.json';

const root = resolve(__dirname, '..', '..');
// The Lambda entries: the list scripts/build.mjs and the CDK stack both read.
const handlers: string[] = sharedBundling.handlers;

// The Lambda's Node major when the `node` devDependency provides it (npm scripts put it first on PATH anyway).
const localNode = join(root, 'node_modules', '.bin', 'node');
const node = existsSync(localNode) ? localNode : process.execPath;

// Enough configuration for a handler that validates it at cold start; endpoints that refuse any accidental call.
const importEnv = {
  PATH: process.env.PATH ?? '',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  TABLE_NAME: 'agent-status-sync',
  QUEUE_URL: 'http://127.0.0.1:9/000000000000/sync.fifo',
  LOG_LEVEL: 'ERROR',
  POWERTOOLS_SERVICE_NAME: 'agent-status-sync',
};

describe('scripts/build.mjs', () => {
  let outdir: string;
  let build: ReturnType<typeof spawnSync>;

  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'ass-build-'));
    build = spawnSync(node, ['scripts/build.mjs', '--outdir', outdir, '--only', 'handlers'], { cwd: root, encoding: 'utf8' });
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('has the eight handler entries, each a file in lambdas/handlers', () => {
    expect([...handlers].sort()).toEqual([
      'admin',
      'aircall-webhook',
      'app-api',
      'app-page',
      'directory',
      'oauth',
      'reconcile',
      'sync-worker',
      'zendesk-webhook',
    ]);
    for (const name of handlers) expect(existsSync(join(root, 'lambdas', 'handlers', `${name}.ts`))).toBe(true);
  });

  it('builds every handler and prints a size table naming each one', () => {
    // stderr rides along so a failure shows esbuild's message.
    expect({ status: build.status, stderr: build.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
    for (const name of handlers) {
      expect(build.stdout).toContain(`lambdas/${name}`);
      for (const file of ['index.mjs', 'index.mjs.map', 'meta.json']) {
        expect(existsSync(join(outdir, 'lambdas', name, file))).toBe(true);
      }
    }
  });

  it('writes bundles that Node imports as ES modules exporting handler (imported only, never invoked)', () => {
    const files = handlers.map((name) => [name, join(outdir, 'lambdas', name, 'index.mjs')]);
    const script = `
      const out = {};
      for (const [name, file] of ${JSON.stringify(files)}) {
        try { const m = await import(file); out[name] = typeof m.handler; }
        catch (e) { out[name] = 'import failed: ' + (e && e.message); }
      }
      console.log(JSON.stringify(out));`;
    const run = spawnSync(node, ['--input-type=module', '-e', script], { cwd: outdir, env: importEnv, encoding: 'utf8' });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
    const lastLine = run.stdout.trim().split('\n').pop() ?? '{}';
    expect(JSON.parse(lastLine)).toEqual(Object.fromEntries(handlers.map((name) => [name, 'function'])));
  });

  it('refuses a name that is not a listed entry instead of building nothing', () => {
    const run = spawnSync(node, ['scripts/build.mjs', '--outdir', outdir, '--only', 'handlers', '--handlers', 'no-such-handler'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('"no-such-handler" is not a Lambda entry listed in infra/lambda-bundling.json');
  });
});
