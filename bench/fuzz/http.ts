// A raw HTTP client for the fuzz suite: node:http, so any bytes can be sent (headers fetch would refuse, absurd sizes,
// broken encodings). One request, one answer; a connection the server drops is an answer too (`status` 0).
import { request } from 'node:http';
import { connect } from 'node:net';

export interface FuzzRequest {
  method: string;
  /** Path and query, sent as is (may be malformed on purpose). */
  path: string;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
}

export interface FuzzAnswer {
  /** The HTTP status; 0 when the server closed the connection without one. */
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** Why there is no status (e.g. `ECONNRESET`), when there is none. */
  transportError?: string;
}

/** Header values Node's client refuses (controls, non-Latin-1): such a request goes over a raw socket. */
const CLIENT_REFUSES = /[^\t\x20-\x7e\x80-\xff]/;

/** Sends one request to `base` (http://host:port) and reads the whole answer (bodies over 1 MB are cut). */
export function send(base: string, req: FuzzRequest, timeoutMs = 30_000): Promise<FuzzAnswer> {
  const values = Object.values(req.headers ?? {}).flat();
  if (values.some((v) => CLIENT_REFUSES.test(v))) return sendRaw(base, req, timeoutMs);
  const url = new URL(base);
  return new Promise((resolve) => {
    let settled = false;
    const done = (answer: FuzzAnswer) => {
      if (!settled) {
        settled = true;
        resolve(answer);
      }
    };
    const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
    const r = request(
      {
        host: url.hostname,
        port: url.port,
        method: req.method,
        path: req.path,
        headers: { ...(body && { 'content-length': String(body.length) }), ...req.headers },
        // Absurd headers are the point: let the server, not this client, refuse them.
        maxHeaderSize: 1024 * 1024,
        insecureHTTPParser: true,
        agent: false,
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= 1024 * 1024) chunks.push(chunk);
        });
        res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (error) => done({ status: res.statusCode ?? 0, headers: res.headers, body: '', transportError: error.message }));
      },
    );
    r.on('timeout', () => r.destroy(new Error('timeout')));
    r.on('error', (error: NodeJS.ErrnoException) => done({ status: 0, headers: {}, body: '', transportError: error.code ?? error.message }));
    if (body) {
      // A server may answer (413, 431) and close before the whole body is read: that is its answer, not an error.
      r.write(body, () => r.end());
    } else r.end();
  });
}

/**
 * The same request written byte for byte on a socket (CR and LF in values become spaces: this sends one request,
 * never two), for headers Node's client will not send. Reads the answer until the server closes.
 */
function sendRaw(base: string, req: FuzzRequest, timeoutMs: number): Promise<FuzzAnswer> {
  const url = new URL(base);
  const body = req.body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
  const lines = [`${req.method} ${req.path} HTTP/1.1`, `host: ${url.host}`, 'connection: close', `content-length: ${body.length}`];
  for (const [name, value] of Object.entries(req.headers ?? {})) for (const v of [value].flat()) lines.push(`${name}: ${v.replace(/[\r\n]/g, ' ')}`);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error('timeout')));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    const finish = (transportError?: string) => {
      const raw = Buffer.concat(chunks);
      const split = raw.indexOf('\r\n\r\n');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(raw.subarray(0, Math.max(0, split)).toString('latin1'))?.[1] ?? 0);
      const headers: Record<string, string> = {};
      for (const line of raw.subarray(0, Math.max(0, split)).toString('latin1').split('\r\n').slice(1)) {
        const at = line.indexOf(':');
        if (at > 0) headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
      }
      let payload: Buffer = split >= 0 ? raw.subarray(split + 4) : Buffer.alloc(0);
      if (/chunked/i.test(headers['transfer-encoding'] ?? '')) payload = unchunk(payload);
      resolve({ status, headers, body: payload.toString('utf8'), ...(status === 0 && { transportError: transportError ?? 'closed without an answer' }) });
    };
    socket.on('end', () => finish());
    socket.on('error', (error: NodeJS.ErrnoException) => finish(error.code ?? error.message));
    socket.write(Buffer.concat([head, body]));
  });
}

function unchunk(data: Buffer): Buffer {
  // Sizes in hex, each chunk followed by CRLF; a 0 size ends the body.
  const out: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = data.indexOf('\r\n', at);
    if (eol < 0) break;
    const size = Number.parseInt(data.subarray(at, eol).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    out.push(data.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(out);
}
