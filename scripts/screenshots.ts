// `npm run screenshots`: the Marketplace screenshots (assets/screenshot-0.png top bar, -1 admin console, -2
// onboarding), taken by the browser test's own walk-through (local/host/walkthrough.ts) on `npm start -- --fresh`.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium } from '../local/host/chromium';
import { startFresh, walkOnboarding } from '../local/host/walkthrough';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { outdir: { type: 'string', default: 'assets' } } });
  const shotsDir = resolve(__dirname, '..', values.outdir);
  const print = (line: string) => console.log(line);
  const browser = await launchChromium();
  const fresh = await startFresh(print).catch(async (error: Error) => {
    await browser.close();
    throw error;
  });
  try {
    const result = await walkOnboarding(browser, { hostUrl: fresh.hostUrl, shotsDir, print });
    print(`screenshots: done (${result.linkedAgents} agents linked, Aircall by ${result.aircallBy})`);
  } finally {
    await browser.close();
    await fresh.stop();
  }
}

main().catch((error: Error) => {
  console.error(`npm run screenshots failed: ${error.message}`);
  process.exit(1);
});
