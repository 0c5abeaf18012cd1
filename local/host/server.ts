// The local Zendesk host: a page that stands in for the agent workspace, and what Zendesk does for an app with
// `signedUrls` (the token for the signed-in person, POSTed by the page to the backend's location URL). `npm start`
// runs it beside the stack; the browser test and the app bench start it too.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { build } from 'esbuild';
import { readAppPackage, type AppPackage } from './app-package';
import { installationSource, type Installation } from './installation';
import { sandboxControl, SandboxControlError } from './sandboxes';
import { hostedLocations, mintSignedUrlToken } from './signed-url';

export interface LocalHostOptions {
  /** HTTP port; 0 picks a free one. */
  port?: number;
  /** The built app package (`dist/app`, see `ensureAppBuilt`): its manifest, translations and top-bar icon. */
  appDir: string;
  /**
   * The backend serving the location pages (`POST /app/{location}`): the manifest's location URLs move to it, as
   * `npm run package -- --backend-host` moves them for a deployed backend. Default: the manifest's URLs as they are.
   */
  backendUrl?: string;
  /** The sandboxes' base URLs (their control APIs sit under `/_sandbox`). */
  aircallUrl: string;
  zendeskUrl: string;
  /**
   * The settings shown while the Zendesk sandbox has no installation of the app (see installation.ts). No location
   * loads then: only an installation in the sandbox has the key pair a signed POST needs.
   */
  fallbackInstallation?: Omit<Installation, 'source' | 'scopes'>;
  /** Where failures of the relay are reported (never with a secret). */
  print?: (line: string) => void;
}

export interface LocalHost {
  /** `http://localhost:<port>`: the SDK only trusts localhost, 127.0.0.1 and *.zendesk.com origins (zaf.md §8). */
  url: string;
  port: number;
  app: AppPackage;
  close(): Promise<void>;
}

const PAGE_DIR = join(__dirname, 'page');
const MAX_BODY = 1024 * 1024;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json',
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Bundles the page's script (TypeScript, checked by `npm run typecheck`) in memory. */
async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [join(PAGE_DIR, 'main.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    target: ['es2020'],
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      if (size > MAX_BODY) return reject(new HttpError(413, 'the body is larger than 1 MB'));
      if (size === 0) return resolveBody(undefined);
      try {
        resolveBody(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new HttpError(400, 'the body must be JSON'));
      }
    });
  });
}

function send(res: ServerResponse, status: number, body: string | Buffer, type = TYPES['.json']!): void {
  // no-store: a rebuilt app or page shows at the next reload.
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}
const sendJson = (res: ServerResponse, status: number, body: unknown) => send(res, status, JSON.stringify(body));

