// The first-run walk-through as an admin clicks it, in Chromium: `npm start -- --fresh` (nothing connected), the
// local Zendesk workspace, the admin console in the nav bar, Connect Zendesk and Connect Aircall through the
// sandboxes' OAuth pages, the onboarding steps, then the top bar. The browser test asserts what it returns;
// `npm run screenshots` (scripts/screenshots.ts) runs the same walk to take the Marketplace screenshots.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import { freePort } from '../free-port';
import { startChild, startChildEnv } from '../start-child';

/** Long enough for a cold first build of the app and the onboarding steps' first sync. */
const WAIT = { timeout: 30_000 };

/** The screenshots the Marketplace listing takes (assets/screenshot-<n>.png), by what they show. */
export const SCREENSHOTS = { topBar: 'screenshot-0.png', console: 'screenshot-1.png', onboarding: 'screenshot-2.png' } as const;

export interface FreshStart {
  /** The local Zendesk workspace (`local Zendesk` line of npm start's output). */
  hostUrl: string;
  /** The backend (`API` line). */
  apiUrl: string;
  output(): string;
  stop(): Promise<void>;
}

/** Variables of this process that would change what `npm start` does; the child gets none of them. */
const INHERITED_OUT = /^(SYNC_DIRECTION$|ACCOUNTS_FILE$|KEEP_IN_STEP$|AIRCALL_API_URL$|ZENDESK_API_URL$|PUBLIC_URL$|DATA_DIR$)/;

