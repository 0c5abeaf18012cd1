// The Aircall Public API client (aircall-api.md): users, status, live availability and webhooks, within a rate budget.
import { isAircallAvailabilityStatus, type AircallAvailabilityStatus } from '../../shared/aircall/vocabulary';
import { apiUrl, followLink, segment } from '../http/url';
import { backoffCeiling, type Sleep } from '../http/backoff';
import { field, readArray, readNumber, readString } from '../http/read';
import { AuthError, InvalidInputError, InvalidResponseError, NotFoundError } from '../http/errors';
import { inDecidedWrite } from '../http/deadline';
import { retryAfterMs, sendJson, type HttpConfig, type HttpMethod, type RetryEvent } from '../http/request';
import { ShapeMemory } from '../store/api-shape-memory';
import type { StoredApiShapes } from '../store/api-shapes';
import { aircallShapes, type AircallUserApiVersion, type AircallUserRequests } from './api-shapes';
import { aircallResetDelayMs, realClock, sharedRateBudget, type BudgetClock, type BudgetSnapshot, type RequestBudget } from './rate-budget';
import {
  readAircallAvailability,
  readAircallUser,
  readAircallWebhook,
  type AircallAvailability,
  type AircallUser,
  type AircallWebhook,
  type AircallWebhookInput,
  type AircallWebhookUpdate,
} from './types';

export type { AircallUserApiVersion } from './api-shapes';
export { AircallStatusUnwritableError } from './api-shapes';

/** How a request to Aircall authenticates: an API ID and token (basic), or a partner OAuth token (Bearer, onboarding.md §5). */
export type AircallAuth = { kind: 'basic'; apiId: string; apiToken: string } | { kind: 'bearer'; accessToken: string };

/** Options of `createAircallClient`; only the API key (`apiId` + `apiToken`, or `authSource`) is required. */
export interface AircallClientOptions {
  apiId?: string;
  apiToken?: string;
  /** The credential read for each request (a store's, which may change on reconnect); replaces `apiId`/`apiToken`. */
  authSource?: () => Promise<AircallAuth>;
  /** Default `https://api.aircall.io`. */
  baseUrl?: string;
  /** The company's budget (§3). Default 60: the documented figures are 60 and 120; keep headroom for others. */
  rateLimitPerMinute?: number;
  /** The budget window. Default 60 000 ms; tests shorten it. */
  rateWindowMs?: number;
  /** The Aircall company the budget belongs to. Default `apiId`. */
  budgetKey?: string;
  /** Replaces the in-process shared budget (e.g. a cross-Lambda one). */
  budget?: RequestBudget;
  /** The budget's clock (tests). */
  clock?: BudgetClock;
  /** Per attempt. Default 5000 ms. */
  timeoutMs?: number;
  /** Retries on 5xx and network errors. Default 3. */
  maxRetries?: number;
  /**
   * The user API version tried first, before anything is learned for the account. Default `'v2'` (§1: V1 users were
   * announced for removal); the other version is the fallback (lambdas/aircall/api-shapes.ts).
   */
  userApiVersion?: AircallUserApiVersion;
  /** What was learned about this account's API (shared by its clients; stored when it has a store). Default: in memory. */
  shapes?: ShapeMemory;
  /** The most one request waits on 429s. Default 30 000 ms. */
  maxRateLimitWaitMs?: number;
  /** The most one request waits in the budget queue before `RateLimitedError`. Default 60 000 ms. */
  maxQueueWaitMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: Sleep;
  random?: () => number;
  onRetry?: (event: RetryEvent) => void;
  fetch?: typeof fetch;
  /**
   * Called once Aircall refuses the credential itself (`refusesCredential`) with the refused one: marks the connection
   * as needing a reconnect and returns the error the request throws instead of its 401/403. Without it, the 401/403 is
   * thrown.
   */
  onCredentialRefused?: (refused: AircallAuth, reason: string) => Promise<Error>;
}

