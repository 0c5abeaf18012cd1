// The app's location page, served by the backend so Zendesk's signedUrls POST reaches us (zaf.md §6.5): the built
// index.html with the boot object (shared/app-boot.ts), and the built app's other files.
import { escapeHtml } from '../oauth/html';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { appBootScript, type AppBoot, type AppBootProblem } from '../../shared/app-boot';
import type { DirectoryStore } from '../store/port';
import type { SyncDeps } from '../sync/deps';
import type { AccountsBySubdomain } from './accounts';
import type { AppKeys } from './app-keys';
import type { RefusedUsers } from './refused-users';
import { SignInRefused, signInWithSignedUrl } from './sign-in';

export interface PageAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded?: boolean;
}

/** Location names as the manifest writes them (`top_bar`, `nav_bar`, `background`). */
const LOCATION = /^[a-z][a-z_]{0,39}$/;
/** Asset paths: plain names in plain folders; no `..`, no hidden files, no backslashes. */
const ASSET = /^(?:[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}\/){0,4}[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}$/;
const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};
const BINARY = new Set(['.png', '.jpg', '.ico', '.woff2']);
/** Problems that mean "this token or user is refused" (401); the others still answer 200 with an explaining page. */
const REFUSED: readonly AppBootProblem[] = ['invalid_token', 'user_refused'];
/** Zendesk frames the app from its own domain (zaf.md §6.5); the local host adds its origins. */
export const ZENDESK_FRAME_ANCESTORS = ['https://*.zendesk.com'];

export interface AppPageOptions {
  /** The built app's `assets` folder (the package's, with index.html and app.js). */
  assetsDir: string;
  /** Origins allowed to frame the page besides Zendesk's (the local host). */
  frameAncestors?: readonly string[];
}

export interface PageRequest {
  method: string;
  location: string;
  /** The request's form body (`application/x-www-form-urlencoded`), already decoded from base64 if it was. */
  form?: string;
  /** `https://host` the request reached, when PUBLIC_URL is not set. */
  requestOrigin: string;
}

/**
 * Answers `POST /app/{location}` (and `GET`, which carries no token): the app page with a session when Zendesk's
 * token verifies, else the page with the problem and no session (the admin console signs in with OAuth instead).
 */
export class AppPages {
  private html: Promise<string> | undefined;

  constructor(
    private readonly deps: SyncDeps<DirectoryStore>,
    private readonly services: { accounts: AccountsBySubdomain; keys: AppKeys; refused?: RefusedUsers },
    private readonly options: AppPageOptions,
  ) {}

  async page(request: PageRequest): Promise<PageAnswer> {
    if (!LOCATION.test(request.location) || request.location === 'assets') return notFound();
    const method = request.method.toUpperCase();
    if (method !== 'POST' && method !== 'GET') return { status: 405, headers: { allow: 'GET, POST', ...plainHeaders() }, body: 'Method not allowed' };
    const publicUrl = this.deps.config.publicUrl ?? request.requestOrigin;
    const boot: AppBoot = { location: request.location, publicUrl };
    let status = 200;
    const token = method === 'POST' ? formField(request.form, 'token') : undefined;
    try {
      const signedIn = await signInWithSignedUrl(this.deps, this.services, token, this.deps.now());
      boot.accountId = signedIn.account.id;
      boot.subdomain = signedIn.identity.subdomain;
      boot.session = { token: signedIn.session.token, expiresAt: signedIn.session.expiresAt };
    } catch (error) {
      if (!(error instanceof SignInRefused)) {
        this.deps.log.error('app page sign-in failed', { location: request.location, error: (error as Error).message, name: (error as Error).name });
        boot.problem = 'unavailable';
      } else {
        boot.problem = error.problem;
        if (error.subdomain !== undefined) boot.subdomain = error.subdomain;
        if (error.problem !== 'no_token')
          this.deps.log.info('app page without a session', { location: request.location, problem: error.problem, reason: error.message });
        if (REFUSED.includes(error.problem)) status = 401;
      }
    }
    const nonce = randomBytes(16).toString('base64');
    let html: string;
    try {
      html = await this.indexHtml();
    } catch (error) {
      this.deps.log.error('the app page cannot be served', { error: (error as Error).message });
      return { status: 503, headers: plainHeaders(), body: 'The app is not built here (npm run build): its page is missing' };
    }
    const head = `<base href="${escapeHtml(`${publicUrl}/app/assets/`)}"><script nonce="${nonce}">${appBootScript(boot)}</script>`;
    return {
      status,
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'content-security-policy': this.contentSecurityPolicy(publicUrl, nonce),
        'referrer-policy': 'no-referrer',
        'x-content-type-options': 'nosniff',
      },
      body: html.replace(/<head>/i, (h) => `${h}${head}`),
    };
  }

  /** `GET /app/assets/{file+}`: a file of the built app, or 404 (also for anything outside the folder). */
  async asset(method: string, file: string | undefined): Promise<PageAnswer> {
    if (method.toUpperCase() !== 'GET') return { status: 405, headers: { allow: 'GET', ...plainHeaders() }, body: 'Method not allowed' };
    if (file === undefined || !ASSET.test(file) || file.split('/').some((s) => s.startsWith('.'))) return notFound();
    const type = TYPES[extname(file).toLowerCase()];
    if (!type) return notFound();
    const root = resolve(this.options.assetsDir);
    const path = resolve(join(root, file));
    if (!path.startsWith(root + sep)) return notFound();
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch {
      return notFound();
    }
    const binary = BINARY.has(extname(file).toLowerCase());
    return {
      status: 200,
      headers: { 'content-type': type, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' },
      body: binary ? bytes.toString('base64') : bytes.toString('utf8'),
      ...(binary && { isBase64Encoded: true }),
    };
  }

  private contentSecurityPolicy(publicUrl: string, nonce: string): string {
    const origin = new URL(publicUrl).origin;
    const ancestors = [...ZENDESK_FRAME_ANCESTORS, ...(this.options.frameAncestors ?? [])].join(' ');
    return [
      "default-src 'self'",
      `script-src 'self' ${origin} 'nonce-${nonce}'`,
      // Garden's styled-components inject <style> elements at run time.
      `style-src 'self' ${origin} 'unsafe-inline'`,
      `img-src 'self' ${origin} data:`,
      `connect-src 'self' ${origin}`,
      "object-src 'none'",
      `base-uri ${origin}`,
      "form-action 'none'",
      `frame-ancestors ${ancestors}`,
    ].join('; ');
  }

  private indexHtml(): Promise<string> {
    this.html ??= readFile(join(this.options.assetsDir, 'index.html'), 'utf8').catch((error: Error) => {
      this.html = undefined;
      throw new Error(`the app page (index.html) is missing from ${this.options.assetsDir}: ${error.message}`);
    });
    return this.html;
  }
}

/** One field of a form body; `undefined` when absent, empty or the body is not a form. */
export function formField(form: string | undefined, name: string): string | undefined {
  if (!form || form.length > 64 * 1024) return undefined;
  const value = new URLSearchParams(form).get(name);
  return value === null || value === '' ? undefined : value;
}

const plainHeaders = () => ({ 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
const notFound = (): PageAnswer => ({ status: 404, headers: plainHeaders(), body: 'Not found' });
