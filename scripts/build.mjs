// Build: bundles each Lambda handler to dist/lambdas/<name>/index.mjs and the ZAF app (if present) to dist/app/.
//
// Usage: node scripts/build.mjs [--outdir dist] [--only handlers|app] [--handlers a,b]
// Entries: the "handlers" list of infra/lambda-bundling.json (the same list the CDK stack deploys).
// The handler bundles use the same esbuild settings as the CDK stack (infra/lambda-bundling.json): deployable as-is
// and the thing tests/infra/bundle.test.ts imports. `npx cdk synth` bundles again through NodejsFunction.
import { build } from 'esbuild';
import { cpSync, existsSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { handlerBuildOptions } from './handler-bundling.cjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shared = JSON.parse(readFileSync(join(root, 'infra', 'lambda-bundling.json'), 'utf8'));

const { values: args } = parseArgs({
  options: {
    outdir: { type: 'string', default: 'dist' },
    only: { type: 'string' },
    handlers: { type: 'string' },
  },
});
if (args.only && !['handlers', 'app'].includes(args.only)) fail(`--only must be "handlers" or "app", got "${args.only}"`);
const outdir = resolve(root, args.outdir);

const rows = [];
if (args.only !== 'app') await buildHandlers();
if (args.only !== 'handlers') await buildApp();
printTable(rows);

/**
 * Bundles the Lambda entries listed in infra/lambda-bundling.json (or the `--handlers` subset), one self-contained
 * ESM file each. Other files in lambdas/handlers/ are helpers the entries import.
 */
async function buildHandlers() {
  const dir = join(root, 'lambdas', 'handlers');
  const all = shared.handlers;
  const wanted = args.handlers
    ? args.handlers
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : all;
  const unknown = wanted.filter((name) => !all.includes(name));
  if (unknown.length) fail(`"${unknown[0]}" is not a Lambda entry listed in infra/lambda-bundling.json (have: ${all.join(', ')})`);
  const missing = wanted.filter((name) => !existsSync(join(dir, `${name}.ts`)));
  if (missing.length) fail(`No handler file lambdas/handlers/${missing[0]}.ts`);
  const helpers = existsSync(dir)
    ? readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.test.ts') && !all.includes(basename(f, '.ts')))
    : [];
  if (helpers.length && !args.handlers) console.log(`handlers: not entries, bundled only where imported: ${helpers.join(', ')}`);

  rmSync(join(outdir, 'lambdas'), { recursive: true, force: true });
  const results = await Promise.allSettled(
    wanted.map(async (name) => {
      const outfile = join(outdir, 'lambdas', name, 'index.mjs');
      const result = await build(handlerBuildOptions(name, outfile));
      writeMeta(join(outdir, 'lambdas', name, 'meta.json'), result.metafile);
      rows.push(sizeRow(`lambdas/${name}`, outfile, result.metafile));
    }),
  );
  // esbuild has already printed each error with its location; name the handlers it broke and stop.
  const failed = wanted.filter((_, i) => results[i].status === 'rejected');
  if (failed.length) fail(`bundling failed for ${failed.join(', ')} (esbuild's errors above)`);
}

/**
 * Bundles the ZAF app when `app/src/index.tsx` exists, into the layout zcli packages:
 * dist/app/{manifest.json, translations/, assets/} with the bundle at assets/app.js (stable name for assets/index.html).
 * Its source map and esbuild metafile go beside dist/app, not in it.
 */
async function buildApp() {
  const entry = join(root, 'app', 'src', 'index.tsx');
  if (!existsSync(entry)) {
    console.log('app: skipped (no app/src/index.tsx yet)');
    return;
  }
  const appOut = join(outdir, 'app');
  rmSync(appOut, { recursive: true, force: true });
  // Static parts of the ZAF package, copied as they are when present.
  for (const [from, to] of [
    ['manifest.json', 'manifest.json'],
    ['translations', 'translations'],
    ['assets', 'assets'],
  ]) {
    // Listing screenshots (assets/screenshot-<n>.png) are no part of the app: npm run package -- --marketplace adds them.
    const app = (src) => !/[\\/]assets[\\/]screenshot-\d+\.png$/.test(src);
    if (existsSync(join(root, from))) cpSync(join(root, from), join(appOut, to), { recursive: true, filter: app });
  }
  const outfile = join(appOut, 'assets', 'app.js');
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: ['es2020'],
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    minify: true,
    // External and moved out of dist/app below: the map (about 1 MB, with every dependency's source) would
    // otherwise ship in the package every Zendesk account downloads. Load it in devtools by hand when debugging.
    sourcemap: 'external',
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  // Outside dist/app: that folder is exactly what gets zipped for Zendesk.
  const map = join(outdir, 'app.js.map');
  renameSync(`${outfile}.map`, map);
  writeMeta(join(outdir, 'app-meta.json'), result.metafile);
  rows.push(sizeRow('app/assets/app.js', outfile, result.metafile, map));
}

function writeMeta(file, metafile) {
  // For https://esbuild.github.io/analyze/ (what made a bundle big).
  writeFileSync(file, JSON.stringify(metafile));
}

function sizeRow(label, outfile, metafile, mapfile = `${outfile}.map`) {
  const code = readFileSync(outfile);
  const map = existsSync(mapfile) ? statSync(mapfile).size : 0;
  return { label, path: relative(root, outfile), bytes: code.length, gzip: gzipSync(code).length, map, inputs: Object.keys(metafile.inputs).length };
}

function printTable(list) {
  if (!list.length) return;
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const table = [
    ['bundle', 'size', 'gzip', 'map', 'inputs', 'file'],
    ...list.sort((a, b) => a.label.localeCompare(b.label)).map((r) => [r.label, kb(r.bytes), kb(r.gzip), kb(r.map), String(r.inputs), r.path]),
  ];
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  for (const [i, row] of table.entries()) {
    console.log(
      row
        .map((cell, c) => (c >= 1 && c <= 4 ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
        .join('  ')
        .trimEnd(),
    );
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

function fail(message) {
  console.error(`build: ${message}`);
  process.exit(1);
}
