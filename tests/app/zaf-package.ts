// An offline validator of a ZAF app package (manifest.json, translations/, assets/), after zaf.md §4 and ZAS's rules.
//
// `zcli apps:validate` needs a Zendesk account, so CI runs this instead. It is stricter than ZAS where zaf.md §4 asks
// (warnings that matter become errors) and reports as `warnings` what ZAS would only warn about and we accept.
import { unzipSync } from 'fflate';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, posix, relative } from 'node:path';
import { readPngHeader } from '../../scripts/png';

export interface ZafReport {
  /** Problems that fail the package. */
  errors: string[];
  /** What ZAS would warn about and the project accepts, each naming its file. */
  warnings: string[];
}

export interface ValidateOptions {
  /**
   * The package is a build (dist/app): files the HTML references, such as assets/app.js, must exist. In the repo
   * the bundle does not exist yet.
   */
  built: boolean;
}

// [zas] manifest.rb: every key the validator knows.
const MANIFEST_KEYS = [
  'requirementsOnly',
  'marketingOnly',
  'version',
  'author',
  'name',
  'experiments',
  'frameworkVersion',
  'singleInstall',
  'signedUrls',
  'noTemplate',
  'defaultLocale',
  'location',
  'private',
  'oauth',
  'parameters',
  'domainWhitelist',
  'remoteInstallationURL',
  'termsConditionsURL',
  'gaID',
];
const LOCALE = /^[a-z]{2,3}(-\w{2,3})?$/;
// [zas] location.rb and product.rb. Only Support's location names are listed: the app runs in Support only.
const PRODUCTS = ['support', 'zendesk', 'chat', 'standalone_chat', 'sell'];
const SUPPORT_LOCATIONS = [
  'top_bar',
  'nav_bar',
  'ticket_sidebar',
  'new_ticket_sidebar',
  'user_sidebar',
  'organization_sidebar',
  'background',
  'modal',
  'ticket_editor',
  'system_top_bar',
  'custom_object_record_sidebar',
];
// [zas] manifest/location_options.rb
const LOCATION_OPTIONS = ['url', 'autoLoad', 'autoHide', 'flexible', 'signed', 'size', 'objectTypes', 'legacy'];
// [zas] manifest/parameter.rb (password removed 2026-04-28; mtls only when the server enables it).
const PARAMETER_TYPES = ['text', 'checkbox', 'url', 'number', 'multiline', 'hidden', 'oauth'];
const PARAMETER_KEYS = ['name', 'type', 'required', 'secure', 'default', 'scopes', 'allowed_domain'];
const SCOPES = ['header', 'body', 'url', 'jwt_secret_key', 'jwt_claim', 'basic_auth_username', 'basic_auth_password'];
// [zaf-styles]
const ASSET_TYPES = [
  '.png',
  '.jpg',
  '.jpeg',
  '.gif',
  '.svg',
  '.js',
  '.htm',
  '.html',
  '.css',
  '.map',
  '.eot',
  '.woff',
  '.woff2',
  '.otf',
  '.ttf',
  '.json',
  '.xml',
  '.hbs',
  '.hdbs',
];
const TEXT_TYPES = ['.svg', '.js', '.htm', '.html', '.css', '.map', '.json', '.xml', '.hbs', '.hdbs'];

/**
 * `http://` strings that are identifiers, not requests: XML namespace URIs React DOM compares element namespaces
 * with, and the prop-types error message link. They must stay `http://` (namespace URIs are compared as strings), so
 * ZAS will still warn "Possible insecure HTTP request" for the bundle; reported as warnings.
 */
export const HTTP_IDENTIFIERS = [
  'http://www.w3.org/1999/xhtml',
  'http://www.w3.org/2000/svg',
  'http://www.w3.org/1999/xlink',
  'http://www.w3.org/1998/Math/MathML',
  'http://www.w3.org/XML/1998/namespace',
  'http://fb.me/use-check-prop-types',
];

// [zas] secrets.rb SECRET_KEYWORDS, matched as ZAS does: case-sensitive substrings anywhere.
export const ZAS_SECRET_KEYWORDS = [
  'pass',
  'password',
  'secret',
  'secretToken',
  'secret_token',
  'auth_key',
  'authKey',
  'auth_pass',
  'authPass',
  'auth_user',
  'AuthUser',
  'username',
  'api_key',
];

