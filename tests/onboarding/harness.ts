// Onboarding through HTTP: both sandboxes (with their OAuth clients), the local stack configured for onboarding
// (PUBLIC_URL, both OAuth clients, the sandboxes as Zendesk, Aircall and Aircall's Dashboard), and a small browser
// (a cookie jar, redirects followed by hand) that clicks through the providers' consent pages as an admin would.
import { randomBytes } from 'node:crypto';
import type { Account } from '../../lambdas/accounts/account';
import type { OnboardingDeps } from '../../lambdas/oauth/deps';
import type { SyncDeps } from '../../lambdas/sync/deps';
import { startSandboxes, type SandboxPair } from '../../local/demo';
import { startStack, type Stack } from '../../local/stack';
import type { ConsolePopupMessage } from '../../shared/console';
import { freePort } from '../../local/free-port';
import { jestEmulators } from '../e2e/harness';

export const ZENDESK_CLIENT = { id: 'agent-status-sync-test', secret: `zd-client-secret-${randomBytes(12).toString('hex')}` };
export const AIRCALL_CLIENT = { id: 'agent-status-sync-partner', secret: `ac-client-secret-${randomBytes(12).toString('hex')}` };
/** The sandboxes' subdomain (local/demo.ts). */
export const SUBDOMAIN = 'demo';
export const ADMIN_EMAIL = 'admin@example.com';

