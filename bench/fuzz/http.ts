// A raw HTTP client for the fuzz suite: node:http, so any bytes can be sent (headers fetch would refuse, absurd sizes,
// broken encodings). One request, one answer; a connection the server drops is an answer too (`status` 0).
import { request } from 'node:http';

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

/** Sends one request to `base` (http://host:port) and reads the whole answer (bodies over 1 MB are cut). */
export function send(base: string, req: FuzzRequest, timeoutMs = 30_000): Promise<FuzzAnswer> {
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
