// The ZAF package, checked offline (zaf.md §4): the repo's manifest.json, translations/ and assets/, the build in
// dist/app, and the zip `npm run package` makes for Zendesk. Also checks that the validator catches what it claims to.
import { spawnSync } from 'node:child_process';
import { unzipSync, zipSync } from 'fflate';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { isSyncDirection } from '../../shared/sync/types';
import { encodePng } from '../../scripts/png';
import { ICON_SYMBOL_IDS } from '../../scripts/logos';
import { ICON_SYMBOLS } from '../../app/src/status/view';
import { validateZafPackage, validateZafZip, zipSymlinks } from './zaf-package';
import { locationUrl, withBackendLocations } from '../../scripts/app-locations.cjs';

const root = resolve(__dirname, '..', '..');
const localNode = join(root, 'node_modules', '.bin', 'node');
const node = existsSync(localNode) ? localNode : process.execPath;
// The bundle's budget, minified: React DOM alone is about 130 KB of today's 280 KB.
const BUNDLE_BUDGET = 350 * 1024;
// And gzipped, as Zendesk serves it to each agent: about 92 KB today.
const BUNDLE_GZIP_BUDGET = 150 * 1024;

// Loose on purpose: the cases below poke at arbitrary fields of parsed JSON.
type Json = Record<string, any>;
const manifest: Json = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));

