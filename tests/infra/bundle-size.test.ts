// The Lambda bundles as the stack builds them (bench/bundles.ts, the settings of infra/lambda-bundling.json): each
// within the size target, with the SDK trimmed, and still working against real DynamoDB and SQS stand-ins.
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSync } from 'esbuild';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import sharedBundling from '../../infra/lambda-bundling.json';
import { buildAllBundles, type BundleSize } from '../../bench/bundles';
import { handlerBuildOptions } from '../../scripts/handler-bundling.cjs';
import { credentialStoreFromConfig } from '../../lambdas/credentials/from-config';
import { putAccountWithCredentials } from '../../lambdas/credentials/import';
import { KmsKeyProvider } from '../../lambdas/secrets/kms';
import { DynamoSweepPath, DynamoSyncPath, DynamoSyncStore } from '../../lambdas/store/dynamo';
import { DynamoCredentialKeeper, DynamoCredentialStore } from '../../lambdas/credentials/dynamo';
import { AIRCALL_WEBHOOK_OPS } from '../../lambdas/aircall/client';
import { ZENDESK_IDENTITY_OPS, ZENDESK_ONBOARDING_OPS } from '../../lambdas/zendesk/client';
import { createTestAws } from '../setup/aws';
import { bundledModules, deriveAccess } from './code-access';
import { aircallBody } from '../webhooks/factories';
import { startKmsPeer, type KmsPeer } from '../secrets/kms-peer';

const root = resolve(__dirname, '..', '..');
const localNode = join(root, 'node_modules', '.bin', 'node');
const node = existsSync(localNode) ? localNode : process.execPath;
/** The target: 300 KB minified per handler (KB = 1024 bytes, as `npm run build` prints). */
const MAX_BYTES = 300 * 1024;

/** Runs Node with `args`, resolving with its exit status and output (killed after 20 s). */
function runNode(args: string[], options: { env: NodeJS.ProcessEnv }): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(node, args, { ...options, encoding: 'utf8', timeout: 20_000 }, (error, stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

let outdir: string;
let bundles: BundleSize[];

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'ass-bundle-size-'));
  bundles = buildAllBundles(outdir);
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));
/** KMS peers a test started, closed when the file ends. */
const kmsPeers: KmsPeer[] = [];
afterAll(() => Promise.all(kmsPeers.map((peer) => peer.close())));

/** Bundles `entry` (TypeScript from the project root) into `file` with the handlers' esbuild settings; returns the bundled inputs. */
function buildEntry(name: string, file: string, entry: string): string[] {
  const { entryPoints: _entry, ...options } = handlerBuildOptions(name, file);
  const built = buildSync({ ...options, stdin: { contents: entry, resolveDir: root, loader: 'ts', sourcefile: `${name}.ts` } });
  return Object.keys(built.metafile?.inputs ?? {});
}

it('builds every Lambda entry within 300 KB minified', () => {
  expect(bundles.map((b) => b.handler)).toEqual(sharedBundling.handlers);
  for (const b of bundles)
    expect({ handler: b.handler, withinTarget: b.bytes <= MAX_BYTES, bytes: b.bytes }).toEqual({ handler: b.handler, withinTarget: true, bytes: b.bytes });
});

