// The Zendesk calls onboarding needs beyond the sync's (issue 12): one webhook by id and its updates, its invocation
// history, the OAuth token in use and its revocation, and the signed-in user (zendesk-api.md §8, §9.6; onboarding.md §3–4).
import { InvalidInputError, InvalidResponseError, NotFoundError, type RequestTarget } from '../http/errors';
import { field, readArray, readId, readNumber, readString } from '../http/read';
import type { HttpMethod } from '../http/request';
import { apiUrl, segment } from '../http/url';
import { readZendeskUser, readZendeskWebhook, type ZendeskUser, type ZendeskWebhook } from './types';

/** One delivery of a webhook as Zendesk recorded it (kept 7 days, onboarding.md §4). Times are epoch ms. */
export interface ZendeskInvocation {
  id: string;
  /** `success`, `failed`, `timeout`, `circuit broken`, `throttled`, `client error`, `server error`, `accepted`, `unknown`… */
  status: string;
  createdAt?: number;
  latestCompletedAt?: number;
  eventType?: string;
  attempts?: number;
}

/** The OAuth token a client is using (`GET /api/v2/oauth/tokens/current`): its `id` is what revocation takes. */
export interface ZendeskTokenInfo {
  id: string;
  userId?: string;
  clientId?: string;
  scopes: string[];
  /** Epoch ms; absent for a token that never expires. */
  expiresAt?: number;
  refreshExpiresAt?: number;
}

/** What a webhook update may change (`PATCH`, §9.6: the fields sent are merged into the webhook). */
export interface ZendeskWebhookPatch {
  name?: string;
  endpoint?: string;
  status?: 'active' | 'inactive';
  subscriptions?: readonly string[];
}

/** The onboarding operations of the Zendesk client (part of `ZendeskClient`). Each throws an `ApiError` on failure. */
export interface ZendeskOnboardingApi {
  /** `GET /api/v2/webhooks/{id}`; `undefined` on 404 (deleted). */
  getWebhook(webhookId: string): Promise<ZendeskWebhook | undefined>;
  /** `PATCH /api/v2/webhooks/{id}` with only the given fields; `false` on 404. */
  updateWebhook(webhookId: string, patch: ZendeskWebhookPatch): Promise<boolean>;
  /** The newest invocations first (`sort=-latest_completed_at`), one page of at most `limit` (default 100). */
  recentInvocations(webhookId: string, options?: { limit?: number }): Promise<ZendeskInvocation[]>;
  /** `GET /api/v2/oauth/tokens/current`: the token this client sends. */
  currentToken(): Promise<ZendeskTokenInfo>;
  /** `DELETE /api/v2/oauth/tokens/{id}` (never `…/current`, which was reported not to revoke); `false` on 404. */
  revokeToken(tokenId: string): Promise<boolean>;
  /** `GET /api/v2/users/me`: who the credentials act as, with their `role`. */
  me(): Promise<ZendeskUser>;
}

/** The request machinery of `createZendeskClient`, lent to this module. */
export interface ZendeskCall {
  baseUrl: string;
  call(method: HttpMethod, url: URL, body?: unknown): Promise<unknown>;
}

const MAX_INVOCATION_PAGE = 100;

