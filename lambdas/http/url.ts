// URL building for the clients: paths under a base URL, and pagination links kept on the base origin.

/**
 * `path` (starting with `/`) under `baseUrl`, keeping any path prefix of the base, with `query` appended.
 * Array values repeat the key (`role[]=agent&role[]=admin`).
 *
 * @example apiUrl('https://acme.zendesk.com', '/api/v2/users', { 'role[]': ['agent', 'admin'] })
 */
export function apiUrl(baseUrl: string, path: string, query: Record<string, string | number | readonly string[]> = {}): URL {
  const base = new URL(baseUrl);
  const url = new URL(base.pathname.replace(/\/+$/, '') + path, base.origin);
  for (const [key, value] of Object.entries(query)) {
    if (Array.isArray(value)) for (const v of value) url.searchParams.append(key, v);
    else url.searchParams.append(key, String(value));
  }
  return url;
}

/**
 * A pagination link (`next_page_link`, `links.next`) to request next. A link on another origin is rebased onto
 * `baseUrl`'s origin: the credentials go only where the caller pointed the client (also makes sandboxes that
 * print production URLs work).
 */
export function followLink(baseUrl: string, link: string): URL {
  const base = new URL(baseUrl);
  const next = new URL(link, base);
  if (next.origin === base.origin) return next;
  return new URL(base.pathname.replace(/\/+$/, '') + next.pathname + next.search, base.origin);
}

/** Percent-encodes one path segment (an id or an email). */
export function segment(value: string | number): string {
  return encodeURIComponent(String(value));
}