/** The Aircall operations the lambdas use. Every method throws an `ApiError` subclass on failure. */
export interface AircallClient {
  /** `GET /v1/ping`: resolves when the API key works. */
  ping(): Promise<void>;
  /** Every user (V2, else V1), following `meta.next_page_link`, else `meta.total` (50 per page). */
  listUsers(): Promise<AircallUser[]>;
  /** One user by numeric id or email; `undefined` when Aircall answers 404. */
  getUser(idOrEmail: number | string): Promise<AircallUser | undefined>;
  /** Sets `availability_status` (only `available`, `custom`, `unavailable`) and returns the updated user. */
  setAvailabilityStatus(userId: number, status: AircallAvailabilityStatus): Promise<AircallUser>;
  /** Every user's live availability (`GET /v1/users/availabilities`, v1 only, 50 per page; the user list's status if it is gone). */
  listAvailabilities(): Promise<AircallAvailability[]>;
  /** Creates a webhook for the given events (never an empty list). Returns it with its `token`. */
  createWebhook(input: AircallWebhookInput): Promise<AircallWebhook>;
  listWebhooks(): Promise<AircallWebhook[]>;
  /** `GET /v1/webhooks/:id` (with its `token` and `active`); `undefined` on 404 (deleted). */
  getWebhook(webhookId: string): Promise<AircallWebhook | undefined>;
  /**
   * `PUT /v1/webhooks/:id`, always with the full `events` list (omitted, Aircall re-registers the webhook to ALL events,
   * §8.1); `active: true` re-enables a disabled webhook (§8.7). `undefined` on 404.
   */
  updateWebhook(webhookId: string, update: AircallWebhookUpdate): Promise<AircallWebhook | undefined>;
  /** Deletes a webhook; `false` when it did not exist (404), so a retry is harmless. */
  deleteWebhook(webhookId: string): Promise<boolean>;
  /** The shared budget's state, e.g. for `settleDelay`'s `budgetLow`. */
  budget(): BudgetSnapshot;
  /** What this client learned (or loaded) about the account's API shapes and problems. */
  learned(): Promise<StoredApiShapes>;
}

const PER_PAGE = 50; // §4.2: max 50
const PING_PATH = '/v1/ping';
const MAX_PAGES = 1000;
/** The longest a decided write waits for a budget token (the worker waited for one before deciding). */
const DECIDED_WRITE_TOKEN_WAIT_MS = 250;

/**
 * Creates an Aircall client. Clients with the same `budgetKey` share one request budget in the process.
 *
 * @example
 * const aircall = createAircallClient({ apiId, apiToken, budgetKey: 'acme' });
 * await aircall.setAvailabilityStatus(456, 'unavailable');
 */
export function createAircallClient(options: AircallClientOptions): AircallClient {
  return buildAircallClient(options, aircallWebhookOps);
}

/** The operations only onboarding and upkeep send: the webhooks (`createAircallSyncClient` leaves them out). */
export type AircallWebhookOps = Pick<AircallClient, 'createWebhook' | 'listWebhooks' | 'getWebhook' | 'updateWebhook' | 'deleteWebhook'>;

export const AIRCALL_WEBHOOK_OPS: Record<keyof AircallWebhookOps, null> = {
  createWebhook: null,
  listWebhooks: null,
  getWebhook: null,
  updateWebhook: null,
  deleteWebhook: null,
};

/**
 * The client of a function that never onboards (the sync worker): the same client without the webhook operations,
 * so its bundle holds none of their code; calling one fails loudly (tests/infra/bundle-size.test.ts checks that the
 * function's code calls none).
 */
export function createAircallSyncClient(options: AircallClientOptions): AircallClient {
  return buildAircallClient(options, () => {
    const leftOut = (op: string) => () =>
      Promise.reject(new Error(`This Aircall client was built without its webhook operations (${op}): createAircallSyncClient in lambdas/aircall/client.ts`));
    return Object.fromEntries(Object.keys(AIRCALL_WEBHOOK_OPS).map((op) => [op, leftOut(op)])) as unknown as AircallWebhookOps;
  });
}

