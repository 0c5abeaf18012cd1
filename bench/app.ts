// Benchmark 3: the app in the browser. Its JavaScript gzipped, and the time from the top-bar iframe's navigation to
// the first status rendered, in headless Chromium, in the local Zendesk host, against the local stack and sandboxes.
import { readdirSync, readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { connectSandboxes, startSandboxes } from '../local/demo';
import { ensureAppBuilt } from '../local/host/app-package';
import { launchChromium } from '../local/host/chromium';
import { startLocalHost } from '../local/host/server';
import { startStack } from '../local/stack';
import type { StackLogFile } from './stack-log';
import { mark, percentiles, round, table } from './stats';

export interface AppBenchResult {
  js: { files: Array<{ file: string; bytes: number; gzipBytes: number }>; gzipKb: number; targetKb: number; pass: boolean };
  render: {
    runs: number;
    /** The first load, with nothing warm in the browser, the host or the stack; not in the median. */
    firstMs: number;
    samplesMs: number[];
    medianMs: number;
    p95Ms: number;
    minMs: number;
    maxMs: number;
    targetMs: number;
    pass: boolean;
    chromium: string;
    /** Medians of each milestone, ms after navigation start (same loads as the median). */
    stages: Record<Stage, number>;
  };
}

/** Milestones of one load, as the host page records them (local/host/page/main.ts `AppLoad`). */
const STAGES = {
  loadedAt: 'frame loaded (index.html + app.js fetched and run)',
  handshakeAt: 'SDK handshake received',
  requestAt: 'first backend request received',
  responseAt: 'proxied answer sent to the app',
  renderedAt: 'status rendered',
} as const;
type Stage = keyof typeof STAGES;
type Load = { startedAt: number } & Partial<Record<Stage, number>>;

interface HostWindow {
  localHost: { ready: Promise<void>; openAs(id: number): void; loads: Load[] };
}

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    return entry.isDirectory() ? jsFiles(full) : entry.name.endsWith('.js') ? [full] : [];
  });
}

