// The fuzz suite: generates bad inputs per route and class (fast-check, one fixed seed), sends them to the running
// stack, and judges each answer and the whole run (no 5xx, no crash, no sandbox write, no table change but counters).
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { ROUTE_THROTTLES } from '../../infra/lib/api-throttles';
import { BROWSER_CALLS_PER_MINUTE } from '../../lambdas/security/browser-cap';
import { CLASSES, fill, type InputClass, type RouteEntry, type RouteInstance } from './classes';
import { COUNTER_RULES, unexplainedChanges } from './counters';
import { send, type FuzzAnswer, type FuzzRequest } from './http';
import { ROUTES } from './routes';
import { sandboxRequests, sandboxState, scanTable, type FuzzWorld } from './world';

export const DEFAULT_SEED = 20261203;

export interface FuzzOptions {
  seed: number;
  /** Inputs in total, shared among routes and classes by weight (each pair at least one). */
  inputs: number;
  /** Only send the pairs whose `route :: class` contains this text (the plan, and so every input, stays the same). */
  only?: string;
  print?: (line: string) => void;
  routes?: RouteEntry[];
  classes?: InputClass[];
}

export interface FuzzRow {
  route: string;
  cls: string;
  sent: number;
  failed: number;
  statuses: Record<number, number>;
}

export interface FuzzResult {
  seed: number;
  rows: FuzzRow[];
  /** Routes of the table the stack does not serve (yet). */
  notServed: string[];
  /** Each input's miss, and each run-wide check's. */
  misses: string[];
  passed: number;
  failed: number;
  /** Requests the sandboxes received during the run (all reads, when the run passes). */
  sandboxCalls: number;
}

/** A pair's own seed: adding a route or a class never changes the inputs of another pair. */
export function pairSeed(seed: number, route: string, cls: string): number {
  return createHash('sha256').update(`${seed}\0${route}\0${cls}`).digest().readUInt32BE(0);
}

function instance(entry: RouteEntry): RouteInstance {
  const [method, template] = entry.key.split(' ') as [string, string];
  return { ...entry, method, template };
}

/** Whether the stack serves the route: the gateway's own 404 means no route matched. */
async function served(world: FuzzWorld, route: RouteInstance): Promise<boolean> {
  const answer = await send(world.url, {
    method: route.method,
    path: fill(route.template),
    headers: { 'content-type': 'application/json' },
    body: route.method === 'GET' ? undefined : '{}',
  });
  return !(answer.status === 404 && answer.body === JSON.stringify({ message: 'Not Found' }));
}

/** Shares `total` among pairs by weight, at least one each. */
function plan(pairs: Array<{ weight: number }>, total: number): number[] {
  const sum = pairs.reduce((s, p) => s + p.weight, 0);
  const counts = pairs.map((p) => Math.max(1, Math.floor((total * p.weight) / sum)));
  let left = total - counts.reduce((s, n) => s + n, 0);
  for (let i = 0; left > 0; i = (i + 1) % counts.length, left--) counts[i] = (counts[i] as number) + 1;
  return counts;
}

const GATEWAY_THROTTLED = JSON.stringify({ message: 'Too Many Requests' });