it("bundles the SDK clients but not the credential chain, mnemonist, the event-stream serde, KMS's unused operations and exceptions, the document client's paginators, the invoke store or JS hashes", () => {
  for (const b of bundles) {
    expect(b.inputs.some((f) => f.includes('@aws-sdk/client-dynamodb/'))).toBe(true);
    // The KMS client's schema module (every operation, every exception class) stays out: infra/lambda-shims/client-kms.mjs.
    // Nor the invoke store's own copy: the runtime's is read (infra/lambda-shims/lambda-invoke-store.mjs).
    // Nor lib-dynamodb's paginators, which kept ScanCommand and its schema (infra/lambda-shims/lib-dynamodb.mjs).
    const left = b.inputs.filter(
      (f) =>
        /credential-provider-(node|ini|sso)|nested-clients|mnemonist|submodules\/event-streams|client-kms\/dist-es\/(schemas|models\/errors)|lib-dynamodb\/dist-es\/pagination/.test(
          f,
        ) || f.includes('@aws/lambda-invoke-store'),
    );
    expect({ handler: b.handler, left }).toEqual({ handler: b.handler, left: [] });
    // Nor the pure-JS hashes Node's crypto makes unneeded (infra/lambda-shims/checksum-native.mjs).
    const jsHashes = b.bundled.filter((f) => /checksum\/(sha256\/Sha256Js|md5\/Md5Js)/.test(f));
    expect({ handler: b.handler, jsHashes }).toEqual({ handler: b.handler, jsHashes: [] });
    // The DynamoDB client's shim leaves out the endpoint discovery config, the only importer of mnemonist's LRU cache.
    expect(b.inputs).toEqual(expect.arrayContaining(['infra/lambda-shims/credentials-from-env.mjs', 'infra/lambda-shims/client-dynamodb.mjs']));
    expect({ handler: b.handler, discovery: b.bundled.filter((f) => /endpoint-discovery|endpoint-cache/.test(f)) }).toEqual({
      handler: b.handler,
      discovery: [],
    });
  }
});

it('wires only the KMS key into the Lambdas: no bundle imports the local key provider, its key file or SECRETS_KEY parsing', () => {
  // Infra always creates the KMS key; SECRETS_KEY and the DATA_DIR key file are the local stack's (lambdas/credentials/local-key.ts).
  for (const b of bundles) {
    const local = b.inputs.filter((f) => /^lambdas\/(secrets\/local-(keys|file)|credentials\/local-key)\.ts$/.test(f));
    expect({ handler: b.handler, local }).toEqual({ handler: b.handler, local: [] });
  }
});

