// Benchmark 4: the Lambda bundles. Each handler built with the CDK stack's esbuild settings (infra/lambda-bundling.json,
// as HANDLER_BUNDLING applies them), its minified and gzipped size, and the median time to import it in a fresh Node
// process (a local proxy for the module-loading part of a cold start, not a Lambda measurement).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';
import sharedBundling from '../infra/lambda-bundling.json';
import { handlerBuildOptions } from '../scripts/handler-bundling.cjs';
import { mark, percentiles, round, table } from './stats';

const ROOT = resolve(__dirname, '..');
/** KB here is 1024 bytes, as in `npm run build`'s table. */
const KB = 1024;

export interface BundleSize {
  handler: string;
  file: string;
  bytes: number;
  gzipBytes: number;
  mapBytes: number;
  /** Files esbuild read (paths relative to the repository root), tree-shaken ones included. */
  inputs: string[];
  /** Files with code in the output. */
  bundled: string[];
}

/** Builds one handler as the stack and `npm run build` do (scripts/handler-bundling.mjs). */
export function buildBundle(handler: string, outdir: string): BundleSize {
  const file = join(outdir, handler, 'index.mjs');
  const result = buildSync(handlerBuildOptions(handler, file));
  const code = readFileSync(file);
  const mapBytes = existsSync(`${file}.map`) ? statSync(`${file}.map`).size : 0;
  const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint !== undefined)!;
  const bundled = Object.entries(output.inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([path]) => path);
  return { handler, file, bytes: code.length, gzipBytes: gzipSync(code).length, mapBytes, inputs: Object.keys(result.metafile.inputs), bundled };
}

/** Builds every Lambda entry of infra/lambda-bundling.json into `outdir`. */
export function buildAllBundles(outdir: string): BundleSize[] {
  return sharedBundling.handlers.map((handler) => buildBundle(handler, outdir));
}

// Enough configuration for a handler that reads it at import; endpoints that refuse any accidental call. No
// AWS_LAMBDA_FUNCTION_NAME: metrics stay off.
const IMPORT_ENV = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  TABLE_NAME: 'agent-status-sync',
  QUEUE_URL: 'http://127.0.0.1:9/000000000000/sync.fifo',
  LOG_LEVEL: 'ERROR',
  POWERTOOLS_SERVICE_NAME: 'agent-status-sync',
};

/** The Lambda's Node major when the `node` devDependency provides it (npm scripts put it first on PATH anyway). */
function nodeBinary(): string {
  const local = join(ROOT, 'node_modules', '.bin', 'node');
  return existsSync(local) ? local : process.execPath;
}

/** Milliseconds to `import()` the bundle, measured inside a fresh Node process (its own start-up excluded). */
export function importOnce(file: string, node = nodeBinary()): number {
  const script = `const t = performance.now(); const m = await import(${JSON.stringify(file)}); if (typeof m.handler !== 'function') throw new Error('no handler'); console.log(performance.now() - t);`;
  const run = spawnSync(node, ['--input-type=module', '-e', script], { env: { PATH: process.env.PATH ?? '', ...IMPORT_ENV }, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`importing ${file} failed: ${run.stderr.trim()}`);
  return Number(run.stdout.trim().split('\n').pop());
}

export interface BundleResult extends Omit<BundleSize, 'inputs' | 'bundled'> {
  importMs: { median: number; min: number; max: number; samples: number[] };
  pass: { size: boolean; import: boolean };
}

export interface BundlesBenchResult {
  node: string;
  runs: number;
  targets: { kb: number; importMs: number };
  bundles: BundleResult[];
  pass: boolean;
}

export async function runBundlesBench(options: {
  runs: number;
  targetKb: number;
  targetImportMs: number;
  print: (line: string) => void;
}): Promise<BundlesBenchResult> {
  const outdir = mkdtempSync(join(tmpdir(), 'ass-bundles-'));
  const node = nodeBinary();
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  try {
    const bundles: BundleResult[] = [];
    for (const size of buildAllBundles(outdir)) {
      options.print(`  ${size.handler}: ${round(size.bytes / KB, 1)} KB, importing ${options.runs} times…`);
      importOnce(size.file, node); // the first run warms the disk cache; not counted
      const samples = Array.from({ length: options.runs }, () => round(importOnce(size.file, node), 1));
      const p = percentiles(samples)!;
      const median = round(p.p50, 1);
      const { inputs: _inputs, bundled: _bundled, ...rest } = size;
      bundles.push({
        ...rest,
        file: size.file.replace(outdir, '<tmp>'),
        importMs: { median, min: Math.min(...samples), max: Math.max(...samples), samples },
        pass: { size: size.bytes <= options.targetKb * KB, import: median <= options.targetImportMs },
      });
    }
    return {
      node: version,
      runs: options.runs,
      targets: { kb: options.targetKb, importMs: options.targetImportMs },
      bundles,
      pass: bundles.every((b) => b.pass.size && b.pass.import),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export function bundlesReport(r: BundlesBenchResult): string[] {
  const kb = (n: number) => `${round(n / KB, 1)}`;
  return [
    `\n== 4. Lambda bundles: the stack's esbuild settings, import time in a fresh Node ${r.node} process (median of ${r.runs}) ==`,
    '   import = `await import(bundle)` timed inside the child process (Node start-up excluded): module loading and top-level',
    "   code only, on this machine; a proxy for part of a Lambda cold start, which adds the runtime's own init (read Init Duration).",
    table([
      ['handler', 'min KB', 'gzip KB', 'map KB', 'import ms p50', 'min/max', `≤ ${r.targets.kb} KB`, `≤ ${r.targets.importMs} ms`],
      ...r.bundles.map((b) => [
        b.handler,
        kb(b.bytes),
        kb(b.gzipBytes),
        kb(b.mapBytes),
        `${b.importMs.median}`,
        `${b.importMs.min}/${b.importMs.max}`,
        mark(b.pass.size),
        mark(b.pass.import),
      ]),
    ]),
    `TARGET ≤ ${r.targets.kb} KB minified and ≤ ${r.targets.importMs} ms to import, every handler → ${mark(r.pass)}`,
  ];
}
