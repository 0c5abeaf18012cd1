// The app in the local Zendesk host, in Debian's Chromium: each location loads as Zendesk loads a signedUrls app (a
// form POST of the token the Zendesk sandbox signs for the signed-in person to the stack's POST /app/{location}, whose
// page carries the session the app calls the backend with); an agent's Aircall status changes in the sandbox, and
// the top bar (the app's pane and its icon) and the Zendesk sandbox follow; an admin signs in to the admin console
// (the nav bar) on the Zendesk sandbox's OAuth page and sees the account there.
// An agent's own Away in Zendesk stays (issue 10 §1) and the pane says why.
// Screenshots go to artifacts/ (top-bar.png, top-bar-own-change.png, top-bar-admin.png).
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import type { LocalHost } from '../../local/host/server';
import { openLocalHost, startBrowserWorld, type BrowserWorld } from './host-page';
import { expectVisible, signInToConsole } from '../../local/host/walkthrough';
import { nextSecond, waitFor, type Harness } from '../e2e/harness';

const ARTIFACTS = resolve(__dirname, '..', '..', 'artifacts');
/** The Zendesk sandbox's seeded confidential OAuth client (local/sandbox/zendesk/sandbox.ts `oauthClients`). */
const SANDBOX_ZENDESK_OAUTH_CLIENT = { identifier: 'sandbox-client', secret: 'sandbox-client-secret' };
const WAIT = { timeout: 20_000 };

let world: BrowserWorld;
let harness: Harness;
let host: LocalHost;
let page: Page;

beforeAll(async () => {
  // The admin console signs in with Zendesk OAuth: the stack's public URL and the sandbox's OAuth client.
  world = await startBrowserWorld({
    agents: 3,
    env: (sandboxes) => ({
      ZENDESK_API_URL: sandboxes.zendesk.url,
      ZENDESK_OAUTH_CLIENT_ID: SANDBOX_ZENDESK_OAUTH_CLIENT.identifier,
      ZENDESK_OAUTH_CLIENT_SECRET: SANDBOX_ZENDESK_OAUTH_CLIENT.secret,
    }),
  });
  harness = world.harness;
  // As `npm start` does: one sweep reads both sides, so the backend knows every agent's status from the start.
  await harness.stack.reconcile();
  ({ host, page } = await openLocalHost(world.browser, harness, world.appDir));
}, 60_000);

afterAll(async () => {
  await host?.close();
  await world?.close();
});

const app = (): FrameLocator => page.frameLocator('[data-testid="app-frame"]');
/** Waits until the app shows `status` in `testid`; on failure says what the pane and the host showed instead. */
const shows = (testid: string, status: string) =>
  expectVisible(page, app().locator(`[data-testid="${testid}"][data-status="${status}"]`), `${testid} ${status}`, WAIT.timeout);

/**
 * Signs in as `id` unless already signed in: each sign-in reloads every location, and each load is a sign-in the
 * backend checks with Zendesk (within the account's browser cap), as a real login is.
 */
const signInAs = async (id: number) => {
  if ((await page.inputValue('[data-testid="agent-switcher"]')) !== String(id)) await page.selectOption('[data-testid="agent-switcher"]', String(id));
};