export interface OnboardingHarness {
  stack: Stack;
  sandboxes: SandboxPair;
  publicUrl: string;
  deps: OnboardingDeps;
  browser(): Browser;
  /** `fetch` on an admin route with the bearer session. */
  admin(session: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  accounts?: Account[];
  env?: Record<string, string>;
  deps?: Partial<SyncDeps>;
  /** Leave the Aircall OAuth client out of the stack's configuration (self-hosted: paste only). */
  noAircallOAuth?: boolean;
}

export async function startOnboardingHarness(options: HarnessOptions = {}): Promise<OnboardingHarness> {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const sandboxes = await startSandboxes({
    agents: 3,
    aircallRateLimitPerMinute: 600,
    zendesk: {
      oauthClients: [
        {
          identifier: ZENDESK_CLIENT.id,
          secret: ZENDESK_CLIENT.secret,
          kind: 'confidential',
          redirectUris: [`${publicUrl}/oauth/zendesk/callback`],
          name: 'Agent Status Sync',
        },
      ],
    },
    aircall: {
      oauthClients: [
        { clientId: AIRCALL_CLIENT.id, clientSecret: AIRCALL_CLIENT.secret, redirectUris: [`${publicUrl}/oauth/aircall/callback`], name: 'Agent Status Sync' },
      ],
    },
  });
  const stack = await startStack({
    port,
    dataDir: null,
    accounts: options.accounts ?? [],
    emulators: jestEmulators('onb'),
    env: {
      LOG_LEVEL: 'ERROR',
      PUBLIC_URL: publicUrl,
      ZENDESK_API_URL: sandboxes.zendesk.url,
      AIRCALL_API_URL: sandboxes.aircall.url,
      AIRCALL_DASHBOARD_URL: sandboxes.aircall.url,
      ZENDESK_OAUTH_CLIENT_ID: ZENDESK_CLIENT.id,
      ZENDESK_OAUTH_CLIENT_SECRET: ZENDESK_CLIENT.secret,
      ...(!options.noAircallOAuth && { AIRCALL_OAUTH_CLIENT_ID: AIRCALL_CLIENT.id, AIRCALL_OAUTH_CLIENT_SECRET: AIRCALL_CLIENT.secret }),
      ...options.env,
    },
    ...(options.deps && { deps: options.deps }),
    reconcileIntervalMs: 3_600_000,
    directoryIntervalMs: 3_600_000,
  });
  return {
    stack,
    sandboxes,
    publicUrl,
    deps: stack.runtime.deps as OnboardingDeps,
    browser: () => new Browser(publicUrl, sandboxes),
    async admin(session, method, path, body) {
      const send = () =>
        fetch(`${publicUrl}${path}`, {
          method,
          headers: { authorization: `Bearer ${session}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
          ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
        });
      let res = await send();
      // The gateway's throttle of the admin routes (10/s), as API Gateway's: waited out like a person would.
      for (let retry = 0; res.status === 429 && res.headers.get('retry-after') === null && retry < 40; retry++) {
        await new Promise((r) => setTimeout(r, 250));
        res = await send();
      }
      return { status: res.status, body: await res.json().catch(() => undefined) };
    },
    async close() {
      await stack.stop();
      await sandboxes.close();
    },
  };
}

export interface Visit {
  status: number;
  location?: string;
  text: string;
  headers: Headers;
}

/** A browser as far as OAuth needs one: cookies for the backend's origin, redirects followed one at a time. */
export class Browser {
  readonly cookies = new Map<string, string>();
  /** Every URL this browser was sent to (codes and states included), for the log scan. */
  readonly visited: string[] = [];

  constructor(
    private readonly publicUrl: string,
    private readonly sandboxes: SandboxPair,
  ) {}

  async get(url: string): Promise<Visit> {
    return this.send(url, { method: 'GET' });
  }

  async post(url: string, form: URLSearchParams): Promise<Visit> {
    return this.send(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
  }

  /** Starts Zendesk Connect (or sign-in) on the backend: the 302 to the authorize page. */
  async startZendesk(query = `subdomain=${SUBDOMAIN}`): Promise<Visit> {
    return this.get(`${this.publicUrl}/oauth/zendesk/start?${query}`);
  }

  /** On a provider's consent page (its URL from our 302): Approve (as `email` on Zendesk) or Deny; returns the 302 back to us. */
  async consent(authorizeUrl: string, decision: 'approve' | 'deny' = 'approve', email = ADMIN_EMAIL): Promise<Visit> {
    const url = new URL(authorizeUrl);
    const page = await this.get(url.toString());
    if (page.status !== 200) throw new Error(`the consent page answered ${page.status}: ${page.text.slice(0, 300)}`);
    const form = new URLSearchParams(url.searchParams);
    form.set('decision', decision);
    if (url.origin === new URL(this.sandboxes.zendesk.url).origin) form.set('email', email);
    return this.post(`${url.origin}${url.pathname}`, form);
  }

  /** Start → consent → callback: the callback's page. */
  async connectZendesk(options: { query?: string; email?: string } = {}): Promise<{ page: Visit; callbackUrl: string }> {
    const start = await this.startZendesk(options.query);
    if (start.status !== 302 || !start.location) throw new Error(`start answered ${start.status}: ${start.text.slice(0, 300)}`);
    const back = await this.consent(start.location, 'approve', options.email);
    if (!back.location) throw new Error(`the consent answered ${back.status}`);
    return { page: await this.get(back.location), callbackUrl: back.location };
  }

  /** Install URI (from the console's link, or bare as Aircall's button opens it) → consent → callback page. */
  async connectAircall(installUrl: string): Promise<{ page: Visit; callbackUrl: string }> {
    const install = await this.get(installUrl);
    if (install.status !== 302 || !install.location) throw new Error(`install answered ${install.status}: ${install.text.slice(0, 300)}`);
    const back = await this.consent(install.location);
    if (!back.location) throw new Error(`the consent answered ${back.status}`);
    return { page: await this.get(back.location), callbackUrl: back.location };
  }

  private async send(url: string, init: RequestInit): Promise<Visit> {
    this.visited.push(url);
    const ours = new URL(url).origin === new URL(this.publicUrl).origin;
    const headers = new Headers(init.headers);
    if (ours && this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    let res = await fetch(url, { ...init, headers, redirect: 'manual' });
    // The gateway throttles the OAuth routes as API Gateway would (5/s); a person's next click comes later.
    for (let retry = 0; ours && res.status === 429 && retry < 40; retry++) {
      await new Promise((r) => setTimeout(r, 250));
      res = await fetch(url, { ...init, headers, redirect: 'manual' });
    }
    if (ours) {
      for (const line of res.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const at = pair?.indexOf('=') ?? -1;
        if (!pair || at <= 0) continue;
        const name = pair.slice(0, at);
        const value = pair.slice(at + 1);
        if (/max-age=0/i.test(line) || value === '') this.cookies.delete(name);
        else this.cookies.set(name, value);
      }
    }
    const location = res.headers.get('location') ?? undefined;
    return { status: res.status, ...(location && { location }), text: await res.text(), headers: res.headers };
  }
}

/** The message a callback page posts to the console (its script's `var m=…`). */
export function postedMessage(page: Visit): ConsolePopupMessage | undefined {
  const match = /var m=(\{.*?\});var o=/s.exec(page.text) ?? /postMessage\((\{.*?\}),/s.exec(page.text);
  return match?.[1] ? (JSON.parse(match[1]) as ConsolePopupMessage) : undefined;
}

/** The session token a callback page hands over, or a thrown error with the page's text. */
export function sessionFrom(page: Visit): string {
  const message = postedMessage(page);
  if (message?.type !== 'agent-status-sync:admin-session')
    throw new Error(`no session on the page (${page.status}): ${page.text.replace(/<[^>]+>/g, ' ').slice(0, 400)}`);
  return message.token;
}
