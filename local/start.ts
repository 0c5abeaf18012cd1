// `npm start`: the product on one machine. Embedded defaults; every setting can be changed by environment variable.
import { readFileSync } from 'node:fs';
import { parseAccountsJson } from '../lambdas/accounts/file';
import { isSyncDirection } from '../shared/sync/types';
import { connectSandboxes, demoZendeskGrant, installApp, startSandboxes, type SandboxPair } from './demo';
import { apiVersionsFromEnv, DEFAULT_AIRCALL_OAUTH_CLIENT } from './sandbox/aircall';
import { SANDBOX_APP_ID } from './sandbox/zendesk';
import { ensureAppBuilt } from './host/app-package';
import { startLocalHost, type LocalHost } from './host/server';
import { startStack, type Stack } from './stack';
import { freePort } from './free-port';

/** The settings of `npm start`, from the environment and the arguments (`--fresh`), with what each one means. */
function settings(env: NodeJS.ProcessEnv, args: readonly string[] = []) {
  const int = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got "${raw}"`);
    return value;
  };
  const direction = env.SYNC_DIRECTION ?? 'aircall_to_zendesk';
  if (!isSyncDirection(direction)) throw new Error(`SYNC_DIRECTION must be aircall_to_zendesk, zendesk_to_aircall, both or off, got "${direction}"`);
  const keepInStep = env.KEEP_IN_STEP ?? 'false';
  if (keepInStep !== 'true' && keepInStep !== 'false') throw new Error(`KEEP_IN_STEP must be true or false, got "${keepInStep}"`);
  const unknown = args.filter((a) => a !== '--fresh');
  if (unknown.length > 0) throw new Error(`unknown argument ${unknown.join(' ')} (the only one is --fresh)`);
  // `--fresh`: the demo's sandboxes and the app installed, nothing connected, in memory (a first-run walk-through).
  const fresh = args.includes('--fresh');
  if (fresh && env.ACCOUNTS_FILE) throw new Error('--fresh starts the demo with nothing connected: it cannot load ACCOUNTS_FILE');
  return {
    fresh,
    port: int('PORT', 3000),
    dataDir: env.DATA_DIR ?? '.data',
    accountsFile: env.ACCOUNTS_FILE || undefined,
    demoAgents: int('DEMO_AGENTS', 10),
    aircallSandboxPort: int('AIRCALL_SANDBOX_PORT', 3001),
    zendeskSandboxPort: int('ZENDESK_SANDBOX_PORT', 3002),
    hostPort: int('HOST_PORT', 3003),
    direction,
    keepInStep: keepInStep === 'true',
    reconcileIntervalMs: int('RECONCILE_INTERVAL_MS', 300_000),
    directoryIntervalMs: int('DIRECTORY_INTERVAL_MS', 3_600_000),
    aircallApiVersions: apiVersionsFromEnv(env),
  };
}

/**
 * The handlers' configuration from `npm start`'s environment (README "Running locally"): every variable the README
 * lists that the handlers read, passed through (lambdas/config.ts validates them and names a bad one).
 * RECONCILE_INTERVAL_MS is also the sweep's period, which sizes the backlog one sweep queues.
 */
function stackEnv(env: NodeJS.ProcessEnv, reconcileIntervalMs: number): Record<string, string> {
  const out: Record<string, string> = { LOG_LEVEL: env.LOG_LEVEL || 'WARN', RECONCILE_INTERVAL_MS: String(reconcileIntervalMs) };
  for (const name of [
    'SETTINGS_REFRESH_SECONDS',
    'AIRCALL_API_URL',
    'ZENDESK_API_URL',
    'PUBLIC_URL',
    'ZENDESK_OAUTH_CLIENT_ID',
    'ZENDESK_OAUTH_CLIENT_SECRET',
    'AIRCALL_OAUTH_CLIENT_ID',
    'AIRCALL_OAUTH_CLIENT_SECRET',
    'AIRCALL_DASHBOARD_URL',
  ] as const) {
    const value = env[name];
    if (value !== undefined && value !== '') out[name] = value;
  }
  return out;
}

/**
 * The demo's onboarding settings: the sandboxes are Zendesk, Aircall and Aircall's Dashboard, with their seeded OAuth
 * clients, so the console connects and reconnects through the sandboxes' consent pages. The environment overrides each.
 */
function sandboxOnboardingEnv(sandboxes: SandboxPair, port: number): Record<string, string> {
  return {
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    ZENDESK_API_URL: sandboxes.zendesk.url,
    AIRCALL_API_URL: sandboxes.aircall.url,
    AIRCALL_DASHBOARD_URL: sandboxes.aircall.url,
    ZENDESK_OAUTH_CLIENT_ID: SANDBOX_ZENDESK_OAUTH_CLIENT.identifier,
    ZENDESK_OAUTH_CLIENT_SECRET: SANDBOX_ZENDESK_OAUTH_CLIENT.secret,
    AIRCALL_OAUTH_CLIENT_ID: DEFAULT_AIRCALL_OAUTH_CLIENT.clientId,
    AIRCALL_OAUTH_CLIENT_SECRET: DEFAULT_AIRCALL_OAUTH_CLIENT.clientSecret,
    // The app installed in the Zendesk sandbox: its public key verifies the signedUrls token of an account that
    // Connect created (it has no app id of its own, unlike the demo account).
    ZENDESK_APP_ID: String(SANDBOX_APP_ID),
  };
}

/** The Zendesk sandbox's seeded confidential client (local/sandbox/zendesk/sandbox.ts). */
const SANDBOX_ZENDESK_OAUTH_CLIENT = { identifier: 'sandbox-client', secret: 'sandbox-client-secret' };

async function main(): Promise<void> {
  const s = settings(process.env, process.argv.slice(2));
  const accounts = s.accountsFile ? parseAccountsJson(readFileSync(s.accountsFile, 'utf8')) : [];
  const print = (line: string) => console.log(line);

  let sandboxes: SandboxPair | undefined;
  let host: LocalHost | undefined;
  // Without ACCOUNTS_FILE, the demo's sandboxes start first: the stack's onboarding settings point at them.
  if (!s.accountsFile) {
    sandboxes = await startSandboxes({
      agents: s.demoAgents,
      aircallPort: s.aircallSandboxPort,
      zendeskPort: s.zendeskSandboxPort,
      // AIRCALL_SANDBOX_V1_USERS=removed|gone, AIRCALL_SANDBOX_V2_STATUS_WRITE=refused (local/sandbox/aircall/README.md).
      aircall: { apiVersions: s.aircallApiVersions },
    });
  }
  const port = s.port === 0 ? await freePort() : s.port;
  const stack: Stack = await startStack({
    port,
    // A fresh start keeps nothing: no account, credential or session of an earlier run.
    dataDir: s.fresh ? null : s.dataDir,
    accounts,
    reconcileIntervalMs: s.reconcileIntervalMs,
    directoryIntervalMs: s.directoryIntervalMs,
    env: { ...(sandboxes && sandboxOnboardingEnv(sandboxes, port)), ...stackEnv(process.env, s.reconcileIntervalMs) },
    print,
  });
  if (sandboxes) {
    const demo = s.fresh
      ? undefined
      : await connectSandboxes(sandboxes, { stackUrl: stack.url, accountId: 'demo', direction: s.direction, keepInStep: s.keepInStep });
    if (demo) {
      await stack.loadAccounts([demo]);
      // Connected as Connect would: an expiring OAuth grant of the sandbox's client, refreshed by the stack (issue 12).
      await stack.runtime.deps.credentials?.putZendeskCredential(demo.id, await demoZendeskGrant(sandboxes.zendesk));
    }
    // Fresh: the app is installed in the Zendesk sandbox as an admin would, and nothing is connected.
    else await installApp(sandboxes.zendesk.url, { syncDirection: s.direction, keepInStep: s.keepInStep }, {});
    // The local Zendesk workspace (local/host): the app in a top bar, signed in as any demo agent.
    host = await startLocalHost({
      port: s.hostPort,
      appDir: ensureAppBuilt({ print }),
      // The stack serves the location pages (POST /app/{location}); the host POSTs Zendesk's signed token there.
      backendUrl: stack.url,
      aircallUrl: sandboxes.aircall.url,
      zendeskUrl: sandboxes.zendesk.url,
      fallbackInstallation: {
        id: 1,
        appId: 0,
        settings: { syncDirection: s.direction, keepInStep: s.keepInStep },
        secureSettings: {},
      },
      print,
    });
  }
  // Links first, then one sweep: it also re-queues whatever a previous run recorded but had not synced yet.
  await stack.refreshDirectory();
  await stack.reconcile();

  print(`Agent Status Sync is running (Ctrl-C stops it).`);
  print(
    `  API              ${stack.url}  (POST /webhooks/aircall/{accountId}, POST /webhooks/zendesk/{accountId}, GET /health, GET /api/me/status, GET /api/admin/overview)`,
  );
  print(`  onboarding       ${stack.url}/oauth/zendesk/start?subdomain=SUB, /oauth/aircall/install, the console's /api/admin/*`);
  print(`  DynamoDB         dynalite, data in ${s.dataDir}/dynamodb`);
  print(`  SQS FIFO         fauxqs, queue ${stack.queueUrl}`);
  print(`  reconcile        every ${s.reconcileIntervalMs / 1000} s; directory every ${s.directoryIntervalMs / 1000} s`);
  if (sandboxes) {
    print(`  Aircall sandbox  ${sandboxes.aircall.url}  (control API under /_sandbox)`);
    print(`  Zendesk sandbox  ${sandboxes.zendesk.url}  (control API under /_sandbox)`);
    if (s.fresh) print(`  fresh            nothing connected (in memory): open the admin console and connect Zendesk, then Aircall`);
    else print(`  demo account     "demo", ${s.demoAgents} agents, direction ${s.direction}, keepInStep ${s.keepInStep}`);
    if (host) print(`  local Zendesk    ${host.url}  (the app in a stand-in agent workspace)`);
    print('');
    print(
      `Try it: curl -X PUT ${sandboxes.aircall.url}/_sandbox/users/agent01@example.com/status -H 'content-type: application/json' -d '{"availability_status":"unavailable"}'`,
    );
    print(`   then curl ${sandboxes.zendesk.url}/_sandbox/agents/agent01@example.com`);
    if (host) print(`\nOpen ${host.url} to see the app in a local Zendesk workspace: flip a status and watch the app and the other side follow.`);
  } else {
    print(`  accounts         ${accounts.map((a) => `${a.id} (${a.direction})`).join(', ')} from ${s.accountsFile}`);
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    print(`\n${signal}: stopping…`);
    await host?.close();
    await sandboxes?.close();
    await stack.stop();
    print('stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: Error) => {
  console.error(`npm start failed: ${error.message}`);
  process.exit(1);
});