it("imports no node:process or node:fs through Node's ESM wrappers, which load unused modules at import (the shims do)", () => {
  for (const b of bundles) {
    const code = readFileSync(b.file, 'utf8');
    const wrapped = [...code.matchAll(/(?:from|import\()\s*"(node:(?:process|fs|fs\/promises|module))"/g)].map((m) => m[1]);
    expect({ handler: b.handler, wrapped }).toEqual({ handler: b.handler, wrapped: [] });
    expect(b.bundled).toEqual(
      expect.arrayContaining(['infra/lambda-shims/node-process.mjs', 'infra/lambda-shims/node-fs.mjs', 'infra/lambda-shims/node-fs-promises.mjs']),
    );
  }
});

it('bundles the SQS client and the API clients only into the functions whose code uses them', () => {
  for (const b of bundles) {
    // What the code needs: queue actions as derived for IAM; an API client wherever a bundled module calls one.
    const needs = {
      queue: deriveAccess(b.handler).queue.length > 0,
      clients: bundledModules(b.handler).some((f) => /\bclients\.(aircall|zendesk)\(/.test(readFileSync(join(root, f), 'utf8'))),
    };
    const has = {
      queue: b.bundled.some((f) => f.startsWith('node_modules/@aws-sdk/client-sqs/') || f === 'infra/lambda-shims/client-sqs.mjs'),
      clients: b.bundled.includes('lambdas/aircall/client.ts') && b.bundled.includes('lambdas/zendesk/client.ts'),
    };
    expect({ handler: b.handler, ...has }).toEqual({ handler: b.handler, ...needs });
  }
});

it("leaves out of the worker's and the sweep's API clients the operations they never send (syncClientFactory, sweepClientFactory), and their code calls none", () => {
  // A function wired with one of these gets clients whose left-out operations fail: its code must call none, and
  // their code (lambdas/zendesk/webhooks-api.ts among it, for the worker) stays out of its bundle.
  const onboarding = [...Object.keys(ZENDESK_ONBOARDING_OPS), ...Object.keys(AIRCALL_WEBHOOK_OPS)];
  const identity = Object.keys(ZENDESK_IDENTITY_OPS);
  const wiring = (handler: string) => readFileSync(join(root, 'lambdas', 'handlers', `${handler}.ts`), 'utf8');
  const leftOutOf = (handler: string) =>
    /\bsyncClientFactory\b/.test(wiring(handler)) ? [...onboarding, ...identity] : /\bsweepClientFactory\b/.test(wiring(handler)) ? identity : [];
  expect(bundles.filter((b) => leftOutOf(b.handler).length > 0).map((b) => b.handler)).toEqual(['sync-worker', 'reconcile']);
  for (const b of bundles) {
    const leftOut = leftOutOf(b.handler);
    if (leftOut.length === 0) continue;
    const calls = bundledModules(b.handler)
      .filter((f) => !/^lambdas\/(aircall|zendesk)\/(client|webhooks-api)\.ts$/.test(f))
      .flatMap((f) => {
        const code = readFileSync(join(root, f), 'utf8');
        return leftOut.filter((op) => new RegExp(`\\.${op}\\(`).test(code)).map((op) => `${f}: ${op}`);
      });
    const webhooksApi = b.bundled.includes('lambdas/zendesk/webhooks-api.ts');
    expect({ handler: b.handler, calls, webhooksApi }).toEqual({ handler: b.handler, calls: [], webhooksApi: !leftOut.includes('getWebhook') });
  }
});

it("wires the worker's credential reader and the sweep's keeper only where the code calls nothing they leave out", () => {
  // What the keeper adds to the reader, and the whole store to the keeper: failing there (lambdas/credentials/from-config.ts).
  const own = (proto: object) => Object.getOwnPropertyNames(proto).filter((m) => m !== 'constructor');
  const leftOutBy = {
    credentialReaderFromConfig: [...own(DynamoCredentialKeeper.prototype), ...own(DynamoCredentialStore.prototype)],
    credentialKeeperFromConfig: own(DynamoCredentialStore.prototype),
  };
  const wired = bundles.flatMap((b) => {
    const wiring = readFileSync(join(root, 'lambdas', 'handlers', `${b.handler}.ts`), 'utf8');
    return (Object.keys(leftOutBy) as (keyof typeof leftOutBy)[])
      .filter((builder) => wiring.includes(builder))
      .map((builder) => ({ handler: b.handler, builder }));
  });
  expect(wired.map((w) => w.handler)).toEqual(['sync-worker', 'reconcile']);
  for (const { handler, builder } of wired) {
    const calls = deriveAccess(handler)
      .calls.filter((c) => c.startsWith('credentials.'))
      .map((c) => c.slice('credentials.'.length))
      .filter((m) => leftOutBy[builder].includes(m));
    expect({ handler, calls }).toEqual({ handler, calls: [] });
  }
});

it("bundles the store's sync path (lambdas/store/dynamo.ts) into every function that calls it, and not into the OAuth pages or admin routes", () => {
  // The methods beyond DynamoStoreCore; a function wired with coreStoreFromConfig would fail on any of them.
  const own = (proto: object) => Object.getOwnPropertyNames(proto).filter((m) => m !== 'constructor');
  // Of those, the worker's and the webhooks' and app's fail in a function wired with sweepPathStoreFromConfig (the
  // sweep), the webhooks' and app's with syncPathStoreFromConfig (the worker).
  const edge = own(DynamoSyncStore.prototype);
  const leftOutBy = { syncPathStoreFromConfig: edge, sweepPathStoreFromConfig: [...own(DynamoSyncPath.prototype), ...edge] };
  const syncPath = [...own(DynamoSweepPath.prototype), ...own(DynamoSyncPath.prototype), ...edge];
  for (const b of bundles) {
    const calls = deriveAccess(b.handler)
      .calls.filter((c) => c.startsWith('store.'))
      .map((c) => c.slice('store.'.length))
      .filter((m) => syncPath.includes(m));
    const bundled = b.bundled.includes('lambdas/store/dynamo.ts');
    if (calls.length > 0) expect({ handler: b.handler, calls, bundled }).toEqual({ handler: b.handler, calls, bundled: true });
    const wiring = readFileSync(join(root, 'lambdas', 'handlers', `${b.handler}.ts`), 'utf8');
    for (const [builder, leftOut] of Object.entries(leftOutBy)) {
      if (!new RegExp(`\\b${builder}\\b`).test(wiring)) continue;
      const failing = calls.filter((m) => leftOut.includes(m));
      expect({ handler: b.handler, builder, failing }).toEqual({ handler: b.handler, builder, failing: [] });
    }
    if (b.handler === 'oauth' || b.handler === 'admin')
      expect({ handler: b.handler, calls, bundled }).toEqual({ handler: b.handler, calls: [], bundled: false });
  }
});

it('runs as built: the Aircall webhook bundle stores and queues a change on dynalite and fauxqs, and emits its metric', async () => {
  // Prepare: an account in a fresh table, a FIFO queue, the bundle in a fresh Node process as Lambda would load it.
  const { table, queue } = await createTestAws('bundle');
  // The secrets sealed under the KMS key the bundle is given (SECRETS_KMS_KEY_ID), on a KMS peer.
  const kms = await startKmsPeer();
  kmsPeers.push(kms);
  const keyId = kms.createKey();
  const sealer = new KMSClient({ endpoint: kms.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' } });
  await putAccountWithCredentials(
    {
      store: table.store(),
      credentials: credentialStoreFromConfig({ tableName: table.tableName }, table.client, new KmsKeyProvider({ keyId, client: sealer })),
    },
    {
      id: 'acme',
      direction: 'aircall_to_zendesk',
      aircall: { apiId: 'a', apiToken: 't', webhookToken: '45XXYYZZa08', rateLimitPerMinute: 60 },
      zendesk: { subdomain: 'acme', oauthAccessToken: 'z', webhookSigningSecret: 's' },
    },
    Date.now(),
  );
  const event = {
    routeKey: 'POST /webhooks/aircall/{accountId}',
    pathParameters: { accountId: 'acme' },
    headers: {},
    isBase64Encoded: false,
    body: aircallBody('user-opened'),
  };
  const file = join(outdir, 'aircall-webhook', 'index.mjs');
  const script = `const { handler } = await import(${JSON.stringify(file)}); console.log('RESULT ' + JSON.stringify(await handler(${JSON.stringify(event)}))); process.exit(0);`;
  // exit: the SDK's keep-alive sockets would hold the process open, as a frozen Lambda sandbox does.

  // Act: credentials only from the environment (the shim), the metrics switched on as in Lambda.
  // Async: a single test file runs in jest's own process, beside dynalite and fauxqs, which must keep answering.
  const run = await runNode(['--require', join(root, 'tests', 'setup', 'dns-localhost.js'), '--input-type=module', '-e', script], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: outdir, // no ~/.aws: the shim must not need one
      ...table.env,
      AWS_ENDPOINT_URL_SQS: process.env.AWS_ENDPOINT_URL_SQS!,
      QUEUE_URL: queue.queueUrl,
      SECRETS_KMS_KEY_ID: keyId,
      AWS_ENDPOINT_URL_KMS: kms.url,
      LOG_LEVEL: 'ERROR',
      AWS_LAMBDA_FUNCTION_NAME: 'AircallWebhookFn',
      POWERTOOLS_SERVICE_NAME: 'agent-status-sync',
      POWERTOOLS_METRICS_NAMESPACE: 'AgentStatusSync',
    },
  });

  // Assess: 200 accepted, one message for the agent, one EMF document counting the acceptance.
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
  const lines = run.stdout.trim().split('\n');
  const result = JSON.parse(lines.find((l) => l.startsWith('RESULT '))!.slice('RESULT '.length));
  expect(result.statusCode).toBe(200);
  const received = await queue.sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
  expect((received.Messages ?? []).map((m) => JSON.parse(m.Body!))).toEqual([{ account: 'acme', agent: 'john.doe@aircall.io' }]);
  const emf = lines.filter((l) => l.includes('"_aws"')).map((l) => JSON.parse(l));
  expect(emf).toHaveLength(1);
  expect(emf[0]).toEqual(expect.objectContaining({ WebhookAccepted: 1, provider: 'aircall', service: 'agent-status-sync' }));
  expect(emf[0]._aws.CloudWatchMetrics[0]).toEqual(
    expect.objectContaining({ Namespace: 'AgentStatusSync', Dimensions: [expect.arrayContaining(['service', 'provider'])] }),
  );
});

it('seals and opens as built: the bundled KMS client (infra/lambda-shims/client-kms.mjs) against a KMS peer, a refusal named by its code', async () => {
  // Prepare: a KMS peer with one key; the provider the lambdas use, bundled with the handlers' settings, in a fresh Node.
  const peer = await startKmsPeer();
  try {
    const keyArn = peer.createKey();
    const file = join(outdir, 'kms-roundtrip', 'index.mjs');
    const entry = [
      "import { SecretBox } from './lambdas/secrets/envelope';",
      "import { KmsKeyProvider } from './lambdas/secrets/kms';",
      'export async function run() {',
      '  const box = new SecretBox({ provider: new KmsKeyProvider({ keyId: process.env.KEY_ID }) });',
      "  const sealed = await box.seal('the-secret', { accountId: 'acme', field: 'zendesk.refreshToken' });",
      "  const opened = await new SecretBox({ provider: new KmsKeyProvider({ keyId: process.env.KEY_ID }) }).open(sealed, { accountId: 'acme', field: 'zendesk.refreshToken' });",
      "  const refused = await box.open(sealed, { accountId: 'globex', field: 'zendesk.refreshToken' }).then(() => 'opened', (e) => e.name + ': ' + e.message);",
      '  return { opened, refused };',
      '}',
    ].join('\n');
    expect(buildEntry('kms-roundtrip', file, entry)).toContain('infra/lambda-shims/client-kms.mjs');
    const script = `const { run } = await import(${JSON.stringify(file)}); console.log('RESULT ' + JSON.stringify(await run())); process.exit(0);`;

    // Act: the endpoint and credentials from the environment, as in Lambda.
    const run = await runNode(['--input-type=module', '-e', script], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: outdir,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'AKIDTEST',
        AWS_SECRET_ACCESS_KEY: 'test-secret',
        AWS_ENDPOINT_URL_KMS: peer.url,
        AWS_MAX_ATTEMPTS: '1',
        KEY_ID: keyArn,
      },
    });

    // Assess: GenerateDataKey then Decrypt twice (the second refused by the encryption context), the refusal by name.
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    const result = JSON.parse(
      run.stdout
        .split('\n')
        .find((l) => l.startsWith('RESULT '))!
        .slice('RESULT '.length),
    );
    expect(result.opened).toBe('the-secret');
    expect(result.refused).toMatch(/^SecretDecryptError: .*InvalidCiphertextException/);
    expect(peer.calls).toEqual(['TrentService.GenerateDataKey', 'TrentService.Decrypt', 'TrentService.Decrypt']);
  } finally {
    await peer.close();
  }
});