/** Starts the host. */
export async function startLocalHost(options: LocalHostOptions): Promise<LocalHost> {
  const print = options.print ?? (() => {});
  const appDir = resolve(options.appDir);
  const app = readAppPackage(appDir);
  const locations = hostedLocations(app.locations, options.backendUrl);
  const pageScript = await bundlePage();
  const pageHtml = readFileSync(join(PAGE_DIR, 'page.html'));
  const pageCss = readFileSync(join(PAGE_DIR, 'page.css'));
  const sandboxes = sandboxControl({ aircall: options.aircallUrl, zendesk: options.zendeskUrl });
  const installations = installationSource({
    zendeskUrl: options.zendeskUrl,
    scopes: app.scopes,
    ...(options.fallbackInstallation && { fallback: options.fallbackInstallation }),
  });

  const personId = (raw: string | undefined): number => {
    if (!/^\d+$/.test(raw ?? '')) throw new HttpError(404, `no person ${raw ?? ''}`);
    return Number(raw);
  };
  const text = (body: unknown, field: string): string => {
    const value = (body as Record<string, unknown> | undefined)?.[field];
    if (typeof value !== 'string' || value === '') throw new HttpError(400, `${field} is required`);
    return value;
  };

  const serveAppFile = (req: IncomingMessage, res: ServerResponse, path: string) => {
    const file = resolve(appDir, decodeURIComponent(path));
    if (!file.startsWith(appDir + sep) || !existsSync(file) || !statSync(file).isFile()) throw new HttpError(404, 'no such file in the app package');
    // Revalidated on every load (a rebuild shows at the next reload) but cacheable, as Zendesk's asset CDN serves
    // them: an unchanged app.js is a 304, and Chromium keeps its compiled code.
    const stat = statSync(file);
    const etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag, 'cache-control': 'no-cache' });
      return res.end();
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', etag, 'cache-control': 'no-cache' });
    res.end(readFileSync(file));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (method === 'GET' && path === '/') return send(res, 200, pageHtml, TYPES['.html']);
    if (method === 'GET' && path === '/host.js') return send(res, 200, pageScript, TYPES['.js']);
    if (method === 'GET' && path === '/host.css') return send(res, 200, pageCss, TYPES['.css']);
    if (method === 'GET' && path === '/favicon.ico') return send(res, 204, '');
    if (method === 'GET' && path.startsWith('/app/')) return serveAppFile(req, res, path.slice('/app/'.length));
    if (method === 'GET' && path === '/_host/state') {
      const [installation, people, statuses, subdomain] = await Promise.all([
        installations.current(),
        sandboxes.people(),
        sandboxes.statuses(),
        sandboxes.subdomain(),
      ]);
      return sendJson(res, 200, {
        subdomain,
        app: {
          name: app.name,
          version: app.version,
          locations,
          icon: existsSync(join(appDir, 'assets', 'icon_top_bar.svg')) ? '/app/assets/icon_top_bar.svg' : undefined,
          navIcon: existsSync(join(appDir, 'assets', 'icon_nav_bar.svg')) ? '/app/assets/icon_nav_bar.svg' : undefined,
        },
        // Never the secure settings: they stay in this process, as they stay on Zendesk's servers.
        installation: { id: installation.id, appId: installation.appId, settings: installation.settings, source: installation.source },
        statuses,
        people,
      });
    }
    if (method === 'GET' && path === '/_host/people') return sendJson(res, 200, { people: await sandboxes.people() });
    const statusRoute = /^\/_host\/people\/([^/]+)\/(aircall|zendesk)-status$/.exec(path);
    if (method === 'PUT' && statusRoute) {
      const id = personId(statusRoute[1]);
      const body = await readBody(req);
      const person =
        statusRoute[2] === 'aircall'
          ? await sandboxes.setAircallStatus(id, text(body, 'availability_status'), (body as { substatus?: string }).substatus)
          : await sandboxes.setZendeskStatus(id, text(body, 'status'));
      return sendJson(res, 200, { person });
    }
    // Start / End an Aircall call for the person (call-aware status, issue 14 §1), through the Aircall sandbox.
    const callRoute = /^\/_host\/people\/([^/]+)\/call\/(start|end)$/.exec(path);
    if (method === 'POST' && callRoute) {
      const id = personId(callRoute[1]);
      const person = callRoute[2] === 'start' ? await sandboxes.startCall(id) : await sandboxes.endCall(id);
      return sendJson(res, 200, { person });
    }
    if (method === 'POST' && path === '/_host/signed-url') {
      // What Zendesk does before loading a remote location (signedUrls): the token for this person, this location.
      const body = await readBody(req);
      const person = personId(String((body as { person?: unknown } | undefined)?.person ?? ''));
      const location = text(body, 'location');
      const spec = locations[location];
      if (!spec) throw new HttpError(404, `the app has no location ${location}`);
      const url = text(body, 'url');
      if (url.split('?')[0] !== spec.url) throw new HttpError(400, `url must be the location URL ${spec.url} (with the ZAF query)`);
      const installation = await installations.current();
      if (installation.source !== 'zendesk_sandbox') {
        throw new HttpError(409, 'the app is not installed in the Zendesk sandbox: only an installation has the key Zendesk signs the location POST with');
      }
      const token = await mintSignedUrlToken(options.zendeskUrl, { installationId: installation.id, user: person, location, url });
      return sendJson(res, 200, { token, url, field: 'token' });
    }
    throw new HttpError(404, `no route ${method} ${path}`);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      if (error instanceof HttpError || error instanceof SandboxControlError) {
        return sendJson(res, error.status, { error: { message: error.message } });
      }
      // Messages of our own code and of fetch; no request or secret is in them.
      print(`local host: ${req.method} ${req.url?.split('?')[0]} failed: ${error.message}`);
      sendJson(res, 500, { error: { message: error.message } });
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://localhost:${port}`,
    port,
    app,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
  };
}