/** Builds the app afresh, sizes its JS, then loads it `runs + 1` times in the local host as linked agents. */
export async function runAppBench(options: {
  runs: number;
  targetGzipKb: number;
  targetMedianMs: number;
  print: (line: string) => void;
  stackLog: StackLogFile;
}): Promise<AppBenchResult> {
  const { print } = options;
  const outdir = mkdtempSync(join(tmpdir(), 'ass-bench-app-'));
  const stops: Array<() => Promise<unknown>> = [async () => rmSync(outdir, { recursive: true, force: true })];
  try {
    const appDir = ensureAppBuilt({ outdir, force: true, print });
    const files = jsFiles(join(appDir, 'assets')).map((file) => {
      const code = readFileSync(file);
      return { file: relative(appDir, file), bytes: code.length, gzipBytes: gzipSync(code).length };
    });
    const gzipKb = round(files.reduce((n, f) => n + f.gzipBytes, 0) / 1024, 1);

    // The product as `npm start` runs it (in memory), with the host in front.
    // The stack serves the app's location pages (signedUrls POST) from this build.
    const stack = await startStack({
      port: 0,
      dataDir: null,
      appAssetsDir: join(appDir, 'assets'),
      env: { LOG_LEVEL: 'ERROR' },
      deps: { log: options.stackLog.log },
      print: options.stackLog.print,
    });
    stops.push(() => stack.stop());
    const sandboxes = await startSandboxes({ agents: 10 });
    stops.push(() => sandboxes.close());
    const account = await connectSandboxes(sandboxes, { stackUrl: stack.url, accountId: 'demo', direction: 'aircall_to_zendesk' });
    await stack.loadAccounts([account]);
    await stack.refreshDirectory();
    await stack.reconcile();
    const host = await startLocalHost({
      port: 0,
      appDir,
      backendUrl: stack.url,
      aircallUrl: sandboxes.aircall.url,
      zendeskUrl: sandboxes.zendesk.url,
      fallbackInstallation: {
        id: 1,
        appId: 0,
        settings: { syncDirection: account.direction },
        secureSettings: {},
      },
    });
    stops.push(() => host.close());
    const browser = await launchChromium();
    stops.push(() => browser.close());
    const page = await browser.newPage();
    await page.goto(host.url);
    await page.evaluate(() => (window as unknown as HostWindow).localHost.ready);
    const agents = sandboxes.zendesk
      .agents()
      .filter((a) => a.role === 'agent')
      .map((a) => a.id);

    const samples: Load[] = [];
    for (let i = 0; i <= options.runs; i++) {
      const agent = agents[i % agents.length] as number;
      const load = await page.evaluate(async (id) => {
        const host = (window as unknown as HostWindow).localHost;
        host.openAs(id);
        const load = host.loads[host.loads.length - 1] as Load;
        const deadline = performance.now() + 15_000;
        while (load.renderedAt === undefined) {
          if (performance.now() > deadline) throw new Error(`the app showed no status within 15 s for user ${id}`);
          await new Promise((r) => setTimeout(r, 20));
        }
        return { ...load };
      }, agent);
      samples.push(load);
    }
    const since = (load: Load, stage: Stage) => (load[stage] ?? NaN) - load.startedAt;
    const [firstLoad, ...restLoads] = samples;
    const first = firstLoad && since(firstLoad, 'renderedAt');
    const rest = restLoads.map((l) => since(l, 'renderedAt'));
    const stages = Object.fromEntries(
      (Object.keys(STAGES) as Stage[]).map((stage) => [stage, round(percentiles(restLoads.map((l) => since(l, stage)))?.p50 ?? NaN, 1)]),
    ) as Record<Stage, number>;
    const p = percentiles(rest);
    const medianMs = round(p?.p50 ?? NaN, 1);
    print(`[app] ${rest.length} loads: median ${medianMs} ms (first load ${round(first ?? NaN)} ms)`);
    return {
      js: { files, gzipKb, targetKb: options.targetGzipKb, pass: gzipKb <= options.targetGzipKb },
      render: {
        runs: rest.length,
        firstMs: round(first ?? NaN, 1),
        samplesMs: rest.map((x) => round(x, 1)),
        medianMs,
        p95Ms: round(p?.p95 ?? NaN, 1),
        minMs: round(Math.min(...rest), 1),
        maxMs: round(Math.max(...rest), 1),
        targetMs: options.targetMedianMs,
        pass: medianMs <= options.targetMedianMs,
        chromium: browser.version(),
        stages,
      },
    };
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  }
}

/** The benchmark's lines for the results table. */
export function appReport(r: AppBenchResult): string[] {
  const { js, render } = r;
  return [
    `\n== 3. The app in the browser: its JS, and iframe navigation → first status rendered (headless Chromium ${render.chromium}) ==`,
    '   Fresh `--only app` build; gzip (zlib default level) of every .js under dist/app/assets. Render: the local Zendesk host signs in as a',
    '   linked agent and sets the top-bar iframe\'s src; the time runs until the app marks <body data-status-rendered="1"> (after the handshake,',
    '   registration, one proxied /api/me/status call to the local stack and the render), seen by a MutationObserver in the host page.',
    table([
      ['', 'measured', 'target', ''],
      ['app JS gzipped (KB)', `${js.gzipKb}`, `≤ ${js.targetKb}`, mark(js.pass)],
      ...js.files.map((f) => [`  ${f.file}: raw / gzip (KB)`, `${round(f.bytes / 1024, 1)} / ${round(f.gzipBytes / 1024, 1)}`, '', '']),
      [`navigation → status rendered, median of ${render.runs} (ms)`, `${render.medianMs}`, `≤ ${render.targetMs}`, mark(render.pass)],
      ['  min / p95 / max (ms)', `${render.minMs} / ${render.p95Ms} / ${render.maxMs}`, '', ''],
      ['  first load, cold (ms, not in the median)', `${render.firstMs}`, '', ''],
      ...(Object.keys(STAGES) as Stage[]).map((stage) => [`  median ms to: ${STAGES[stage]}`, `${render.stages[stage]}`, '', '']),
    ]),
  ];
}
