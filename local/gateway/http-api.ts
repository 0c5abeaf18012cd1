// Local stand-in for API Gateway HTTP API (payload 2.0): turns node:http requests into handler events, throttled per
// route with the limits the CDK stack declares (infra/lib/api-throttles.ts).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { throttleFor, type Throttle } from '../../infra/lib/api-throttles';
import { RouteThrottles } from './throttle';

export type HttpHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyResultV2>;

/** A route as API Gateway writes it: `POST /webhooks/aircall/{accountId}`. */
export interface Route {
  routeKey: string;
  handler: HttpHandler;
}

// API Gateway's own payload limit is 10 MB; the handlers enforce the product's smaller limit themselves.
const GATEWAY_MAX_BODY = 10 * 1024 * 1024;

interface CompiledRoute extends Route {
  method: string;
  pattern: RegExp;
  names: string[];
}

function compile(route: Route): CompiledRoute {
  const [method, path] = route.routeKey.split(' ') as [string, string];
  const names: string[] = [];
  // `{name+}` is API Gateway's greedy parameter: the rest of the path, slashes included.
  const source = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)(\\\+)?\}/g, (_m, name: string, greedy?: string) => {
    names.push(name);
    return greedy ? '(.+)' : '([^/]+)';
  });
  return { ...route, method, pattern: new RegExp(`^${source}$`), names };
}

/** Builds the payload 2.0 event API Gateway would pass for this request. */
export function toEventV2(req: IncomingMessage, raw: Buffer, route: CompiledRoute, params: Record<string, string>, url: URL): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const contentType = headers['content-type'] ?? '';
  const textual = raw.length === 0 || /json|text|x-www-form-urlencoded|xml/i.test(contentType);
  const now = new Date();
  return {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    cookies: headers.cookie?.split(/;\s*/),
    headers,
    queryStringParameters: url.search ? Object.fromEntries(url.searchParams) : undefined,
    pathParameters: Object.keys(params).length ? params : undefined,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: route.routeKey,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    body: raw.length ? (textual ? raw.toString('utf8') : raw.toString('base64')) : undefined,
    isBase64Encoded: raw.length > 0 && !textual,
  };
}

function send(res: ServerResponse, result: APIGatewayProxyResultV2): void {
  // Payload 2.0: an object with statusCode is used as is; anything else is a 200 with the JSON of it.
  if (typeof result === 'object' && result !== null && 'statusCode' in result) {
    const body = result.body ?? '';
    // Payload 2.0's `cookies` become one Set-Cookie header each, as API Gateway sends them.
    const cookies = 'cookies' in result && Array.isArray(result.cookies) && result.cookies.length > 0 ? { 'set-cookie': result.cookies } : {};
    res.writeHead(result.statusCode ?? 200, { 'content-type': 'application/json', ...(result.headers as Record<string, string>), ...cookies });
    res.end(result.isBase64Encoded ? Buffer.from(body, 'base64') : body);
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(result));
}

export interface LocalHttpApi {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface HttpApiOptions {
  port?: number;
  host?: string;
  /**
   * The throttle of each route key: by default the stack's own (`throttleFor`), so the local stack answers 429 where
   * AWS would. A test of the throttling itself may pass smaller limits.
   */
  throttles?: (routeKey: string) => Throttle;
}

/** Serves the routes on `port` (0 = any free port) of 127.0.0.1, or `host` when given. */
export async function startHttpApi(routes: Route[], options: HttpApiOptions = {}): Promise<LocalHttpApi> {
  const compiled = routes.map(compile);
  const throttles = new RouteThrottles(options.throttles ?? throttleFor);
  const server: Server = createServer((req, res) => {
    // As on AWS, the route is matched and its bucket taken from before the body is read or any handler runs.
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      req.resume();
      return send(res, { statusCode: 400, body: JSON.stringify({ message: 'Bad Request' }) });
    }
    let matched: { route: CompiledRoute; match: RegExpExecArray } | undefined;
    for (const route of compiled) {
      const match = req.method === route.method ? route.pattern.exec(url.pathname) : null;
      if (match) {
        matched = { route, match };
        break;
      }
    }
    if (matched && !throttles.admit(matched.route.routeKey)) {
      req.resume(); // drain the body unread
      return send(res, { statusCode: 429, body: JSON.stringify({ message: 'Too Many Requests' }) });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= GATEWAY_MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => {
      void (async () => {
        if (size > GATEWAY_MAX_BODY) return send(res, { statusCode: 413, body: JSON.stringify({ message: 'Request Entity Too Large' }) });
        if (matched) {
          const { route, match } = matched;
          let params: Record<string, string>;
          try {
            params = Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(match[i + 1] ?? '')]));
          } catch {
            return send(res, { statusCode: 400, body: JSON.stringify({ message: 'Bad Request' }) }); // malformed %-escape
          }
          try {
            return send(res, await route.handler(toEventV2(req, Buffer.concat(chunks), route, params, url)));
          } catch (error) {
            // What API Gateway answers when the integration fails; the handler logged the cause.
            console.error(`[http-api] ${route.routeKey} failed: ${(error as Error).message}`);
            return send(res, { statusCode: 500, body: JSON.stringify({ message: 'Internal Server Error' }) });
          }
        }
        send(res, { statusCode: 404, body: JSON.stringify({ message: 'Not Found' }) });
      })();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
