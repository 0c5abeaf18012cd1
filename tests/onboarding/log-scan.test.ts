// The log scan (issue 12 "Secrets at rest"): the whole onboarding (Zendesk Connect, Aircall by partner OAuth, from
// Aircall's install button, and by pasted keys), a token refresh, webhooks delivered and both sides disconnected, all
// at LOG_LEVEL=DEBUG; every line written to stdout, stderr or the console is captured, and no secret, code, state or
// PKCE verifier may appear in any of them.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { lookupKey } from '../../lambdas/oauth/pkce';
import { keys } from '../../lambdas/store/keys';
import { documentClient } from '../../lambdas/store/from-config';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CONSOLE_ROUTES } from '../../shared/console';
import { AIRCALL_CLIENT, sessionFrom, startOnboardingHarness, SUBDOMAIN, ZENDESK_CLIENT, type Browser, type OnboardingHarness } from './harness';

jest.setTimeout(90_000);

const captured: string[] = [];
const secrets = new Map<string, string>(); // value → what it is
const remember = (what: string, value: string | undefined) => {
  if (value && value.length >= 8) secrets.set(value, what);
};
const restore: Array<() => void> = [];

function capture(): void {
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      return original(chunk as string, ...(rest as []));
    }) as typeof stream.write;
    restore.push(() => {
      stream.write = original as typeof stream.write;
    });
  }
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const spy = jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      captured.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    });
    restore.push(() => spy.mockRestore());
  }
}

let h: OnboardingHarness;

beforeAll(async () => {
  capture();
  h = await startOnboardingHarness({ env: { LOG_LEVEL: 'DEBUG' } });
});
afterAll(async () => {
  await h?.close();
  for (const undo of restore) undo();
});

/** Every one-time value a browser carried (states, codes, install links) and the cookies it was given. */
function rememberBrowser(b: Browser): void {
  for (const url of b.visited) {
    const params = new URL(url).searchParams;
    for (const name of ['state', 'code', 'link', 'code_challenge']) remember(`${name} in a URL`, params.get(name) ?? undefined);
  }
  for (const [name, value] of b.cookies) remember(`cookie ${name}`, value);
}

/** The PKCE verifier of a started flow, read from the table before the callback takes it. */
async function rememberVerifier(location: string): Promise<void> {
  const state = new URL(location).searchParams.get('state') as string;
  const doc = documentClient(new DynamoDBClient({}));
  const { Item } = await doc.send(new GetCommand({ TableName: h.deps.config.tableName, Key: keys.oauthFlow(lookupKey(state)) }));
  remember('PKCE verifier', Item?.flow?.verifier);
  expect(Item?.flow?.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
}

async function rememberCredentials(): Promise<void> {
  const z = await h.deps.credentials.getZendeskCredential(SUBDOMAIN);
  if (z?.kind === 'oauth') {
    remember('Zendesk access token', z.accessToken);
    remember('Zendesk refresh token', z.refreshToken);
  }
  const a = await h.deps.credentials.getAircallCredential(SUBDOMAIN);
  if (a?.kind === 'oauth') remember('Aircall OAuth token', a.accessToken);
  if (a?.kind === 'basic') remember('Aircall API token', a.apiToken);
  for (const side of ['zendesk', 'aircall'] as const) remember(`${side} webhook secret`, (await h.deps.credentials.getWebhookSecret(SUBDOMAIN, side))?.secret);
}

it('no secret, code, state or verifier reaches any log line through onboarding, a refresh and a disconnect', async () => {
  remember('Zendesk client secret', ZENDESK_CLIENT.secret);
  remember('Aircall client secret', AIRCALL_CLIENT.secret);
  remember('pasted Aircall API token', 'demo-api-token');

  // 1. Aircall's install button first: the token is held until the Zendesk sign-in links it.
  const b = h.browser();
  const install = await b.get(`${h.publicUrl}/oauth/aircall/install`);
  const held = await b.get((await b.consent(install.location as string)).location as string);
  expect(held.status).toBe(200);
  // 2. Connect Zendesk in the same browser: both sides connected, the steps run.
  const start = await b.startZendesk();
  await rememberVerifier(start.location as string);
  const page = await b.get((await b.consent(start.location as string)).location as string);
  const session = sessionFrom(page);
  remember('admin session', session);
  await rememberCredentials();
  // 3. Aircall again from the console (partner OAuth), then by pasted keys: both replace the Aircall grant.
  const link = await h.admin(session, 'POST', CONSOLE_ROUTES.aircallConnect);
  const c = h.browser();
  expect((await c.connectAircall(link.body.url)).page.status).toBe(200);
  rememberBrowser(c);
  await rememberCredentials();
  expect((await h.admin(session, 'POST', CONSOLE_ROUTES.aircallCredentials, { apiId: 'demo-api-id', apiToken: 'wrong-token-value' })).status).toBe(400);
  remember('refused pasted token', 'wrong-token-value');
  expect((await h.admin(session, 'POST', CONSOLE_ROUTES.aircallCredentials, { apiId: 'demo-api-id', apiToken: 'demo-api-token' })).status).toBe(200);
  await rememberCredentials();
  const view = await h.admin(session, 'GET', CONSOLE_ROUTES.console);
  expect(view.body.steps.map((s: { status: string }) => s.status)).toEqual(['done', 'done', 'done', 'done']);

  // 4. Webhooks delivered both ways, then every Zendesk token expires: the next call refreshes the grant.
  const email = h.sandboxes.aircall.users()[0]?.email as string;
  await fetch(`${h.sandboxes.aircall.url}/_sandbox/users/${email}/status`, { method: 'PUT', body: JSON.stringify({ availability_status: 'unavailable' }) });
  await h.sandboxes.zendesk.idle();
  const before = await h.deps.credentials.getZendeskCredential(SUBDOMAIN);
  expect((await fetch(`${h.sandboxes.zendesk.url}/_sandbox/oauth/expire`, { method: 'POST', body: '{}' })).status).toBe(200);
  await h.stack.reconcile({ accountId: SUBDOMAIN });
  expect((await h.admin(session, 'GET', CONSOLE_ROUTES.console)).status).toBe(200);
  const after = await h.deps.credentials.getZendeskCredential(SUBDOMAIN);
  expect(after?.version).toBeGreaterThan(before?.version ?? 0);
  await rememberCredentials();

  // 5. Disconnect both sides.
  expect((await h.admin(session, 'POST', CONSOLE_ROUTES.disconnect, { side: 'aircall' })).status).toBe(200);
  expect((await h.admin(session, 'POST', CONSOLE_ROUTES.disconnect, { side: 'zendesk' })).status).toBe(200);
  rememberBrowser(b);

  const text = captured.join('');
  // The capture saw the run: debug lines, the refresh, the steps and the disconnects were logged.
  expect(text).toMatch(/"level":"DEBUG"/);
  expect(text).toMatch(/zendesk token refreshed/);
  expect(text).toMatch(/onboarding step/);
  expect(text).toMatch(/side disconnected/);
  expect(secrets.size).toBeGreaterThanOrEqual(15);
  const leaks = [...secrets].filter(([value]) => text.includes(value)).map(([, what]) => what);
  expect(leaks).toEqual([]);
});