it("loads the top bar by Zendesk's signed POST to the backend, and the pane asks the backend with that session only", async () => {
  // Prepare: watch what the frames send to the stack.
  const email = harness.emails[0] as string;
  const agent = harness.sandboxes.zendesk.agent(email);
  if (!agent) throw new Error(`no Zendesk agent ${email}`);
  const toStack: Array<{ method: string; url: string; authorization?: string; body?: string | null }> = [];
  const record = (request: import('playwright-core').Request) => {
    if (!request.url().startsWith(harness.stack.url)) return;
    toStack.push({ method: request.method(), url: request.url(), authorization: request.headers().authorization, body: request.postData() });
  };
  page.on('request', record);

  // Act: sign in as agent 01 (the host reloads the app's frames, as Zendesk does after a login).
  await page.selectOption('[data-testid="agent-switcher"]', String(agent.id));
  await app().locator('[data-testid="status-pane"]').waitFor(WAIT);
  await shows('aircall-status', 'available');
  page.off('request', record);

  // Assess: the frame's document is the stack's /app/top_bar with the ZAF query, reached by a POST whose only field is
  // the RS256 token Zendesk (the sandbox) signed for this agent; the API calls carry a bearer session, not that token.
  const frame = page.frames().find((f) => f.url().startsWith(`${harness.stack.url}/app/top_bar`));
  const urls = page.frames().map((f) => f.url());
  if (!frame) throw new Error(`no frame from the stack; frames: ${urls.join(', ')}`);
  const frameUrl = new URL(frame.url());
  expect(frameUrl.searchParams.get('origin')).toBe(host.url);
  expect(frameUrl.searchParams.get('app_guid')).toMatch(/^[0-9a-f-]{36}$/);
  const post = toStack.find((r) => r.method === 'POST' && new URL(r.url).pathname === '/app/top_bar');
  if (!post?.body) throw new Error(`no signed POST; the stack saw: ${toStack.map((r) => `${r.method} ${r.url}`).join(', ')}`);
  const form = new URLSearchParams(post.body);
  expect([...form.keys()]).toEqual(['token']);
  const [head, claims] = (form.get('token') as string)
    .split('.')
    .slice(0, 2)
    .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, unknown>);
  expect(head).toEqual({ alg: 'RS256', typ: 'JWT' });
  expect(claims).toMatchObject({ iss: `${harness.sandboxes.zendesk.subdomain}.zendesk.com`, sub: String(agent.id), context: { location: 'top_bar' } });
  const api = toStack.filter((r) => new URL(r.url).pathname.startsWith('/api/'));
  expect(api.length).toBeGreaterThan(0);
  for (const call of api) {
    expect(call.authorization).toMatch(/^Bearer \S+$/);
    expect(call.authorization).not.toContain(form.get('token'));
  }
}, 60_000);

it('follows an Aircall status change in the pane, the top-bar icon and the Zendesk sandbox', async () => {
  // Prepare: sign in as agent 01, linked on both sides.
  const email = harness.emails[0] as string;
  const agent = harness.sandboxes.zendesk.agent(email);
  if (!agent) throw new Error(`no Zendesk agent ${email}`);
  await signInAs(agent.id);
  await app().locator('[data-testid="status-pane"]').waitFor(WAIT);
  await shows('aircall-status', 'available');
  await shows('zendesk-status', 'online');

  // Act: the agent goes Unavailable in Aircall (the sandbox's "as the agent would" control, through the host's button).
  await nextSecond();
  await page.click('[data-testid="aircall-set-unavailable"]');

  // Assess: the sandbox took it, the app shows it, then the sync's result on the Zendesk side.
  // The click only starts the host's call to the sandbox: wait for the sandbox to take it.
  await waitFor('the Aircall sandbox to show the agent unavailable', () => harness.aircallStatus(email).availability_status === 'unavailable');
  await shows('aircall-status', 'unavailable');
  await shows('zendesk-status', 'offline');
  expect(harness.zendeskStatus(email)).toBe('offline');
  await page.locator('[data-testid="sandbox-zendesk-status"][data-status="offline"]').waitFor(WAIT);
  await page.locator('[data-testid="top-bar-icon"][data-symbol="unavailable"]').waitFor(WAIT);
  expect(await app().locator('[data-testid="sync-direction"]').getAttribute('data-direction')).toBe('aircall_to_zendesk');

  // Act: back to Available.
  await nextSecond();
  await page.click('[data-testid="aircall-set-available"]');

  // Assess
  await shows('aircall-status', 'available');
  await shows('zendesk-status', 'online');
  await waitFor('the Zendesk sandbox to show the agent online', () => harness.zendeskStatus(email) === 'online');
  await page.locator('[data-testid="top-bar-icon"][data-symbol="available"]').waitFor(WAIT);
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'top-bar.png'), fullPage: true });
}, 60_000);

