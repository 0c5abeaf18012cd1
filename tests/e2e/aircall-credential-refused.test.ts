// Aircall refuses our credential (the partner app was uninstalled, or its token revoked): the worker confirms it with
// GET /v1/ping, marks the Aircall connection as needing a reconnect, says so once (audit), and pauses the account with
// its changes recorded; a reconnect replays what was missed. Against the Aircall sandbox's OAuth and its revocation.
import { randomBytes } from 'node:crypto';
import { connectionPause, onReconnected } from '../../lambdas/credentials/connection';
import type { AircallCredential } from '../../lambdas/credentials/port';
import { connectSandboxes, startSandboxes, type SandboxPair } from '../../local/demo';
import { DEFAULT_AIRCALL_OAUTH_CLIENT } from '../../local/sandbox/aircall/oauth';
import type { Stack } from '../../local/stack';
import { startTestStack, waitFor } from './harness';

const AGENTS = 4;
const REDIRECT = 'https://sync.example.com/oauth/aircall/callback';

let sandboxes: SandboxPair;
let stack: Stack;
let emails: string[];

/** An admin's partner install, as the Dashboard's Approve and the code exchange give it: a permanent Bearer token. */
async function aircallGrant(): Promise<AircallCredential> {
  const { clientId, clientSecret } = DEFAULT_AIRCALL_OAUTH_CLIENT;
  const approved = await fetch(`${sandboxes.aircall.url}/oauth/authorize`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: clientId, redirect_uri: REDIRECT, response_type: 'code', scope: 'public_api', decision: 'approve' }).toString(),
  });
  const code = new URL(approved.headers.get('location') ?? '').searchParams.get('code');
  const res = await fetch(`${sandboxes.aircall.url}/v1/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: clientId, client_secret: clientSecret }),
  });
  if (res.status !== 200) throw new Error(`the Aircall sandbox refused the code exchange (${res.status})`);
  const { access_token: accessToken } = (await res.json()) as { access_token: string };
  return { kind: 'oauth', accessToken, grantedAt: Date.now(), version: 0 };
}

const credentials = () => stack.runtime.deps.credentials!;
const mapped = (email: string) => (sandboxes.zendesk.agent(email)?.status.name === 'online' ? 'available' : 'unavailable');
const inStep = () => emails.filter((email) => sandboxes.aircall.user(email).availability_status === mapped(email)).length;
const flip = (email: string) => sandboxes.zendesk.setStatus(email, sandboxes.zendesk.agent(email)?.status.name === 'online' ? 'offline' : 'online');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeEach(async () => {
  sandboxes = await startSandboxes({ agents: AGENTS, aircallRateLimitPerMinute: 6000 });
  stack = await startTestStack('acref', {
    visibilityTimeoutSeconds: 5,
    env: { LOG_LEVEL: 'SILENT', SECRETS_KEY: randomBytes(32).toString('hex') },
  });
  const account = await connectSandboxes(sandboxes, {
    stackUrl: stack.url,
    accountId: 'acme',
    direction: 'zendesk_to_aircall',
    aircallRateLimitPerMinute: 6000,
  });
  await stack.loadAccounts([account]);
  // Connected by the partner OAuth install, in place of the file's API key, before anything read Aircall.
  await credentials().putAircallCredential('acme', await aircallGrant());
  await stack.refreshDirectory();
  await stack.reconcile();
  emails = sandboxes.aircall.users().map((u) => u.email);
  for (const email of emails) flip(email);
  await waitFor('agents in step at start', () => inStep() === AGENTS, 20_000);
}, 60_000);

afterEach(async () => {
  await stack?.stop();
  await sandboxes?.close();
});

test('a revoked Aircall token: confirmed by a ping, needs reconnect, paused with changes recorded; a reconnect replays them', async () => {
  // The admin uninstalls the partner app: Aircall revokes its token.
  const control = (path: string, init: RequestInit = {}) => fetch(`${sandboxes.aircall.url}/_sandbox${path}`, init);
  const tokens = ((await (await control('/oauth/tokens')).json()) as { tokens: Array<{ id: number }> }).tokens;
  expect(tokens).toHaveLength(1);
  expect((await control(`/oauth/tokens/${tokens[0]?.id}`, { method: 'DELETE' })).status).toBe(204);

  const since = Date.now();
  for (const email of emails) flip(email);
  await waitFor(
    'the Aircall connection marked needs reconnect',
    async () => (await credentials().getAircallCredential('acme'))?.needsReconnect !== undefined,
    20_000,
  );

  // Confirmed with the same token on GET /v1/ping before the mark; never a status write that went through.
  const aircallSince = () => sandboxes.aircall.requests().filter((r) => r.at >= since);
  expect(aircallSince().some((r) => r.method === 'GET' && r.path === '/v1/ping' && r.status === 403)).toBe(true);
  expect(aircallSince().filter((r) => r.method === 'PUT' && r.status < 300)).toHaveLength(0);
  expect(await connectionPause(stack.runtime.deps, 'acme')).toMatchObject({ side: 'aircall', reason: 'Aircall refused the OAuth token (403)' });
  // Said once, account-wide, whatever the number of workers that met it.
  const said = (await stack.runtime.deps.store.listAccountAudit('acme', { now: Date.now(), limit: 50 })).filter(
    (e) => e.kind === 'connection' && e.decision === 'needs_reconnect',
  );
  expect(said).toEqual([
    expect.objectContaining({ reason: 'credential_refused', detail: { side: 'aircall', message: 'Aircall refused the OAuth token (403)' } }),
  ]);

  // Every change of that round ends as a pause (none is lost as a failure), then a later change is recorded, nothing
  // is sent to Aircall, and the sweep waits.
  const skipped = async (email: string) =>
    (await stack.runtime.deps.store.listAudit('acme', email, { now: Date.now(), limit: 20 })).some((e) => e.at >= since && e.reason === 'needs_reconnect');
  await waitFor('every agent of the round paused', async () => (await Promise.all(emails.map(skipped))).every(Boolean), 15_000);
  const agent = emails[0] as string;
  const pausedAt = Date.now();
  flip(agent);
  await waitFor(
    'the later change recorded',
    async () => (await stack.runtime.deps.store.getAgentState('acme', agent)).observed.zendesk?.status.name === sandboxes.zendesk.agent(agent)?.status.name,
    15_000,
  );
  await sleep(1_500);
  expect(sandboxes.aircall.requests().filter((r) => r.at >= pausedAt && r.method === 'PUT')).toHaveLength(0);
  const trail = await stack.runtime.deps.store.listAudit('acme', agent, { now: Date.now(), limit: 20 });
  expect(trail.some((e) => e.reason === 'needs_reconnect')).toBe(true);
  expect((await stack.reconcile({ accountId: 'acme' })).acme).toMatchObject({ paused: 'needs_reconnect' });
  expect(inStep()).toBeLessThan(AGENTS);

  // Reconnect: the admin installs again; the new token clears the mark, and one sweep replays what was missed.
  const previous = await credentials().getAircallCredential('acme');
  await credentials().putAircallCredential('acme', await aircallGrant());
  expect(await connectionPause(stack.runtime.deps, 'acme')).toBeUndefined();
  await onReconnected(stack.runtime.deps, 'acme', previous?.needsReconnect, Date.now());
  await waitFor('every agent in step after the reconnect', () => inStep() === AGENTS, 30_000);
}, 90_000);

test('an Aircall reinstall while workers still hold the revoked token: nothing is marked, the new token carries the changes', async () => {
  // The admin uninstalls and installs again at once; the stack's process still has the old token (read for the sync
  // at start, kept for up to 30 s).
  const control = (path: string, init: RequestInit = {}) => fetch(`${sandboxes.aircall.url}/_sandbox${path}`, init);
  const [old] = ((await (await control('/oauth/tokens')).json()) as { tokens: Array<{ id: number }> }).tokens;
  expect((await control(`/oauth/tokens/${old?.id}`, { method: 'DELETE' })).status).toBe(204);
  await credentials().putAircallCredential('acme', await aircallGrant());

  const since = Date.now();
  for (const email of emails) flip(email);
  await waitFor('every agent in step with the new token', () => inStep() === AGENTS, 30_000);

  // The old token was refused (and confirmed by the ping), yet the new credential was never marked.
  expect(sandboxes.aircall.requests().some((r) => r.at >= since && r.method === 'GET' && r.path === '/v1/ping' && r.status === 403)).toBe(true);
  expect((await credentials().getAircallCredential('acme'))?.needsReconnect).toBeUndefined();
  expect(await connectionPause(stack.runtime.deps, 'acme')).toBeUndefined();
}, 60_000);
