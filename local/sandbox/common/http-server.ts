// A tiny JSON HTTP server and router on node:http, shared by the Aircall and Zendesk sandboxes.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One received request, with the raw body bytes kept (signatures are computed over them). */
export interface SandboxRequest {
  method: string;
  /** The pathname, without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  /** Path parameters filled by the router (`:id` → `params.id`), URL-decoded. */
  params: Record<string, string>;
}

/** What a handler answers. `body` is sent as JSON unless it is a string or Buffer; `undefined` sends no body. */
export interface SandboxResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type SandboxHandler = (req: SandboxRequest) => Promise<SandboxResponse> | SandboxResponse;

export interface ServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
}

/** A running server. `close()` also ends keep-alive sockets, so a test process can exit. */
export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Shortcut for a JSON response. */
export function json(status: number, body?: unknown, headers?: Record<string, string>): SandboxResponse {
  return { status, body, headers };
}

/**
 * Parses a raw body as JSON. An empty body is `undefined`; invalid JSON is reported, never thrown.
 *
 * @example const parsed = parseJsonBody(req.rawBody); if (!parsed.ok) return json(400, { error: 'Bad Request' });
 */
export function parseJsonBody(raw: Buffer): { ok: true; value: unknown } | { ok: false; error: string } {
  if (raw.length === 0) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(raw.toString('utf8')) as unknown };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

/** The body as a plain object, or `undefined` when it is empty, not JSON, or not an object. */
export function bodyObject(req: SandboxRequest): Record<string, unknown> | undefined {
  const parsed = parseJsonBody(req.rawBody);
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) return undefined;
  return parsed.value as Record<string, unknown>;
}

/**
 * Starts a server that hands every request to `handler`. A handler that throws answers 500 `{error}`.
 *
 * @example const server = await startServer({ port: 0 }, (req) => json(200, { path: req.path }));
 */
export async function startServer(options: ServerOptions, handler: SandboxHandler): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const url = new URL(incoming.url ?? '/', 'http://sandbox.local');
      const req: SandboxRequest = {
        method: (incoming.method ?? 'GET').toUpperCase(),
        path: url.pathname,
        query: url.searchParams,
        headers: incoming.headers,
        rawBody: Buffer.concat(chunks),
        params: {},
      };
      Promise.resolve()
        .then(() => handler(req))
        .catch((error: unknown): SandboxResponse => json(500, { error: 'Internal Server Error', troubleshoot: String(error) }))
        .then((res) => writeResponse(outgoing, res))
        .catch(() => outgoing.destroy());
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function writeResponse(outgoing: import('node:http').ServerResponse, res: SandboxResponse): void {
  const headers: Record<string, string> = { ...(res.headers ?? {}) };
  let payload: Buffer | undefined;
  if (res.body !== undefined) {
    if (Buffer.isBuffer(res.body)) payload = res.body;
    else if (typeof res.body === 'string' && hasHeader(headers, 'content-type')) payload = Buffer.from(res.body);
    else {
      payload = Buffer.from(JSON.stringify(res.body));
      if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = 'application/json; charset=utf-8';
    }
    headers['Content-Length'] = String(payload.length);
  }
  outgoing.writeHead(res.status, headers);
  outgoing.end(payload);
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

interface Route {
  method: string;
  segments: string[];
  handler: SandboxHandler;
}

/** Method + path-pattern routing. Patterns use `:name` segments, e.g. `/v1/users/:id/availability`. */
export class Router {
  private readonly routes: Route[] = [];

  /** Adds a route. Earlier routes win, so add literal paths (`/v1/users/availabilities`) before `/v1/users/:id`. */
  on(method: string, pattern: string, handler: SandboxHandler): this {
    this.routes.push({ method: method.toUpperCase(), segments: splitPath(pattern), handler });
    return this;
  }

  /** The matching route's handler with its params, `undefined` when no path matches, or `'method_not_allowed'`. */
  match(method: string, path: string): { handler: SandboxHandler; params: Record<string, string> } | 'method_not_allowed' | undefined {
    const segments = splitPath(path);
    let pathMatched = false;
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments);
      if (!params) continue;
      pathMatched = true;
      if (route.method === method.toUpperCase()) return { handler: route.handler, params };
    }
    return pathMatched ? 'method_not_allowed' : undefined;
  }

  /** Routes `req`, or answers `fallback` when nothing matches (both a wrong path and a wrong method). */
  async handle(req: SandboxRequest, fallback: SandboxHandler): Promise<SandboxResponse> {
    const found = this.match(req.method, req.path);
    if (found === undefined || found === 'method_not_allowed') return fallback(req);
    return found.handler({ ...req, params: found.params });
  }
}

function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const want = pattern[i] as string;
    const got = actual[i] as string;
    if (want.startsWith(':')) {
      try {
        params[want.slice(1)] = decodeURIComponent(got);
      } catch {
        return undefined;
      }
    } else if (want !== got) return undefined;
  }
  return params;
}
