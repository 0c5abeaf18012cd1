// The app package the host serves: dist/app, rebuilt with scripts/build.mjs when missing or older than its sources.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
/** Everything the app bundle or package is made from. */
const SOURCES = ['app/src', 'shared', 'manifest.json', 'translations', 'assets'];

/** What the host needs from the package's manifest.json and translations. */
export interface AppPackage {
  dir: string;
  name: string;
  version: string;
  /** Support locations by name (`top_bar`, `background`…): their URL and size. */
  locations: Record<string, { url: string; size?: { width?: string; height?: string } }>;
  /** Secure parameters' `scopes`, by parameter name. */
  scopes: Record<string, string[]>;
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((entry) => newestMtime(join(path, entry))));
}

/**
 * Builds the app into `<outdir>/app` (`node scripts/build.mjs --only app --outdir <outdir>`) when its bundle is
 * missing or older than any source, and returns the package directory. `outdir` defaults to the repo's `dist`.
 */
export function ensureAppBuilt(options: { outdir?: string; print?: (line: string) => void; force?: boolean } = {}): string {
  const outdir = resolve(ROOT, options.outdir ?? 'dist');
  const appDir = join(outdir, 'app');
  const bundle = join(appDir, 'assets', 'app.js');
  const stale = !existsSync(bundle) || statSync(bundle).mtimeMs < Math.max(...SOURCES.map((s) => newestMtime(join(ROOT, s))));
  if (!stale && !options.force) return appDir;
  options.print?.(`Building the app: node scripts/build.mjs --only app --outdir ${outdir} …`);
  // npm scripts put the project's Node 22 first on PATH; otherwise the one running us.
  const localNode = join(ROOT, 'node_modules', '.bin', 'node');
  const node = existsSync(localNode) ? localNode : process.execPath;
  const run = spawnSync(node, ['scripts/build.mjs', '--only', 'app', '--outdir', outdir], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0 || !existsSync(bundle)) throw new Error(`building the app failed:\n${run.stderr || run.stdout}`);
  return appDir;
}

/** Reads the package's manifest and English name. */
export function readAppPackage(dir: string): AppPackage {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    name?: string;
    version?: string;
    location?: Record<string, Record<string, unknown>>;
    parameters?: Array<{ name: string; secure?: boolean; scopes?: string[] }>;
  };
  const support = manifest.location?.support ?? manifest.location?.zendesk ?? {};
  const locations: AppPackage['locations'] = {};
  for (const [name, value] of Object.entries(support)) {
    // zaf.md §2.2: a location is a URL string or an options object.
    const options = typeof value === 'string' ? { url: value } : (value as { url?: string; size?: { width?: string; height?: string } });
    if (typeof options.url === 'string') locations[name] = { url: options.url, ...(options.size && { size: options.size }) };
  }
  let name = manifest.name ?? 'App';
  const en = join(dir, 'translations', 'en.json');
  if (existsSync(en)) {
    const translated = (JSON.parse(readFileSync(en, 'utf8')) as { app?: { name?: unknown } }).app?.name;
    if (typeof translated === 'string') name = translated;
  }
  const scopes = Object.fromEntries((manifest.parameters ?? []).filter((p) => p.secure && Array.isArray(p.scopes)).map((p) => [p.name, p.scopes as string[]]));
  return { dir, name, version: manifest.version ?? '0.0.0', locations, scopes };
}
