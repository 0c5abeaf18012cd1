// The app in the local Zendesk host, in Debian's Chromium: an agent's Aircall status changes in the sandbox, and
// the top bar (the app's pane and its icon) and the Zendesk sandbox follow; an admin sees the overview.
// An agent's own Away in Zendesk stays (issue 10 §1) and the pane says why.
// Screenshots go to artifacts/ (top-bar.png, top-bar-own-change.png, top-bar-admin.png).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { ensureAppBuilt } from '../../local/host/app-package';
import { launchChromium } from '../../local/host/chromium';
import { startLocalHost, type LocalHost } from '../../local/host/server';
import { nextSecond, startHarness, waitFor, type Harness } from '../e2e/harness';

const ARTIFACTS = resolve(__dirname, '..', '..', 'artifacts');
const WAIT = { timeout: 20_000 };

let harness: Harness;
let host: LocalHost;
let browser: Browser;
let page: Page;
let outdir: string;

beforeAll(async () => {
  browser = await launchChromium(); // fails with "run npm run setup" when Chromium is missing
  outdir = mkdtempSync(join(tmpdir(), 'ass-host-'));
  const appDir = ensureAppBuilt({ outdir, force: true });
  // Zendesk agents start online, in step with Aircall's available agents.
  harness = await startHarness({ agents: 3, direction: 'aircall_to_zendesk', zendeskInitialStatus: 'online' });
  // As `npm start` does: one sweep reads both sides, so the backend knows every agent's status from the start.
  await harness.stack.reconcile();
  host = await startLocalHost({
    port: 0,
    appDir,
    aircallUrl: harness.sandboxes.aircall.url,
    zendeskUrl: harness.sandboxes.zendesk.url,
    // Used only while the Zendesk sandbox has no installation of the app.
    fallbackInstallation: {
      id: 1,
      appId: 0,
      settings: { syncDirection: 'aircall_to_zendesk', backendUrl: harness.stack.url },
      secureSettings: { sharedSecret: harness.account.app?.sharedSecret as string },
    },
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
  await page.goto(host.url);
  await page.evaluate(() => (window as unknown as { localHost: { ready: Promise<void> } }).localHost.ready);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await harness?.close();
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

const app = (): FrameLocator => page.frameLocator('[data-testid="app-frame"]');
/** Waits until the app shows `status` in `testid`; on failure says what the pane and the host showed instead. */
const shows = async (testid: string, status: string) => {
  try {
    await app().locator(`[data-testid="${testid}"][data-status="${status}"]`).waitFor(WAIT);
  } catch (error) {
    const pane = await app()
      .locator('body')
      .innerText()
      .catch(() => '(no pane)');
    const activity = await page.locator('[data-testid="activity"]').innerText();
    throw new Error(`${(error as Error).message}\nThe pane shows:\n${pane}\nThe host's activity log:\n${activity}`);
  }
};

it('follows an Aircall status change in the pane, the top-bar icon and the Zendesk sandbox', async () => {
  // Prepare: sign in as agent 01, linked on both sides.
  const email = harness.emails[0] as string;
  const agent = harness.sandboxes.zendesk.agent(email);
  if (!agent) throw new Error(`no Zendesk agent ${email}`);
  await page.selectOption('[data-testid="agent-switcher"]', String(agent.id));
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
  await page.selectOption('[data-testid="agent-switcher"]', String(agent.id));
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

  // Assess: an admin sees keepInStep off and one agent (this one) who changed the other side themselves.
  const admin = harness.sandboxes.zendesk.users().find((u) => u.role === 'admin');
  if (!admin) throw new Error('the Zendesk sandbox has no admin');
  await page.selectOption('[data-testid="agent-switcher"]', String(admin.id));
  const health = app().locator('[data-testid="account-health"]');
  await health.locator('[data-testid="keep-in-step-setting"][data-keep-in-step="false"]').waitFor(WAIT);
  const count = health.locator('[data-testid="other-side-changed-count"]');
  await count.waitFor(WAIT);
  expect(await count.getAttribute('data-count')).toBe('1');
  expect(await count.textContent()).toBe('1 agent changed the other side themselves; it keeps their choice until their next change on the source side.');

  // Act: back as the agent, their next Aircall change.
  await page.selectOption('[data-testid="agent-switcher"]', String(agent.id));
  await shows('zendesk-status', 'away');
  await nextSecond();
  await page.click('[data-testid="aircall-set-unavailable"]');

  // Assess: Zendesk follows Aircall again, and the message goes.
  await waitFor('the Zendesk sandbox to show the agent offline', () => harness.zendeskStatus(email) === 'offline');
  await shows('zendesk-status', 'offline');
  await changed.waitFor({ ...WAIT, state: 'detached' });
}, 60_000);

it('shows an admin the overview: health, unmatched agents and the audit trail', async () => {
  // Prepare
  const admin = harness.sandboxes.zendesk.users().find((u) => u.role === 'admin');
  if (!admin) throw new Error('the Zendesk sandbox has no admin');

  // Act: switching reloads the app as the admin.
  await page.selectOption('[data-testid="agent-switcher"]', String(admin.id));

  // Assess
  const overview = app().locator('[data-testid="admin-overview"]');
  await overview.waitFor(WAIT);
  for (const part of ['account-health', 'unmatched-agents', 'audit-entries']) await overview.locator(`[data-testid="${part}"]`).waitFor(WAIT);
  // The first test's changes are in the audit trail.
  await waitFor(
    'audit entries in the overview',
    async () => (await overview.locator('[data-testid="audit-entries"]').textContent())?.includes('agent01') ?? false,
  );
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'top-bar-admin.png'), fullPage: true });
}, 60_000);