it("keeps an agent's own Away in Zendesk (Aircall → Zendesk, keepInStep off) and says so in the pane, until the next Aircall change", async () => {
  // Prepare: agent 02, in step (Aircall available, Zendesk online); the demo installation leaves keepInStep off.
  const email = harness.emails[1] as string;
  const agent = harness.sandboxes.zendesk.agent(email);
  if (!agent) throw new Error(`no Zendesk agent ${email}`);
  expect(harness.sandboxes.zendesk.installations()[0]?.settings.keepInStep).toBe(false);
  await signInAs(agent.id);
  await app().locator('[data-testid="status-pane"]').waitFor(WAIT);
  await shows('aircall-status', 'available');
  await shows('zendesk-status', 'online');
  await app().locator('[data-testid="keep-in-step"][data-keep-in-step="false"]').waitFor(WAIT);

  // Act: the agent takes a break in Zendesk (its status switcher, through the host's button).
  await nextSecond();
  const clickedAt = Date.now();
  await page.click('[data-testid="zendesk-set-away"]');
  await waitFor('the Zendesk sandbox to show the agent away', () => harness.zendeskStatus(email) === 'away');
  // Longer than the sync takes to write (the first test's change lands within about a second).
  await new Promise((resolve) => setTimeout(resolve, 4_000));

  // Assess: Zendesk still says Away, nothing was written for this agent, and the pane says why.
  expect(harness.zendeskStatus(email)).toBe('away');
  expect(harness.writeLog(clickedAt).filter((w) => w.agent === email.toLowerCase())).toEqual([]);
  await page.locator('[data-testid="sandbox-zendesk-status"][data-status="away"]').waitFor(WAIT);
  await shows('zendesk-status', 'away');
  const changed = app().locator('[data-testid="other-side-changed"][data-side="zendesk"]');
  await changed.waitFor(WAIT).catch(async (error: Error) => {
    throw new Error(
      `${error.message}\nThe pane shows:\n${await app()
        .locator('body')
        .innerText()
        .catch(() => '(no pane)')}`,
    );
  });
  expect(await changed.textContent()).toBe('You changed Zendesk yourself; it follows Aircall again at your next Aircall change.');
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'top-bar-own-change.png'), fullPage: true });

  // Assess: in the admin console, keepInStep off and one agent (this one) who changed the other side themselves.
  const admin = harness.sandboxes.zendesk.users().find((u) => u.role === 'admin');
  if (!admin) throw new Error('the Zendesk sandbox has no admin');
  await signInAs(admin.id);
  const facts = (await signInToConsole(page)).locator('[data-testid="sync-facts"]');
  await facts.locator('[data-testid="keep-in-step-setting"][data-keep-in-step="false"]').waitFor(WAIT);
  const count = facts.locator('[data-testid="other-side-changed-count"]');
  await count.waitFor(WAIT);
  expect(await count.getAttribute('data-count')).toBe('1');
  expect(await count.textContent()).toBe('1 agent changed the other side themselves; it keeps their choice until their next change on the source side.');

  // Act: back as the agent, their next Aircall change.
  await signInAs(agent.id);
  await shows('zendesk-status', 'away');
  await nextSecond();
  await page.click('[data-testid="aircall-set-unavailable"]');

  // Assess: Zendesk follows Aircall again, and the message goes.
  await waitFor('the Zendesk sandbox to show the agent offline', () => harness.zendeskStatus(email) === 'offline');
  await shows('zendesk-status', 'offline');
  await changed.waitFor({ ...WAIT, state: 'detached' });
}, 60_000);

it("points the admin's top bar to the console, which shows the connections, agents and the audit trail", async () => {
  // Prepare
  const admin = harness.sandboxes.zendesk.users().find((u) => u.role === 'admin');
  if (!admin) throw new Error('the Zendesk sandbox has no admin');

  // Act: switching reloads the app as the admin; then the console, signed in with Zendesk.
  await signInAs(admin.id);
  await app().locator('[data-testid="console-link"]').waitFor(WAIT);
  expect(await app().locator('[data-testid="admin-overview"]').count()).toBe(0);
  const overview = await signInToConsole(page);

  // Assess
  await overview.locator('[data-testid="zendesk-state"][data-state="connected"]').waitFor(WAIT);
  for (const part of ['webhooks', 'agents', 'unmatched-agents', 'sync-facts', 'audit-entries']) await overview.locator(`[data-testid="${part}"]`).waitFor(WAIT);
  // The first test's changes are in the audit trail.
  await waitFor(
    'audit entries in the overview',
    async () => (await overview.locator('[data-testid="audit-entries"]').textContent())?.includes('agent01') ?? false,
  );
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'top-bar-admin.png'), fullPage: true });
}, 60_000);
