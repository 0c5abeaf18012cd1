// The errors of the Aircall and Zendesk clients: one base class, one subclass per outcome, messages free of credentials.

/** Which external system an error came from. */
export type ApiSystem = 'aircall' | 'zendesk';

const SYSTEM_LABEL: Record<ApiSystem, string> = { aircall: 'Aircall', zendesk: 'Zendesk' };

/** The display name of a system, for messages. */
export function systemLabel(system: ApiSystem): string {
  return SYSTEM_LABEL[system];
}

/** Where a failed request went. `path` is the URL path only: never the query, never a header. */
export interface RequestTarget {
  method: string;
  path: string;
}

interface ApiErrorInit {
  system: ApiSystem;
  /** The HTTP status, when the system answered at all. */
  status?: number;
  retryable: boolean;
  target?: RequestTarget;
  cause?: unknown;
}

/**
 * Base class of every client error. `retryable` tells a caller (e.g. an SQS processor) whether the same
 * request may succeed later; the client has already spent its own retries when it throws.
 */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly system: ApiSystem;
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly method: string | undefined;
  readonly path: string | undefined;

  constructor(message: string, init: ApiErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.system = init.system;
    this.status = init.status;
    this.retryable = init.retryable;
    this.method = init.target?.method;
    this.path = init.target?.path;
  }
}

/** 429, still limited after the client's cap on waiting. `retryAfterMs` is how long the system asked to wait. */
export class RateLimitedError extends ApiError {
  override name = 'RateLimitedError';
  readonly retryAfterMs: number;

  constructor(system: ApiSystem, retryAfterMs: number, target?: RequestTarget, status: number | undefined = 429) {
    const where = target ? ` on ${target.method} ${target.path}` : '';
    super(`${systemLabel(system)} rate limit reached${where} (retry in ${Math.ceil(retryAfterMs / 1000)} s): this request was not sent`, {
      system,
      status,
      retryable: true,
      target,
    });
    this.retryAfterMs = retryAfterMs;
  }
}

/** 401 or 403: the credentials are missing, wrong, revoked or lack permission. Not retryable. */
export class AuthError extends ApiError {
  override name = 'AuthError';

  constructor(system: ApiSystem, status: 401 | 403, target?: RequestTarget) {
    super(authMessage(system, status), { system, status, retryable: false, target });
  }
}

function authMessage(system: ApiSystem, status: 401 | 403): string {
  const consequence = 'no status will sync for this account';
  if (system === 'aircall') {
    return status === 401 ? `Aircall rejected the request as unauthenticated (401): ${consequence}` : `Aircall rejected the API key (403): ${consequence}`;
  }
  return status === 401
    ? `Zendesk rejected the credentials (401): ${consequence}`
    : `Zendesk refused access (403): the credentials' user must be an admin; ${consequence}`;
}

/** 404: the resource does not exist (or no longer does). Not retryable. */
export class NotFoundError extends ApiError {
  override name = 'NotFoundError';

  constructor(system: ApiSystem, target: RequestTarget) {
    super(`${systemLabel(system)} has no such resource (404) at ${target.method} ${target.path}: nothing was read or changed`, {
      system,
      status: 404,
      retryable: false,
      target,
    });
  }
}

/** Any other 4xx: the system refused this request as sent. Not retryable. `detail` is the system's own text. */
export class ClientError extends ApiError {
  override name = 'ClientError';
  readonly detail: string | undefined;

  constructor(system: ApiSystem, status: number, target: RequestTarget, detail?: string) {
    const said = detail ? ` "${detail}"` : '';
    super(`${systemLabel(system)} refused ${target.method} ${target.path} (${status})${said}: this request had no effect`, {
      system,
      status,
      retryable: false,
      target,
    });
    this.detail = detail;
  }
}

/** 5xx after every retry. Retryable later. */
export class ServerError extends ApiError {
  override name = 'ServerError';

  constructor(system: ApiSystem, status: number, target: RequestTarget, attempts: number) {
    super(`${systemLabel(system)} kept failing (${status}) on ${target.method} ${target.path} after ${attempts} attempt(s): this request was not completed`, {
      system,
      status,
      retryable: true,
      target,
    });
  }
}

/** The system could not be reached (refused, reset, DNS) after every retry. Retryable later. */
export class NetworkError extends ApiError {
  override name = 'NetworkError';

  constructor(system: ApiSystem, target: RequestTarget, attempts: number, reason: string, cause?: unknown, message?: string) {
    super(
      message ??
        `Could not reach ${systemLabel(system)} on ${target.method} ${target.path} (${reason}) after ${attempts} attempt(s): this request was not completed`,
      { system, retryable: true, target, cause },
    );
  }
}

/** No answer within the per-attempt timeout, after every retry. A write may or may not have been applied. */
export class TimeoutError extends NetworkError {
  override name = 'TimeoutError';
  readonly timeoutMs: number;

  constructor(system: ApiSystem, target: RequestTarget, attempts: number, timeoutMs: number, cause?: unknown) {
    super(
      system,
      target,
      attempts,
      'timeout',
      cause,
      `${systemLabel(system)} did not answer ${target.method} ${target.path} within ${timeoutMs} ms, ${attempts} attempt(s): this request may not have been completed`,
    );
    this.timeoutMs = timeoutMs;
  }
}

/** The system answered 2xx with a body the client cannot use (not JSON, a required field missing or invalid). */
export class InvalidResponseError extends ApiError {
  override name = 'InvalidResponseError';

  constructor(system: ApiSystem, what: string, target?: RequestTarget, status?: number) {
    const where = target ? ` on ${target.method} ${target.path}` : '';
    super(`${systemLabel(system)} answered${where} with ${what}: this result cannot be used`, {
      system,
      status,
      retryable: false,
      target,
    });
  }
}

/** The client refused to send a request that the system would misread or reject. Nothing was sent. */
export class InvalidInputError extends ApiError {
  override name = 'InvalidInputError';

  constructor(system: ApiSystem, message: string) {
    super(message, { system, retryable: false });
  }
}
