// The world the fuzz suite attacks: both sandboxes, the local stack with one connected account (`acme`) and one other
// tenant (`globex`, its own secrets), sessions of every kind, and one real delivery per provider to replay. Also the
// before/after evidence: every table item, both sandboxes' state and their request journals.
import { createHmac, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Account } from '../../lambdas/accounts/account';
import { lookupKey, pkcePair, randomToken } from '../../lambdas/oauth/pkce';
import { OnboardingStore } from '../../lambdas/oauth/store';
import { FLOW_COOKIE } from '../../lambdas/oauth/zendesk-flow';
import { documentClient } from '../../lambdas/store/from-config';
import { DEFAULT_AIRCALL_OAUTH_CLIENT } from '../../local/sandbox/aircall';
import { DEFAULT_ADMIN_EMAIL } from '../../local/sandbox/zendesk';
import { startHarness, type Harness } from '../../tests/e2e/harness';
import type { FuzzRequest } from './http';
import { send } from './http';
import { freePort } from '../../local/free-port';

export const ACCOUNT = 'acme';
export const OTHER_ACCOUNT = 'globex';

/** Bearer tokens of sessions in every state the gate must tell apart; `undefined` while the runtime has no sessions. */
export interface WorldSessions {
  agent?: string;
  admin?: string;
  expired?: string;
  revoked?: string;
  /** A live-looking session of the other tenant, whose account was then disconnected (revokeAccount). */
  disconnected?: string;
}

export interface FuzzWorld {
  harness: Harness;
  url: string;
  account: Account;
  /** acme's Zendesk webhook signing secret and Aircall webhook token (as the sandboxes hold them). */
  zendeskSecret: string;
  aircallToken: string;
  /** The other tenant's. */
  otherZendeskSecret: string;
  otherAircallToken: string;
  /** Zendesk ids: an agent of acme and its admin. */
  agentId: string;
  adminId: string;
  sessions: WorldSessions;
  /** A key pair no one trusts: RS256 tokens signed by "another key". */
  foreignKey: { privateKey: KeyObject; publicPem: string };
  /** A valid signedUrls token of acme's installation (minted at setup; used only tampered). */
  signedUrlToken?: string;
  /** The app's public key (PEM), for the HS256-with-the-public-key confusion. */
  appPublicKey?: string;
  /** Tokens signed with the app's real key whose claims are wrong (audience, issuer, time, subject). */
  wrongClaimTokens?: string[];
  /** Deliveries accepted during setup, replayed byte for byte by the fuzz. */
  replays: { zendesk: FuzzRequest[]; aircall: FuzzRequest[] };
  close(): Promise<void>;
}

/** Signs a Zendesk delivery as Zendesk does: base64 HMAC-SHA256 of timestamp + body (zendesk-api.md §9.7). */
export function zendeskSignature(secret: string, timestamp: string, body: string | Buffer): string {
  return createHmac('sha256', secret).update(timestamp, 'utf8').update(body).digest('base64');
}

export function zendeskHeaders(secret: string, body: string | Buffer, at = new Date()): Record<string, string> {
  const timestamp = at.toISOString();
  return {
    'content-type': 'application/json',
    'x-zendesk-webhook-signature': zendeskSignature(secret, timestamp, body),
    'x-zendesk-webhook-signature-timestamp': timestamp,
  };
}

/** A well-formed unified status event of `agentId` (zendesk-api.md §9.3), the base the fuzz mutates. */
export function zendeskEvent(agentId: string, id: string, at = new Date()): Record<string, unknown> {
  return {
    type: 'zen:event-type:agent.unified_state_changed',
    account_id: 1234567,
    id,
    time: at.toISOString(),
    zendesk_event_version: '2022-11-06',
    subject: `zen:agent:${agentId}`,
    detail: { agent_id: agentId, version: '7' },
    event: { new_unified_state: { id: 3, name: 'offline' }, previous_unified_state: { id: 1, name: 'online' }, updated_at: at.toISOString() },
  };
}

