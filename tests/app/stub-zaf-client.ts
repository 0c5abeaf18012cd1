// A typed stub of the ZAF client for UI tests: the host's side of registration, events, get/set/invoke and
// client.request (with the backend's answers as the test gives them), in memory and recorded.
import type {
  ZafClient,
  ZafContext,
  ZafGetResult,
  ZafMetadata,
  ZafRegistration,
  ZafRequestFailure,
  ZafRequestOptions,
  ZafSettings,
} from 'zendesk_app_framework_sdk';

import type { AppBoot } from '../../shared/app-boot';
import { SessionKeeper, setPageSession } from '../../app/src/backend/session';

type Handler = (data: never) => void;

/** The boot object of a page the backend served for a verified agent: a session valid for an hour from `now`. */
export function agentBoot(now: number, publicUrl = 'https://api.example.com/prod'): AppBoot {
  return { location: 'top_bar', publicUrl, accountId: 'acme', subdomain: 'example', session: { token: 'session-token-1', expiresAt: now + 3_600_000 } };
}

/** What the backend answers a request with: a body, or an HTTP failure (see `httpFailure`). */
export type Responder = (options: ZafRequestOptions) => unknown;

/** Thrown by a responder: the request fails as ZAF's does, rejecting with `{ status, responseText }` (zaf.md §6.4). */
export class HttpFailure {
  constructor(readonly failure: ZafRequestFailure) {}
}

/** A failed HTTP answer, or with no status a network failure. @example throw httpFailure(401) */
export function httpFailure(status?: number, responseText = ''): HttpFailure {
  return new HttpFailure(status === undefined ? { status: 0, statusText: 'error', responseText: '' } : { status, responseText });
}

/** One `set` as the host saw it: on this instance or, through `instance(guid)`, on another. */
export interface SetCall {
  instanceGuid: string;
  key: string;
  value: unknown;
}

/** A client that registers when the test says so, with the settings the test gives. */
export class StubZafClient implements ZafClient {
  private readonly handlers = new Map<string, Handler[]>();
  private registration: ZafRegistration | null = null;
  readonly registrationData: ZafRegistration;
  /** What `get(path)` returns, by path (e.g. `currentUser`, `instances`). A missing path answers with an error. */
  readonly values: Record<string, unknown>;
  readonly sets: SetCall[] = [];
  readonly invokes: Array<{ name: string; args: unknown[] }> = [];
  readonly requests: ZafRequestOptions[] = [];
  private readonly responders = new Map<string, Responder>();

  constructor(settings: ZafSettings, context: Partial<ZafContext> = {}, values: Record<string, unknown> = {}) {
    this.registrationData = {
      metadata: { appId: 0, name: 'Agent Status Sync', version: '0.1.0', installationId: 1, settings },
      context: { product: 'support', location: 'top_bar', instanceGuid: 'test-guid', account: { subdomain: 'example' }, ...context },
    };
    this.values = { currentUser: { id: 10011, name: 'Jane Agent', email: 'jane@example.com', locale: 'en-US', role: 'agent' }, ...values };
  }

  on(name: string, handler: Handler): void {
    this.handlers.set(name, [...(this.handlers.get(name) ?? []), handler]);
  }

  off(name: string, handler: Handler): boolean {
    const list = this.handlers.get(name) ?? [];
    this.handlers.set(
      name,
      list.filter((h) => h !== handler),
    );
    return list.includes(handler);
  }

  /** Like the SDK: resolves with the registration's metadata, once registered. */
  metadata(): Promise<ZafMetadata> {
    return this.whenRegistered().then((r) => r.metadata);
  }

  context(): Promise<ZafContext> {
    return this.whenRegistered().then((r) => r.context);
  }

  /** Like the SDK: a single path rejects when the host has no value for it; several paths resolve with `errors`. */
  async get(path: string | string[]): Promise<ZafGetResult> {
    const paths = Array.isArray(path) ? path : [path];
    const result: ZafGetResult = { errors: {} };
    for (const p of paths) {
      if (p in this.values) result[p] = this.values[p];
      else result.errors![p] = { message: `"${p}" Could not find handler` };
    }
    if (!Array.isArray(path) && result.errors![path]) throw new Error(result.errors![path]!.message);
    return result;
  }

