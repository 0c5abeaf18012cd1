// Calls to the app's backend through ZAF's proxy: the request options (with the JWT ZAF signs), and what a failure means.
import type { ZafClient, ZafRequestOptions } from 'zendesk_app_framework_sdk';
import { APP_TOKEN_AUDIENCE, APP_TOKEN_EXPIRY_SECONDS } from '../../../shared/app-api';

/** Who is asking: the claims' `iss` and `sub` (shared/app-api.ts AppTokenClaims). */
export interface Caller {
  subdomain: string;
  userId: string;
}

/** Why a call to the backend gave no data. `status` is the HTTP status when there was one. */
export type BackendFailure =
  | { kind: 'no_backend_url' }
  | { kind: 'bad_backend_url'; value: string }
  | { kind: 'unauthorized'; status: 401 }
  | { kind: 'forbidden'; status: 403 }
  | { kind: 'not_found'; status: 404 }
  | { kind: 'unavailable'; status?: number }
  | { kind: 'rejected'; status: number }
  | { kind: 'bad_response' };

/** A thrown BackendFailure, so `callBackend` can reject with something typed. */
export class BackendError extends Error {
  constructor(readonly failure: BackendFailure) {
    super(`backend call failed: ${failure.kind}`);
    this.name = 'BackendError';
  }
}

/**
 * The backend's base URL from the `backendUrl` setting, without trailing slashes, or the failure to show. Only
 * https, or plain http on localhost (the local harness, zaf.md §8), is accepted: the proxy must not send the token in
 * clear.
 *
 * @example backendBase('https://api.example.com/prod/') // 'https://api.example.com/prod'
 */
export function backendBase(setting: unknown): string | BackendFailure {
  if (typeof setting !== 'string' || setting.trim() === '') return { kind: 'no_backend_url' };
  const value = setting.trim();
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { kind: 'bad_backend_url', value };
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) return { kind: 'bad_backend_url', value };
  if (url.search || url.hash) return { kind: 'bad_backend_url', value };
  return value.replace(/\/+$/, '');
}

/**
 * The `client.request` options for one backend route: through Zendesk's proxy (`cors: false`, `secure: true`) so it
 * substitutes the secure `sharedSecret` setting as the HS256 key and the signed token as `{{jwt.token}}` (zaf.md
 * §6.4). The claims follow shared/app-api.ts; the backend trusts them only as far as zaf.md §7 allows.
 */
export function backendRequest(base: string, route: string, caller: Caller): ZafRequestOptions {
  return {
    url: base + route,
    type: 'GET',
    secure: true,
    cors: false,
    dataType: 'json',
    headers: { Authorization: 'Bearer {{jwt.token}}' },
    jwt: {
      algorithm: 'HS256',
      secret_key: '{{setting.sharedSecret}}',
      expiry: APP_TOKEN_EXPIRY_SECONDS,
      claims: { iss: caller.subdomain, sub: caller.userId, aud: APP_TOKEN_AUDIENCE },
    },
  };
}

/**
 * What a rejected `client.request` means. The SDK rejects with the host's `responseArgs[0]`; its shape is jqXHR-like
 * with `status` and `responseText` (zaf.md §6.4 "Errors expose err.status, err.responseText"), the rest UNCONFIRMED,
 * so anything without a usable status counts as "unavailable" (network, proxy timeout).
 */
export function classifyFailure(error: unknown): BackendFailure {
  if (error instanceof BackendError) return error.failure;
  const status = typeof error === 'object' && error !== null ? Number((error as { status?: unknown }).status) : NaN;
  if (!Number.isInteger(status) || status <= 0) return { kind: 'unavailable' };
  if (status === 401) return { kind: 'unauthorized', status };
  if (status === 403) return { kind: 'forbidden', status };
  if (status === 404) return { kind: 'not_found', status };
  if (status === 408 || status === 429 || status >= 500) return { kind: 'unavailable', status };
  return { kind: 'rejected', status };
}

/**
 * Calls one route and checks the body with `parse` (which returns undefined for a body of the wrong shape). Rejects
 * with a `BackendError` whatever went wrong.
 */
export async function callBackend<T>(client: ZafClient, options: ZafRequestOptions, parse: (body: unknown) => T | undefined): Promise<T> {
  let body: unknown;
  try {
    body = await client.request(options);
  } catch (error) {
    throw new BackendError(classifyFailure(error));
  }
  // Some hosts hand back the raw text even with dataType json (UNCONFIRMED, zaf.md §6.4 lists only the option).
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      throw new BackendError({ kind: 'bad_response' });
    }
  }
  const parsed = parse(body);
  if (parsed === undefined) throw new BackendError({ kind: 'bad_response' });
  return parsed;
}
