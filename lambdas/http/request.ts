// One JSON request with per-attempt timeout, jittered retries on 5xx/network errors and system-specific 429 waits.
import { fullJitterDelay, realSleep, type Sleep } from './backoff';
import { inDecidedWrite, timeLeftMs } from './deadline';
import {
  ApiError,
  AuthError,
  ClientError,
  InvalidResponseError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  TimeoutError,
  type ApiSystem,
  type RequestTarget,
} from './errors';
import { maskSecrets, maskedExcerpt } from '../security/mask';

/** The methods the clients use. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One request. `body`, when defined, is sent as JSON. */
export interface HttpRequest {
  method: HttpMethod;
  url: string | URL;
  headers?: Record<string, string>;
  body?: unknown;
  /** The answer is text, not JSON (e.g. a PEM key): `body` is the string as sent. */
  text?: boolean;
}

/** A successful (2xx/3xx) answer, its body parsed as JSON (`undefined` when empty). */
export interface HttpResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/** What a 429 hook sees. `rateLimitRetry` counts the 429s already waited out for this request, from 0. */
export interface RateLimitContext {
  status: number;
  headers: Headers;
  rateLimitRetry: number;
  target: RequestTarget;
}

/** A retry about to happen, for logs and metrics. Carries no header and no body. */
export interface RetryEvent {
  system: ApiSystem;
  method: string;
  path: string;
  /** The attempt that just failed, from 1. */
  attempt: number;
  reason: 'server_error' | 'network' | 'timeout' | 'rate_limited';
  status?: number;
  delayMs: number;
}

/** How one system is called. Only `system` and `rateLimitDelayMs` are required. */
export interface HttpConfig {
  system: ApiSystem;
  /** Per attempt, covering the body too. Default 5000 ms. */
  timeoutMs?: number;
  /** Retries after a 5xx, a network error or a timeout (not counting 429s). Default 3. */
  maxRetries?: number;
  /** Full-jitter backoff base and cap. Defaults 200 ms and 5000 ms. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** The most one request waits in total on 429s before throwing `RateLimitedError`. Default 30 000 ms. */
  maxRateLimitWaitMs?: number;
  /** The most 429s one request waits out. Default 5. */
  maxRateLimitRetries?: number;
  /** The system-specific wait after a 429, in ms (Aircall: reset header; Zendesk: `Retry-After`). */
  rateLimitDelayMs: (context: RateLimitContext) => number;
  /** Awaited before every attempt (e.g. a rate budget token); the returned function is called when it ends. */
  beforeAttempt?: (target: RequestTarget) => Promise<(() => void) | undefined>;
  /** Sees every answer's status and headers (e.g. to read rate-limit headers). */
  afterAttempt?: (answer: { status: number; headers: Headers }) => void;
  /** Strings that must never appear in an error message (tokens, keys); replaced by `[redacted]`. */
  secrets?: readonly string[];
  onRetry?: (event: RetryEvent) => void;
  sleep?: Sleep;
  random?: () => number;
  fetch?: typeof fetch;
}

/** Defaults of `HttpConfig`; the clients expose them as options. */
export const DEFAULT_TIMEOUT_MS = 5000;
export const DEFAULT_MAX_RETRIES = 3;
export const DEFAULT_BASE_DELAY_MS = 200;
export const DEFAULT_MAX_DELAY_MS = 5000;
export const DEFAULT_MAX_RATE_LIMIT_WAIT_MS = 30_000;
export const DEFAULT_MAX_RATE_LIMIT_RETRIES = 5;

type Attempt = { kind: 'answer'; status: number; headers: Headers; text: string } | { kind: 'failure'; timeout: boolean; reason: string; cause: unknown };

/**
 * Sends one JSON request and returns the parsed 2xx answer, or throws an `ApiError` subclass:
 * 401/403 → `AuthError`, 404 → `NotFoundError`, other 4xx → `ClientError` (never retried), 429 → waits per
 * `rateLimitDelayMs` then `RateLimitedError`, 5xx → retried then `ServerError`, no answer → retried then
 * `NetworkError`/`TimeoutError`.
 *
 * @example const { body } = await sendJson(config, { method: 'GET', url: 'https://api.aircall.io/v1/ping', headers });
 */
