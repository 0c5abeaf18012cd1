// The Zendesk API client (zendesk-api.md): agents, unified statuses, agent availabilities, webhooks, app installations.
import { buildStatusCatalog, type ZendeskStatusCatalog } from '../../shared/zendesk/vocabulary';
import { apiUrl, followLink, segment } from '../http/url';
import { backoffCeiling, type Sleep } from '../http/backoff';
import { field, readArray, readString } from '../http/read';
import { AuthError, InvalidInputError, InvalidResponseError, NotFoundError } from '../http/errors';
import { retryAfterMs, sendJson, type HttpConfig, type HttpMethod, type RetryEvent } from '../http/request';
import { ShapeMemory } from '../store/api-shape-memory';
import type { StoredApiShapes } from '../store/api-shapes';
import { readStatusLists, unifiedStatusBody, zendeskShapes, type StatusBodyShape } from './api-shapes';
import { zendeskOnboardingApi, type ZendeskCall, type ZendeskOnboardingApi } from './webhooks-api';
import { zendeskTalkApi, type ZendeskTalkApi } from './talk-api';
import {
  readStatusEntry,
  readZendeskAvailability,
  readZendeskInstallation,
  readZendeskUser,
  readZendeskWebhook,
  type ZendeskAvailability,
  type ZendeskInstallation,
  type ZendeskUser,
  type ZendeskWebhook,
  type ZendeskWebhookInput,
} from './types';

/** A bearer token, or a function returning the current one (OAuth tokens expire and rotate, §2.1). */
export type AccessToken = string | (() => string | Promise<string>);

/**
 * How the client authenticates (§2). Use OAuth. `api_token` is legacy basic auth
 * (`base64("{email}/token:{apiToken}")`), kept only as a fallback.
 */
export type ZendeskAuth =
  | { kind: 'oauth'; accessToken: AccessToken }
  /** @deprecated Zendesk deactivates every API token on 2027-04-30 ("All API calls using API tokens will fail"), and tokens unused for 30 days earlier (§2.2). */
  | { kind: 'api_token'; email: string; apiToken: string };

export { unifiedStatusBody, type StatusBodyShape } from './api-shapes';

/**
 * Where the client takes its auth for each request when the credential lives in a store and rotates
 * (lambdas/zendesk/token-source.ts): `auth()` before every request; after a 401, `onUnauthorized(used)` may replace
 * the credential (a refresh) and answer `true`, and the request is sent once more with the new auth.
 */
export interface ZendeskAuthSource {
  auth(): Promise<ZendeskAuth>;
  onUnauthorized?(used: ZendeskAuth): Promise<boolean>;
}

/** Options of `createZendeskClient`; `subdomain` and `auth` (or `authSource`) are required. */
export interface ZendeskClientOptions {
  subdomain: string;
  /** Default `https://{subdomain}.zendesk.com`. */
  baseUrl?: string;
  auth: ZendeskAuth | ZendeskAuthSource;
  /** Per attempt. Default 5000 ms. */
  timeoutMs?: number;
  /** Retries on 5xx and network errors. Default 3. */
  maxRetries?: number;
  /** The status PUT body tried first, before anything is learned (§6.2, api-shapes.ts). Default `'id'`. */
  statusBodyShape?: StatusBodyShape;
  /** What was learned about this account's API (shared by its clients; stored when it has a store). Default: in memory. */
  shapes?: ShapeMemory;
  /** The most one request waits on 429s. Default 30 000 ms. */
  maxRateLimitWaitMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: Sleep;
  random?: () => number;
  onRetry?: (event: RetryEvent) => void;
  fetch?: typeof fetch;
  /** Clock for `Retry-After` dates (tests). */
  now?: () => number;
}

