// Issue 12, "Done when": an admin clicks through `npm start -- --fresh` onboarding in the local Zendesk workspace,
// in Debian's Chromium: the console in the nav bar (served by the backend for a signed POST), Connect Zendesk on the
// sandbox's OAuth page, Connect Aircall, every onboarding step done, agents listed; then the admin's and an agent's
// top bar through the verified mechanism. The walk is local/host/walkthrough.ts, which `npm run screenshots` shares;
// here the screenshots go to artifacts/onboarding/ (npm run screenshots writes them to assets/).
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../local/host/chromium';
import {
  approve,
  popupOf,
  SCREENSHOTS,
  signInAs,
  signInToConsole,
  startFresh,
  walkOnboarding,
  type FreshStart,
  type WalkResult,
} from '../../local/host/walkthrough';
import { existsSync } from 'node:fs';

const SHOTS = resolve(__dirname, '..', '..', 'artifacts', 'onboarding');

let browser: Browser;
let fresh: FreshStart;
let walk: WalkResult;

beforeAll(async () => {
  browser = await launchChromium(); // fails with "run npm run setup" when Chromium is missing
  fresh = await startFresh();
  walk = await walkOnboarding(browser, { hostUrl: fresh.hostUrl, shotsDir: SHOTS });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await fresh?.stop();
});

it('serves the console from the backend (a signed location), and signs the admin in through the Zendesk sandbox', () => {
  expect(walk.consoleOrigin).toBe(new URL(fresh.apiUrl).origin);
  const authorize = new URL(walk.zendeskPopupUrl);
  expect(authorize.pathname).toBe('/oauth/authorizations/new');
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorize.searchParams.get('redirect_uri')).toBe(`${fresh.apiUrl}/oauth/zendesk/callback`);
});

it('connects Aircall on its sandbox consent page', () => {
  expect(walk.aircallBy).toBe('oauth');
  expect(new URL(walk.aircallPopupUrl ?? 'http://x').pathname).toBe('/oauth/authorize');
});

it('runs every onboarding step and lists the agents', () => {
  expect(walk.steps).toEqual({ zendesk_webhook: 'done', aircall_webhook: 'done', directory: 'done', first_sync: 'done' });
  expect(walk.linkedAgents).toBeGreaterThan(0);
});

it("points the admin's top bar to the console, and shows an agent their synced statuses", () => {
  expect(walk.adminTopBarText).toMatch(/admin console/);
  expect(walk.agentStatuses.aircall).toBe('available');
  expect(walk.agentStatuses.zendesk).toBe('online');
});

it('disconnects Aircall from the console and connects it again through its consent page', async () => {
  // Prepare: the admin signs in again (the account exists now: Sign in with Zendesk).
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.goto(fresh.hostUrl);
    await page.evaluate(() => (window as unknown as { localHost: { ready: Promise<void> } }).localHost.ready);
    await signInAs(page, /\(admin/);
    const frame = await signInToConsole(page);

    // Act: Disconnect, confirmed.
    await frame.locator('[data-testid="disconnect-aircall"]').click();
    await frame.locator('[data-testid="disconnect-aircall-confirm"]').click();

    // Assess: Aircall disconnected, Zendesk untouched, the Aircall steps waiting again.
    await frame.locator('[data-testid="aircall-state"][data-state="disconnected"]').waitFor({ timeout: 20_000 });
    expect(await frame.locator('[data-testid="zendesk-state"]').getAttribute('data-state')).toBe('connected');
    expect(await frame.locator('[data-testid="onboarding-steps"]').getAttribute('data-all-done')).toBe('false');

    // Act: Connect Aircall again, Approve on its consent page.
    await approve(await popupOf(page, frame.locator('[data-testid="aircall-connect"]')));

    // Assess
    await frame.locator('[data-testid="aircall-state"][data-state="connected"]').waitFor({ timeout: 20_000 });
    await frame.locator('[data-testid="onboarding-steps"][data-all-done="true"]').waitFor({ timeout: 30_000 });
  } finally {
    await context.close();
  }
}, 120_000);

it('saves the three screenshots', () => {
  for (const name of Object.values(SCREENSHOTS)) expect(existsSync(join(SHOTS, name))).toBe(true);
});