export async function sendJson(config: HttpConfig, request: HttpRequest): Promise<HttpResponse> {
  const url = new URL(request.url);
  const target: RequestTarget = { method: request.method, path: url.pathname };
  // A decided write is never retried here: its caller decides again on what is known then (asDecidedWrite).
  const decided = inDecidedWrite();
  const maxRetries = decided ? 0 : (config.maxRetries ?? DEFAULT_MAX_RETRIES);
  const sleep = config.sleep ?? realSleep;
  const random = config.random ?? Math.random;
  const secrets = config.secrets ?? [];
  let failures = 0;
  let limited = 0;
  let limitWaited = 0;

  for (let attempt = 1; ; attempt++) {
    const outcome = await attemptOnce(config, request, url, target);
    if (outcome.kind === 'answer' && outcome.status < 400) {
      return request.text ? { status: outcome.status, headers: outcome.headers, body: outcome.text } : parseAnswer(config.system, outcome, target);
    }

    if (outcome.kind === 'answer' && outcome.status === 429) {
      const context = { status: 429, headers: outcome.headers, rateLimitRetry: limited, target };
      const wait = Math.max(0, Math.ceil(config.rateLimitDelayMs(context)));
      const cap = config.maxRateLimitWaitMs ?? DEFAULT_MAX_RATE_LIMIT_WAIT_MS;
      // A wait past the invocation's deadline gives up now: the caller reschedules the work for after `wait`.
      if (decided || limited >= (config.maxRateLimitRetries ?? DEFAULT_MAX_RATE_LIMIT_RETRIES) || limitWaited + wait > cap || wait >= timeLeftMs()) {
        throw new RateLimitedError(config.system, wait, target);
      }
      limited++;
      limitWaited += wait;
      config.onRetry?.({ system: config.system, ...target, attempt, reason: 'rate_limited', status: 429, delayMs: wait });
      await sleep(wait);
      continue;
    }

    if (outcome.kind === 'answer' && outcome.status < 500) throw errorForStatus(config.system, outcome, target, secrets);

    // A 5xx or no answer at all: retry with full jitter, then give up (sooner when the invocation's deadline is near:
    // the next attempt must fit, its timeout included).
    const delayMs = fullJitterDelay(failures, config.baseDelayMs ?? DEFAULT_BASE_DELAY_MS, config.maxDelayMs ?? DEFAULT_MAX_DELAY_MS, random);
    if (failures >= maxRetries || delayMs + (config.timeoutMs ?? DEFAULT_TIMEOUT_MS) >= timeLeftMs()) {
      if (outcome.kind === 'answer') throw new ServerError(config.system, outcome.status, target, attempt);
      if (outcome.timeout) {
        throw new TimeoutError(config.system, target, attempt, config.timeoutMs ?? DEFAULT_TIMEOUT_MS, outcome.cause);
      }
      throw new NetworkError(config.system, target, attempt, outcome.reason, outcome.cause);
    }
    failures++;
    config.onRetry?.({
      system: config.system,
      ...target,
      attempt,
      reason: outcome.kind === 'answer' ? 'server_error' : outcome.timeout ? 'timeout' : 'network',
      ...(outcome.kind === 'answer' ? { status: outcome.status } : {}),
      delayMs,
    });
    await sleep(delayMs);
  }
}

async function attemptOnce(config: HttpConfig, request: HttpRequest, url: URL, target: RequestTarget): Promise<Attempt> {
  const release = await config.beforeAttempt?.(target);
  try {
    const headers: Record<string, string> = { Accept: 'application/json', ...request.headers };
    if (request.body !== undefined && !hasHeader(headers, 'content-type')) headers['Content-Type'] = 'application/json';
    // One signal for the whole attempt, so a server that sends headers then stalls the body also times out.
    const signal = AbortSignal.timeout(config.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const response = await (config.fetch ?? fetch)(url, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal,
    });
    const text = await response.text();
    config.afterAttempt?.({ status: response.status, headers: response.headers });
    return { kind: 'answer', status: response.status, headers: response.headers, text };
  } catch (err) {
    if (err instanceof ApiError) throw err;
    return { kind: 'failure', timeout: isTimeout(err), reason: failureReason(err, config.secrets ?? []), cause: err };
  } finally {
    release?.();
  }
}

function parseAnswer(system: ApiSystem, answer: { status: number; headers: Headers; text: string }, target: RequestTarget): HttpResponse {
  if (answer.text.trim() === '') return { status: answer.status, headers: answer.headers, body: undefined };
  try {
    return { status: answer.status, headers: answer.headers, body: JSON.parse(answer.text) as unknown };
  } catch {
    throw new InvalidResponseError(system, `a body that is not JSON (${answer.status})`, target, answer.status);
  }
}

function errorForStatus(system: ApiSystem, answer: { status: number; text: string }, target: RequestTarget, secrets: readonly string[]): ApiError {
  if (answer.status === 401 || answer.status === 403) return new AuthError(system, answer.status, target);
  if (answer.status === 404) return new NotFoundError(system, target);
  // Masked before it is cut (security/mask.ts): a secret straddling the cut must not stay half-visible.
  const detail = answer.text.trim() === '' ? undefined : maskedExcerpt(answer.text, secrets);
  return new ClientError(system, answer.status, target, detail);
}

// Duck-typed: fetch's errors may come from another realm (e.g. a test VM), where `instanceof Error` fails.
function errorName(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'name' in err ? String(err.name) : undefined;
}

function isTimeout(err: unknown): boolean {
  const name = errorName(err);
  return name === 'TimeoutError' || name === 'AbortError';
}

function failureReason(err: unknown, secrets: readonly string[]): string {
  if (isTimeout(err)) return 'timeout';
  const cause = typeof err === 'object' && err !== null && 'cause' in err ? err.cause : undefined;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? maskSecrets(String(cause.code), secrets) : undefined;
  if (code) return code;
  const message = typeof err === 'object' && err !== null && 'message' in err ? String(err.message) : undefined;
  return message ? maskedExcerpt(message, secrets, 80) : 'unknown error';
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

/**
 * Reads `Retry-After` (delta seconds or an HTTP date) as milliseconds from `now`; `undefined` when absent or invalid.
 *
 * @example retryAfterMs(new Headers({ 'Retry-After': '7' }), Date.now()) // 7000
 */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  const raw = headers.get('retry-after')?.trim();
  if (!raw) return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return Math.ceil(Number(raw) * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