/** The Zendesk operations the lambdas use (onboarding's in webhooks-api.ts). Every method throws an `ApiError` subclass on failure. */
export interface ZendeskClient extends ZendeskOnboardingApi, ZendeskTalkApi {
  /** Every agent and admin (cursor pages of 100). */
  listAgents(): Promise<ZendeskUser[]>;
  /** One user by id (`GET /api/v2/users/{id}`, §8), with `role`, `email` and `name`; `undefined` on 404. */
  getUser(userId: string): Promise<ZendeskUser | undefined>;
  /** The user whose email equals `email` (case-insensitive), or `undefined`. Reads the first result page only. */
  searchUserByEmail(email: string): Promise<ZendeskUser | undefined>;
  /** The account's unified statuses, default and custom, with this account's ids. */
  listStatuses(): Promise<ZendeskStatusCatalog>;
  /** One agent's availability; `undefined` when Zendesk answers 404 (no such agent, or none recorded). */
  getAvailability(agentId: string): Promise<ZendeskAvailability | undefined>;
  /** Every agent's availability (cursor pages of 100). */
  listAvailabilities(): Promise<ZendeskAvailability[]>;
  /** Sets one agent's unified status by this account's status id. */
  setUnifiedStatus(agentId: string, statusId: string): Promise<void>;
  /** Creates an active, JSON, event-subscribed webhook. */
  createWebhook(input: ZendeskWebhookInput): Promise<ZendeskWebhook>;
  /** Every webhook of the account (`GET /api/v2/webhooks`, cursor pages, §9.6). Admins only. */
  listWebhooks(): Promise<ZendeskWebhook[]>;
  /** The webhook's signing secret, for HMAC verification (§9.7). Never log it. */
  getSigningSecret(webhookId: string): Promise<string>;
  /** Deletes a webhook; `false` when it did not exist (404), so a retry is harmless. */
  deleteWebhook(webhookId: string): Promise<boolean>;
  /** Every app installation of the account (`GET /api/v2/apps/installations`, §10), following pages if any. */
  listInstallations(): Promise<ZendeskInstallation[]>;
  /** One app installation (`GET /api/v2/apps/installations/{id}`, §10); `undefined` on 404 (uninstalled). */
  getInstallation(installationId: string): Promise<ZendeskInstallation | undefined>;
  /** The app's public key, PEM text (`GET /api/v2/apps/{app_id}/public_key.pem`, zendesk-api.md §10): verifies signedUrls tokens. */
  getAppPublicKey(appId: string): Promise<string>;
  /** What this client learned (or loaded) about the account's API shapes. */
  learned(): Promise<StoredApiShapes>;
}

/** The default subscription of `createWebhook` (§9.2). */
export const UNIFIED_STATE_CHANGED = 'zen:event-type:agent.unified_state_changed';

const PAGE_SIZE = 100; // §8: at most 100 per cursor page
const MAX_PAGES = 1000;

/**
 * Creates a Zendesk client.
 *
 * @example
 * const zendesk = createZendeskClient({ subdomain: 'acme', auth: { kind: 'oauth', accessToken } });
 * const catalog = await zendesk.listStatuses();
 */
export function createZendeskClient(options: ZendeskClientOptions): ZendeskClient {
  return buildZendeskClient(options, zendeskWebhookOps, zendeskIdentityOps);
}

/** The operations only onboarding and upkeep send: webhooks, the OAuth token, users/me (`createZendeskSyncClient` leaves them out). */
export type ZendeskOnboardingOps = ZendeskOnboardingApi & Pick<ZendeskClient, 'createWebhook' | 'listWebhooks' | 'getSigningSecret' | 'deleteWebhook'>;

export const ZENDESK_ONBOARDING_OPS: Record<keyof ZendeskOnboardingOps, null> = {
  getWebhook: null,
  updateWebhook: null,
  recentInvocations: null,
  currentToken: null,
  revokeToken: null,
  me: null,
  createWebhook: null,
  listWebhooks: null,
  getSigningSecret: null,
  deleteWebhook: null,
};

/**
 * The client of a function that never onboards nor signs anyone in (the sync worker): the same client without those
 * operations, so its bundle holds none of their code; calling one fails loudly (tests/infra/bundle-size.test.ts
 * checks that the function's code calls none).
 */
export function createZendeskSyncClient(options: ZendeskClientOptions): ZendeskClient {
  return buildZendeskClient(
    options,
    leftOutOps(ZENDESK_ONBOARDING_OPS, 'createZendeskSyncClient'),
    leftOutOps(ZENDESK_IDENTITY_OPS, 'createZendeskSyncClient'),
  );
}

/**
 * The client of the reconcile sweep: with the onboarding operations (its upkeep heals webhooks, its disconnect revokes
 * the token) but not the sign-in's (users by id or email, the app's public key, one installation), left out as above.
 */
export function createZendeskSweepClient(options: ZendeskClientOptions): ZendeskClient {
  return buildZendeskClient(options, zendeskWebhookOps, leftOutOps(ZENDESK_IDENTITY_OPS, 'createZendeskSweepClient'));
}

/** The operations only the sign-in and the app's pages send (`createZendeskSyncClient` and `createZendeskSweepClient` leave them out). */
export type ZendeskIdentityOps = Pick<ZendeskClient, 'getUser' | 'searchUserByEmail' | 'getAppPublicKey' | 'getInstallation'>;