/** Sends, waiting out the local gateway's throttle (the stack's own per-route limits) instead of counting it. */
async function sendPaced(world: FuzzWorld, request: FuzzRequest): Promise<{ answer: FuzzAnswer; throttled: number }> {
  let throttled = 0;
  for (;;) {
    const answer = await send(world.url, request);
    if (answer.status !== 429 || answer.body !== GATEWAY_THROTTLED || throttled >= 20) return { answer, throttled };
    throttled++;
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function runFuzz(world: FuzzWorld, options: FuzzOptions): Promise<FuzzResult> {
  const print = options.print ?? (() => {});
  const classes = options.classes ?? CLASSES;
  const routes = (options.routes ?? ROUTES).map(instance);
  const notServed: RouteInstance[] = [];
  const live: RouteInstance[] = [];
  for (const route of routes) ((await served(world, route)) ? live : notServed).push(route);
  if (notServed.length > 0) print(`fuzz: not served by this stack (skipped): ${notServed.map((r) => r.key).join(', ')}`);

  const pairs = live.flatMap((route) => classes.filter((c) => c.kinds.includes(route.kind)).map((cls) => ({ route, cls, weight: cls.weight ?? 1 })));
  const counts = plan(pairs, options.inputs);
  const inputs = pairs.map((pair, i) => ({
    ...pair,
    requests: fc.sample(pair.cls.gen(world, pair.route), { seed: pairSeed(options.seed, pair.route.key, pair.cls.name), numRuns: counts[i] as number }),
  }));

  // Evidence before.
  await world.harness.drained();
  const tableBefore = await scanTable(world);
  const sandboxBefore = sandboxState(world);
  const since = Date.now();
  const crashes: string[] = [];
  const onCrash = (kind: string) => (error: unknown) => crashes.push(`${kind}: ${(error as Error)?.stack ?? String(error)}`);
  const onRejection = onCrash('unhandled rejection');
  const onException = onCrash('uncaught exception');
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  const consoleError = console.error;
  console.error = (...args: unknown[]) => {
    const line = args.map(String).join(' ');
    if (line.startsWith('[http-api]'))
      crashes.push(line); // a handler threw: the gateway answered 500
    else consoleError(...args);
  };

  const rows: FuzzRow[] = [];
  const misses: string[] = [];
  let passed = 0;
  let throttledTotal = 0;
  try {
    for (const { route, cls, requests } of inputs) {
      const row: FuzzRow = { route: route.key, cls: cls.name, sent: 0, failed: 0, statuses: {} };
      rows.push(row);
      if (options.only && !`${route.key} :: ${cls.name}`.includes(options.only)) continue;
      const expected = cls.expect(route.kind);
      for (const [index, request] of requests.entries()) {
        const { answer, throttled } = await sendPaced(world, request);
        throttledTotal += throttled;
        row.sent++;
        row.statuses[answer.status] = (row.statuses[answer.status] ?? 0) + 1;
        const problem =
          answer.status === 0
            ? cls.mayReset && /ECONNRESET|EPIPE/.test(answer.transportError ?? '')
              ? undefined
              : `no answer (${answer.transportError})`
            : answer.status >= 500
              ? `answered ${answer.status}`
              : !expected.includes(answer.status)
                ? `answered ${answer.status}, expected ${expected.join('/')}`
                : cls.check?.(answer, world, route, request);
        if (problem) {
          row.failed++;
          misses.push(`${route.key} :: ${cls.name} #${index}: ${problem} — ${describe(request)} → ${answer.body.slice(0, 160)}`);
        } else passed++;
      }
    }
    await world.harness.drained();
  } finally {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
    console.error = consoleError;
  }
  if (throttledTotal > 0) print(`fuzz: waited out the gateway's throttle ${throttledTotal} time(s) (not counted as answers)`);

  // Evidence after: each run-wide check counts once.
  const runChecks: Array<[string, string | undefined]> = [];
  const changes = unexplainedChanges(tableBefore, await scanTable(world));
  runChecks.push([
    'table unchanged but documented counters',
    changes.length ? changes.map((c) => `${c.key} ${c.change}${c.attributes ? ` (${c.attributes.join(', ')})` : ''}`).join('; ') : undefined,
  ]);
  const requests = sandboxRequests(world, since);
  runChecks.push([
    'no write to either sandbox (journals)',
    requests.writes.length ? requests.writes.map((r) => `${r.side} ${r.method} ${r.path} ${r.status}`).join('; ') : undefined,
  ]);
  runChecks.push(['sandbox state unchanged', sandboxState(world) === sandboxBefore ? undefined : 'users, statuses, webhooks or installations changed']);
  runChecks.push(['no crash or unhandled rejection', crashes.length ? crashes.join(' | ').slice(0, 2000) : undefined]);
  // Two tenants share the sandboxes here; per started minute each may cause the cap's calls on each side.
  const minutes = Math.max(1, Math.ceil((Date.now() - since) / 60_000));
  const bound = BROWSER_CALLS_PER_MINUTE * 2 * 2 * minutes;
  runChecks.push([`sandbox calls within the browser cap (${bound})`, requests.all.length > bound ? `${requests.all.length} calls` : undefined]);
  // Every route the stack declares (its throttles name them all) must be in the table, or it would go unfuzzed.
  const covered = new Set(routes.flatMap((r) => (r.methods ?? [r.method]).map((m) => `${m} ${r.template}`)));
  const unfuzzed = Object.keys(ROUTE_THROTTLES).filter((key) => !covered.has(key));
  runChecks.push(['every declared route is in bench/fuzz/routes.ts', unfuzzed.length ? `not fuzzed: ${unfuzzed.join(', ')}` : undefined]);
  for (const [name, problem] of runChecks) {
    if (problem) misses.push(`run: ${name}: ${problem}`);
    else passed++;
  }
  const failed = rows.reduce((s, r) => s + r.failed, 0) + runChecks.filter(([, p]) => p).length;
  return { seed: options.seed, rows, notServed: notServed.map((r) => r.key), misses, passed, failed, sandboxCalls: requests.all.length };
}

function describe(request: FuzzRequest): string {
  const body = request.body === undefined ? '' : ` body ${Buffer.byteLength(request.body)} B: ${String(request.body).slice(0, 80)}`;
  const headers = Object.entries(request.headers ?? {})
    .map(([k, v]) => `${k}=${String(v).slice(0, 40)}${String(v).length > 40 ? '…' : ''}`)
    .slice(0, 4)
    .join(' ');
  return `${request.method} ${request.path.slice(0, 120)} ${headers}${body}`;
}

/** The table of a run: one row per route and class, then the routes' totals. */
export function resultTable(result: FuzzResult): string {
  const statusText = (s: Record<number, number>) =>
    Object.entries(s)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([code, n]) => `${code}×${n}`)
      .join(' ');
  const lines = ['| route | class | inputs | answers | failed |', '|---|---|---:|---|---:|'];
  for (const row of result.rows) lines.push(`| \`${row.route}\` | ${row.cls} | ${row.sent} | ${statusText(row.statuses)} | ${row.failed} |`);
  const byRoute = new Map<string, FuzzRow>();
  for (const row of result.rows) {
    const total = byRoute.get(row.route) ?? { route: row.route, cls: 'all', sent: 0, failed: 0, statuses: {} };
    total.sent += row.sent;
    total.failed += row.failed;
    for (const [code, n] of Object.entries(row.statuses)) total.statuses[Number(code)] = (total.statuses[Number(code)] ?? 0) + n;
    byRoute.set(row.route, total);
  }
  lines.push('', '| route | inputs | answers | failed |', '|---|---:|---|---:|');
  for (const total of byRoute.values()) lines.push(`| \`${total.route}\` | ${total.sent} | ${statusText(total.statuses)} | ${total.failed} |`);
  const byClass = new Map<string, FuzzRow & { routes: number }>();
  for (const row of result.rows) {
    const total = byClass.get(row.cls) ?? { route: 'all', cls: row.cls, sent: 0, failed: 0, statuses: {}, routes: 0 };
    total.sent += row.sent;
    total.failed += row.failed;
    total.routes += row.sent > 0 ? 1 : 0;
    for (const [code, n] of Object.entries(row.statuses)) total.statuses[Number(code)] = (total.statuses[Number(code)] ?? 0) + n;
    byClass.set(row.cls, total);
  }
  lines.push('', '| class | routes | inputs | answers | failed |', '|---|---:|---:|---|---:|');
  for (const total of byClass.values()) lines.push(`| ${total.cls} | ${total.routes} | ${total.sent} | ${statusText(total.statuses)} | ${total.failed} |`);
  return lines.join('\n');
}

/** The counters a run may change, for the README and the run's own output. */
export const COUNTERS_TEXT = COUNTER_RULES.map((r) => `- \`${r.family.source}\`: ${r.why}`).join('\n');