/** What the webhook operations are built over: the client's request machinery. */
interface AircallClientInternals {
  baseUrl: string;
  call(method: HttpMethod, url: URL, body?: unknown): Promise<unknown>;
  paginate<T>(path: string, key: string, read: (raw: unknown) => T): Promise<T[]>;
}

function buildAircallClient(options: AircallClientOptions, webhookOps: (internals: AircallClientInternals) => AircallWebhookOps): AircallClient {
  const baseUrl = options.baseUrl ?? 'https://api.aircall.io';
  const memory = options.shapes ?? new ShapeMemory();
  const clock = options.clock ?? realClock;
  const windowMs = options.rateWindowMs ?? 60_000;
  const budget =
    options.budget ?? sharedRateBudget(options.budgetKey ?? options.apiId ?? 'aircall', { perWindow: options.rateLimitPerMinute ?? 60, windowMs, clock });
  const maxQueueWaitMs = options.maxQueueWaitMs ?? 60_000;
  const fixed: AircallAuth | undefined =
    options.apiId !== undefined && options.apiToken !== undefined ? { kind: 'basic', apiId: options.apiId, apiToken: options.apiToken } : undefined;
  const authSource =
    options.authSource ?? (async () => fixed ?? Promise.reject(new InvalidInputError('aircall', 'No Aircall API key: no request can be sent')));

  const http: HttpConfig = {
    system: 'aircall',
    timeoutMs: options.timeoutMs,
    maxRetries: options.maxRetries,
    baseDelayMs: options.baseDelayMs,
    maxDelayMs: options.maxDelayMs,
    maxRateLimitWaitMs: options.maxRateLimitWaitMs,
    sleep: options.sleep,
    random: options.random,
    onRetry: options.onRetry,
    fetch: options.fetch,
    // A decided write takes a token only if one is free now: waiting for one would send a stale decision.
    beforeAttempt: () => budget.acquire(inDecidedWrite() ? DECIDED_WRITE_TOKEN_WAIT_MS : maxQueueWaitMs),
    afterAttempt: ({ headers }) => budget.observe(headers),
    // §3: 429 body and Retry-After undocumented: reset header, else Retry-After, else backoff capped at 60 s.
    rateLimitDelayMs: ({ headers, rateLimitRetry }) => {
      const now = clock.now();
      const wait =
        aircallResetDelayMs(headers.get('x-aircallapi-reset'), now, windowMs) ?? retryAfterMs(headers, now) ?? backoffCeiling(rateLimitRetry, 1000, 60_000);
      budget.pauseFor(wait);
      return wait;
    },
  };

  async function call(method: HttpMethod, url: URL, body?: unknown): Promise<unknown> {
    const auth = await authSource();
    try {
      return await send(auth, method, url, body);
    } catch (error) {
      if (!(error instanceof AuthError) || !options.onCredentialRefused || url.pathname === PING_PATH || !(await refusesCredential(auth))) throw error;
      throw await options.onCredentialRefused(auth, `Aircall refused the ${auth.kind === 'bearer' ? 'OAuth token' : 'API key'} (${error.status})`);
    }
  }

  async function send(auth: AircallAuth, method: HttpMethod, url: URL, body?: unknown): Promise<unknown> {
    // §1: "Every POST, PUT and DELETE HTTP request … must specify the Content-Type entity header to application/json".
    const { authorization, secrets } = aircallAuthorization(auth);
    const headers: Record<string, string> = { Authorization: authorization };
    if (method !== 'GET') headers['Content-Type'] = 'application/json';
    return (await sendJson({ ...http, secrets }, { method, url, headers, body })).body;
  }

  /**
   * Whether a 401/403 means Aircall no longer accepts the credential, not just this request. aircall-api.md documents
   * 403 on every endpoint as "Invalid API key or Bearer access token", but what a revoked partner token answers is
   * UNCONFIRMED (onboarding.md §5: tokens are permanent; revocation is an uninstall), so the credential is judged by
   * `GET /v1/ping` with it (§4.1: 401 without, 403 with wrong credentials), which asks for nothing but a valid one.
   * Anything else there (a network error, a 429, a 5xx) proves nothing, and the request's own error stands.
   */
  async function refusesCredential(auth: AircallAuth): Promise<boolean> {
    try {
      await send(auth, 'GET', apiUrl(baseUrl, PING_PATH));
      return false;
    } catch (error) {
      return error instanceof AuthError;
    }
  }

  async function paginate<T>(path: string, key: string, read: (raw: unknown) => T): Promise<T[]> {
    const out: T[] = [];
    const seen = new Set<string>();
    let url: URL | undefined = apiUrl(baseUrl, path, { per_page: PER_PAGE });
    for (let page = 0; url && page < MAX_PAGES; page++) {
      seen.add(url.href);
      const body = await call('GET', url);
      const items = readArray(field(body, key));
      if (!items) throw new InvalidResponseError('aircall', `a page without a "${key}" list`, { method: 'GET', path: url.pathname });
      for (const item of items) out.push(read(item));
      url = nextPage(url, body, items.length);
      if (url && seen.has(url.href)) {
        throw new InvalidResponseError('aircall', `a next_page_link that repeats ${url.pathname}${url.search}`, { method: 'GET', path: url.pathname });
      }
    }
    return out;
  }

  /**
   * §4.2: follow `meta.next_page_link`. Without one (V2 pages are not documented to carry it), `meta.total`,
   * `current_page` and `per_page` say whether a page follows; without those either, a full page asks for the next
   * one and an empty page ends. Never stops silently after the first page.
   */
  function nextPage(url: URL, body: unknown, count: number): URL | undefined {
    const meta = field(body, 'meta');
    const link = readString(field(meta, 'next_page_link'));
    if (link) return followLink(baseUrl, link);
    if (count === 0 || field(meta, 'next_page_link') === null) return undefined;
    const total = readNumber(field(meta, 'total'));
    const current = readNumber(field(meta, 'current_page')) ?? Number(url.searchParams.get('page') ?? '1');
    const perPage = readNumber(field(meta, 'per_page')) ?? PER_PAGE;
    if (total !== undefined ? current * perPage >= total : count < perPage) return undefined;
    const next = new URL(url.href);
    next.searchParams.set('page', String(current + 1));
    return next;
  }

  const requests: AircallUserRequests = {
    list: (v) => paginate(userPath(v), 'users', (raw) => readAircallUser(raw, { method: 'GET', path: userPath(v) })),
    async get(v, idOrEmail) {
      const url = apiUrl(baseUrl, userPath(v, idOrEmail));
      return readAircallUser(field(await call('GET', url), 'user'), { method: 'GET', path: url.pathname });
    },
    async put(v, userId, status) {
      const url = apiUrl(baseUrl, userPath(v, userId));
      return readAircallUser(field(await call('PUT', url, { availability_status: status }), 'user'), { method: 'PUT', path: url.pathname });
    },
    listAvailabilities() {
      // §6.3: live availability exists only in v1, whatever the user API version.
      const path = '/v1/users/availabilities';
      return paginate(path, 'users', (raw) => readAircallAvailability(raw, { method: 'GET', path }));
    },
    async probeList(v) {
      await call('GET', apiUrl(baseUrl, userPath(v), { per_page: 1 }));
    },
  };
  const shapes = aircallShapes(memory, requests, { userApiVersion: options.userApiVersion ?? 'v2' });

  return {
    ...webhookOps({ baseUrl, call, paginate }),

    async ping() {
      await call('GET', apiUrl(baseUrl, PING_PATH));
    },

    listUsers() {
      return shapes.listUsers();
    },

    getUser(idOrEmail) {
      return shapes.getUser(idOrEmail);
    },

    async setAvailabilityStatus(userId, status) {
      if (!isAircallAvailabilityStatus(status)) {
        throw new InvalidInputError(
          'aircall',
          `Refusing to set Aircall availability_status "${String(status)}": only available, custom or unavailable are writable`,
        );
      }
      if (!Number.isInteger(userId) || userId <= 0) throw new InvalidInputError('aircall', `Refusing to update Aircall user ${userId}: not a user id`);
      return shapes.setStatus(userId, status);
    },

    listAvailabilities() {
      return shapes.listAvailabilities();
    },

    budget: () => budget.snapshot(),
    learned: () => memory.snapshot(),
  };
}