export const ZENDESK_IDENTITY_OPS: Record<keyof ZendeskIdentityOps, null> = {
  getUser: null,
  searchUserByEmail: null,
  getAppPublicKey: null,
  getInstallation: null,
};

/** Operations `names` that fail loudly: the client was built without them by `builder`. */
function leftOutOps<T>(names: Record<keyof T, null>, builder: string): () => T {
  return () => {
    const leftOut = (op: string) => () => Promise.reject(new Error(`This Zendesk client was built without ${op}: ${builder} in lambdas/zendesk/client.ts`));
    return Object.fromEntries(Object.keys(names).map((op) => [op, leftOut(op)])) as unknown as T;
  };
}

/** What the onboarding and sign-in operations are built over: the client's request machinery. */
interface ZendeskClientInternals extends ZendeskCall {
  source: ZendeskAuthSource;
  http: HttpConfig;
  list<T>(first: URL, key: string, read: (raw: unknown, target: { method: string; path: string }) => T): Promise<T[]>;
}

function buildZendeskClient(
  options: ZendeskClientOptions,
  onboarding: (internals: ZendeskClientInternals) => ZendeskOnboardingOps,
  identity: (internals: ZendeskClientInternals) => ZendeskIdentityOps,
): ZendeskClient {
  if (!options.baseUrl && !/^[a-z0-9][a-z0-9-]*$/i.test(options.subdomain)) {
    throw new InvalidInputError('zendesk', `Zendesk subdomain "${options.subdomain}" is not a valid subdomain: no request can be sent`);
  }
  const baseUrl = options.baseUrl ?? `https://${options.subdomain}.zendesk.com`;
  const memory = options.shapes ?? new ShapeMemory();
  const now = options.now ?? Date.now;

  const http: HttpConfig = {
    system: 'zendesk',
    timeoutMs: options.timeoutMs,
    maxRetries: options.maxRetries,
    baseDelayMs: options.baseDelayMs,
    maxDelayMs: options.maxDelayMs,
    maxRateLimitWaitMs: options.maxRateLimitWaitMs,
    sleep: options.sleep,
    random: options.random,
    onRetry: options.onRetry,
    fetch: options.fetch,
    // §3: "Always honour Retry-After"; without it, back off exponentially (capped at 60 s).
    rateLimitDelayMs: ({ headers, rateLimitRetry }) => retryAfterMs(headers, now()) ?? backoffCeiling(rateLimitRetry, 1000, 60_000),
  };

  const source: ZendeskAuthSource = 'auth' in options.auth ? options.auth : { auth: async () => options.auth as ZendeskAuth };
  async function call(method: HttpMethod, url: URL, body?: unknown): Promise<unknown> {
    const send = async (auth: ZendeskAuth) => {
      const { header, secrets } = await authorization(auth);
      return (await sendJson({ ...http, secrets }, { method, url, headers: { Authorization: header }, body })).body;
    };
    const used = await source.auth();
    try {
      return await send(used);
    } catch (error) {
      // A 401 on an OAuth token may be its expiry or a refresh elsewhere: retried once, with what the source now holds.
      if (!(error instanceof AuthError && error.status === 401 && source.onUnauthorized && (await source.onUnauthorized(used)))) throw error;
      return send(await source.auth());
    }
  }

  // Cursor pagination (§5, §8): follow `links.next` while `meta.has_more`.
  async function eachPage(first: URL, onPage: (body: unknown, target: { method: string; path: string }) => void): Promise<void> {
    const seen = new Set<string>();
    let url: URL | undefined = first;
    for (let page = 0; url && page < MAX_PAGES; page++) {
      seen.add(url.href);
      const body = await call('GET', url);
      onPage(body, { method: 'GET', path: url.pathname });
      const next = field(field(body, 'meta'), 'has_more') === true ? readString(field(field(body, 'links'), 'next')) : undefined;
      url = next ? followLink(baseUrl, next) : undefined;
      if (url && seen.has(url.href)) throw new InvalidResponseError('zendesk', 'a links.next that repeats a page', { method: 'GET', path: url.pathname });
    }
  }

  async function list<T>(first: URL, key: string, read: (raw: unknown, target: { method: string; path: string }) => T): Promise<T[]> {
    const out: T[] = [];
    await eachPage(first, (body, target) => {
      const items = readArray(field(body, key));
      if (!items) throw new InvalidResponseError('zendesk', `a page without a "${key}" list`, target);
      for (const item of items) out.push(read(item, target));
    });
    return out;
  }

  const shapes = zendeskShapes(
    memory,
    {
      async putStatus(agentId, body) {
        await call('PUT', apiUrl(baseUrl, `/api/v2/agent_availabilities/agent_statuses/agents/${segment(agentId)}`), body);
      },
      listAvailabilitiesPaged: <T>(size: number) =>
        list(apiUrl(baseUrl, '/api/v2/agent_availabilities', { 'page[size]': size }), 'data', readZendeskAvailability) as Promise<T[]>,
    },
    { statusBodyShape: options.statusBodyShape ?? 'id' },
  );

  return {
    ...onboarding({ baseUrl, call, list, source, http }),
    ...identity({ baseUrl, call, list, source, http }),
    // Accounts without omnichannel routing (issue 14 §3): the account setting and the Talk availability.
    ...zendeskTalkApi({ baseUrl, call }),

    listAgents() {
      return list(apiUrl(baseUrl, '/api/v2/users', { 'role[]': ['agent', 'admin'], 'page[size]': PAGE_SIZE }), 'users', readZendeskUser);
    },

    async listStatuses() {
      const defaults: { id: string; name: string }[] = [];
      const custom: { id: string; name: string }[] = [];
      let naming: Parameters<typeof shapes.noteStatusList>[0] | undefined;
      await eachPage(apiUrl(baseUrl, '/api/v2/agent_availabilities/agent_statuses'), (body, target) => {
        // §6.1 (api-shapes.ts): `default`/`custom` or `default_statuses`/`custom_statuses`; neither is an error.
        const lists = readStatusLists(body, target);
        naming ??= lists.naming;
        for (const raw of lists.defaults) defaults.push(readStatusEntry(raw, target));
        for (const raw of lists.custom) custom.push(readStatusEntry(raw, target));
      });
      if (naming) await shapes.noteStatusList(naming);
      return buildStatusCatalog(defaults, custom);
    },

    async getAvailability(agentId) {
      const url = apiUrl(baseUrl, `/api/v2/agent_availabilities/${segment(requireId(agentId, 'agent'))}`);
      try {
        return readZendeskAvailability(await call('GET', url), { method: 'GET', path: url.pathname });
      } catch (err) {
        if (err instanceof NotFoundError) return undefined;
        throw err;
      }
    },

    listAvailabilities() {
      return shapes.listAvailabilities<ZendeskAvailability>();
    },

    async setUnifiedStatus(agentId, statusId) {
      const agent = requireId(agentId, 'agent');
      unifiedStatusBody('jsonapi', requireId(statusId, 'status')); // refuses a bad id before any request
      await shapes.setStatus(agent, statusId);
    },

    async listInstallations() {
      // Whether this list is paginated is UNCONFIRMED (node-zendesk reads it with its paging `getAll`): follow a
      // cursor `links.next` (with `meta.has_more`) or an offset `next_page` when the answer carries one.
      const out: ZendeskInstallation[] = [];
      const seen = new Set<string>();
      let url: URL | undefined = apiUrl(baseUrl, '/api/v2/apps/installations');
      for (let page = 0; url && page < MAX_PAGES; page++) {
        seen.add(url.href);
        const target = { method: 'GET', path: url.pathname };
        const body = await call('GET', url);
        const items = readArray(field(body, 'installations'));
        if (!items) throw new InvalidResponseError('zendesk', 'an installation list without an "installations" list', target);
        for (const item of items) out.push(readZendeskInstallation(item, target));
        const cursorNext = field(field(body, 'meta'), 'has_more') === true ? readString(field(field(body, 'links'), 'next')) : undefined;
        const next = cursorNext ?? readString(field(body, 'next_page'));
        url = next ? followLink(baseUrl, next) : undefined;
        if (url && seen.has(url.href)) throw new InvalidResponseError('zendesk', 'a next page that repeats a page', target);
      }
      return out;
    },

    learned: () => memory.snapshot(),
  };
}

