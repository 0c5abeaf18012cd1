/**
 * @jest-environment jsdom
 */
// The built assets/app.js (React, Garden and the real ZAF SDK) booting in a DOM: the SDK's handshake goes out, the host's
// registration message (zaf.md §8) comes in, currentUser is answered as the host would, the backend is asked with
// `fetch` and the session of the page's boot object (issue 13), and the pane renders. Outside Zendesk it says so.
import './jsdom-match-media';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { APP_API_ROUTES, type MeStatusResponse } from '../../shared/app-api';
import { APP_BOOT_GLOBAL, type AppBoot } from '../../shared/app-boot';

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
  // biome-ignore lint/security/noGlobalEval: the test runs the built bundle itself; an indirect eval runs it in the page's global scope, like a <script>
  globalThis.eval(bundle);
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

afterEach(() => {
  jest.restoreAllMocks();
  delete (window as unknown as Record<string, unknown>)[APP_BOOT_GLOBAL];
  delete (window as unknown as Record<string, unknown>).fetch;
});

/** A backend behind `window.fetch` (jsdom has none) whose answers the test releases: the calls, and a way to answer each. */
function backend(): { calls: Array<{ url: string; init: RequestInit; answer(status: number, body: unknown): void }> } {
  const calls: Array<{ url: string; init: RequestInit; answer(status: number, body: unknown): void }> = [];
  (window as unknown as { fetch: unknown }).fetch = (url: string, init: RequestInit) =>
    new Promise((resolveFetch) => {
      calls.push({ url, init, answer: (status, body) => resolveFetch({ ok: status < 300, status, json: async () => body }) });
    });
  return { calls };
}

async function waitForCall(calls: ReturnType<typeof backend>['calls']): Promise<ReturnType<typeof backend>['calls'][number]> {
  for (let i = 0; i < 100; i++) {
    if (calls[0]) return calls[0];
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the app never called the backend');
}

/** The messages the bundle posted to the host so far, parsed. */
const sent = (posted: jest.SpyInstance) => posted.mock.calls.map(([m]) => (typeof m === 'string' ? JSON.parse(m) : m) as Record<string, any>);

/** The host's side: one message to the app, as ZAF's host page sends it (zaf.md §8). */
const fromHost = (data: unknown) => window.dispatchEvent(new MessageEvent('message', { data: JSON.stringify(data), origin: ORIGIN, source: window }));

/** Waits until the app has posted a message matching `match`, and returns it. */
async function waitForSent(posted: jest.SpyInstance, match: (m: Record<string, any>) => boolean): Promise<Record<string, any>> {
  for (let i = 0; i < 100; i++) {
    const found = sent(posted).find(match);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`the app never sent the message; it sent: ${JSON.stringify(sent(posted))}`);
}

it('handshakes, registers, reads currentUser, asks the backend with the session of its boot object, renders the status and sets the icon', async () => {
  // Prepare: the page as the backend serves it for Zendesk's signed POST.
  const appBoot: AppBoot = {
    location: 'top_bar',
    publicUrl: 'https://api.example.com',
    session: { token: 'session-token-1', expiresAt: Date.now() + 3_600_000 },
  };
  (window as unknown as Record<string, unknown>)[APP_BOOT_GLOBAL] = appBoot;
  const { calls } = backend();
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
  fromHost({
    key: 'zaf.app.registered',
    message: {
      metadata: {
        appId: 0,
        name: 'Agent Status Sync',
        version: '0.1.0',
        installationId: 1,
        settings: { syncDirection: 'zendesk_to_aircall' },
      },
      context: { product: 'support', location: 'top_bar', instanceGuid: 'test-guid', account: { subdomain: 'example' } },
    },
  });
  // Assess: it asks who the user is; answer as the host does.
  const get = await waitForSent(posted, (m) => m.request === 'get');
  expect(get.params).toEqual(['currentUser']);
  fromHost({ id: get.id, result: { currentUser: { id: 10011, email: 'jane@example.com', locale: 'es', role: 'agent' }, errors: {} } });

  // Assess: the backend request goes straight to the backend with the session; nothing through ZAF's proxy.
  const call = await waitForCall(calls);
  expect(call.url).toBe(`https://api.example.com${APP_API_ROUTES.meStatus}`);
  expect(call.init).toMatchObject({ method: 'GET', headers: { authorization: 'Bearer session-token-1' } });
  expect(sent(posted).filter((m) => typeof m.key === 'string' && m.key.startsWith('request:'))).toEqual([]);
  const now = Date.now();
  const body: MeStatusResponse = {
    account: 'example',
    direction: { direction: 'zendesk_to_aircall', source: 'installation' },
    agent: { zendeskUserId: '10011', email: 'jane@example.com' },
    linked: true,
    aircall: { key: 'unavailable', observedAt: now },
    zendesk: { key: 'away', observedAt: now },
    rule: { from: { side: 'zendesk', key: 'away' }, to: { side: 'aircall', key: 'unavailable' } },
  };
  call.answer(200, body);

  // Assess: the pane, in Spanish, and the icon set on this instance.
  await waitFor('[data-testid="zendesk-status"][data-status="away"]');
  expect(document.querySelector('[data-testid="sync-rule"]')?.textContent).toBe('Regla vigente: Zendesk Ausente → Aircall No disponible');
  expect(document.body.dataset.statusRendered).toBe('1');
  const set = await waitForSent(posted, (m) => m.request === 'set');
  expect(set.params).toEqual({ iconSymbol: 'unavailable' });
  expect(Array.from(document.querySelectorAll('[data-testid="mapping-table"] tbody tr'), (tr) => tr.textContent)).toEqual([
    'En líneaDisponible',
    'DesconectadoNo disponible',
    'AusenteNo disponible',
    'Solo transferenciasNo disponible',
    'Estados personalizadosNo se sincroniza',
  ]);
});

it('says it runs inside Zendesk only when the URL has no origin/app_guid (ZAFClient.init() returns false)', async () => {
  // Act
  const posted = boot('');
  // Assess
  const alert = await waitFor('[role="alert"]');
  expect(alert.textContent).toBe('Agent Status Sync runs inside Zendesk only. Open it from the top bar of the Zendesk agent workspace.');
  expect(sent(posted)).toEqual([]);
});
