// The local Zendesk host in Chromium over a running harness, as the browser tests open it: the host serves the built
// app, the stack serves the location pages, and the page is used once the host says it is ready.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { freePort } from '../../local/free-port';
import { ensureAppBuilt } from '../../local/host/app-package';
import { launchChromium } from '../../local/host/chromium';
import { startLocalHost, type LocalHost } from '../../local/host/server';
import { startHarness, type Harness, type HarnessOptions } from '../e2e/harness';

/** What a browser test of the local host runs on: Chromium, a fresh app build, and a harness whose stack serves it. */
export interface BrowserWorld {
  browser: Browser;
  harness: Harness;
  appDir: string;
  close(): Promise<void>;
}

/**
 * Launches Chromium (failing with "run npm run setup" when it is missing), builds the app into a temporary folder,
 * and starts an `aircall_to_zendesk` harness (Zendesk agents online, in step with Aircall's available ones) whose stack
 * serves the location pages from that build at a `PUBLIC_URL` on its own port. `env` adds to that.
 */
export async function startBrowserWorld(
  options: Pick<HarnessOptions, 'agents'> & { env?: (sandboxes: Harness['sandboxes']) => Record<string, string> },
): Promise<BrowserWorld> {
  const browser = await launchChromium();
  const outdir = mkdtempSync(join(tmpdir(), 'ass-host-'));
  const appDir = ensureAppBuilt({ outdir, force: true });
  const port = await freePort();
  const harness = await startHarness({
    agents: options.agents ?? 3,
    direction: 'aircall_to_zendesk',
    zendeskInitialStatus: 'online',
    appAssetsDir: join(appDir, 'assets'),
    port,
    env: (sandboxes) => ({ PUBLIC_URL: `http://127.0.0.1:${port}`, ...options.env?.(sandboxes) }),
  });
  return {
    browser,
    harness,
    appDir,
    close: async () => {
      await browser.close();
      await harness.close();
      rmSync(outdir, { recursive: true, force: true });
    },
  };
}

export async function openLocalHost(browser: Browser, harness: Harness, appDir: string): Promise<{ host: LocalHost; page: Page }> {
  const host = await startLocalHost({
    port: 0,
    appDir,
    // The stack serves the location pages: the manifest's URLs move to it, as npm run package moves them.
    backendUrl: harness.stack.url,
    aircallUrl: harness.sandboxes.aircall.url,
    zendeskUrl: harness.sandboxes.zendesk.url,
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
  await page.goto(host.url);
  await page.evaluate(() => (window as unknown as { localHost: { ready: Promise<void> } }).localHost.ready);
  return { host, page };
}