/** Starts the real `npm start -- --fresh` (tsx local/start.ts --fresh) on free ports and a new data directory. */
export async function startFresh(print: (line: string) => void = () => {}): Promise<FreshStart> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ass-fresh-'));
  const env = startChildEnv(
    {
      PORT: String(await freePort()),
      AIRCALL_SANDBOX_PORT: String(await freePort()),
      ZENDESK_SANDBOX_PORT: String(await freePort()),
      HOST_PORT: String(await freePort()),
      DATA_DIR: dataDir,
      DEMO_AGENTS: '4',
    },
    (name) => INHERITED_OUT.test(name),
  );
  // Ready once the last URL the walk needs is printed whole (after the running line, in a later chunk maybe).
  const ready = (out: string) => /local Zendesk\s+http:\/\/\S+\s/.test(out);
  const child = await startChild(env, { args: ['--fresh'], timeoutMs: 120_000, ready }).catch((error: Error) => {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  const output = child.output;
  const stop = async () => {
    await child.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  const host = /local Zendesk\s+(http:\/\/\S+)/.exec(output())?.[1];
  const api = /API\s+(http:\/\/\S+)/.exec(output())?.[1];
  if (!host || !api) {
    await stop();
    throw new Error(`npm start -- --fresh printed no "local Zendesk" or "API" URL:\n${output()}`);
  }
  print(`walkthrough: npm start -- --fresh runs; local Zendesk ${host}`);
  return { hostUrl: host, apiUrl: api, output, stop };
}

/** What the walk saw, for the test to assert. */
export interface WalkResult {
  /** The console's origin (the page the backend served for the nav_bar location). */
  consoleOrigin: string;
  zendeskPopupUrl: string;
  aircallPopupUrl?: string;
  /** How Aircall was connected. */
  aircallBy: 'oauth' | 'paste';
  steps: Record<string, string>;
  linkedAgents: number;
  /** The admin's top-bar pane (loaded by signed POST) points to the console. */
  adminTopBarText: string;
  /** The agent's top-bar pane after onboarding: their Aircall and Zendesk statuses. */
  agentStatuses: { aircall: string | null; zendesk: string | null };
}

export interface WalkOptions {
  hostUrl: string;
  /** Where to save the screenshots (SCREENSHOTS names); none when absent. */
  shotsDir?: string;
  /** For self-hosted Aircall (no partner OAuth on the backend): the API ID and token to paste. */
  aircallKeys?: { apiId: string; apiToken: string };
  print?: (line: string) => void;
  /** Called with the workspace page before the walk (to follow its console when debugging). */
  onPage?: (page: Page) => void;
}

const VIEWPORT = { width: 1280, height: 800 };

/** What a locator's frame shows, for an error message (at once: a frame that is not there shows nothing). */
async function shown(where: FrameLocator | Page): Promise<string> {
  return where
    .locator('body')
    .innerText({ timeout: 1_000 })
    .catch(() => '(nothing)');
}

/** Waits for `locator` on the local host's `page`; on failure says what the console, the top-bar pane and the host showed. */
export async function expectVisible(page: Page, locator: Locator, what: string, timeout = WAIT.timeout): Promise<void> {
  try {
    await locator.waitFor({ timeout });
  } catch (error) {
    const consoleText = await shown(page.frameLocator('[data-testid="app-frame-nav_bar"]'));
    const pane = await shown(page.frameLocator('[data-testid="app-frame"]'));
    const activity = await page
      .locator('[data-testid="activity"]')
      .innerText({ timeout: 1_000 })
      .catch(() => '');
    throw new Error(
      `${what}: ${(error as Error).message}\nThe console shows:\n${consoleText}\nThe top-bar pane shows:\n${pane}\nThe host's activity:\n${activity}`,
    );
  }
}

/** Signs the workspace in as the first person whose switcher entry matches `pattern` (e.g. the admin). */
export async function signInAs(page: Page, pattern: RegExp): Promise<void> {
  const options = await page
    .locator('[data-testid="agent-switcher"] option')
    .evaluateAll((nodes) => nodes.map((n) => ({ value: (n as HTMLOptionElement).value, text: n.textContent ?? '' })));
  const person = options.find((o) => pattern.test(o.text));
  if (!person) throw new Error(`no one in the workspace's switcher matches ${pattern}: ${options.map((o) => o.text).join('; ')}`);
  // As the switcher does, also when that person is already selected: the app's frames load again (a new login).
  await page.evaluate((id) => (window as unknown as { localHost: { openAs(id: number): void } }).localHost.openAs(id), Number(person.value));
}

/**
 * Signs in as `pattern` until the top-bar pane shows `ready`: the backend caches "no account for this subdomain"
 * for a few seconds (issue 13's negative caching), so a pane loaded right after Connect may still say so; the walk
 * loads it again, as an admin would reload Zendesk.
 */
async function paneShows(page: Page, pattern: RegExp, ready: string, what: string): Promise<void> {
  const target = page.frameLocator('[data-testid="app-frame"]').locator(ready);
  for (let attempt = 1; attempt <= 4; attempt++) {
    await signInAs(page, pattern);
    const shows = await target
      .waitFor({ timeout: 10_000 })
      .then(() => true)
      .catch(() => false);
    if (shows) return;
  }
  await expectVisible(page, target, what, 1);
}

/**
 * Clicks `button` in the console and returns the popup it opens, once loaded. A click that opened nothing (seen now
 * and then right after the console's first render) is repeated, as a person would click again.
 */
export async function popupOf(page: Page, button: Locator): Promise<Page> {
  for (let attempt = 1; ; attempt++) {
    const opened = page.context().waitForEvent('page', { timeout: 8_000 });
    await button.click();
    const popup = await opened.catch(() => undefined);
    if (popup) {
      await popup.waitForLoadState('domcontentloaded');
      return popup;
    }
    if (attempt === 3) {
      throw new Error(`no popup after ${attempt} clicks; the console shows:\n${await shown(page.frameLocator('[data-testid="app-frame-nav_bar"]'))}`);
    }
  }
}

/** Approves a sandbox's OAuth consent page (Zendesk's, Aircall's), as the admin where it asks who. */
export async function approve(popup: Page, adminEmail?: RegExp): Promise<string> {
  await popup.locator('button[value="approve"]').waitFor(WAIT);
  const url = popup.url();
  const who = popup.locator('select[name="email"]');
  if (adminEmail && (await who.count()) > 0) {
    const value = await who
      .locator('option')
      .evaluateAll((nodes, source) => nodes.map((n) => (n as HTMLOptionElement).value).find((v) => new RegExp(source).test(v)), adminEmail.source);
    if (value) await who.selectOption(value);
  }
  const closed = popup.waitForEvent('close', WAIT);
  await popup.locator('button[value="approve"]').click();
  // The callback page hands over to the console and closes itself; an error page stays open and says why.
  await closed.catch(async () => {
    throw new Error(`the OAuth popup did not close after Approve; it shows:\n${await shown(popup)}`);
  });
  return url;
}

/**
 * Opens the admin console from the nav bar of a connected workspace and signs in with Zendesk (the sandbox's OAuth
 * page, Approve as the admin); returns the console's frame once it shows the account.
 */
export async function signInToConsole(page: Page): Promise<FrameLocator> {
  if ((await page.getAttribute('[data-testid="nav-bar-icon"]', 'aria-pressed')) !== 'true') await page.click('[data-testid="nav-bar-icon"]');
  const frame = page.frameLocator('[data-testid="app-frame-nav_bar"]');
  const signIn = frame.locator('[data-testid="zendesk-signin"]');
  await expectVisible(page, signIn, 'the console offers Sign in with Zendesk');
  await approve(await popupOf(page, signIn), /admin/);
  await expectVisible(page, frame.locator('[data-testid="signed-in-as"]'), 'the console is signed in after Approve');
  return frame;
}

/** The whole first-run walk in `browser`, against a `--fresh` local workspace at `hostUrl`. */
export async function walkOnboarding(browser: Browser, options: WalkOptions): Promise<WalkResult> {
  const print = options.print ?? (() => {});
  const shot = async (page: Page, name: string) => {
    if (!options.shotsDir) return;
    mkdirSync(options.shotsDir, { recursive: true });
    await page.screenshot({ path: join(options.shotsDir, name) });
    print(`walkthrough: saved ${join(options.shotsDir, name)}`);
  };
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    options.onPage?.(page);
    await page.goto(options.hostUrl);
    await page.evaluate(() => (window as unknown as { localHost: { ready: Promise<void> } }).localHost.ready);

    // The admin opens the app from the nav bar.
    await signInAs(page, /\(admin/);
    await page.click('[data-testid="nav-bar-icon"]');
    const consoleFrameLocator = page.frameLocator('[data-testid="app-frame-nav_bar"]');
    const connectZendesk = consoleFrameLocator.locator('[data-testid="zendesk-connect"]');
    await expectVisible(page, connectZendesk, 'the console offers Connect Zendesk');
    const consoleFrame = await (await page.locator('[data-testid="app-frame-nav_bar"]').elementHandle())?.contentFrame();
    const consoleOrigin = consoleFrame ? new URL(consoleFrame.url()).origin : '';

    // Connect Zendesk: the sandbox's OAuth page, Approve as the admin.
    print('walkthrough: Connect Zendesk');
    const zendeskPopup = await popupOf(page, connectZendesk);
    const zendeskPopupUrl = await approve(zendeskPopup, /admin/);
    await expectVisible(page, consoleFrameLocator.locator('[data-testid="signed-in-as"]'), 'the console is signed in after Approve');

    // Connect Aircall: partner OAuth when the backend offers it, else the pasted keys.
    print('walkthrough: Connect Aircall');
    const aircallSection = consoleFrameLocator.locator('[data-testid="aircall-section"]');
    await expectVisible(page, aircallSection, 'the console shows the Aircall section');
    // The onboarding screenshot: Zendesk connected, Aircall to connect, the steps waiting for it.
    await aircallSection.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shot(page, SCREENSHOTS.onboarding);
    let aircallBy: WalkResult['aircallBy'];
    let aircallPopupUrl: string | undefined;
    if ((await consoleFrameLocator.locator('[data-testid="aircall-connect"]').count()) > 0) {
      aircallBy = 'oauth';
      aircallPopupUrl = await approve(await popupOf(page, consoleFrameLocator.locator('[data-testid="aircall-connect"]')));
    } else {
      aircallBy = 'paste';
      if (!options.aircallKeys) throw new Error('the console offers only pasted Aircall keys, and the walk was given none');
      await consoleFrameLocator.locator('[data-testid="aircall-api-id"]').fill(options.aircallKeys.apiId);
      await consoleFrameLocator.locator('[data-testid="aircall-api-token"]').fill(options.aircallKeys.apiToken);
      await consoleFrameLocator.locator('[data-testid="aircall-save"]').click();
    }
    await expectVisible(page, consoleFrameLocator.locator('[data-testid="aircall-state"][data-state="connected"]'), 'Aircall shows as connected');

    // The onboarding steps, all done; a failed one is retried once, as an admin would.
    const allDone = consoleFrameLocator.locator('[data-testid="onboarding-steps"][data-all-done="true"]');
    try {
      await allDone.waitFor({ timeout: 15_000 });
    } catch {
      const retry = consoleFrameLocator.locator('[data-testid="setup-run"]');
      if ((await retry.count()) > 0) await retry.click();
    }
    await expectVisible(page, allDone, 'every onboarding step is done');
    const steps: Record<string, string> = {};
    for (const row of await consoleFrameLocator.locator('[data-testid^="step-"][data-status]').all()) {
      const id = (await row.getAttribute('data-testid'))?.replace(/^step-/, '') ?? '';
      steps[id] = (await row.getAttribute('data-status')) ?? '';
    }
    await expectVisible(page, consoleFrameLocator.locator('[data-testid="linked-agents"] tbody tr').first(), 'the console lists linked agents');
    const linkedAgents = Number(await consoleFrameLocator.locator('[data-testid="linked-agents"]').getAttribute('data-count'));
    await consoleFrameLocator.locator('[data-testid="admin-console"]').evaluate(() => window.scrollTo(0, 0));
    await shot(page, SCREENSHOTS.console);

    // The admin's top bar, loaded again now that the account exists (a signed POST, verified by the backend): the
    // pointer to the console, no account data.
    // The sandbox admin has no Aircall user: the backend's answer for them (with their session) says so.
    await page.click('[data-testid="nav-bar-icon"]');
    await paneShows(page, /\(admin/, '[data-testid="sync-note"][data-reason="no_aircall_user"]', "the admin's top bar has a session and the backend's answer");
    const pane = page.frameLocator('[data-testid="app-frame"]');
    await expectVisible(page, pane.locator('[data-testid="console-link"]'), "the admin's top bar points to the console");
    const adminTopBarText = (await pane.locator('[data-testid="console-link"]').textContent()) ?? '';

    // An agent's top bar, synced since the first sync.
    await paneShows(page, /Agent 01/, '[data-testid="aircall-status"][data-status]:not([data-status="unknown"])', "the agent's top bar shows their statuses");
    const agentStatuses = {
      aircall: await pane.locator('[data-testid="aircall-status"]').getAttribute('data-status'),
      zendesk: await pane.locator('[data-testid="zendesk-status"]').getAttribute('data-status'),
    };
    await shot(page, SCREENSHOTS.topBar);
    return { consoleOrigin, zendeskPopupUrl, aircallPopupUrl, aircallBy, steps, linkedAgents, adminTopBarText, agentStatuses };
  } finally {
    await context.close();
  }
}