it("sends the trace headers as built: the invoke-store shim (infra/lambda-shims/lambda-invoke-store.mjs) reads the Lambda runtime's store, else _X_AMZN_TRACE_ID", async () => {
  // Prepare: a DynamoDB stand-in that records the trace headers of each request; an entry sending one GetItem, bundled as
  // the handlers (the SDK's recursion-detection middleware reads the invoke store before every request).
  const seen: { trace?: string; traceparent?: string }[] = [];
  const server = createServer((req, res) => {
    seen.push({ trace: req.headers['x-amzn-trace-id'] as string | undefined, traceparent: req.headers.traceparent as string | undefined });
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      res.end('{}');
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  try {
    const entry = [
      "import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';",
      "export const run = () => new DynamoDBClient({}).send(new GetItemCommand({ TableName: 't', Key: { pk: { S: 'x' } } }));",
    ].join('\n');
    // As the handlers are built, and (for comparison) with the package itself in place of the shim.
    const build = (name: string, withShim: boolean) => {
      const file = join(outdir, name, 'index.mjs');
      const { entryPoints: _entry, alias, ...options } = handlerBuildOptions(name, file);
      const { '@aws/lambda-invoke-store': shim, ...others } = alias as Record<string, string>;
      const built = buildSync({
        ...options,
        alias: withShim ? { ...others, '@aws/lambda-invoke-store': shim! } : others,
        stdin: { contents: entry, resolveDir: root, loader: 'ts', sourcefile: `${name}.ts` },
      });
      expect(Object.keys(built.metafile!.inputs).includes('infra/lambda-shims/lambda-invoke-store.mjs')).toBe(withShim);
      return file;
    };
    const files = [build('trace-headers', true), build('trace-headers-package', false)];
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    // What the Lambda Node runtime installs before loading the handler, holding the invocation's context.
    const runtimeStore = `globalThis.awslambda = { InvokeStore: { getXRayTraceId: () => 'Root=1-from-store', getTraceparent: () => '${traceparent}', getTracestate: () => undefined, getBaggage: () => undefined } };`;
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: outdir,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDTEST',
      AWS_SECRET_ACCESS_KEY: 'test-secret',
      AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      AWS_MAX_ATTEMPTS: '1',
      AWS_LAMBDA_FUNCTION_NAME: 'AdminFn',
      _X_AMZN_TRACE_ID: 'Root=1-from-env',
    };
    const call = (file: string, prelude: string) =>
      runNode(['--input-type=module', '-e', `${prelude} const m = await import(${JSON.stringify(file)}); await m.run(); process.exit(0);`], { env });

    // Act: each build once under a runtime that installs its store, once under one that does not.
    const runs = [];
    for (const file of files) runs.push(await call(file, runtimeStore), await call(file, ''));

    // Assess: the store's trace id and traceparent when it is there; the environment's trace id, no traceparent, when
    // not; the same from the shim as from the package.
    expect(runs.map((r) => ({ status: r.status, stderr: r.stderr }))).toEqual(runs.map(() => ({ status: 0, stderr: '' })));
    const expected = [{ trace: 'Root=1-from-store', traceparent }, { trace: 'Root=1-from-env' }];
    expect(seen).toEqual([...expected, ...expected]);
  } finally {
    await new Promise((closed) => server.close(closed));
  }
});

it('retries as built: the standard mode as the package does (infra/lambda-shims/aws-client-config.mjs); the adaptive mode, not bundled, and a missing region fail saying so', async () => {
  // Prepare: a DynamoDB stand-in that answers 500 to the first two requests; an entry sending one GetItem, bundled as
  // the handlers, under the default retry mode and under AWS_RETRY_MODE=adaptive.
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    req.resume();
    req.on('end', () => {
      res.writeHead(requests <= 2 ? 500 : 200, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(requests <= 2 ? '{"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"try again"}' : '{}');
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  try {
    const file = join(outdir, 'ddb-retry', 'index.mjs');
    const entry = [
      "import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';",
      "export const run = () => new DynamoDBClient({}).send(new GetItemCommand({ TableName: 't', Key: { pk: { S: 'x' } } })).then((out) => ({ attempts: out.$metadata.attempts }), (e) => ({ error: e.message }));",
    ].join('\n');
    buildEntry('ddb-retry', file, entry);
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: outdir,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDTEST',
      AWS_SECRET_ACCESS_KEY: 'test-secret',
      AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    };
    const call = async (extra: Record<string, string>, unset: string[] = []) => {
      const script = `const m = await import(${JSON.stringify(file)}); console.log('RESULT ' + JSON.stringify(await m.run())); process.exit(0);`;
      const run = await runNode(['--input-type=module', '-e', script], {
        env: Object.fromEntries(Object.entries({ ...env, ...extra }).filter(([name]) => !unset.includes(name))),
      });
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
      return JSON.parse(
        run.stdout
          .split('\n')
          .find((l) => l.startsWith('RESULT '))!
          .slice('RESULT '.length),
      );
    };

    // Act
    const standard = await call({});
    const afterStandard = requests;
    const adaptive = await call({ AWS_RETRY_MODE: 'adaptive' });
    // No region: refused at once, the EC2 metadata service never asked (the shim's region config has no fallback to it).
    const noRegion = await call({}, ['AWS_REGION']);

    // Assess: two 500s retried, the third attempt answered; under the adaptive mode no request sent, the reason given.
    expect(standard).toEqual({ attempts: 3 });
    expect(afterStandard).toBe(3);
    expect(adaptive).toEqual({ error: expect.stringMatching(/adaptive retry mode is not bundled/) });
    expect(noRegion).toEqual({ error: 'Region is missing' });
    expect(requests).toBe(3);
  } finally {
    await new Promise((closed) => server.close(closed));
  }
});

it('queues as built: the bundled SQS client (infra/lambda-shims/client-sqs.mjs) sends a batch, changes a visibility and names an error as the package does', async () => {
  // Prepare: a FIFO queue on fauxqs; an entry over the SDK commands lambdas/queue/sqs.ts sends, bundled as the handlers.
  const { table, queue } = await createTestAws('bundle-sqs');
  const file = join(outdir, 'sqs-calls', 'index.mjs');
  const entry = [
    "import { ChangeMessageVisibilityCommand, SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';",
    'const sqs = new SQSClient({});',
    'export async function batch(QueueUrl) {',
    "  const entries = ['0', '1'].map((Id) => ({ Id, MessageBody: JSON.stringify({ n: Id }), MessageGroupId: 'g', MessageDeduplicationId: 'd' + Id }));",
    '  const out = await sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: entries }));',
    "  const missing = await sqs.send(new SendMessageCommand({ QueueUrl: QueueUrl + '-missing', MessageBody: 'x', MessageGroupId: 'g' })).then(() => 'sent', (e) => e.name);",
    '  return { successful: (out.Successful ?? []).map((e) => e.Id).sort(), failed: out.Failed ?? [], missing };',
    '}',
    'export async function hide(QueueUrl, ReceiptHandle) {',
    '  await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle, VisibilityTimeout: 0 }));',
    "  return 'changed';",
    '}',
  ].join('\n');
  expect(buildEntry('sqs-calls', file, entry)).toContain('infra/lambda-shims/client-sqs.mjs');
  const env = { PATH: process.env.PATH ?? '', HOME: outdir, ...table.env, AWS_ENDPOINT_URL_SQS: process.env.AWS_ENDPOINT_URL_SQS!, AWS_MAX_ATTEMPTS: '1' };
  const call = async (fn: string, ...args: string[]) => {
    const script = `const m = await import(${JSON.stringify(file)}); console.log('RESULT ' + JSON.stringify(await m.${fn}(...${JSON.stringify(args)}))); process.exit(0);`;
    const run = await runNode(['--require', join(root, 'tests', 'setup', 'dns-localhost.js'), '--input-type=module', '-e', script], { env });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '))!;
    return JSON.parse(line.slice('RESULT '.length));
  };

  // Act: a batch of two and a send to a queue that does not exist; then the visibility of a received message.
  const sent = await call('batch', queue.queueUrl);
  const received = await queue.sqs.send(
    new ReceiveMessageCommand({ QueueUrl: queue.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 300 }),
  );
  const changed = await call('hide', queue.queueUrl, received.Messages![0]!.ReceiptHandle!);
  const again = await queue.sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
  const packageError = await queue.sqs.send(new SendMessageCommand({ QueueUrl: `${queue.queueUrl}-missing`, MessageBody: 'x', MessageGroupId: 'g' })).then(
    () => 'sent',
    (e: Error) => e.name,
  );

  // Assess: both entries taken, the error named as the package names it, the message visible again at once.
  expect(sent).toEqual({ successful: ['0', '1'], failed: [], missing: packageError });
  expect(packageError).not.toBe('sent');
  // One group: the first entry comes first, and only its visibility change lets it (not the next) come back at once.
  expect(JSON.parse(received.Messages![0]!.Body!)).toEqual({ n: '0' });
  expect(changed).toBe('changed');
  expect(JSON.parse(again.Messages![0]!.Body!)).toEqual({ n: '0' });
});

it('stores as built: the bundled DynamoDB client (infra/lambda-shims/client-dynamodb.mjs) under the document client, errors named as by the package', async () => {
  // Prepare: a fresh table on dynalite; an entry over the document client's commands, bundled as the handlers.
  const { table } = await createTestAws('bundle-ddb');
  const file = join(outdir, 'ddb-calls', 'index.mjs');
  const entry = [
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
    "import { BatchGetCommand, BatchWriteCommand, DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';",
    'const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
    'export async function run(TableName) {',
    "  const item = { pk: 'BUNDLE#1', sk: 'A', n: 1, list: ['x', 2, { deep: true }], set: new Set(['a', 'b']), nothing: null };",
    '  await doc.send(new PutCommand({ TableName, Item: item }));',
    "  const refused = await doc.send(new PutCommand({ TableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' })).then(() => 'put', (e) => e.name);",
    "  await doc.send(new UpdateCommand({ TableName, Key: { pk: 'BUNDLE#1', sk: 'A' }, UpdateExpression: 'SET n = n + :one', ExpressionAttributeValues: { ':one': 1 } }));",
    "  await doc.send(new BatchWriteCommand({ RequestItems: { [TableName]: [{ PutRequest: { Item: { pk: 'BUNDLE#1', sk: 'B' } } }, { PutRequest: { Item: { pk: 'BUNDLE#2', sk: 'A' } } }] } }));",
    "  const got = (await doc.send(new GetCommand({ TableName, Key: { pk: 'BUNDLE#1', sk: 'A' } }))).Item;",
    "  const queried = (await doc.send(new QueryCommand({ TableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'BUNDLE#1' } }))).Items.map((i) => i.sk);",
    "  await doc.send(new DeleteCommand({ TableName, Key: { pk: 'BUNDLE#1', sk: 'B' } }));",
    "  const batch = (await doc.send(new BatchGetCommand({ RequestItems: { [TableName]: { Keys: [{ pk: 'BUNDLE#1', sk: 'B' }, { pk: 'BUNDLE#2', sk: 'A' }] } } }))).Responses[TableName].map((i) => i.pk);",
    "  const missing = await doc.send(new GetCommand({ TableName: TableName + '-missing', Key: { pk: 'x', sk: 'y' } })).then(() => 'got', (e) => e.name);",
    '  return { refused, got: { ...got, set: [...got.set].sort() }, queried, batch, missing };',
    '}',
  ].join('\n');
  expect(buildEntry('ddb-calls', file, entry)).toContain('infra/lambda-shims/client-dynamodb.mjs');
  const script = `const m = await import(${JSON.stringify(file)}); console.log('RESULT ' + JSON.stringify(await m.run(${JSON.stringify(table.tableName)}))); process.exit(0);`;

  // Act
  const run = await runNode(['--require', join(root, 'tests', 'setup', 'dns-localhost.js'), '--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH ?? '', HOME: outdir, ...table.env, AWS_MAX_ATTEMPTS: '1' },
  });
  const packageError = await table.client.send(new GetItemCommand({ TableName: `${table.tableName}-missing`, Key: { pk: { S: 'x' }, sk: { S: 'y' } } })).then(
    () => 'got',
    (e: Error) => e.name,
  );

  // Assess: every value type back as written, the failed condition and the missing table named as the package names them.
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  const result = JSON.parse(
    run.stdout
      .split('\n')
      .find((l) => l.startsWith('RESULT '))!
      .slice('RESULT '.length),
  );
  expect(result).toEqual({
    refused: 'ConditionalCheckFailedException',
    got: { pk: 'BUNDLE#1', sk: 'A', n: 2, list: ['x', 2, { deep: true }], set: ['a', 'b'], nothing: null },
    queried: ['A', 'B'],
    batch: ['BUNDLE#2'],
    missing: packageError,
  });
  expect(packageError).toBe('ResourceNotFoundException');
});