  async set(key: string, value: unknown): Promise<unknown> {
    this.sets.push({ instanceGuid: this.registrationData.context.instanceGuid ?? '', key, value });
    return { [key]: value, errors: {} };
  }

  async invoke(name: string, ...args: unknown[]): Promise<unknown> {
    this.invokes.push({ name, args });
    return { errors: {} };
  }

  /** A child client whose `set` is recorded against `guid`, as the SDK's instance clients route to the host. */
  instance(guid: string): ZafClient {
    const child = Object.create(this) as StubZafClient;
    child.set = async (key: string, value: unknown) => {
      this.sets.push({ instanceGuid: guid, key, value });
      return { [key]: value, errors: {} };
    };
    return child;
  }

  /** Answers from the responder whose route ends the URL; no responder is a network failure. */
  async request(options: ZafRequestOptions): Promise<unknown> {
    this.requests.push(options);
    await Promise.resolve();
    const path = new URL(options.url).pathname;
    const responder = [...this.responders].find(([route]) => path.endsWith(route))?.[1];
    try {
      if (!responder) throw httpFailure();
      return await responder(options);
    } catch (e) {
      if (e instanceof HttpFailure) throw e.failure;
      throw e;
    }
  }

  /**
   * The backend the page's session calls (issue 13: same-origin `fetch` with a bearer token, backend/session.ts): a
   * `fetch` answering from the same responders, recorded in `requests` as `{url, type, headers, data}`. A responder
   * throwing `httpFailure(status)` answers that status; `httpFailure()` is a network failure (fetch rejects).
   */
  backendFetch(): (url: string, init: RequestInit) => Promise<Response> {
    return async (url, init) => {
      const headers = Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
      const options: ZafRequestOptions = {
        url,
        type: (init.method ?? 'GET') as ZafRequestOptions['type'],
        headers,
        ...(init.body !== undefined && init.body !== null && { data: String(init.body) }),
      };
      this.requests.push(options);
      await Promise.resolve();
      const path = new URL(url).pathname;
      const responder = [...this.responders].find(([route]) => path.endsWith(route))?.[1];
      let status = 200;
      let body: unknown;
      try {
        if (!responder) throw httpFailure();
        body = await responder(options);
      } catch (e) {
        if (!(e instanceof HttpFailure)) throw e;
        if (!e.failure.status) throw new TypeError('Failed to fetch');
        status = e.failure.status;
        body = e.failure.responseText;
      }
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      // jsdom has no Response: the part of it the app reads.
      return { ok: status >= 200 && status < 300, status, json: async () => JSON.parse(text) } as unknown as Response;
    };
  }

  /** Makes this the page's session (backend/session.ts) with `boot`, calling the fake backend above. */
  startSession(boot: AppBoot | undefined = agentBoot(Date.now())): SessionKeeper {
    const keeper = new SessionKeeper(boot, { fetch: this.backendFetch() }).start();
    setPageSession(keeper);
    return keeper;
  }

  /** Sets what the backend answers on `route` (a path such as APP_API_ROUTES.meStatus). */
  respond(route: string, responder: Responder): this {
    this.responders.set(route, responder);
    return this;
  }

  /** How many handlers listen to `name`. */
  listeners(name: string): number {
    return this.handlers.get(name)?.length ?? 0;
  }

  /** The host's `zaf.app.registered` message. */
  register(): void {
    this.registration = this.registrationData;
    this.emit('app.registered', this.registrationData);
  }

  /** A host event, such as `pane.activated`. */
  emit(name: string, data: unknown): void {
    for (const handler of this.handlers.get(name) ?? []) (handler as (d: unknown) => void)(data);
  }

  /** The `iconSymbol` values set, in order, on the instance `guid` (this one by default). */
  iconSymbols(guid = this.registrationData.context.instanceGuid): unknown[] {
    return this.sets.filter((s) => s.key === 'iconSymbol' && s.instanceGuid === guid).map((s) => s.value);
  }

  private whenRegistered(): Promise<ZafRegistration> {
    if (this.registration) return Promise.resolve(this.registration);
    return new Promise((resolve) => this.on('app.registered', resolve as Handler));
  }
}
