// The ZAF package, checked offline (zaf.md §4): the repo's manifest.json, translations/ and assets/, and the build in
// dist/app that gets zipped for Zendesk. Also checks that the validator catches what it claims to.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isSyncDirection } from '../../shared/sync/types';
import { encodePng } from '../../scripts/png';
import { validateZafPackage } from './zaf-package';

const root = resolve(__dirname, '..', '..');
const localNode = join(root, 'node_modules', '.bin', 'node');
const node = existsSync(localNode) ? localNode : process.execPath;
// The bundle's budget, minified: React DOM alone is about 130 KB of today's 250 KB.
const BUNDLE_BUDGET = 350 * 1024;

// Loose on purpose: the cases below poke at arbitrary fields of parsed JSON.
type Json = Record<string, any>;
const manifest: Json = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));

describe('the repo package (manifest.json, translations/, assets/)', () => {
  it('passes the offline validator with no warnings', () => {
    expect(validateZafPackage(root, { built: false })).toEqual({ errors: [], warnings: [] });
  });

  it('declares syncDirection (text, required, a valid default) and backendUrl (url, optional)', () => {
    expect(manifest.parameters).toEqual([
      { name: 'syncDirection', type: 'text', required: true, default: 'aircall_to_zendesk' },
      { name: 'backendUrl', type: 'url', required: false },
    ]);
    expect(isSyncDirection(manifest.parameters[0].default)).toBe(true);
  });

  it('opens assets/index.html in the Support top bar, as an object with a size', () => {
    expect(manifest.location).toEqual({
      support: { top_bar: { url: 'assets/index.html', size: { width: expect.stringMatching(/^\d+px$/), height: expect.stringMatching(/^\d+px$/) } } },
    });
    expect(manifest).toMatchObject({ defaultLocale: 'en', frameworkVersion: '2.0', private: true, version: expect.any(String) });
  });
});

describe('the built package (scripts/build.mjs --only app)', () => {
  let outdir: string;
  let build: ReturnType<typeof spawnSync>;

  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'ass-app-build-'));
    build = spawnSync(node, ['scripts/build.mjs', '--outdir', outdir, '--only', 'app'], { cwd: root, encoding: 'utf8' });
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('builds and prints the bundle size', () => {
    expect({ status: build.status, stderr: build.stderr }).toEqual({ status: 0, stderr: '' });
    expect(build.stdout).toContain('app/assets/app.js');
  });

  it('holds exactly what Zendesk needs: no source map, no metafile', () => {
    const files = readdirSync(join(outdir, 'app'), { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(outdir, 'app', f)).isFile());
    expect(files.map((f) => f.split('\\').join('/')).sort()).toEqual([
      'assets/app.js',
      'assets/icon_top_bar.svg',
      'assets/index.html',
      'assets/logo-small.png',
      'assets/logo.png',
      'manifest.json',
      'translations/en.json',
    ]);
    expect(existsSync(join(outdir, 'app.js.map'))).toBe(true);
    expect(readFileSync(join(outdir, 'app', 'assets', 'app.js'), 'utf8')).not.toContain('sourceMappingURL');
  });

  it(`keeps the bundle under ${BUNDLE_BUDGET / 1024} KB minified`, () => {
    expect(statSync(join(outdir, 'app', 'assets', 'app.js')).size).toBeLessThan(BUNDLE_BUDGET);
  });

  it('passes the offline validator; the only warnings are about the third-party code in app.js', () => {
    const report = validateZafPackage(join(outdir, 'app'), { built: true });
    expect(report.errors).toEqual([]);
    // React DOM's XML namespace URIs and the words "password"/"pass": ZAS warns, nothing to fix (app/README.md).
    for (const warning of report.warnings) expect(warning).toMatch(/^assets\/app\.js: /);
  });
});

