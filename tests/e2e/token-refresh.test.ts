// Issue 12 "Keeping it running": the stack's Zendesk OAuth grant expires and rotates at the Zendesk sandbox's token
// endpoint. Tokens expired mid-stream lose no change; one refresh per account across concurrent workers; a revoked
// grant pauses the account (changes still recorded), and a reconnect replays what was missed.
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { loadConfig } from '../../lambdas/config';
import { connectionPause, onReconnected } from '../../lambdas/credentials/connection';
import { credentialStoreFromConfig } from '../../lambdas/credentials/from-config';
import { keyProviderFromConfig } from '../../lambdas/credentials/local-key';
import type { ZendeskCredential } from '../../lambdas/credentials/port';
import { createRuntime, type Runtime } from '../../lambdas/runtime';
import type { StoredAccount } from '../../lambdas/store/port';
import { silentLog } from '../../lambdas/sync/deps';
import { connectSandboxes, DEMO_ZENDESK_OAUTH_CLIENT, demoZendeskGrant, startSandboxes, type SandboxPair } from '../../local/demo';
import type { Stack } from '../../local/stack';
import { startTestStack, waitFor } from './harness';

const AGENTS = 6;
const SECRETS_KEY = randomBytes(32).toString('hex');

let sandboxes: SandboxPair;
let stack: Stack;
let emails: string[];

beforeEach(async () => {
  // Aircall agents start available, Zendesk ones offline: the first sweep brings Zendesk in step.
  sandboxes = await startSandboxes({ agents: AGENTS, aircallRateLimitPerMinute: 6000 });
  stack = await startTestStack('tok', {
    visibilityTimeoutSeconds: 5,
    env: {
      LOG_LEVEL: 'SILENT',
      SECRETS_KEY,
      ZENDESK_OAUTH_CLIENT_ID: DEMO_ZENDESK_OAUTH_CLIENT.clientId,
      ZENDESK_OAUTH_CLIENT_SECRET: DEMO_ZENDESK_OAUTH_CLIENT.clientSecret,
    },
  });
  const account = await connectSandboxes(sandboxes, {
    stackUrl: stack.url,
    accountId: 'acme',
    direction: 'aircall_to_zendesk',
    aircallRateLimitPerMinute: 6000,
  });
  await stack.loadAccounts([account]);
  // Connected as Connect would: an expiring grant (30 min) with a refresh token, in place of the file's static token.
  await credentials().putZendeskCredential('acme', await demoZendeskGrant(sandboxes.zendesk));
  await stack.refreshDirectory();
  await stack.reconcile();
  emails = sandboxes.aircall.users().map((u) => u.email);
  await waitFor('agents in step at start', () => inStep() === AGENTS, 20_000);
}, 60_000);

afterEach(async () => {
  await stack?.stop();
  await sandboxes?.close();
});

const credentials = () => stack.runtime.deps.credentials!;
const mapped = (email: string) => (sandboxes.aircall.user(email).availability_status === 'available' ? 'online' : 'offline');
const inStep = () => emails.filter((email) => sandboxes.zendesk.agent(email)?.status.name === mapped(email)).length;
const flip = (email: string) =>
  sandboxes.aircall.setStatus(email, sandboxes.aircall.user(email).availability_status === 'available' ? 'unavailable' : 'available');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Token requests the Zendesk sandbox answered since `since`, by grant type. */
function grants(since: number): { grant: string; status: number }[] {
  return sandboxes.zendesk
    .requests({ methods: ['POST'], pathPrefix: '/oauth/tokens' })
    .filter((r) => r.at >= since)
    .map((r) => ({ grant: String((r.body as { grant_type?: unknown } | undefined)?.grant_type), status: r.status }));
}

