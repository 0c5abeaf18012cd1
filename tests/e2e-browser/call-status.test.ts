// Call-aware status (issue 14 §1) in the local Zendesk host, in Debian's Chromium: the page's Start call answers an
// Aircall call for the signed-in agent (the Aircall sandbox), Zendesk is held at callStatus and the top bar says so;
// End call ends it and the status from before comes back. Screenshot: artifacts/top-bar-on-call.png.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import type { LocalHost } from '../../local/host/server';
import { openLocalHost, startBrowserWorld, type BrowserWorld } from './host-page';
import { expectVisible } from '../../local/host/walkthrough';
import { waitFor, type Harness } from '../e2e/harness';

const ARTIFACTS = resolve(__dirname, '..', '..', 'artifacts');
const WAIT = { timeout: 20_000 };

let world: BrowserWorld;
let harness: Harness;
let host: LocalHost;
let page: Page;

beforeAll(async () => {
  world = await startBrowserWorld({ agents: 2 });
  harness = world.harness;
  for (const installation of harness.sandboxes.zendesk.installations())
    harness.sandboxes.zendesk.updateInstallation(installation.id, { settings: { syncDirection: 'aircall_to_zendesk', callStatus: 'transfers_only' } });
  await harness.refreshSettings();
  await harness.stack.reconcile();
  ({ host, page } = await openLocalHost(world.browser, harness, world.appDir));
}, 90_000);

afterAll(async () => {
  await host?.close();
  await world?.close();
});

const app = (): FrameLocator => page.frameLocator('[data-testid="app-frame"]');

it('Start call holds Zendesk at Transfers only and the top bar says so; End call gives Online back', async () => {
  // Prepare: signed in as agent 01, in step (Aircall available, Zendesk online).
  const email = harness.emails[0] as string;
  const agent = harness.sandboxes.zendesk.agent(email);
  if (!agent) throw new Error(`no Zendesk agent ${email}`);
  await page.selectOption('[data-testid="agent-switcher"]', String(agent.id));
  await app().locator('[data-testid="status-pane"]').waitFor(WAIT);
  await expectVisible(page, app().locator('[data-testid="call-status"][data-state="on"]'), 'the callStatus line', WAIT.timeout);

  // Act: the page's Start call (an answered call, held on it).
  await page.click('[data-testid="call-start"]');

  // Assess: on the call in Aircall, Zendesk held, and the pane says so.
  await waitFor('the agent on a call in Aircall', () => harness.sandboxes.aircall.user(email).availability === 'in_call');
  await waitFor('Zendesk held at Transfers only', () => harness.zendeskStatus(email) === 'transfers_only');
  const onCall = app().locator('[data-testid="on-call"][data-phase="call"]');
  await expectVisible(page, onCall, 'the on-call line', WAIT.timeout);
  expect(await onCall.textContent()).toBe('On a call: Zendesk held at Transfers only until the call ends.');
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'top-bar-on-call.png') });

  // Act: End call (hung up, wrap-up, call.ended).
  await page.locator('[data-testid="call-end"]:not([disabled])').waitFor(WAIT);
  await page.click('[data-testid="call-end"]');

  // Assess: Zendesk Online again, and the pane no longer says on a call.
  await waitFor('Zendesk back to Online', () => harness.zendeskStatus(email) === 'online', 30_000);
  await app().locator('[data-testid="on-call"]').waitFor({ state: 'detached', timeout: WAIT.timeout });
  await expectVisible(page, app().locator('[data-testid="zendesk-status"][data-status="online"]'), 'Zendesk online in the pane', WAIT.timeout);
}, 90_000);