describe('the validator catches', () => {
  let base: string;
  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'ass-zaf-'));
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  /** A copy of the repo package with one change, validated. */
  function withChange(change: (dir: string, manifest: Json, en: Json) => void) {
    const dir = mkdtempSync(join(base, 'pkg-'));
    for (const part of ['manifest.json', 'translations', 'assets']) cpSync(join(root, part), join(dir, part), { recursive: true });
    const m: Json = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    const en: Json = JSON.parse(readFileSync(join(dir, 'translations', 'en.json'), 'utf8'));
    change(dir, m, en);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
    writeFileSync(join(dir, 'translations', 'en.json'), JSON.stringify(en));
    return validateZafPackage(dir, { built: false });
  }
  const param = (m: Json, p: Json) => m.parameters.push(p);

  test.each<[string, (dir: string, m: Json, en: Json) => void, string]>([
    ['a missing author url', (_, m) => delete m.author.url, 'author.url must be a non-empty string'],
    ['a defaultLocale without its file', (_, m) => (m.defaultLocale = 'fr'), 'translations/fr.json (the defaultLocale) is missing'],
    ['frameworkVersion 1.0', (_, m) => (m.frameworkVersion = '1.0'), 'frameworkVersion must be "2.0"'],
    ['an unknown manifest key', (_, m) => (m.locations = {}), 'unknown key "locations"'],
    ['a location given as a string', (_, m) => (m.location.support.top_bar = 'assets/index.html'), 'must be an object'],
    ['an unknown location', (_, m) => (m.location.support.side_bar = { url: 'assets/index.html' }), 'location.support.side_bar is not a Support location'],
    ['a location url to a missing asset', (_, m) => (m.location.support.top_bar.url = 'assets/nope.html'), 'refers to a missing asset'],
    ['a plain-http location url', (_, m) => (m.location.support.top_bar.url = 'http://example.com/app'), 'must use https'],
    ['an auto-loaded location without url', (_, m) => (m.location.support.background = {}), 'needs a url'],
    ['a password parameter', (_, m) => param(m, { name: 'apiToken', type: 'password' }), 'the password type is gone'],
    ['a parameter called name', (_, m) => param(m, { name: 'name' }), 'cannot be called "name"'],
    ['a duplicate parameter', (_, m) => param(m, { name: 'backendUrl', type: 'url' }), 'declared twice'],
    ['a secure parameter without scopes', (_, m) => param(m, { name: 'sharedSecret', type: 'text', secure: true }), 'secure without scopes'],
    ['scopes on a non-secure parameter', (_, m) => param(m, { name: 'mode', scopes: ['header'] }), 'scopes are only for secure parameters'],
    ['a token-like parameter that is not secure', (_, m) => param(m, { name: 'apiToken', type: 'text' }), 'looks like a credential'],
    ['a hidden required parameter', (_, m) => param(m, { name: 'x', type: 'hidden', required: true }), 'cannot be required'],
    ['a default on a secure parameter', (_, m) => param(m, { name: 'sharedSecret', secure: true, scopes: ['jwt_secret_key'], default: 'x' }), 'not stored securely'],
    ['secure parameters without domainWhitelist', (_, m) => param(m, { name: 'sharedSecret', secure: true, scopes: ['jwt_secret_key'] }), 'need a non-empty domainWhitelist'],
    ['a parameter without a label', (_, m, en) => delete en.app.parameters.backendUrl, 'app.parameters.backendUrl.label is missing'],
    ['a name over 40 characters', (_, m, en) => (en.app.name = 'A'.repeat(41)), 'at most 40'],
    ['the Zendesk trademark in the name', (_, m, en) => (en.app.name = 'Zendesk Status Sync'), 'uses the Zendesk trademark'],
    ['a bad translation file name', (dir) => writeFileSync(join(dir, 'translations', 'english.json'), '{}'), 'translations/english.json: not a <locale>.json file'],
    ['a logo of the wrong size', (dir) => writeFileSync(join(dir, 'assets', 'logo.png'), encodePng(300, 300, new Uint8Array(300 * 300 * 4))), 'assets/logo.png is 300×300, must be 320×320'],
    ['a logo that is not a PNG', (dir) => writeFileSync(join(dir, 'assets', 'logo-small.png'), 'GIF89a'), 'assets/logo-small.png: not a PNG file'],
    ['a missing top-bar icon', (dir) => rmSync(join(dir, 'assets', 'icon_top_bar.svg')), 'icon_top_bar.svg is missing'],
    ['an SVG without viewBox', (dir) => writeFileSync(join(dir, 'assets', 'icon_top_bar.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="18" height="18"/>'), 'needs a viewBox'],
    ['an http:// request in the page', (dir) => writeFileSync(join(dir, 'assets', 'index.html'), '<script src="http://cdn.example.com/x.js"></script>'), 'insecure http:// URL(s): http://cdn.example.com/x.js'],
    ['an asset type Zendesk refuses', (dir) => writeFileSync(join(dir, 'assets', 'notes.txt'), 'x'), '.txt is not an accepted asset type'],
    ['an AWS key in a script', (dir) => writeFileSync(join(dir, 'assets', 'x.js'), 'const k = "AKIAABCDEFGHIJKLMNOP";'), 'looks like it contains a secret (AWS access key id)'],
    ['an assigned credential in a page', (dir) => writeFileSync(join(dir, 'assets', 'x.html'), '<script>var token = "abcdef123456";</script>'), '(assigned credential)'],
    ['a ZAS secret keyword in a file we write', (_, m, en) => (en.app.parameters.backendUrl.helpText = 'Ask for the password'), 'which ZAS flags as possible secrets'],
    ['a symlink', (dir) => symlinkSync(join(dir, 'assets', 'logo.png'), join(dir, 'assets', 'link.png')), 'symlinks are not allowed'],
  ])('%s', (_, change, message) => {
    const report = withChange(change);
    expect(report.errors.join('\n')).toContain(message);
  });
});