async function control(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${sandboxes.zendesk.url}/_sandbox${path}`, init);
}

async function oauthToken(): Promise<Extract<ZendeskCredential, { kind: 'oauth' }>> {
  const stored = await credentials().getZendeskCredential('acme');
  if (stored?.kind !== 'oauth') throw new Error('the account has no OAuth credential');
  return stored;
}

/** Another "process" of the same deployment: its own clients and token source, the same table and key. */
function otherProcess(): Runtime {
  const cfg = loadConfig({
    TABLE_NAME: stack.runtime.deps.config.tableName,
    QUEUE_URL: stack.queueUrl,
    SECRETS_KEY,
    ZENDESK_OAUTH_CLIENT_ID: DEMO_ZENDESK_OAUTH_CLIENT.clientId,
    ZENDESK_OAUTH_CLIENT_SECRET: DEMO_ZENDESK_OAUTH_CLIENT.clientSecret,
    LOG_LEVEL: 'SILENT',
  });
  const dynamo = new DynamoDBClient({});
  // The same SECRETS_KEY, wired as the local stack wires it (a Lambda reads only KMS).
  return createRuntime(cfg, { dynamo }, { log: silentLog, credentials: credentialStoreFromConfig(cfg, dynamo, keyProviderFromConfig(cfg)) });
}

test('every token expired mid-stream: one refresh, the rotated pair stored, 0 changes lost', async () => {
  const before = await oauthToken();
  const since = Date.now();
  let changes = 0;
  for (const end = Date.now() + 4_000; Date.now() < end; changes++) {
    flip(emails[changes % AGENTS] as string);
    // Halfway: Zendesk ends every access token at once (the refresh tokens stay valid).
    if (changes === 12) expect((await control('/oauth/expire', { method: 'POST', body: '{}' })).status).toBe(200);
    await sleep(120);
  }
  await waitFor('every agent in step after the stream', () => inStep() === AGENTS, 30_000);

  // The expiry was met mid-stream (401s), and answered by exactly one refresh, stored before use.
  const refreshes = grants(since).filter((g) => g.grant === 'refresh_token');
  expect(refreshes).toEqual([{ grant: 'refresh_token', status: 200 }]);
  expect(sandboxes.zendesk.requests().filter((r) => r.at >= since && r.status === 401).length).toBeGreaterThan(0);
  const after = await oauthToken();
  expect(after.accessToken).not.toBe(before.accessToken);
  expect(after.refreshToken).not.toBe(before.refreshToken); // rotated
  expect(after.needsReconnect).toBeUndefined();
  // Asked for 2 hours and 30 days.
  expect(after.expiresAt! - Date.now()).toBeGreaterThan(7_000_000);
  expect(after.refreshExpiresAt! - Date.now()).toBeGreaterThan(2_500_000_000);
  // A real stream: every one of these changes reached Zendesk's final state above.
  expect(changes).toBeGreaterThan(20);
}, 60_000);

test('five processes meeting an expired token at once: exactly one refresh at the sandbox, all five go on', async () => {
  const processes = Array.from({ length: 5 }, otherProcess);
  const account = (await stack.runtime.deps.store.getAccount('acme')) as StoredAccount;
  // Each process has read the credential once (warm), then every token expires.
  await Promise.all(processes.map((p) => p.deps.clients.zendesk(account).listStatuses()));
  expect((await control('/oauth/expire', { method: 'POST', body: '{}' })).status).toBe(200);
  const since = Date.now();

  const results = await Promise.all(processes.map((p) => p.deps.clients.zendesk(account).listAgents()));

  expect(results.every((agents) => agents.length >= AGENTS)).toBe(true);
  expect(grants(since)).toEqual([{ grant: 'refresh_token', status: 200 }]);

  // Near expiry (less than 5 minutes left) is renewed before use, also exactly once, with no 401 first.
  const stored = await oauthToken();
  await credentials().putZendeskCredential('acme', { ...stored, expiresAt: Date.now() + 60_000 });
  const fresh = Array.from({ length: 5 }, otherProcess);
  const near = Date.now();
  await Promise.all(fresh.map((p) => p.deps.clients.zendesk(account).listStatuses()));
  expect(grants(near)).toEqual([{ grant: 'refresh_token', status: 200 }]);
  expect(sandboxes.zendesk.requests().filter((r) => r.at >= near && r.status === 401)).toHaveLength(0);
}, 60_000);

test('a revoked grant: needs reconnect, sync paused with changes recorded; a reconnect replays what was missed', async () => {
  // Zendesk revokes the grant (an admin removed the app's access): access and refresh token both die.
  const token = await oauthToken();
  expect((await control(`/oauth/tokens/${token.tokenId}`, { method: 'DELETE' })).status).toBe(204);

  const since = Date.now();
  for (const email of emails) flip(email);
  await waitFor('the account marked needs reconnect', async () => (await credentials().getZendeskCredential('acme'))?.needsReconnect !== undefined, 20_000);
  // The refresh was refused for good, once; no status write succeeded since.
  expect(grants(since).filter((g) => g.grant === 'refresh_token')).toEqual([{ grant: 'refresh_token', status: 400 }]);
  const pause = await connectionPause(stack.runtime.deps, 'acme');
  expect(pause).toMatchObject({ side: 'zendesk', reason: expect.stringContaining('invalid_grant') });

  // Paused: later changes are recorded (their webhooks stored them) but nothing is written to Zendesk.
  const pausedAt = Date.now();
  flip(emails[0] as string);
  const agent = emails[0] as string;
  await waitFor(
    'the later change recorded',
    async () =>
      (await stack.runtime.deps.store.getAgentState('acme', agent)).observed.aircall?.status.availabilityStatus ===
      sandboxes.aircall.user(agent).availability_status,
    15_000,
  );
  await sleep(1_500);
  const zendeskWrites = () =>
    sandboxes.zendesk.requests({ methods: ['PUT'] }).filter((r) => r.at >= pausedAt && /\/agent_statuses\/agents\//.test(r.path) && r.status < 300);
  expect(zendeskWrites()).toHaveLength(0);
  expect(inStep()).toBeLessThan(AGENTS);
  const trail = await stack.runtime.deps.store.listAudit('acme', agent, { now: Date.now(), limit: 20 });
  expect(trail.some((e) => e.reason === 'needs_reconnect')).toBe(true);
  // The sweep does nothing while paused.
  expect((await stack.reconcile({ accountId: 'acme' })).acme).toMatchObject({ paused: 'needs_reconnect' });

  // Reconnect: a new grant is put (the console's Connect), which clears the mark, and the sweep replays.
  const previous = await credentials().getZendeskCredential('acme');
  await credentials().putZendeskCredential('acme', await demoZendeskGrant(sandboxes.zendesk));
  expect(await connectionPause(stack.runtime.deps, 'acme')).toBeUndefined();
  await onReconnected(stack.runtime.deps, 'acme', previous?.needsReconnect, Date.now());
  await waitFor('every agent in step after the reconnect', () => inStep() === AGENTS, 30_000);
  expect(zendeskWrites().length).toBeGreaterThanOrEqual(AGENTS - 1);
}, 90_000);