/** The webhook operations over the client's internals. */
function aircallWebhookOps({ baseUrl, call, paginate }: AircallClientInternals): AircallWebhookOps {
  return {
    async createWebhook(input) {
      const events = input.events.filter((e) => typeof e === 'string' && e.trim() !== '');
      if (events.length === 0 || events.length !== input.events.length) {
        throw new InvalidInputError('aircall', 'Refusing to create an Aircall webhook without a list of named events: Aircall would send it ALL events');
      }
      if (!input.url) throw new InvalidInputError('aircall', 'Refusing to create an Aircall webhook without a url');
      const url = apiUrl(baseUrl, '/v1/webhooks');
      const body = { ...(input.customName ? { custom_name: input.customName } : {}), url: input.url, events };
      return readAircallWebhook(field(await call('POST', url, body), 'webhook'), { method: 'POST', path: url.pathname });
    },

    listWebhooks() {
      return paginate('/v1/webhooks', 'webhooks', (raw) => readAircallWebhook(raw, { method: 'GET', path: '/v1/webhooks' }));
    },

    async getWebhook(webhookId) {
      if (!webhookId) throw new InvalidInputError('aircall', 'Refusing to read an Aircall webhook without an id');
      const url = apiUrl(baseUrl, `/v1/webhooks/${segment(webhookId)}`);
      try {
        return readAircallWebhook(field(await call('GET', url), 'webhook'), { method: 'GET', path: url.pathname });
      } catch (err) {
        if (err instanceof NotFoundError) return undefined;
        throw err;
      }
    },

    async updateWebhook(webhookId, update) {
      if (!webhookId) throw new InvalidInputError('aircall', 'Refusing to update an Aircall webhook without an id');
      const events = update.events.filter((e) => typeof e === 'string' && e.trim() !== '');
      if (events.length === 0 || events.length !== update.events.length) {
        throw new InvalidInputError('aircall', 'Refusing to update an Aircall webhook without a list of named events: Aircall would send it ALL events');
      }
      const url = apiUrl(baseUrl, `/v1/webhooks/${segment(webhookId)}`);
      const body = {
        events,
        ...(update.active !== undefined && { active: update.active }),
        ...(update.url !== undefined && { url: update.url }),
        ...(update.customName !== undefined && { custom_name: update.customName }),
      };
      try {
        return readAircallWebhook(field(await call('PUT', url, body), 'webhook'), { method: 'PUT', path: url.pathname });
      } catch (err) {
        if (err instanceof NotFoundError) return undefined;
        throw err;
      }
    },

    async deleteWebhook(webhookId) {
      if (!webhookId) throw new InvalidInputError('aircall', 'Refusing to delete an Aircall webhook without an id');
      try {
        await call('DELETE', apiUrl(baseUrl, `/v1/webhooks/${segment(webhookId)}`));
        return true;
      } catch (err) {
        if (err instanceof NotFoundError) return false;
        throw err;
      }
    },
  };
}

/**
 * The only code that knows where user endpoints live: `/v2/users` mirrors `/v1/users` for list, retrieve (id or
 * email) and update (§7). Which version answers is detected in api-shapes.ts.
 */
function userPath(version: AircallUserApiVersion, idOrEmail?: number | string): string {
  return idOrEmail === undefined ? `/${version}/users` : `/${version}/users/${segment(idOrEmail)}`;
}

/** The `Authorization` header of a credential, and what of it must never reach a log. */
function aircallAuthorization(auth: AircallAuth): { authorization: string; secrets: string[] } {
  if (auth.kind === 'bearer') return { authorization: `Bearer ${auth.accessToken}`, secrets: [auth.accessToken] };
  const encoded = Buffer.from(`${auth.apiId}:${auth.apiToken}`).toString('base64');
  return { authorization: `Basic ${encoded}`, secrets: [auth.apiToken, encoded] };
}
