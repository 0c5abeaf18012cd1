// Calls to the app's backend (issue 13): same-origin `fetch` with the page's session as a bearer token
// (backend/session.ts), and what a failure means. No ZAF proxy, no JWT chosen by app code.
import type { NoSessionReason, SessionKeeper } from './session';

/** Who the pane polls for (the poll restarts when it changes). */
export interface Caller {
  subdomain: string;
  userId: string;
}

/** Why a call to the backend gave no data. `status` is the HTTP status when there was one. */
export type BackendFailure =
  | { kind: 'no_backend_url' }
  | { kind: 'bad_backend_url'; value: string }
  /** The page has no session: why (the boot object's problem, `not_served`, `expired`). */
  | { kind: 'no_session'; reason: Exclude<NoSessionReason, 'refused'> }
  /** The backend refused the session (revoked, or the user is no longer confirmed by Zendesk). */
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
 * The backend's base URL from the page's boot object (`publicUrl`), without trailing slashes, or the failure to show. Only
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
 * What a failed answer means, from anything carrying an HTTP `status` (a Response, a jqXHR-like rejection of
 * `client.request`, zaf.md §6.4); anything without a usable status counts as "unavailable" (network, timeout).
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
 * GETs one route of the backend with the page's session and checks the body with `parse` (undefined for a body of
 * the wrong shape). Rejects with a `BackendError` whatever went wrong.
 */
export async function callBackend<T>(session: SessionKeeper, route: string, parse: (body: unknown) => T | undefined): Promise<T> {
  const bearer = session.bearer();
  if ('reason' in bearer) {
    throw new BackendError(bearer.reason === 'refused' ? { kind: 'unauthorized', status: 401 } : { kind: 'no_session', reason: bearer.reason });
  }
  let response: Response;
  try {
    response = await session.call(route, bearer.token, { method: 'GET' });
  } catch {
    throw new BackendError({ kind: 'unavailable' });
  }
  if (!response.ok) throw new BackendError(classifyFailure(response));
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new BackendError({ kind: 'bad_response' });
  }
  const parsed = parse(body);
  if (parsed === undefined) throw new BackendError({ kind: 'bad_response' });
  return parsed;
}
