/**
 * @jest-environment jsdom
 */
// The built assets/app.js (React, Garden and the real ZAF SDK) booting in a DOM: the SDK's handshake goes out, the host's
// registration message (zaf.md §8) comes in, and the pane renders. Outside Zendesk it says so.
import './jsdom-match-media';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..');
const localNode = join(root, 'node_modules', '.bin', 'node');
const node = existsSync(localNode) ? localNode : process.execPath;
const ORIGIN = 'http://localhost'; // jsdom's own origin: the SDK only accepts messages from `origin` and window.parent.

let outdir: string;
let bundle: string;
let page: string;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'ass-app-boot-'));
  const build = spawnSync(node, ['scripts/build.mjs', '--outdir', outdir, '--only', 'app'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  bundle = readFileSync(join(outdir, 'app', 'assets', 'app.js'), 'utf8');
  page = readFileSync(join(outdir, 'app', 'assets', 'index.html'), 'utf8');
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** Loads assets/index.html's body at `search` and runs the bundle, as the iframe would. */
function boot(search: string): jest.SpyInstance {
  window.history.replaceState(null, '', `/assets/index.html${search}`);
  document.body.innerHTML = /<body>([\s\S]*)<\/body>/.exec(page)?.[1]?.replace(/<script[\s\S]*?<\/script>/g, '') ?? '';
  // In jsdom window.parent === window: capture what the SDK posts to the host instead of delivering it to itself.
  const posted = jest.spyOn(window, 'postMessage').mockImplementation(() => undefined);
  (0, eval)(bundle); // indirect eval: runs in the page's global scope, like a <script>
  return posted;
}

/** Waits until `selector` matches (React renders after the registration promise resolves). */
async function waitFor(selector: string): Promise<Element> {
  for (let i = 0; i < 100; i++) {
    const found = document.querySelector(selector);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`nothing matched ${selector}; the page shows: ${document.body.textContent}`);
}

afterEach(() => jest.restoreAllMocks());

it('handshakes, waits for app.registered, then shows the direction and the mapping table', async () => {
  // Act
  const posted = boot(`?origin=${encodeURIComponent(ORIGIN)}&app_guid=test-guid`);
  // Assess: the SDK's first message is the handshake, to the origin from the URL; nothing is shown yet.
  expect(posted).toHaveBeenCalled();
  const [message, target] = posted.mock.calls[0] as [string, string];
  expect(JSON.parse(message)).toMatchObject({ key: 'iframe.handshake', appGuid: 'test-guid' });
  expect(target).toBe(ORIGIN);
  await new Promise((r) => setTimeout(r, 20));
  expect(document.getElementById('root')?.textContent).toBe('');

  // Act: the host registers the app (zaf.md §8 "Host → app").
  const registered = {
    key: 'zaf.app.registered',
    message: {
      metadata: { appId: 0, name: 'Agent Status Sync', version: '0.1.0', installationId: 1, settings: { syncDirection: 'zendesk_to_aircall' } },
      context: { product: 'support', location: 'top_bar', instanceGuid: 'test-guid', account: { subdomain: 'example' } },
    },
  };
  window.dispatchEvent(new MessageEvent('message', { data: JSON.stringify(registered), origin: ORIGIN, source: window }));

  // Assess
  const table = await waitFor('table');
  expect(document.querySelector('h1')?.textContent).toBe('Agent status sync');
  expect(document.body.textContent).toContain('Sync direction: Zendesk → Aircall');
  expect(Array.from(table.querySelectorAll('tbody tr'), (tr) => tr.textContent)).toEqual([
    'OnlineAvailable',
    'OfflineUnavailable',
    'AwayUnavailable',
    'Transfers onlyUnavailable',
    'Custom statusesNot synced',
  ]);
});

it('says it runs inside Zendesk only when the URL has no origin/app_guid (ZAFClient.init() returns false)', async () => {
  // Act
  const posted = boot('');
  // Assess
  const alert = await waitFor('[role="alert"]');
  expect(alert.textContent).toBe('Agent Status Sync runs inside Zendesk only. Open it from the top bar of the Zendesk agent workspace.');
  expect(posted).not.toHaveBeenCalled();
});
