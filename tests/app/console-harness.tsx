// The admin console in jsdom: the stub ZAF client at the nav_bar location, the boot object the backend's page
// carries, `fetch` answered by route handlers the test gives (recorded, with their headers and bodies), `window.open`
// recorded with a fake popup, and the popup's postMessage delivered as a `message` event from a chosen origin.
import { act, render } from '@testing-library/react';
import type { ZafSettings } from 'zendesk_app_framework_sdk';
import { APP_BOOT_GLOBAL, type AppBoot } from '../../shared/app-boot';
import { Root } from '../../app/src/Root';
import { startZaf } from '../../app/src/zaf/start';
import { StubZafClient } from './stub-zaf-client';

export const PUBLIC_URL = 'https://api.example.com';
export const ADMIN = { id: 1, name: 'Ada Admin', email: 'ada@example.com', locale: 'en', role: 'admin' };
export const AGENT = { id: 10011, name: 'Jane Agent', email: 'jane@example.com', locale: 'en', role: 'agent' };

/** One call the page made to the backend. */
export interface Call {
  method: string;
  path: string;
  authorization?: string;
  body?: unknown;
}

/** What a route handler answers: a JSON body with a status (200 by default), or a network failure. */
export type Answer = { status?: number; body?: unknown } | 'network_error';
export type Handler = (call: Call) => Answer;

export class FakeBackend {
  readonly calls: Call[] = [];
  private readonly handlers = new Map<string, Handler>();

  on(method: string, path: string, handler: Handler): this {
    this.handlers.set(`${method} ${path}`, handler);
    return this;
  }

  /** The calls to `path`, optionally of one method. */
  to(path: string, method?: string): Call[] {
    return this.calls.filter((c) => c.path === path && (!method || c.method === method));
  }

  readonly fetch = async (input: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Response> => {
    const url = new URL(input);
    const call: Call = {
      method: init.method ?? 'GET',
      path: url.pathname + url.search,
      authorization: init.headers?.authorization,
      ...(init.body !== undefined && { body: JSON.parse(init.body) }),
    };
    this.calls.push(call);
    await Promise.resolve();
    if (url.origin !== PUBLIC_URL) throw new TypeError('Failed to fetch');
    const handler = this.handlers.get(`${call.method} ${url.pathname}`);
    const answer: Answer = handler ? handler(call) : { status: 404, body: { error: { code: 'not_found', message: 'no such route' } } };
    if (answer === 'network_error') throw new TypeError('Failed to fetch');
    const status = answer.status ?? 200;
    return { ok: status >= 200 && status < 300, status, json: async () => answer.body } as Response;
  };
}

/** A popup as `window.open` returns it: where it was sent, and whether it is closed. */
export interface FakePopup {
  url: string;
  name?: string;
  closed: boolean;
  location: { href: string };
  close(): void;
}

export interface Mounted {
  client: StubZafClient;
  backend: FakeBackend;
  popups: FakePopup[];
}

export interface MountOptions {
  user?: Record<string, unknown>;
  /** The boot object; `null` for a page without one (the local harness before signedUrls). */
  boot?: Partial<AppBoot> | null;
  settings?: ZafSettings;
  backend?: FakeBackend;
  /** `window.open` returns null (a blocked popup). */
  blockPopups?: boolean;
}

/** Mounts the app at the nav_bar location and lets registration and the first renders complete. */
export async function mountConsole({
  user = ADMIN,
  boot = {},
  settings = { syncDirection: 'aircall_to_zendesk' },
  backend = new FakeBackend(),
  blockPopups = false,
}: MountOptions = {}): Promise<Mounted> {
  const w = window as unknown as Record<string, unknown>;
  if (boot === null) delete w[APP_BOOT_GLOBAL];
  else w[APP_BOOT_GLOBAL] = { location: 'nav_bar', publicUrl: PUBLIC_URL, subdomain: 'example', ...boot };
  w.fetch = backend.fetch;
  const popups: FakePopup[] = [];
  w.open = (url: string, name?: string) => {
    if (blockPopups) return null;
    const popup: FakePopup = {
      url,
      name,
      closed: false,
      location: { href: url },
      close() {
        popup.closed = true;
      },
    };
    popups.push(popup);
    return popup;
  };
  const client = new StubZafClient(settings, { location: 'nav_bar' }, { currentUser: user });
  render(<Root session={startZaf({ init: () => client })} />);
  await act(async () => client.register());
  await settle();
  return { client, backend, popups };
}

/** Lets pending promises and the renders they cause complete, without moving the clock. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 8; i++) await act(async () => jest.advanceTimersByTime(0));
}

/** Delivers what the OAuth popup posts to its opener, as coming from `origin`. */
export async function popupPosts(data: unknown, origin = PUBLIC_URL): Promise<void> {
  await act(async () => {
    window.dispatchEvent(new MessageEvent('message', { data, origin }));
  });
  await settle();
}

/** The admin session message the Zendesk callback page posts. */
export function sessionMessage(now: number, token = 'session-token-1', accountId = 'example') {
  return { type: 'agent-status-sync:admin-session', token, expiresAt: now + 3_600_000, accountId };
}
