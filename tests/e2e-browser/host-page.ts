// The local Zendesk host in Chromium over a running harness, as the browser tests open it: the host serves the built
// app, the stack serves the location pages, and the page is used once the host says it is ready.
import type { Browser, Page } from 'playwright-core';
import { startLocalHost, type LocalHost } from '../../local/host/server';
import type { Harness } from '../e2e/harness';

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