/** A well-formed Aircall `user.closed` (aircall-api.md §8), the base the fuzz mutates. */
export function aircallEvent(token: string, userId: number, at = Date.now()): Record<string, unknown> {
  return {
    resource: 'user',
    event: 'user.closed',
    timestamp: Math.floor(at / 1000),
    token,
    data: { id: userId, availability_status: 'unavailable' },
  };
}

export async function startWorld(options: { print?: (line: string) => void } = {}): Promise<FuzzWorld> {
  const print = options.print ?? (() => {});
  // The onboarding settings `npm start` gives the demo (local/start.ts): the sandboxes are Zendesk, Aircall and its
  // Dashboard, with their seeded OAuth clients. PUBLIC_URL must be the stack's own URL (webhooks are registered there).
  const port = await freePort();
  const harness = await startHarness({
    agents: 4,
    port,
    logLevel: process.env.FUZZ_LOG_LEVEL ?? 'SILENT',
    env: (sandboxes) => ({
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      ZENDESK_API_URL: sandboxes.zendesk.url,
      AIRCALL_API_URL: sandboxes.aircall.url,
      AIRCALL_DASHBOARD_URL: sandboxes.aircall.url,
      ZENDESK_OAUTH_CLIENT_ID: 'sandbox-client',
      ZENDESK_OAUTH_CLIENT_SECRET: 'sandbox-client-secret',
      AIRCALL_OAUTH_CLIENT_ID: DEFAULT_AIRCALL_OAUTH_CLIENT.clientId,
      AIRCALL_OAUTH_CLIENT_SECRET: DEFAULT_AIRCALL_OAUTH_CLIENT.clientSecret,
    }),
  });
  try {
    const { stack, sandboxes, account } = harness;
    const zendeskHook = sandboxes.zendesk.webhooks().find((w) => w.endpoint.endsWith(`/webhooks/zendesk/${ACCOUNT}`));
    const aircallHook = sandboxes.aircall.webhooks().find((w) => w.url.endsWith(`/webhooks/aircall/${ACCOUNT}`));
    if (!zendeskHook || !aircallHook) throw new Error('the harness registered no webhooks for acme');
    // The other tenant: same shape, its own secrets, its own subdomain; never connected to the sandboxes' webhooks.
    const other: Account = {
      ...account,
      id: OTHER_ACCOUNT,
      aircall: { ...account.aircall, webhookToken: 'globex-webhook-token-0123456789abcdef' },
      zendesk: { ...account.zendesk, subdomain: 'globex', webhookSigningSecret: 'globex-signing-secret-0123456789abcdef' },
    };
    await stack.loadAccounts([other]);
    for (const a of [account, other]) await ensureCredentials(harness, a);
    await stack.refreshDirectory();

    const agent = sandboxes.zendesk.users().find((u) => u.role === 'agent' && harness.emails.includes(u.email.toLowerCase()));
    const admin = sandboxes.zendesk.users().find((u) => u.email === DEFAULT_ADMIN_EMAIL);
    if (!agent || !admin) throw new Error('the Zendesk sandbox has no demo agent or admin');

    const sessions: WorldSessions = {};
    const store = stack.runtime.deps.sessions;
    if (store) {
      const now = Date.now();
      sessions.agent = (await store.issue({ kind: 'agent', accountId: ACCOUNT, userId: String(agent.id) }, now)).token;
      sessions.admin = (await store.issue({ kind: 'admin', accountId: ACCOUNT, userId: String(admin.id) }, now)).token;
      sessions.expired = (await store.issue({ kind: 'admin', accountId: ACCOUNT, userId: String(admin.id) }, now - 2 * 3_600_000)).token;
      sessions.revoked = (await store.issue({ kind: 'admin', accountId: ACCOUNT, userId: String(admin.id) }, now)).token;
      await store.revoke(sessions.revoked);
      sessions.disconnected = (await store.issue({ kind: 'admin', accountId: OTHER_ACCOUNT, userId: String(admin.id) }, now - 1_000)).token;
      await store.revokeAccount(OTHER_ACCOUNT, now);
    } else print('fuzz: this runtime has no session store yet: session cases use made-up tokens only');

    let signedUrlToken: string | undefined;
    let appPublicKey: string | undefined;
    let wrongClaimTokens: string[] | undefined;
    const installation = sandboxes.zendesk.installations()[0];
    if (installation && typeof sandboxes.zendesk.signedUrlToken === 'function') {
      const minted = sandboxes.zendesk.signedUrlToken({ installationId: installation.id, user: agent.id, location: 'top_bar' });
      signedUrlToken = minted.token;
      appPublicKey = sandboxes.zendesk.appPublicKey();
      // The real key, the wrong claims: each alone must keep the page from issuing a session.
      const now = Math.floor(Date.now() / 1000);
      const good = minted.claims;
      wrongClaimTokens = [
        { aud: 'https://demo.zendesk.com/api/v2/apps/installations/999999.json' },
        { aud: String(installation.id + 1) },
        { aud: undefined },
        { iss: 'globex.zendesk.com' },
        { iss: 'demo.zendesk.com.evil.example' },
        { iss: undefined },
        { exp: now - 600, iat: now - 900, nbf: now - 900 },
        { nbf: now + 3_600 },
        { exp: now + 365 * 86_400 },
        { sub: '999999999999' },
        { sub: 'https://globex.zendesk.com/api/v2/users/1.json' },
        { sub: String(admin.id), aud: 'https://globex.zendesk.com/api/v2/apps/installations/1.json' },
      ].map((change) => sandboxes.zendesk.signAppClaims(JSON.parse(JSON.stringify({ ...good, ...change }))));
    }

    // One real delivery per provider, accepted now, replayed later.
    const zBody = JSON.stringify(zendeskEvent(String(agent.id), `fuzz-replay-${Date.now()}`));
    const replayZ: FuzzRequest = { method: 'POST', path: `/webhooks/zendesk/${ACCOUNT}`, headers: zendeskHeaders(zendeskHook.secret, zBody), body: zBody };
    const aircallUser = sandboxes.aircall.users()[0];
    if (!aircallUser) throw new Error('the Aircall sandbox has no users');
    const aBody = JSON.stringify({
      ...aircallEvent(aircallHook.token, aircallUser.id),
      event: 'user.opened',
      data: { id: aircallUser.id, email: aircallUser.email, availability_status: 'available' },
    });
    const replayA: FuzzRequest = { method: 'POST', path: `/webhooks/aircall/${ACCOUNT}`, headers: { 'content-type': 'application/json' }, body: aBody };
    // An event the sync ignores (an agent not linked) is audited once; its replays must add nothing.
    const zIgnoredBody = JSON.stringify(zendeskEvent('999999999', `fuzz-replay-unlinked-${Date.now()}`));
    const replayZIgnored: FuzzRequest = {
      method: 'POST',
      path: `/webhooks/zendesk/${ACCOUNT}`,
      headers: zendeskHeaders(zendeskHook.secret, zIgnoredBody),
      body: zIgnoredBody,
    };
    for (const replay of [replayZ, replayZIgnored, replayA]) {
      const answer = await send(stack.url, replay);
      if (answer.status !== 200) throw new Error(`the setup delivery to ${replay.path} was answered ${answer.status}: ${answer.body}`);
    }
    await harness.drained();

    const oauth = await oauthCases(harness, admin.email, print);

    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return {
      harness,
      url: stack.url,
      account,
      zendeskSecret: zendeskHook.secret,
      aircallToken: aircallHook.token,
      otherZendeskSecret: other.zendesk.webhookSigningSecret,
      otherAircallToken: other.aircall.webhookToken,
      agentId: String(agent.id),
      adminId: String(admin.id),
      sessions,
      foreignKey: { privateKey, publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() },
      ...(signedUrlToken && { signedUrlToken }),
      ...(appPublicKey && { appPublicKey }),
      ...(wrongClaimTokens && { wrongClaimTokens }),
      replays: { zendesk: [replayZ, replayZIgnored], aircall: [replayA] },
      ...(oauth && { oauth }),
      close: () => harness.close(),
    };
  } catch (error) {
    await harness.close();
    throw error;
  }
}

