// A tiny node:http server for client tests: each request takes the next scripted step (or the default one).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A request as the server saw it. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

export type Step = (req: IncomingMessage, res: ServerResponse, seen: SeenRequest) => void;

export interface ScriptServer {
  url: string;
  requests: SeenRequest[];
  /** Queues steps answered in order; when none is left, `fallback` answers. */
  script(...steps: Step[]): void;
  fallback(step: Step): void;
  close(): Promise<void>;
}

/** Answers `status` with a JSON body (omitted when `undefined`) and headers. */
export function reply(status: number, body?: unknown, headers: Record<string, string> = {}): Step {
  return (_req, res) => {
    const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { ...(text ? { 'Content-Type': 'application/json' } : {}), ...headers });
    res.end(text);
  };
}

/** Never answers. */
export const hang: Step = () => {};

/** Sends the status line and headers, then never sends the body. */
export const stallBody: Step = (_req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
  res.write('{"partial":');
};

/** Starts a server on 127.0.0.1, port 0. */
export async function startScriptServer(): Promise<ScriptServer> {
  const queue: Step[] = [];
  let fallback: Step = reply(200, {});
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
      requests.push(seen);
      (queue.shift() ?? fallback)(req, res, seen);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (...steps) => queue.push(...steps),
    fallback: (step) => {
      fallback = step;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A URL on which nothing listens (connection refused). */
export async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
