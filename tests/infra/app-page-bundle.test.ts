// The app page function as the stack deploys it: its bundle (scripts/build.mjs, the stack's esbuild settings), the
// built app copied beside it by the stack's own bundling hook (APP_PAGE_BUNDLING), APP_ASSETS_DIR as the stack sets it,
// and the OAuth client read at the first invocation through an HTTP peer of the Parameters and Secrets extension.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { APP_ASSETS_FOLDER, APP_PAGE_BUNDLING } from '../../infra/lib/sync-stack';

const root = resolve(__dirname, '..', '..');
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:ZendeskOAuthClient-AbCdEf';
const SESSION_TOKEN = 'container-session-token';

let outdir: string;
let bundleDir: string;
let extension: Server;
let extensionPort: number;
const secretReads: string[] = [];

beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), 'ass-app-page-'));
  execFileSync(process.execPath, ['scripts/build.mjs', '--only', 'handlers', '--handlers', 'app-page', '--outdir', outdir], { cwd: root, stdio: 'pipe' });
  bundleDir = join(outdir, 'lambdas', 'app-page');
  // What NodejsFunction runs after bundling, in the bundle's folder.
  for (const command of APP_PAGE_BUNDLING.commandHooks!.afterBundling(root, bundleDir)) execFileSync('sh', ['-c', command], { cwd: root, stdio: 'pipe' });
  extension = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.headers['x-aws-parameters-secrets-token'] !== SESSION_TOKEN) return void res.writeHead(401).end();
    secretReads.push(url.searchParams.get('secretId') ?? '');
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ SecretString: JSON.stringify({ client_id: 'zdg-agent-status-sync', client_secret: 's' }) }));
  });
  await new Promise<void>((r) => extension.listen(0, '127.0.0.1', r));
  extensionPort = (extension.address() as AddressInfo).port;
}, 120_000);

afterAll(async () => {
  rmSync(outdir, { recursive: true, force: true });
  await new Promise<void>((r) => extension.close(() => r()));
});

/** Invokes the built handler once per event in a fresh Node process, with only the variables the stack sets. */
function invoke(
  events: object[],
): Promise<{ results: Array<{ statusCode: number; headers?: Record<string, string>; body?: string; isBase64Encoded?: boolean }>; stderr: string }> {
  // Results go to a file: a large answer written to a pipe may be cut short by process.exit.
  const resultsFile = join(outdir, `results-${process.hrtime.bigint()}.json`);
  const script = [
    `const { handler } = await import(${JSON.stringify(join(bundleDir, 'index.mjs'))});`,
    'const results = [];',
    `for (const event of ${JSON.stringify(events)}) results.push(await handler(event));`,
    `(await import('node:fs')).writeFileSync(${JSON.stringify(resultsFile)}, JSON.stringify(results));`,
    // exit: the SDK's keep-alive sockets would hold the process open, as a frozen Lambda sandbox does.
    'process.exit(0);',
  ].join('\n');
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', script],
      {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: outdir,
          TABLE_NAME: 'agent-status-sync',
          AWS_REGION: 'eu-west-1',
          LOG_LEVEL: 'ERROR',
          PUBLIC_URL: 'https://sync.agent-status-sync.org',
          APP_ASSETS_DIR: join(bundleDir, APP_ASSETS_FOLDER),
          ZENDESK_OAUTH_CLIENT_SECRET_ARN: SECRET_ARN,
          AWS_SESSION_TOKEN: SESSION_TOKEN,
          PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(extensionPort),
        },
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, _stdout, stderr) => {
        if (error) return fail(new Error(`${error.message}\n${stderr}`));
        done({ results: JSON.parse(readFileSync(resultsFile, 'utf8')), stderr });
      },
    );
  });
}

const event = (routeKey: string, path: string, pathParameters: Record<string, string>) => ({
  routeKey,
  rawPath: path,
  pathParameters,
  headers: {},
  isBase64Encoded: false,
  requestContext: { http: { method: routeKey.split(' ')[0] }, domainName: 'sync.agent-status-sync.org', stage: '$default' },
});

it('serves the built app beside its bundle: the script the pages load, and a page without a session', async () => {
  const copied = join(bundleDir, APP_ASSETS_FOLDER);
  expect(readFileSync(join(copied, 'app.js')).length).toBeGreaterThan(10_000);
  // Listing screenshots are no page's file: the build leaves them out.
  expect(readdirSync(copied).filter((f) => f.startsWith('screenshot-'))).toEqual([]);

  const { results } = await invoke([
    event('GET /app/assets/{file+}', '/app/assets/app.js', { file: 'app.js' }),
    event('GET /app/{location}', '/app/top_bar', { location: 'top_bar' }),
    event('GET /app/assets/{file+}', '/app/assets/../../index.mjs', { file: '../../index.mjs' }),
  ]);
  const [script, page, outside] = results;
  expect(script!.statusCode).toBe(200);
  const body = script!.isBase64Encoded ? Buffer.from(script!.body!, 'base64').toString('utf8') : script!.body!;
  expect(body).toBe(readFileSync(join(copied, 'app.js'), 'utf8'));
  expect(page!.statusCode).toBe(200);
  expect(page!.body).toContain('__AGENT_STATUS_SYNC__');
  expect(page!.body).toContain('https://sync.agent-status-sync.org');
  // Nothing outside the copied app is served.
  expect(outside!.statusCode).toBe(404);
});

it('reads its OAuth client from Secrets Manager once, before its first invocation', async () => {
  secretReads.length = 0;
  const { results } = await invoke([
    event('GET /app/assets/{file+}', '/app/assets/logo.png', { file: 'logo.png' }),
    event('GET /app/assets/{file+}', '/app/assets/logo.png', { file: 'logo.png' }),
  ]);
  expect(results.map((r) => r.statusCode)).toEqual([200, 200]);
  expect(secretReads).toEqual([SECRET_ARN]);
});
