// The app's session with its backend (issue 13). The backend served this page for Zendesk's signedUrls POST and wrote
// the boot object (shared/app-boot.ts): an agent session, or the problem why there is none. Every call goes to the
// backend's own origin with `fetch` and `Authorization: Bearer <session>`; the session is renewed before it expires.
import { APP_BOOT_GLOBAL, parseAppBoot, type AppBoot, type AppBootProblem } from '../../../shared/app-boot';

/** The route that trades a live session for a fresh one (same user, new expiry). */
export const SESSION_RENEW_ROUTE = '/api/session/renew';
/** Renew this long before expiry (or halfway, for a session shorter than twice this). */
export const RENEW_BEFORE_MS = 5 * 60_000;
/** After a renewal that failed for a passing reason (network, 5xx), try again this much later, until expiry. */
export const RENEW_RETRY_MS = 30_000;

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/** Why there is no session to send: a problem the page came with, or none since (`expired`, `refused`). */
export type NoSessionReason = AppBootProblem | 'not_served' | 'expired' | 'refused';

export interface IssuedSession {
  token: string;
  expiresAt: number;
}

/**
 * Reads the renewal's answer: `{session: {token, expiresAt}}`, or the bare pair. The shape is ours (H2's route), read
 * in this one function so a change shows in one place.
 */
export function readIssuedSession(body: unknown): IssuedSession | undefined {
  const outer = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const inner = (typeof outer.session === 'object' && outer.session !== null ? outer.session : outer) as Record<string, unknown>;
  if (typeof inner.token !== 'string' || inner.token === '') return undefined;
  if (typeof inner.expiresAt !== 'number' || !Number.isFinite(inner.expiresAt)) return undefined;
  return { token: inner.token, expiresAt: inner.expiresAt };
}

/** The session of one page: its token (never logged, never stored beyond memory), renewed on a timer. */
export class SessionKeeper {
  private session: IssuedSession | undefined;
  private reason: NoSessionReason | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(
    readonly boot: AppBoot | undefined,
    private readonly deps: { fetch: Fetch; now?: () => number } = { fetch: (url, init) => fetch(url, init) },
  ) {
    this.session = boot?.session;
    this.reason = boot === undefined ? 'not_served' : boot.session ? undefined : (boot.problem ?? 'no_token');
  }

  /** The backend's base URL (`boot.publicUrl`), or undefined for a page the backend did not serve. */
  get publicUrl(): string | undefined {
    return this.boot?.publicUrl;
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** The token to send now, or why there is none. A session past its expiry is not sent. */
  bearer(): { token: string } | { reason: NoSessionReason } {
    if (this.session && this.session.expiresAt > this.now()) return { token: this.session.token };
    if (this.session) this.drop('expired');
    return { reason: this.reason ?? 'expired' };
  }

  /** Sends `init` to `route` of the backend with the session. Rejects as fetch does; a 401 ends the session. */
  async call(route: string, token: string, init: RequestInit = {}): Promise<Response> {
    const response = await this.deps.fetch(`${this.publicUrl ?? ''}${route}`, {
      ...init,
      headers: { accept: 'application/json', ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${token}` },
    });
    // The backend refused the session (revoked, user removed or demoted): asking again would be refused again.
    if (response.status === 401 && this.session?.token === token) this.drop('refused');
    return response;
  }

  /** Starts the renewal timer (once per page). */
  start(): this {
    this.schedule();
    return this;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Trades the session for a fresh one now. Resolves whatever happens; `bearer()` tells the outcome. */
  async renew(): Promise<void> {
    const current = this.session;
    if (!current || this.stopped) return;
    let next: IssuedSession | undefined;
    let status = 0;
    try {
      const response = await this.call(SESSION_RENEW_ROUTE, current.token, { method: 'POST' });
      status = response.status;
      if (response.ok) next = readIssuedSession(await response.json().catch(() => undefined));
    } catch {
      // Network: retried below while the session lasts.
    }
    if (this.session !== current || this.stopped) return;
    if (next) {
      this.session = next;
      this.schedule();
    } else if (status !== 401) {
      this.schedule(RENEW_RETRY_MS);
    }
  }

  private drop(reason: NoSessionReason): void {
    this.session = undefined;
    this.reason = reason;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(retryInMs?: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const session = this.session;
    if (!session || this.stopped) return;
    const left = session.expiresAt - this.now();
    if (left <= 0) return;
    const delay = retryInMs ?? left - Math.min(RENEW_BEFORE_MS, left / 2);
    if (delay >= left) return; // a retry that would land after expiry: the session ends on its own
    this.timer = setTimeout(() => void this.renew(), Math.max(0, delay));
  }
}

let page: SessionKeeper | undefined;

/** This page's session keeper, made from the boot object on first use (the backend's page defines it before app.js). */
export function pageSession(): SessionKeeper {
  if (!page) {
    const global = typeof window === 'undefined' ? undefined : (window as unknown as Record<string, unknown>)[APP_BOOT_GLOBAL];
    page = new SessionKeeper(parseAppBoot(global)).start();
  }
  return page;
}

/** Replaces the page's keeper (tests: a boot object and a fake backend); the old one stops renewing. */
export function setPageSession(next: SessionKeeper | undefined): void {
  page?.stop();
  page = next;
}