// Strings that are secrets, whoever wrote the file: these fail the package wherever they appear.
const SECRETS: Array<[string, RegExp]> = [
  ['private key', /-----BEGIN (RSA |OPENSSH |DSA |EC |PGP )?PRIVATE KEY( BLOCK)?-----/],
  ['AWS access key id', /\b(AKIA|ASIA)[0-9A-Z]{16}\b/],
  ['AWS secret access key', /aws_?secret_?access_?key["']?\s*[:=]\s*["']?[0-9a-zA-Z/+]{40}/i],
  ['Slack token', /\bxox[pboa]-[0-9A-Za-z-]{10,}/],
  ['GitHub token', /\bgh[pousr]_[0-9A-Za-z]{36,}/],
  ['assigned credential', /\b(secret|token|password|passwd|api_?key|client_?secret)["']?\s*[:=]\s*["'][^"'\s{}]{8,}["']/i],
];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isHttpUrl = (v: unknown) => {
  if (typeof v !== 'string') return false;
  try {
    return ['http:', 'https:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
};

/** Every file under `dir` (relative paths with `/`), symlinks included and reported by the caller. */
function walk(dir: string, base = dir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    return entry.isDirectory() ? walk(full, base) : [relative(base, full).split('\\').join('/')];
  });
}

function readJson(file: string, errors: string[]): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    errors.push(`${posix.basename(file)}: not valid JSON (${(e as Error).message})`);
    return undefined;
  }
}

/**
 * Validates the ZAF package in `dir`: the repo root (manifest.json, translations/, assets/) or a build (dist/app).
 *
 * @example validateZafPackage('dist/app', { built: true }).errors // []
 */
export function validateZafPackage(dir: string, options: ValidateOptions): ZafReport {
  const errors: string[] = [];
  const warnings: string[] = [];
  const has = (rel: string) => existsSync(join(dir, rel));

  // 1. The manifest's keys.
  if (!has('manifest.json')) return { errors: ['manifest.json is missing'], warnings };
  const manifest = readJson(join(dir, 'manifest.json'), errors);
  if (!isObject(manifest)) return { errors: [...errors, 'manifest.json: must be a JSON object'], warnings };
  for (const key of Object.keys(manifest)) if (!MANIFEST_KEYS.includes(key)) errors.push(`manifest: unknown key "${key}"`);
  const author = manifest.author;
  if (!isObject(author)) errors.push('manifest: author must be an object with name, email and url');
  else {
    for (const k of ['name', 'email', 'url'])
      if (typeof author[k] !== 'string' || author[k] === '') errors.push(`manifest: author.${k} must be a non-empty string`);
    if (!isHttpUrl(author.url)) errors.push('manifest: author.url must be an http(s) URL');
  }
  const locale = manifest.defaultLocale;
  if (typeof locale !== 'string' || !LOCALE.test(locale)) errors.push(`manifest: defaultLocale ${JSON.stringify(locale)} is not a locale`);
  else if (!has(`translations/${locale}.json`)) errors.push(`manifest: translations/${locale}.json (the defaultLocale) is missing`);
  if (manifest.frameworkVersion !== '2.0') errors.push(`manifest: frameworkVersion must be "2.0", got ${JSON.stringify(manifest.frameworkVersion)}`);
  if ('noTemplate' in manifest) errors.push('manifest: noTemplate is an error for v2 apps');
  if (typeof manifest.version !== 'string' || manifest.version === '') errors.push('manifest: version must be a non-empty string');
  if ('private' in manifest && typeof manifest.private !== 'boolean') errors.push('manifest: private must be a boolean');
  for (const k of ['singleInstall', 'signedUrls', 'requirementsOnly', 'marketingOnly']) {
    if (k in manifest && typeof manifest[k] !== 'boolean') errors.push(`manifest: ${k} must be a boolean`);
  }
  if (manifest.requirementsOnly === true || manifest.marketingOnly === true)
    errors.push('manifest: this app has UI; requirementsOnly/marketingOnly must not be set');

  // 2. Locations: objects only, known names, URLs that are assets in the package, https, or localhost.
  const locations = manifest.location;
  if (!isObject(locations) || Object.keys(locations).length === 0) errors.push('manifest: location must be an object naming at least one product');
  else {
    for (const [product, byName] of Object.entries(locations)) {
      if (!PRODUCTS.includes(product)) errors.push(`manifest: location.${product} is not a product`);
      if (!isObject(byName)) {
        errors.push(`manifest: location.${product} must be an object of locations`);
        continue;
      }
      for (const [name, value] of Object.entries(byName)) {
        const where = `location.${product}.${name}`;
        if ((product === 'support' || product === 'zendesk') && !SUPPORT_LOCATIONS.includes(name)) errors.push(`manifest: ${where} is not a Support location`);
        // The React scaffold's build spreads each location object; a string would become a character map (zaf.md §2.2).
        if (!isObject(value)) {
          errors.push(`manifest: ${where} must be an object ({ "url": … }), not ${JSON.stringify(value)}`);
          continue;
        }
        for (const key of Object.keys(value)) if (!LOCATION_OPTIONS.includes(key)) errors.push(`manifest: ${where}.${key} is not a location option`);
        for (const key of ['autoLoad', 'autoHide', 'flexible', 'signed']) {
          if (key in value && typeof value[key] !== 'boolean') errors.push(`manifest: ${where}.${key} must be a boolean`);
        }
        if (value.autoLoad !== false && value.url === undefined) errors.push(`manifest: ${where} loads automatically, so it needs a url`);
        if (value.url !== undefined) {
          const problem = locationUrlProblem(value.url, has);
          if (problem) errors.push(`manifest: ${where}.url ${problem}`);
        }
        if ('size' in value) {
          const size = value.size;
          if (!isObject(size) || Object.values(size).some((v) => typeof v !== 'string')) errors.push(`manifest: ${where}.size must be an object of CSS sizes`);
        }
      }
    }
  }

  // 3. Parameters.
  const parameters = manifest.parameters ?? [];
  const params: Json[] = [];
  if (!Array.isArray(parameters)) errors.push('manifest: parameters must be an array');
  else {
    const seen = new Set<string>();
    for (const [i, p] of parameters.entries()) {
      if (!isObject(p) || typeof p.name !== 'string' || p.name === '') {
        errors.push(`manifest: parameters[${i}] must be an object with a name`);
        continue;
      }
      params.push(p);
      const where = `parameter "${p.name}"`;
      const type = p.type ?? 'text';
      for (const key of Object.keys(p)) if (!PARAMETER_KEYS.includes(key)) errors.push(`manifest: ${where}: unknown attribute "${key}"`);
      if (seen.has(p.name)) errors.push(`manifest: ${where} is declared twice`);
      seen.add(p.name);
      if (p.name === 'name') errors.push(`manifest: a parameter cannot be called "name"`);
      if (type === 'password') errors.push(`manifest: ${where}: the password type is gone; use "type": "text", "secure": true with scopes`);
      else if (typeof type !== 'string' || !PARAMETER_TYPES.includes(type))
        errors.push(`manifest: ${where}: type ${JSON.stringify(type)} is not one of ${PARAMETER_TYPES.join(' ')}`);
      for (const key of ['required', 'secure']) if (key in p && typeof p[key] !== 'boolean') errors.push(`manifest: ${where}: ${key} must be a boolean`);
      if (type === 'hidden' && p.required === true) errors.push(`manifest: ${where}: a hidden parameter cannot be required`);
      if (type === 'oauth' && p.secure === true) errors.push(`manifest: ${where}: an oauth parameter cannot be secure`);
      if ('scopes' in p) {
        if (p.secure !== true) errors.push(`manifest: ${where}: scopes are only for secure parameters`);
        else if (!Array.isArray(p.scopes) || p.scopes.length === 0 || p.scopes.some((s) => !SCOPES.includes(s as string))) {
          errors.push(`manifest: ${where}: scopes must be a non-empty array of ${SCOPES.join(' ')}`);
        }
      } else if (p.secure === true) errors.push(`manifest: ${where} is secure without scopes (token exposure risk)`);
      if (p.secure !== true && type === 'text' && /token|key|pwd|password/i.test(p.name))
        errors.push(`manifest: ${where} looks like a credential but is not secure`);
      if ('default' in p && (p.secure === true || type === 'hidden'))
        errors.push(`manifest: ${where}: a default on a secure or hidden parameter is not stored securely`);
    }
    if (params.filter((p) => p.type === 'oauth').length > 1) errors.push('manifest: at most one oauth parameter');
    if (params.some((p) => p.type === 'oauth') !== 'oauth' in manifest) errors.push('manifest: an oauth parameter and the oauth key go together');
  }

  // 4. domainWhitelist.
  const whitelist = manifest.domainWhitelist;
  if (whitelist !== undefined && (!Array.isArray(whitelist) || whitelist.some((d) => typeof d !== 'string' || d === ''))) {
    errors.push('manifest: domainWhitelist must be an array of host names');
  }
  if (params.some((p) => p.secure === true) && (!Array.isArray(whitelist) || whitelist.length === 0)) {
    errors.push('manifest: secure parameters need a non-empty domainWhitelist');
  }

  // 5. Translations.
  for (const file of walk(join(dir, 'translations'))) {
    const match = /^([^/]+)\.json$/.exec(file);
    if (!match || !LOCALE.test(match[1]!)) {
      errors.push(`translations/${file}: not a <locale>.json file`);
      continue;
    }
    const json = readJson(join(dir, 'translations', file), errors);
    if (!isObject(json)) errors.push(`translations/${file}: must be a JSON object`);
  }
  const en = has('translations/en.json') ? readJson(join(dir, 'translations', 'en.json'), []) : undefined;
  const app = isObject(en) && isObject(en.app) ? en.app : undefined;
  if (!app) errors.push('translations/en.json: missing, or without an "app" object');
  else {
    if (typeof app.name !== 'string' || app.name.trim() === '') errors.push('translations/en.json: app.name is missing');
    else {
      if (app.name.length > 40) errors.push(`translations/en.json: app.name is ${app.name.length} characters (at most 40)`);
      // No Zendesk trademark in the app's name (zaf.md §11, [zaf-assets]).
      if (/zendesk/i.test(app.name)) errors.push(`translations/en.json: app.name "${app.name}" uses the Zendesk trademark`);
    }
    const labels = isObject(app.parameters) ? app.parameters : {};
    for (const p of params) {
      const entry = labels[p.name as string];
      if (!isObject(entry) || typeof entry.label !== 'string' || entry.label === '') {
        errors.push(`translations/en.json: app.parameters.${String(p.name)}.label is missing`);
      } else if ('helpText' in entry && typeof entry.helpText !== 'string') {
        errors.push(`translations/en.json: app.parameters.${String(p.name)}.helpText must be a string`);
      }
    }
    // Other locales: what they translate of the settings must be complete (a label per parameter).
    for (const file of walk(join(dir, 'translations')).filter((f) => f !== 'en.json' && /^[^/]+\.json$/.test(f))) {
      const other = readJson(join(dir, 'translations', file), []);
      const otherApp = isObject(other) && isObject(other.app) ? other.app : undefined;
      if (!otherApp || !isObject(otherApp.parameters)) continue;
      for (const p of params) {
        const entry = otherApp.parameters[p.name as string];
        if (!isObject(entry) || typeof entry.label !== 'string' || entry.label === '')
          errors.push(`translations/${file}: app.parameters.${String(p.name)}.label is missing`);
      }
    }
    if (manifest.private === false) {
      for (const key of ['installation_instructions', 'long_description'])
        if (typeof app[key] !== 'string') errors.push(`translations/en.json: a public app needs app.${key}`);
      if (typeof app.short_description !== 'string' && typeof app.description !== 'string')
        errors.push('translations/en.json: a public app needs app.short_description');
    }
  }

  // 6. Assets.
  const files = [
    'manifest.json',
    'requirements.json',
    ...walk(join(dir, 'translations')).map((f) => `translations/${f}`),
    ...walk(join(dir, 'assets')).map((f) => `assets/${f}`),
  ].filter(has);
  for (const file of files) if (lstatSync(join(dir, file)).isSymbolicLink()) errors.push(`${file}: symlinks are not allowed in a package`);
  for (const file of files.filter((f) => f.startsWith('assets/'))) {
    if (!ASSET_TYPES.includes(extname(file).toLowerCase())) errors.push(`${file}: .${extname(file).slice(1)} is not an accepted asset type`);
  }
  for (const [file, size] of [
    ['assets/logo.png', 320],
    ['assets/logo-small.png', 128],
  ] as const) {
    if (!has(file)) {
      errors.push(`${file} is missing`);
      continue;
    }
    try {
      const png = readPngHeader(readFileSync(join(dir, file)));
      if (png.width !== size || png.height !== size) errors.push(`${file} is ${png.width}×${png.height}, must be ${size}×${size}`);
    } catch (e) {
      errors.push(`${file}: ${(e as Error).message}`);
    }
  }
  // ZAS package.rb `build_location_icons_hash`: each location with an icon reads its own `assets/icon_<location>.svg`.
  const uses = (name: string) => isObject(locations) && Object.values(locations).some((byName) => isObject(byName) && name in byName);
  if (uses('top_bar') && !has('assets/icon_top_bar.svg')) errors.push('assets/icon_top_bar.svg is missing (the top-bar icon)');
  if (uses('nav_bar') && !has('assets/icon_nav_bar.svg')) errors.push('assets/icon_nav_bar.svg is missing (the nav-bar icon)');
  for (const file of files.filter((f) => f.endsWith('.svg'))) {
    const svg = readFileSync(join(dir, file), 'utf8');
    if (!/<svg\b[^>]*\sviewBox="[^"]+"/.test(svg)) errors.push(`${file}: the <svg> element needs a viewBox`);
    if (/<script\b|\son\w+=|<image\b|data:image\//i.test(svg))
      errors.push(`${file}: scripts, event handlers and embedded bitmaps are removed by ZAS's sanitiser`);
    if (/<symbol\b/.test(svg) && !/<symbol\b[^>]*\sid="default"/.test(svg)) errors.push(`${file}: with <symbol>s, one needs id="default"`);
  }

  for (const file of files.filter((f) => ['.html', '.htm'].includes(extname(f)))) {
    const html = readFileSync(join(dir, file), 'utf8');
    for (const [, ref] of html.matchAll(/\s(?:src|href)="([^"]+)"/g)) {
      if (/^(https?:)?\/\//.test(ref!) || ref!.startsWith('data:') || ref!.startsWith('#')) continue;
      const target = posix.normalize(posix.join(posix.dirname(file), ref!.split(/[?#]/)[0]!));
      if (!target.startsWith('assets/')) errors.push(`${file}: "${ref}" points outside assets/`);
      else if (options.built && !has(target)) errors.push(`${file}: "${ref}" does not exist in the package`);
    }
  }

  // `http://` in scripts and pages: ZAS warns "Possible insecure HTTP request" ([zas] validations/requests.rb).
  for (const file of files.filter((f) => ['.js', '.html', '.htm'].includes(extname(f)))) {
    const text = readFileSync(join(dir, file), 'utf8');
    const urls = [...new Set(text.match(/http:\/\/[^\s"'`<>)\\]+/g) ?? [])];
    const requests = urls.filter((u) => !HTTP_IDENTIFIERS.includes(u));
    if (requests.length) errors.push(`${file}: insecure http:// URL(s): ${requests.join(', ')}`);
    const identifiers = urls.filter((u) => HTTP_IDENTIFIERS.includes(u));
    if (identifiers.length) warnings.push(`${file}: http:// identifiers (not requests), ZAS will still warn: ${identifiers.join(', ')}`);
  }

  // Secrets. Real secret shapes fail everywhere. ZAS also flags bare keywords ("pass", "username"…) in any text
  // file; in files we write that fails here, in a third-party bundle (which always contains "password" and
  // "passive") it is a warning.
  for (const file of files.filter((f) => TEXT_TYPES.includes(extname(f)))) {
    let text = readFileSync(join(dir, file), 'utf8');
    if (file === 'manifest.json') {
      // ZAS's own scope name for a JWT key (zaf.md §2.3) contains "secret"; a secure setting signing a JWT needs it.
      const stripped = text.replace(/"jwt_secret_key"/g, '""');
      if (stripped !== text)
        warnings.push(`${file}: the scope "jwt_secret_key" contains "secret", which ZAS may flag as a possible secret (it is ZAS's own scope name)`);
      text = stripped;
    }
    for (const [kind, pattern] of SECRETS) if (pattern.test(text)) errors.push(`${file}: looks like it contains a secret (${kind})`);
    const keywords = ZAS_SECRET_KEYWORDS.filter((k) => text.includes(k));
    if (!keywords.length) continue;
    const message = `${file}: contains ${keywords.map((k) => `"${k}"`).join(', ')}, which ZAS flags as possible secrets`;
    if (extname(file) === '.js') warnings.push(message);
    else errors.push(message);
  }
  return { errors, warnings };
}

/** Why a location URL is invalid, or `undefined` when it is fine ([zas] location URL rules, zaf.md §2.2). */
function locationUrlProblem(url: unknown, has: (rel: string) => boolean): string | undefined {
  if (typeof url !== 'string' || url === '') return 'must be a non-empty string';
  if (url.includes('{{setting.')) return undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return 'is not a valid URL';
    }
    if (parsed.protocol === 'https:') return undefined;
    if (parsed.protocol === 'http:' && parsed.hostname === 'localhost') return undefined;
    return 'must use https (or be on localhost)';
  }
  if (!url.startsWith('assets/')) return 'must be https://… or a file under assets/';
  return has(url.split(/[?#]/)[0]!) ? undefined : 'refers to a missing asset';
}

/** What may sit at the root of a ZAF zip (zaf.md §1): the package's parts, never a folder around them. */
const ZIP_ROOTS = ['manifest.json', 'requirements.json', 'assets', 'translations'];

/**
 * Validates a ZAF zip as Zendesk receives it: entries at the root and safe (no `..`, no absolute path, no symlink),
 * then the extracted contents with `validateZafPackage` (as a build: referenced files must exist).
 *
 * @example validateZafZip(readFileSync('dist/agent-status-sync-0.2.0.zip')).errors // []
 */
export function validateZafZip(zip: Uint8Array): ZafReport & { entries: string[] } {
  const errors: string[] = [];
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip);
  } catch (e) {
    return { errors: [`not a readable zip (${(e as Error).message})`], warnings: [], entries: [] };
  }
  const entries = Object.keys(files).sort();
  for (const link of zipSymlinks(zip)) errors.push(`${link}: symlinks are not allowed in a package`);
  const safe: string[] = [];
  for (const name of entries) {
    if (name.endsWith('/')) continue; // a folder entry
    const top = name.split('/')[0]!;
    if (name.startsWith('/') || name.split('/').includes('..') || name.includes('\\')) errors.push(`${name}: not a safe path inside the zip`);
    else if (!ZIP_ROOTS.includes(top)) errors.push(`${name}: the zip must hold ${ZIP_ROOTS.join(', ')} at its root, nothing else`);
    else safe.push(name);
  }
  const dir = mkdtempSync(join(tmpdir(), 'zaf-zip-'));
  try {
    for (const name of safe) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), files[name]!);
    }
    const report = validateZafPackage(dir, { built: true });
    return { errors: [...errors, ...report.errors], warnings: report.warnings, entries };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The entries of a zip that are symlinks: Unix mode S_IFLNK in the central directory's external attributes
 * (APPNOTE.TXT 4.3.12; `unzipSync` does not expose them).
 */
export function zipSymlinks(zip: Uint8Array): string[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let end = -1;
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) return [];
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const links: string[] = [];
  for (let i = 0; i < count && at + 46 <= zip.length && view.getUint32(at, true) === 0x02014b50; i++) {
    const madeByUnix = view.getUint8(at + 5) === 3;
    const mode = view.getUint32(at + 38, true) >>> 16;
    const nameLength = view.getUint16(at + 28, true);
    const name = new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength));
    if (madeByUnix && (mode & 0o170000) === 0o120000) links.push(name);
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return links;
}