/** The onboarding operations over the client's internals: webhooks-api.ts's, and the webhooks' own. */
function zendeskWebhookOps({ baseUrl, call, list }: ZendeskClientInternals): ZendeskOnboardingOps {
  return {
    ...zendeskOnboardingApi({ baseUrl, call }),

    async createWebhook(input) {
      const subscriptions = input.subscriptions ?? [UNIFIED_STATE_CHANGED];
      if (subscriptions.length === 0)
        throw new InvalidInputError('zendesk', 'Refusing to create a Zendesk webhook without subscriptions: it would never be called');
      if (!input.name || !input.endpoint) throw new InvalidInputError('zendesk', 'Refusing to create a Zendesk webhook without a name and an endpoint');
      const url = apiUrl(baseUrl, '/api/v2/webhooks');
      // §9.6: event-subscribed webhooks must use POST and json.
      const webhook = { name: input.name, status: 'active', endpoint: input.endpoint, http_method: 'POST', request_format: 'json', subscriptions };
      return readZendeskWebhook(field(await call('POST', url, { webhook }), 'webhook'), { method: 'POST', path: url.pathname });
    },

    listWebhooks() {
      return list(apiUrl(baseUrl, '/api/v2/webhooks', { 'page[size]': PAGE_SIZE }), 'webhooks', readZendeskWebhook);
    },

    async getSigningSecret(webhookId) {
      const url = apiUrl(baseUrl, `/api/v2/webhooks/${segment(requireId(webhookId, 'webhook'))}/signing_secret`);
      const secret = readString(field(field(await call('GET', url), 'signing_secret'), 'secret'));
      if (!secret) throw new InvalidResponseError('zendesk', 'no signing_secret.secret', { method: 'GET', path: url.pathname });
      return secret;
    },

    async deleteWebhook(webhookId) {
      try {
        await call('DELETE', apiUrl(baseUrl, `/api/v2/webhooks/${segment(requireId(webhookId, 'webhook'))}`));
        return true;
      } catch (err) {
        if (err instanceof NotFoundError) return false;
        throw err;
      }
    },
  };
}

