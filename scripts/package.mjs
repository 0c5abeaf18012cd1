// Package: builds the ZAF app and zips it for Zendesk (zcli apps:validate / apps:create, or an upload).
//
// Usage: npm run package -- [--backend-host HOST[,HOST…]] [--outdir dist]
//        (or APP_BACKEND_HOST=HOST npm run package)
// Writes <outdir>/agent-status-sync-<version>.zip with manifest.json, assets/ and translations/ at its root, from
// a fresh `scripts/build.mjs --only app` build in <outdir>/app. The backend's host is known only at deploy time, so
// manifest.json in the repo lists `localhost` in domainWhitelist and this script puts the given host(s) there
// (zaf.md §2.1: list exact hosts). Without one the package is for local use only, and it says so.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { zipSync } from 'fflate';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    'backend-host': { type: 'string' },
    outdir: { type: 'string', default: 'dist' },
  },
});
const outdir = resolve(root, args.outdir);

// A bare DNS name: what domainWhitelist holds. No scheme, port or path.
const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const given = args['backend-host'] ?? process.env.APP_BACKEND_HOST ?? '';
const hosts = given
  .split(',')
  .map((h) => h.trim().toLowerCase())
  .filter(Boolean);
const bad = hosts.find((h) => !HOST.test(h));
if (bad !== undefined) fail(`--backend-host must be a host name such as api.example.com (no https://, port or path), got "${bad}"`);

const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--only', 'app', '--outdir', outdir], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) fail('the app build failed (errors above)');

const appDir = join(outdir, 'app');
const manifestFile = join(appDir, 'manifest.json');
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
if (hosts.length) manifest.domainWhitelist = hosts;
writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);

// Exactly what Zendesk takes: no source map or metafile (build.mjs keeps those outside dist/app).
const entries = {};
for (const part of ['manifest.json', 'translations', 'assets']) {
  const path = join(appDir, part);
  if (!existsSync(path)) fail(`the build has no ${part}`);
  for (const file of statSync(path).isDirectory() ? walk(path) : [path]) {
    entries[relative(appDir, file).split('\\').join('/')] = new Uint8Array(readFileSync(file));
  }
}
// A fixed timestamp: the same sources give the same zip.
const zip = zipSync(entries, { level: 9, mtime: new Date(2000, 0, 1) });
const zipFile = join(outdir, `agent-status-sync-${manifest.version}.zip`);
writeFileSync(zipFile, zip);

console.log(`package: ${relative(root, zipFile) || zipFile}  ${(zip.length / 1024).toFixed(1)} KB, ${Object.keys(entries).length} files`);
console.log(`package: domainWhitelist ${JSON.stringify(manifest.domainWhitelist)}`);
if (!hosts.length) console.log("package: for local use only; pass --backend-host HOST (or APP_BACKEND_HOST) with the deployed backend's host");

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}
