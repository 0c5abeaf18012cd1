// The browser side of the OAuth routes: what they read of a request, and their answers (redirects, pages, cookies).
import { escapeHtml } from './html';

/** What the OAuth and admin routes read of a request. */
export interface OnboardingRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Lower-cased names. */
  headers: Record<string, string | undefined>;
  cookies: Record<string, string>;
  body?: string;
}

export interface OnboardingAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** `Set-Cookie` values (API Gateway payload 2.0 `cookies`). */
  cookies?: string[];
}

/** A browser-facing refusal: the page says `message` (for people, holds no secret) and posts it to the opener. */
export class OAuthPageError extends Error {
  override name = 'OAuthPageError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache', 'referrer-policy': 'no-referrer' };

export function redirect(location: string, cookies?: string[]): OnboardingAnswer {
  return { status: 302, headers: { location, ...NO_STORE }, body: '', ...(cookies && { cookies }) };
}

/** An HTML page; `script` (our own, no user data inside but JSON-escaped values) runs under a nonce CSP. */
export function page(status: number, title: string, bodyHtml: string, script?: string, cookies?: string[]): OnboardingAnswer {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const csp = `default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'${script ? `; script-src 'nonce-${nonce}'` : ''}`;
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#2f3941}
h1{font-size:1.4rem}input{padding:.4rem;font-size:1rem}button{padding:.45rem 1rem;font-size:1rem;background:#1f73b7;color:#fff;border:0;border-radius:4px}</style>
</head><body><h1>${escapeHtml(title)}</h1>
${bodyHtml}
${script ? `<script nonce="${nonce}">${script}</script>` : ''}
</body></html>`;
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp, 'x-content-type-options': 'nosniff', ...NO_STORE },
    body: html,
    ...(cookies && { cookies }),
  };
}

/** JSON for a `<script>` (one rule with the app page's boot object). */
export { scriptJson } from '../../shared/app-boot';

/** A cookie of the OAuth flows: HttpOnly, SameSite=Lax (sent on the provider's top-level redirect back), Secure on https. */
export function flowCookie(name: string, value: string, publicUrl: string, maxAgeSeconds: number): string {
  const url = new URL(publicUrl);
  const path = `${url.pathname.replace(/\/+$/, '')}/oauth`;
  return `${name}=${value}; Path=${path}; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${url.protocol === 'https:' ? '; Secure' : ''}`;
}

/** Parses `Cookie` headers (and API Gateway's `cookies` list) into a map; the first value of a name wins. */
export function parseCookies(parts: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of parts ?? []) {
    for (const pair of part.split(';')) {
      const at = pair.indexOf('=');
      if (at <= 0) continue;
      const name = pair.slice(0, at).trim();
      if (name && !(name in out)) out[name] = pair.slice(at + 1).trim();
    }
  }
  return out;
}
