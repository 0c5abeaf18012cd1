// The sandboxes' small HTML pages (their OAuth authorize pages): one page shell, escaping, and redirects.
import type { SandboxResponse } from './http-server';

/** A whole page with `title` as its heading; `body` is HTML the caller escaped. */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;
}

/** An HTML answer, never cached (it may carry a one-time code or state). */
export function htmlResponse(status: number, text: string): SandboxResponse {
  return { status, body: text, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' } };
}

/** A 302 to `uri` with `params` added to its query (undefined ones left out), never cached. */
export function redirectTo(uri: string, params: Record<string, string | undefined>): SandboxResponse {
  const url = new URL(uri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return { status: 302, headers: { Location: url.toString(), 'Cache-Control': 'no-store' } };
}

/** Text made safe inside HTML elements and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