describe('the repo package (manifest.json, translations/, assets/)', () => {
  it('passes the offline validator without a warning (no secure setting since issue 13)', () => {
    expect(validateZafPackage(root, { built: false })).toEqual({ errors: [], warnings: [] });
  });

  it('declares syncDirection (text, required, a valid default) and the keepInStep checkbox (off); no URL to type (issue 12), no shared secret (issue 13)', () => {
    expect(manifest.parameters).toEqual([
      { name: 'syncDirection', type: 'text', required: true, default: 'aircall_to_zendesk' },
      { name: 'keepInStep', type: 'checkbox', default: false },
      { name: 'twoWayMaster', type: 'text', default: 'aircall' },
      { name: 'callStatus', type: 'text' },
      { name: 'talkAgentState', type: 'checkbox', default: false },
    ]);
    for (const locale of ['en', 'es']) {
      expect(JSON.parse(readFileSync(join(root, 'translations', `${locale}.json`), 'utf8')).app.parameters.sharedSecret).toBeUndefined();
    }
    expect(isSyncDirection(manifest.parameters[0].default)).toBe(true);
  });

  it('declares callStatus (issue 14 §1) off by default, and says in every language what it holds and that empty is off', () => {
    expect(manifest.parameters.find((p: { name: string }) => p.name === 'callStatus')).toEqual({ name: 'callStatus', type: 'text' });
    const parameter = (locale: string) => JSON.parse(readFileSync(join(root, 'translations', `${locale}.json`), 'utf8')).app.parameters.callStatus;
    expect(parameter('en').label).toBe('Zendesk status during Aircall calls');
    expect(parameter('en').helpText).toMatch(/transfers_only.*custom status.*Empty \(the default\): off.*ignored with zendesk_to_aircall/);
    expect(parameter('es').label).toBe('Estado de Zendesk durante las llamadas de Aircall');
    expect(parameter('es').helpText).toMatch(/Vacío \(predeterminado\): desactivado/);
  });

  it('declares talkAgentState (issue 14 §3) as a checkbox off by default, and says in every language what on and off do', () => {
    expect(manifest.parameters.find((p: { name: string }) => p.name === 'talkAgentState')).toEqual({
      name: 'talkAgentState',
      type: 'checkbox',
      default: false,
    });
    const parameter = (locale: string) => JSON.parse(readFileSync(join(root, 'translations', `${locale}.json`), 'utf8')).app.parameters.talkAgentState;
    expect(parameter('en').label).toBe('Without omnichannel routing, sync the Talk availability');
    expect(parameter('en').helpText).toMatch(
      /without omnichannel routing.*Talk availability.*Off \(the default\): such accounts are not synced on the Zendesk side/,
    );
    expect(parameter('es').label).toBe('Sin enrutamiento omnicanal, sincronizar la disponibilidad de Talk');
    expect(parameter('es').helpText).toMatch(/Desactivado \(predeterminado\): esas cuentas no se sincronizan del lado de Zendesk/);
  });

  it('declares twoWayMaster (issue 14 §2: text, ZAF has no list type), aircall by default, and offers both in every language', () => {
    const parameters = (locale: string) => JSON.parse(readFileSync(join(root, 'translations', `${locale}.json`), 'utf8')).app.parameters;
    expect(manifest.parameters.find((p: { name: string }) => p.name === 'twoWayMaster')).toEqual({ name: 'twoWayMaster', type: 'text', default: 'aircall' });
    expect(parameters('en').twoWayMaster.helpText).toMatch(/Only with the sync direction both.*aircall \(the default\) or zendesk/);
    expect(parameters('es').twoWayMaster.helpText).toMatch(/Solo con la dirección de sincronización both.*aircall \(predeterminado\) o zendesk/);
    for (const locale of ['en', 'es']) expect(parameters(locale).syncDirection.helpText).toContain('both (');
  });

  it('labels keepInStep "Undo changes made on the other side" and says in its help what on and off do, in every language', () => {
    const parameter = (locale: string) => JSON.parse(readFileSync(join(root, 'translations', `${locale}.json`), 'utf8')).app.parameters.keepInStep;
    expect(parameter('en')).toEqual({
      label: 'Undo changes made on the other side',
      helpText: expect.stringContaining("the other side always follows the source: an agent's own change there is reverted, and the sweep repairs any drift"),
    });
    expect(parameter('es')).toEqual({ label: expect.stringMatching(/^Deshacer/), helpText: expect.stringContaining('se revierte') });
  });

  it('lists the allowed directions in the help text, in every language', () => {
    for (const locale of ['en', 'es']) {
      const help: string = JSON.parse(readFileSync(join(root, 'translations', `${locale}.json`), 'utf8')).app.parameters.syncDirection.helpText;
      for (const direction of ['aircall_to_zendesk', 'zendesk_to_aircall', 'off']) expect(help).toContain(direction);
    }
  });

  it("serves every location from the local backend's POST /app/{location} with signedUrls (top bar with a size, nav bar, background), as objects", () => {
    expect(manifest.location).toEqual({
      support: {
        top_bar: { url: 'http://localhost:3000/app/top_bar', size: { width: expect.stringMatching(/^\d+px$/), height: expect.stringMatching(/^\d+px$/) } },
        nav_bar: { url: 'http://localhost:3000/app/nav_bar' },
        background: { url: 'http://localhost:3000/app/background' },
      },
    });
    expect(manifest).toMatchObject({ defaultLocale: 'en', frameworkVersion: '2.0', private: true, signedUrls: true, version: expect.any(String) });
  });

  it('builds location URLs in one function: the backend origin (a stage path kept) + /app/<location>', () => {
    expect(locationUrl('https://abc.execute-api.eu-west-1.amazonaws.com', 'top_bar')).toBe('https://abc.execute-api.eu-west-1.amazonaws.com/app/top_bar');
    expect(locationUrl('http://localhost:3000/prod/', 'nav_bar')).toBe('http://localhost:3000/prod/app/nav_bar');
    expect(() => locationUrl('abc.example.org', 'top_bar')).toThrow('absolute http(s) URL');
    expect(() => locationUrl('https://abc.example.org', '../admin')).toThrow('not a location name');
    const moved = withBackendLocations(manifest, 'https://api.example.org');
    expect(moved.location.support.top_bar).toEqual({ ...manifest.location.support.top_bar, url: 'https://api.example.org/app/top_bar' });
    expect(moved.signedUrls).toBe(true);
    expect(manifest.location.support.top_bar.url).toBe('http://localhost:3000/app/top_bar');
  });

  it('whitelists localhost in the repo; `npm run package` puts the deployed host there', () => {
    expect(manifest.domainWhitelist).toEqual(['localhost']);
  });

  it('draws a <symbol> for every icon state the app sets, default first', () => {
    const svg = readFileSync(join(root, 'assets', 'icon_top_bar.svg'), 'utf8');
    expect([...svg.matchAll(/<symbol id="([^"]+)"/g)].map((m) => m[1])).toEqual([...ICON_SYMBOLS]);
    expect([...ICON_SYMBOL_IDS]).toEqual([...ICON_SYMBOLS]);
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
      'assets/icon_nav_bar.svg',
      'assets/icon_top_bar.svg',
      'assets/index.html',
      'assets/logo-small.png',
      'assets/logo.png',
      'manifest.json',
      'translations/en.json',
      'translations/es.json',
    ]);
    expect(existsSync(join(outdir, 'app.js.map'))).toBe(true);
    expect(readFileSync(join(outdir, 'app', 'assets', 'app.js'), 'utf8')).not.toContain('sourceMappingURL');
  });

  it(`keeps the bundle under ${BUNDLE_BUDGET / 1024} KB minified and ${BUNDLE_GZIP_BUDGET / 1024} KB gzipped`, () => {
    const code = readFileSync(join(outdir, 'app', 'assets', 'app.js'));
    expect(code.length).toBeLessThan(BUNDLE_BUDGET);
    expect(gzipSync(code).length).toBeLessThan(BUNDLE_GZIP_BUDGET);
    // The metafile says what went in: one copy of React, and only the Garden packages the app imports.
    const meta = JSON.parse(readFileSync(join(outdir, 'app-meta.json'), 'utf8'));
    const inputs = Object.keys(meta.inputs);
    expect(inputs.filter((i) => /node_modules\/react-dom\/cjs\/react-dom\.production/.test(i))).toHaveLength(1);
    expect(inputs.filter((i) => /prismjs|react-dom\.development/.test(i))).toEqual([]);
  });

  it('passes the offline validator; the only warnings are about the third-party code in app.js', () => {
    const report = validateZafPackage(join(outdir, 'app'), { built: true });
    expect(report.errors).toEqual([]);
    // React DOM's XML namespace URIs and the words "password"/"pass": ZAS warns, nothing to fix (app/README.md).
    for (const warning of report.warnings) expect(warning).toMatch(/^(assets\/app\.js: |manifest\.json: the scope "jwt_secret_key")/);
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
  /** A secure parameter as an app with one would declare it (this app has none since issue 13). */
  const SECURE = { name: 'apiKey', type: 'text', secure: true, scopes: ['header'] };

  test.each<[string, (dir: string, m: Json, en: Json) => void, string]>([
    ['a missing author url', (_, m) => delete m.author.url, 'author.url must be a non-empty string'],
    ['an author url that is not http(s)', (_, m) => (m.author.url = 'ftp://example.com'), 'author.url must be an http(s) URL'],
    ['no defaultLocale', (_, m) => delete m.defaultLocale, 'defaultLocale undefined is not a locale'],
    ['no location', (_, m) => delete m.location, 'location must be an object'],
    ['a non-boolean flexible', (_, m) => (m.location.support.top_bar.flexible = 'yes'), 'flexible must be a boolean'],
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
    ['a duplicate parameter', (_, m) => param(m, { name: 'keepInStep', type: 'checkbox' }), 'declared twice'],
    ['a secure parameter without scopes', (_, m) => param(m, { name: 'apiKey', type: 'text', secure: true }), 'secure without scopes'],
    ['scopes on a non-secure parameter', (_, m) => param(m, { name: 'mode', scopes: ['header'] }), 'scopes are only for secure parameters'],
    ['a token-like parameter that is not secure', (_, m) => param(m, { name: 'apiToken', type: 'text' }), 'looks like a credential'],
    ['a hidden required parameter', (_, m) => param(m, { name: 'x', type: 'hidden', required: true }), 'cannot be required'],
    ['a default on a secure parameter', (_, m) => param(m, { name: 'apiKey', secure: true, scopes: ['header'], default: 'x' }), 'not stored securely'],
    [
      'secure parameters without domainWhitelist',
      (_, m) => {
        param(m, SECURE);
        delete m.domainWhitelist;
      },
      'need a non-empty domainWhitelist',
    ],
    [
      'an empty domainWhitelist',
      (_, m) => {
        param(m, SECURE);
        m.domainWhitelist = [];
      },
      'need a non-empty domainWhitelist',
    ],
    ['a domainWhitelist entry that is not a string', (_, m) => (m.domainWhitelist = [42]), 'domainWhitelist must be an array of host names'],
    ['a required hidden parameter', (_, m) => param(m, { name: 'h', type: 'hidden', required: true }), 'a hidden parameter cannot be required'],
    ['a non-boolean secure', (_, m) => param(m, { ...SECURE, secure: 'true' }), 'secure must be a boolean'],
    ['an unknown scope', (_, m) => param(m, { ...SECURE, scopes: ['everywhere'] }), 'scopes must be a non-empty array'],
    ['an unknown parameter type', (_, m) => (m.parameters[0].type = 'select'), 'type "select" is not one of'],
    [
      'a Spanish file without a parameter label',
      (dir) => {
        const es = JSON.parse(readFileSync(join(dir, 'translations', 'es.json'), 'utf8'));
        delete es.app.parameters.keepInStep.label;
        writeFileSync(join(dir, 'translations', 'es.json'), JSON.stringify(es));
      },
      'translations/es.json: app.parameters.keepInStep.label is missing',
    ],
    [
      'icon symbols without a default',
      (dir) => writeFileSync(join(dir, 'assets', 'icon_top_bar.svg'), '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 18 18"><symbol id="busy"/></svg>'),
      'one needs id="default"',
    ],
    ['a parameter without a label', (_, _m, en) => delete en.app.parameters.keepInStep, 'app.parameters.keepInStep.label is missing'],
    ['a name over 40 characters', (_, _m, en) => (en.app.name = 'A'.repeat(41)), 'at most 40'],
    ['the Zendesk trademark in the name', (_, _m, en) => (en.app.name = 'Zendesk Status Sync'), 'uses the Zendesk trademark'],
    [
      'a bad translation file name',
      (dir) => writeFileSync(join(dir, 'translations', 'english.json'), '{}'),
      'translations/english.json: not a <locale>.json file',
    ],
    [
      'a logo of the wrong size',
      (dir) => writeFileSync(join(dir, 'assets', 'logo.png'), encodePng(300, 300, new Uint8Array(300 * 300 * 4))),
      'assets/logo.png is 300×300, must be 320×320',
    ],
    ['a logo that is not a PNG', (dir) => writeFileSync(join(dir, 'assets', 'logo-small.png'), 'GIF89a'), 'assets/logo-small.png: not a PNG file'],
    ['a missing top-bar icon', (dir) => rmSync(join(dir, 'assets', 'icon_top_bar.svg')), 'icon_top_bar.svg is missing'],
    ['a missing nav-bar icon (the admin console)', (dir) => rmSync(join(dir, 'assets', 'icon_nav_bar.svg')), 'icon_nav_bar.svg is missing'],
    [
      'an SVG without viewBox',
      (dir) => writeFileSync(join(dir, 'assets', 'icon_top_bar.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="18" height="18"/>'),
      'needs a viewBox',
    ],
    [
      'an http:// request in the page',
      (dir) => writeFileSync(join(dir, 'assets', 'index.html'), '<script src="http://cdn.example.com/x.js"></script>'),
      'insecure http:// URL(s): http://cdn.example.com/x.js',
    ],
    ['an asset type Zendesk refuses', (dir) => writeFileSync(join(dir, 'assets', 'notes.txt'), 'x'), '.txt is not an accepted asset type'],
    [
      'an AWS key in a script',
      (dir) => writeFileSync(join(dir, 'assets', 'x.js'), 'const k = "AKIAABCDEFGHIJKLMNOP";'),
      'looks like it contains a secret (AWS access key id)',
    ],
    [
      'an assigned credential in a page',
      (dir) => writeFileSync(join(dir, 'assets', 'x.html'), '<script>var token = "abcdef123456";</script>'),
      '(assigned credential)',
    ],
    [
      'a ZAS secret keyword in a file we write',
      (_, _m, en) => (en.app.parameters.keepInStep.helpText = 'Ask for the password'),
      'which ZAS flags as possible secrets',
    ],
    ['a ZAS secret keyword in the manifest, beside the allowed scope', (_, m) => (m.author.name = 'secret team'), 'manifest.json: contains "secret"'],
    ['a symlink', (dir) => symlinkSync(join(dir, 'assets', 'logo.png'), join(dir, 'assets', 'link.png')), 'symlinks are not allowed'],
  ])('%s', (_, change, message) => {
    const report = withChange(change);
    expect(report.errors.join('\n')).toContain(message);
  });
});

describe('npm run package (scripts/package.mjs): the zip for Zendesk', () => {
  let outdir: string;
  const run = (...args: string[]) =>
    spawnSync(node, ['scripts/package.mjs', '--outdir', outdir, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, APP_BACKEND_HOST: '' } });
  const zipOf = () => readFileSync(join(outdir, `agent-status-sync-${manifest.version}.zip`));

  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'ass-app-package-'));
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('zips manifest.json, assets/ and translations/ at the root, for the backend host given', () => {
    // Act
    const result = run('--backend-host', 'abc123.execute-api.eu-west-1.amazonaws.com');
    // Assess
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    const report = validateZafZip(zipOf());
    expect(report.entries).toEqual([
      'assets/app.js',
      'assets/icon_nav_bar.svg',
      'assets/icon_top_bar.svg',
      'assets/index.html',
      'assets/logo-small.png',
      'assets/logo.png',
      'manifest.json',
      'translations/en.json',
      'translations/es.json',
    ]);
    expect(report.errors).toEqual([]);
    for (const warning of report.warnings) expect(warning).toMatch(/^(assets\/app\.js: |manifest\.json: the scope "jwt_secret_key")/);
    const zipped = JSON.parse(new TextDecoder().decode(unzipSync(zipOf())['manifest.json']));
    expect(zipped.domainWhitelist).toEqual(['abc123.execute-api.eu-west-1.amazonaws.com']);
    expect(zipped.parameters).toEqual(manifest.parameters);
    // Zendesk POSTs the signedUrls token to the deployed backend's location pages.
    expect(zipped.signedUrls).toBe(true);
    expect(Object.fromEntries(Object.entries(zipped.location.support).map(([name, o]) => [name, (o as Json).url]))).toEqual({
      top_bar: 'https://abc123.execute-api.eu-west-1.amazonaws.com/app/top_bar',
      nav_bar: 'https://abc123.execute-api.eu-west-1.amazonaws.com/app/nav_bar',
      background: 'https://abc123.execute-api.eu-west-1.amazonaws.com/app/background',
    });
  });

  it('keeps localhost without a host, and says the package is for local use', () => {
    // Act
    const result = run();
    // Assess
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('for local use only');
    expect(JSON.parse(new TextDecoder().decode(unzipSync(zipOf())['manifest.json'])).domainWhitelist).toEqual(['localhost']);
  });

  it('refuses a host that is a URL, and writes no zip', () => {
    // Prepare
    rmSync(join(outdir, `agent-status-sync-${manifest.version}.zip`), { force: true });
    // Act
    const result = run('--backend-host', 'https://api.example.com/prod');
    // Assess
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      '--backend-host must be a host name such as api.example.com (no https://, port or path), got "https://api.example.com/prod"',
    );
    expect(existsSync(join(outdir, `agent-status-sync-${manifest.version}.zip`))).toBe(false);
  });
});