/** The sign-in's and the app pages' operations over the client's internals. */
function zendeskIdentityOps({ baseUrl, call, source, http }: ZendeskClientInternals): ZendeskIdentityOps {
  return {
    async getUser(userId) {
      const url = apiUrl(baseUrl, `/api/v2/users/${segment(requireId(userId, 'user'))}`);
      try {
        return readZendeskUser(field(await call('GET', url), 'user'), { method: 'GET', path: url.pathname });
      } catch (err) {
        if (err instanceof NotFoundError) return undefined;
        throw err;
      }
    },
    async searchUserByEmail(email) {
      const wanted = email.trim().toLowerCase();
      if (!wanted.includes('@')) throw new InvalidInputError('zendesk', `Refusing to search Zendesk users for "${email}": not an email`);
      // §8: the search is offset-paginated; an exact email matches few users, so the first page is enough.
      const url = apiUrl(baseUrl, '/api/v2/users/search', { query: `email:${email.trim()}` });
      const users = readArray(field(await call('GET', url), 'users'));
      const target = { method: 'GET', path: url.pathname };
      if (!users) throw new InvalidResponseError('zendesk', 'a search result without a "users" list', target);
      const match = users.find((u) => readString(field(u, 'email'))?.toLowerCase() === wanted);
      return match === undefined ? undefined : readZendeskUser(match, target);
    },
    async getAppPublicKey(appId) {
      const url = apiUrl(baseUrl, `/api/v2/apps/${segment(requireId(appId, 'app'))}/public_key.pem`);
      const { header, secrets } = await authorization(await source.auth());
      const { body } = await sendJson({ ...http, secrets }, { method: 'GET', url, headers: { Authorization: header, Accept: '*/*' }, text: true });
      if (typeof body !== 'string' || !body.includes('-----BEGIN PUBLIC KEY-----')) {
        throw new InvalidResponseError('zendesk', 'a public key that is not PEM', { method: 'GET', path: url.pathname });
      }
      return body;
    },
    async getInstallation(installationId) {
      const url = apiUrl(baseUrl, `/api/v2/apps/installations/${segment(requireId(installationId, 'installation'))}`);
      try {
        return readZendeskInstallation(await call('GET', url), { method: 'GET', path: url.pathname });
      } catch (err) {
        if (err instanceof NotFoundError) return undefined;
        throw err;
      }
    },
  };
}

async function authorization(auth: ZendeskAuth): Promise<{ header: string; secrets: string[] }> {
  if (auth.kind === 'oauth') {
    const token = typeof auth.accessToken === 'function' ? await auth.accessToken() : auth.accessToken;
    if (!token) throw new InvalidInputError('zendesk', 'No Zendesk OAuth access token: no request can be sent');
    return { header: `Bearer ${token}`, secrets: [token] };
  }
  // §2.2: legacy API token, retired 2027-04-30.
  const encoded = Buffer.from(`${auth.email}/token:${auth.apiToken}`).toString('base64');
  return { header: `Basic ${encoded}`, secrets: [auth.apiToken, encoded] };
}

function requireId(id: string, what: string): string {
  const value = String(id ?? '').trim();
  if (value === '') throw new InvalidInputError('zendesk', `Refusing to call Zendesk without a ${what} id`);
  return value;
}