/** Builds the onboarding operations over the client's `call`. */
export function zendeskOnboardingApi({ baseUrl, call }: ZendeskCall): ZendeskOnboardingApi {
  const webhookUrl = (id: string, tail = '') => apiUrl(baseUrl, `/api/v2/webhooks/${segment(requireId(id, 'webhook'))}${tail}`);
  const orUndefinedOn404 = async <T>(work: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await work();
    } catch (err) {
      if (err instanceof NotFoundError) return undefined;
      throw err;
    }
  };

  return {
    getWebhook(webhookId) {
      const url = webhookUrl(webhookId);
      return orUndefinedOn404(async () => readZendeskWebhook(field(await call('GET', url), 'webhook'), { method: 'GET', path: url.pathname }));
    },

    async updateWebhook(webhookId, patch) {
      if (patch.subscriptions !== undefined && patch.subscriptions.length === 0) {
        throw new InvalidInputError('zendesk', 'Refusing to update a Zendesk webhook to no subscriptions: it would never be called');
      }
      const webhook = {
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.endpoint !== undefined && { endpoint: patch.endpoint }),
        ...(patch.status !== undefined && { status: patch.status }),
        ...(patch.subscriptions !== undefined && { subscriptions: [...patch.subscriptions] }),
      };
      if (Object.keys(webhook).length === 0) throw new InvalidInputError('zendesk', 'Refusing to send an empty Zendesk webhook update');
      const url = webhookUrl(webhookId);
      const patched = await orUndefinedOn404(async () => {
        await call('PATCH', url, { webhook });
        return true;
      });
      return patched ?? false;
    },

    async recentInvocations(webhookId, options = {}) {
      const size = Math.min(MAX_INVOCATION_PAGE, Math.max(1, Math.floor(options.limit ?? MAX_INVOCATION_PAGE)));
      const url = webhookUrl(webhookId, '/invocations');
      url.searchParams.set('sort', '-latest_completed_at');
      url.searchParams.set('page[size]', String(size));
      const target = { method: 'GET', path: url.pathname };
      const items = readArray(field(await call('GET', url), 'invocations'));
      if (!items) throw new InvalidResponseError('zendesk', 'an invocation list without an "invocations" list', target);
      return items.map((raw) => readInvocation(raw, target));
    },

    async currentToken() {
      const url = apiUrl(baseUrl, '/api/v2/oauth/tokens/current');
      const target = { method: 'GET', path: url.pathname };
      const token = field(await call('GET', url), 'token');
      const id = readId(field(token, 'id'));
      if (!id) throw new InvalidResponseError('zendesk', 'a current token without an id', target);
      const scopes = (readArray(field(token, 'scopes')) ?? []).filter((s): s is string => typeof s === 'string');
      const userId = readId(field(token, 'user_id'));
      const clientId = readId(field(token, 'client_id'));
      const expiresAt = readTime(field(token, 'expires_at'));
      const refreshExpiresAt = readTime(field(token, 'refresh_token_expires_at'));
      return {
        id,
        scopes,
        ...(userId !== undefined && { userId }),
        ...(clientId !== undefined && { clientId }),
        ...(expiresAt !== undefined && { expiresAt }),
        ...(refreshExpiresAt !== undefined && { refreshExpiresAt }),
      };
    },

    async revokeToken(tokenId) {
      const id = requireId(tokenId, 'token');
      // `current` is not an id: DELETE …/tokens/current answers 204 and revokes nothing (onboarding.md §3).
      if (id === 'current') throw new InvalidInputError('zendesk', 'Refusing to revoke "current": read the token id first (GET /api/v2/oauth/tokens/current)');
      const url = apiUrl(baseUrl, `/api/v2/oauth/tokens/${segment(id)}`);
      const revoked = await orUndefinedOn404(async () => {
        await call('DELETE', url);
        return true;
      });
      return revoked ?? false;
    },

    async me() {
      const url = apiUrl(baseUrl, '/api/v2/users/me');
      return readZendeskUser(field(await call('GET', url), 'user'), { method: 'GET', path: url.pathname });
    },
  };
}

function readInvocation(raw: unknown, target: RequestTarget): ZendeskInvocation {
  const id = readId(field(raw, 'id'));
  if (!id) throw new InvalidResponseError('zendesk', 'an invocation without an id', target);
  const createdAt = readTime(field(raw, 'created_at'));
  const latestCompletedAt = readTime(field(raw, 'latest_completed_at'));
  const eventType = readString(field(raw, 'event_type'));
  const attempts = readNumber(field(raw, 'attempts_count'));
  return {
    id,
    status: readString(field(raw, 'status')) ?? 'unknown',
    ...(createdAt !== undefined && { createdAt }),
    ...(latestCompletedAt !== undefined && { latestCompletedAt }),
    ...(eventType !== undefined && { eventType }),
    ...(attempts !== undefined && { attempts }),
  };
}

/** An ISO 8601 time as epoch ms; `undefined` when absent, null or unreadable. */
function readTime(value: unknown): number | undefined {
  const text = readString(value);
  const ms = text === undefined ? Number.NaN : Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

function requireId(id: string, what: string): string {
  const value = String(id ?? '').trim();
  if (value === '') throw new InvalidInputError('zendesk', `Refusing to call Zendesk without a ${what} id`);
  return value;
}