/** One OAuth start through the stack: its state, the browser cookie it set, and its PKCE challenge. */
async function oauthStart(url: string): Promise<{ state: string; cookie: string; challenge: string; redirectUri: string } | undefined> {
  const answer = await send(url, { method: 'GET', path: '/oauth/zendesk/start?subdomain=demo&purpose=signin' });
  const location = answer.headers.location;
  if (answer.status !== 302 || typeof location !== 'string') return undefined;
  const target = new URL(location);
  const setCookie = [answer.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith(`${FLOW_COOKIE}=`));
  const state = target.searchParams.get('state');
  const challenge = target.searchParams.get('code_challenge');
  const redirectUri = target.searchParams.get('redirect_uri');
  if (!setCookie || !state || !challenge || !redirectUri) return undefined;
  return { state, cookie: setCookie.split(';')[0] as string, challenge, redirectUri };
}

/**
 * The OAuth callbacks the fuzz replays: a sign-in completed at setup (its state and code reused), pending sign-ins
 * each with a valid code whose callback comes from another browser (no cookie, a forged one, another flow's), and a
 * flow whose 10 minutes are over. `undefined` while the stack serves no OAuth routes.
 */
async function oauthCases(harness: Harness, adminEmail: string, print: (line: string) => void): Promise<FuzzWorld['oauth']> {
  const url = harness.stack.url;
  const zendesk = harness.sandboxes.zendesk;
  const code = (flow: { challenge: string; redirectUri: string }) =>
    zendesk.issueAuthCode({
      clientId: 'sandbox-client',
      email: adminEmail,
      scope: 'users:read',
      redirectUri: flow.redirectUri,
      codeChallenge: flow.challenge,
      codeChallengeMethod: 'S256',
    });
  const done = await oauthStart(url);
  if (!done) {
    print('fuzz: the stack serves no Zendesk OAuth start yet: OAuth cases use made-up states only');
    return undefined;
  }
  const usedCode = code(done);
  const first = await send(url, {
    method: 'GET',
    path: `/oauth/zendesk/callback?code=${encodeURIComponent(usedCode)}&state=${done.state}`,
    headers: { cookie: done.cookie },
  });
  if (first.status !== 200) throw new Error(`the setup sign-in was answered ${first.status}: ${first.body.slice(0, 300)}`);
  const cases: FuzzRequest[] = [
    { method: 'GET', path: `/oauth/zendesk/callback?code=${encodeURIComponent(usedCode)}&state=${done.state}`, headers: { cookie: done.cookie } },
  ];
  // Another browser: a valid state and code, each pending flow refused once (no cookie, forged, another flow's).
  for (const cookie of [undefined, `${FLOW_COOKIE}=${'A'.repeat(43)}`, done.cookie]) {
    const pending = await oauthStart(url);
    if (!pending) throw new Error('a second OAuth start failed');
    cases.push({
      method: 'GET',
      path: `/oauth/zendesk/callback?code=${encodeURIComponent(code(pending))}&state=${pending.state}`,
      headers: cookie ? { cookie } : {},
    });
  }
  // Expired: a flow stored 11 minutes ago, in this browser, with a valid code.
  const store = new OnboardingStore(
    documentClient(
      new DynamoDBClient({
        region: 'us-east-1',
        endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
    ),
    harness.stack.runtime.deps.config.tableName,
  );
  const { verifier, challenge } = pkcePair();
  const state = randomToken();
  const nonce = randomToken();
  await store.putFlow(state, { kind: 'zendesk', purpose: 'signin', subdomain: 'demo', verifier, browser: lookupKey(nonce) }, Date.now() - 11 * 60_000);
  cases.push({
    method: 'GET',
    path: `/oauth/zendesk/callback?code=${encodeURIComponent(code({ challenge, redirectUri: done.redirectUri }))}&state=${state}`,
    headers: { cookie: `${FLOW_COOKIE}=${nonce}` },
  });
  return { states: [done.state, state], codes: [usedCode], cases };
}

/**
 * Writes an account's secrets to the credential store when loading the account did not (the stack's accounts import
 * seals them itself once it is wired to lambdas/credentials; until then this does, through the same store).
 */
async function ensureCredentials(harness: Harness, account: Account): Promise<void> {
  const credentials = harness.stack.runtime.deps.credentials;
  if (!credentials) return;
  const now = Date.now();
  if (!(await credentials.getWebhookSecret(account.id, 'zendesk')))
    await credentials.putWebhookSecret(account.id, { side: 'zendesk', secret: account.zendesk.webhookSigningSecret, updatedAt: now });
  if (!(await credentials.getWebhookSecret(account.id, 'aircall')))
    await credentials.putWebhookSecret(account.id, { side: 'aircall', secret: account.aircall.webhookToken, updatedAt: now });
  if (!(await credentials.getAircallCredential(account.id)))
    await credentials.putAircallCredential(account.id, {
      kind: 'basic',
      apiId: account.aircall.apiId,
      apiToken: account.aircall.apiToken,
      grantedAt: now,
      version: 1,
    });
  const z = account.zendesk;
  if (!(await credentials.getZendeskCredential(account.id)))
    await credentials.putZendeskCredential(
      account.id,
      z.oauthAccessToken !== undefined
        ? { kind: 'oauth', accessToken: z.oauthAccessToken, scopes: ['read', 'write'], grantedAt: now, version: 1 }
        : { kind: 'api_token', email: z.email as string, apiToken: z.apiToken as string, grantedAt: now, version: 1 },
    );
  harness.stack.runtime.accounts.forget(account.id);
}

// ---------------------------------------------------------------------------------------------------------------
// Evidence

/** Every item of the stack's table, by `pk|sk`, as canonical JSON. */
export async function scanTable(world: FuzzWorld): Promise<Map<string, Record<string, unknown>>> {
  const tableName = world.harness.stack.runtime.deps.config.tableName;
  const doc = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'us-east-1',
      endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  const items = new Map<string, Record<string, unknown>>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ...(start && { ExclusiveStartKey: start }) }));
    for (const item of page.Items ?? []) items.set(`${String(item.pk)}|${String(item.sk)}`, item);
    start = page.LastEvaluatedKey;
  } while (start);
  doc.destroy();
  return items;
}

/** What the sandboxes hold that a write could change: statuses, users, webhooks, installations. */
export function sandboxState(world: FuzzWorld): string {
  const { aircall, zendesk } = world.harness.sandboxes;
  return canonical({
    aircall: { users: aircall.users(), webhooks: aircall.webhooks() },
    zendesk: { agents: zendesk.agents(), users: zendesk.users(), webhooks: zendesk.webhooks(), installations: zendesk.installations() },
  });
}

/** Requests the sandboxes received since `since`: all of them, and those that were not reads. */
export function sandboxRequests(world: FuzzWorld, since: number) {
  const { aircall, zendesk } = world.harness.sandboxes;
  const all = [...aircall.requests().map((r) => ({ ...r, side: 'aircall' })), ...zendesk.requests().map((r) => ({ ...r, side: 'zendesk' }))].filter(
    (r) => r.at >= since,
  );
  return { all, writes: all.filter((r) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method)) };
}

export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}
