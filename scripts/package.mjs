// Package: builds the ZAF app and zips it for Zendesk (zcli apps:validate / apps:create, or an upload).
//
// Usage: npm run package -- [--backend-host HOST[,HOST…]] [--outdir dist]
//        (or APP_BACKEND_HOST=HOST npm run package)
//        npm run package -- --marketplace --backend-host HOST   (the public listing, hosted backend at HOST)
// Writes <outdir>/agent-status-sync-<version>.zip with manifest.json, assets/ and translations/ at its root, from
// a fresh `scripts/build.mjs --only app` build in <outdir>/app. The backend's host is known only at deploy time, so
// manifest.json in the repo lists `localhost` in domainWhitelist and this script puts the given host(s) there
// (zaf.md §2.1: list exact hosts). Without one the package is for local use only, and it says so.
// --marketplace writes <outdir>/agent-status-sync-<version>-marketplace.zip for the public listing: `"private": false`,
// exactly one backend host (the hosted one), and it refuses to write anything when the listing would be refused: a
// placeholder author (manifest.json's `author` is the one place the project's identity is written), or a translation
// without the listing texts. Screenshots (assets/screenshot-<n>.png, taken by the browser test) ride along in assets/.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { zipSync } from 'fflate';
import { withBackendLocations } from './app-locations.cjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    'backend-host': { type: 'string' },
    outdir: { type: 'string', default: 'dist' },
    marketplace: { type: 'boolean', default: false },
  },
});
const marketplace = args.marketplace;
/** assets/screenshot-0.png, -1, …: the names Zendesk's listing takes screenshots from. */
const SCREENSHOT = /^assets\/screenshot-\d+\.png$/;
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
if (marketplace && hosts.length !== 1) fail('--marketplace needs exactly one --backend-host: the host of the hosted backend every customer uses');

const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--only', 'app', '--outdir', outdir], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) fail('the app build failed (errors above)');

const appDir = join(outdir, 'app');
const manifestFile = join(appDir, 'manifest.json');
// Every location page is served by the backend (signedUrls, issue 13): its URLs follow the backend's host, the first
// one given; without a host they stay on the local stack (http://localhost:3000, as manifest.json has them).
const manifest = withBackendLocations(JSON.parse(readFileSync(manifestFile, 'utf8')), hosts.length ? `https://${hosts[0]}` : 'http://localhost:3000');
if (hosts.length) manifest.domainWhitelist = hosts;
if (marketplace) {
  manifest.private = false;
  const problems = listingProblems(manifest, appDir);
  if (problems.length) fail(`the Marketplace listing would be refused:\n  - ${problems.join('\n  - ')}`);
}
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
// Screenshots are listing material, not part of the app's build: only the Marketplace zip carries them.
if (marketplace) {
  for (const name of readdirSync(join(root, 'assets')).filter((f) => SCREENSHOT.test(`assets/${f}`))) {
    entries[`assets/${name}`] = new Uint8Array(readFileSync(join(root, 'assets', name)));
  }
}
// A fixed timestamp: the same sources give the same zip.
const zip = zipSync(entries, { level: 9, mtime: new Date(2000, 0, 1) });
const zipFile = join(outdir, `agent-status-sync-${manifest.version}${marketplace ? '-marketplace' : ''}.zip`);
writeFileSync(zipFile, zip);

console.log(`package: ${relative(root, zipFile) || zipFile}  ${(zip.length / 1024).toFixed(1)} KB, ${Object.keys(entries).length} files`);
console.log(`package: domainWhitelist ${JSON.stringify(manifest.domainWhitelist)}`);
console.log(
  `package: locations ${Object.entries(manifest.location.support)
    .map(([name, o]) => `${name} ${o.url}`)
    .join(', ')} (signedUrls)`,
);
if (!hosts.length) console.log("package: for local use only; pass --backend-host HOST (or APP_BACKEND_HOST) with the deployed backend's host");
if (marketplace) {
  const shots = Object.keys(entries).filter((name) => SCREENSHOT.test(name));
  console.log(`package: Marketplace listing ("private": false) by ${manifest.author.name} <${manifest.author.email}>`);
  if (shots.length) console.log(`package: screenshots ${shots.join(', ')}`);
  else console.log('package: warning: no assets/screenshot-<n>.png yet; the browser test takes them, and the listing needs at least one');
}

/**
 * What Zendesk's review would refuse and its validator cannot see: the author is the project's, not a placeholder;
 * every translation has the four listing texts. Each problem says how to fix it.
 */
function listingProblems(m, dir) {
  const problems = [];
  const author = m.author ?? {};
  const placeholder = /(^|[.@/])(example\.(com|org|net)|[a-z0-9-]+\.(example|invalid|test|localhost))([/:>]|$)|^localhost$/i;
  for (const key of ['name', 'email', 'url']) {
    const value = typeof author[key] === 'string' ? author[key].trim() : '';
    if (!value) problems.push(`manifest.json author.${key} is empty`);
    else if (key !== 'name' && placeholder.test(key === 'url' ? new URL(value).host : (value.split('@')[1] ?? ''))) {
      problems.push(`manifest.json author.${key} is a placeholder (${value}): write the project's own contact there`);
    }
  }
  if (!/^https:\/\//.test(author.url ?? '')) problems.push('manifest.json author.url must be an https:// address');
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(author.email ?? '')) problems.push('manifest.json author.email must be an e-mail address');
  const translations = join(dir, 'translations');
  for (const file of readdirSync(translations).filter((f) => f.endsWith('.json'))) {
    const app = JSON.parse(readFileSync(join(translations, file), 'utf8')).app ?? {};
    for (const key of ['name', 'short_description', 'long_description', 'installation_instructions']) {
      if (typeof app[key] !== 'string' || app[key].trim() === '') problems.push(`translations/${file} has no app.${key}`);
    }
  }
  return problems;
}

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}
