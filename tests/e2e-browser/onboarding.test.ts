// Issue 12, "Done when": an admin clicks through `npm start -- --fresh` onboarding in the local Zendesk workspace,
// in Debian's Chromium: the console in the nav bar (served by the backend for a signed POST), Connect Zendesk on the
// sandbox's OAuth page, Connect Aircall, every onboarding step done, agents listed; then the admin's and an agent's
// top bar through the verified mechanism. The walk is local/host/walkthrough.ts, which `npm run screenshots` shares;
// here the screenshots go to artifacts/onboarding/ (npm run screenshots writes them to assets/).
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../local/host/chromium';
import { SCREENSHOTS, startFresh, walkOnboarding, type FreshStart, type WalkResult } from '../../local/host/walkthrough';
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

it('saves the three screenshots', () => {
  for (const name of Object.values(SCREENSHOTS)) expect(existsSync(join(SHOTS, name))).toBe(true);
});
