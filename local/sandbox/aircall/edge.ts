// The API edge in front of the routes: Basic auth or a partner Bearer token (401/403), the per-company rate limit (429) and the 404 (§2.1, §3, §4.1).
import { timingSafeEqual } from 'node:crypto';
import { json, type Router, type SandboxHandler, type SandboxResponse } from '../common';
import { rateLimitHeaders, type RateLimiter } from './rate-limit';

/** When the `X-AircallApi-*` headers are sent: the reference says "when the rate limit has been reached" (§3). */
export type RateLimitHeaderMode = 'always' | 'when_limited';

export interface EdgeOptions {
  apiId: string;
  apiToken: string;
  limiter: RateLimiter;
  headerMode: () => RateLimitHeaderMode;
  router: Router;
  /** Whether a partner OAuth Bearer token is live (./oauth.ts); without it, Bearer is refused. */
  bearer?: (token: string) => boolean;
}

/** The measured edge bodies (§4.1); the 429 body is not documented (§3), so it follows the same shape. */
export const EDGE_BODIES = {
  unauthorized: { message: 'Unauthorized' },
  forbidden: { message: 'Forbidden' },
  notFound: { message: 'Not Found' },
  tooManyRequests: { message: 'Too Many Requests' },
} as const;

/** Authenticates, counts the request, then routes; unknown paths answer 404 `{"message":"Not Found"}`. */
export function aircallEdge(options: EdgeOptions): SandboxHandler {
  const expected = Buffer.from(`${options.apiId}:${options.apiToken}`);
  return async (req) => {
    const header = req.headers.authorization;
    if (!header) return json(401, EDGE_BODIES.unauthorized);
    // "403 — Forbidden. Invalid API key or Bearer access token" (§4.1): a bad Bearer token is a 403 as a bad key is.
    const bearer = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (bearer) {
      if (!options.bearer?.(bearer[1] ?? '')) return json(403, EDGE_BODIES.forbidden);
    } else {
      const match = /^Basic\s+(.+)$/i.exec(header.trim());
      const given = match ? Buffer.from(match[1] ?? '', 'base64') : Buffer.alloc(0);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return json(403, EDGE_BODIES.forbidden);
    }

    const decision = options.limiter.take();
    const headers = rateLimitHeaders(decision);
    if (!decision.allowed) return json(429, EDGE_BODIES.tooManyRequests, headers);
    const res = await options.router.handle(req, () => json(404, EDGE_BODIES.notFound));
    return options.headerMode() === 'always' ? withHeaders(res, headers) : res;
  };
}

function withHeaders(res: SandboxResponse, headers: Record<string, string>): SandboxResponse {
  return { ...res, headers: { ...(res.headers ?? {}), ...headers } };
}
