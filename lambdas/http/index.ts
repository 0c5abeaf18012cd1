// The HTTP machinery shared by the Aircall and Zendesk clients: one request function, its errors and helpers.
export {
  ApiError,
  AuthError,
  ClientError,
  InvalidInputError,
  InvalidResponseError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  TimeoutError,
  systemLabel,
  type ApiSystem,
  type RequestTarget,
} from './errors';
export {
  sendJson,
  retryAfterMs,
  DEFAULT_BASE_DELAY_MS,
  DEFAULT_MAX_DELAY_MS,
  DEFAULT_MAX_RATE_LIMIT_RETRIES,
  DEFAULT_MAX_RATE_LIMIT_WAIT_MS,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  type HttpConfig,
  type HttpMethod,
  type HttpRequest,
  type HttpResponse,
  type RateLimitContext,
  type RetryEvent,
} from './request';
export { backoffCeiling, fullJitterDelay, realSleep, type Sleep } from './backoff';
export { apiUrl, followLink, segment } from './url';
export { excerpt, field, isObject, readArray, readId, readNumber, readString, type JsonObject } from './read';