describe('the zip validator catches', () => {
  /** The repo package's files, as zip entries, with one change. */
  function zipWith(change: (files: Record<string, Uint8Array>) => void): Uint8Array {
    const files: Record<string, Uint8Array> = {};
    for (const part of ['manifest.json', 'translations', 'assets']) {
      const path = join(root, part);
      const names = statSync(path).isDirectory() ? readdirSync(path).map((f) => `${part}/${f}`) : [part];
      for (const name of names) files[name] = new Uint8Array(readFileSync(join(root, name)));
    }
    change(files);
    return zipSync(files);
  }

  it('nothing in the repo package with a bundle, zipped as it is', () => {
    expect(validateZafZip(zipWith((f) => (f['assets/app.js'] = new TextEncoder().encode('void 0;')))).errors).toEqual([]);
  });

  test.each<[string, (files: Record<string, Uint8Array>) => void, string]>([
    [
      'a folder around the package',
      (f) => {
        for (const name of Object.keys(f)) {
          f[`app/${name}`] = f[name]!;
          delete f[name];
        }
      },
      'app/manifest.json: the zip must hold manifest.json, requirements.json, assets, translations at its root',
    ],
    ['a stray file at the root', (f) => (f['README.md'] = new Uint8Array([1])), 'README.md: the zip must hold'],
    ['a path escaping the package', (f) => (f['assets/../../x.js'] = new Uint8Array([1])), 'not a safe path'],
    ['no manifest', (f) => delete f['manifest.json'], 'manifest.json is missing'],
    [
      'a missing asset the page loads',
      (f) => (f['assets/index.html'] = new TextEncoder().encode('<script src="nope.js"></script>')),
      '"nope.js" does not exist in the package',
    ],
  ])('%s', (_, change, message) => {
    expect(validateZafZip(zipWith(change)).errors.join('\n')).toContain(message);
  });

  it('a symlink entry (Unix mode in the central directory)', () => {
    // Prepare: fflate writes the mode through `attrs` (high 16 bits) with `os: 3` (Unix).
    const zip = zipSync({
      'manifest.json': new Uint8Array([123, 125]),
      'assets/link.png': [new TextEncoder().encode('logo.png'), { os: 3, attrs: (0o120777 << 16) >>> 0 }],
    });
    // Act + Assess
    expect(zipSymlinks(zip)).toEqual(['assets/link.png']);
    expect(validateZafZip(zip).errors).toContain('assets/link.png: symlinks are not allowed in a package');
  });

  it('a file that is not a zip', () => {
    expect(validateZafZip(new TextEncoder().encode('not a zip')).errors[0]).toMatch(/^not a readable zip/);
  });
});
