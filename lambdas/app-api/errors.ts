// The app API's errors, and the one mapper that turns any error into an HTTP answer with no data.
import type { AppApiError } from '../../shared/app-api';
import { BrowserCallCapError } from '../security/browser-cap';

type Code = AppApiError['error']['code'];

const STATUS: Record<Code, number> = { unauthorized: 401, forbidden: 403, not_found: 404, method_not_allowed: 405, rate_limited: 429, unavailable: 503 };

/** A refusal the caller may read: `code` is stable, `message` is for people and holds no secret. */
export class AppApiHttpError extends Error {
  override name = 'AppApiHttpError';
  constructor(
    readonly code: Code,
    message: string,
    /** For `method_not_allowed`: the method the route takes (the `Allow` header). */
    readonly allow = 'GET',
  ) {
    super(message);
  }

  get status(): number {
    return STATUS[this.code];
  }
}

export const unauthorized = (message: string) => new AppApiHttpError('unauthorized', message);

export interface AppApiAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * The answer for an error. The browser cap (security/browser-cap.ts) is 429 with `Retry-After`. Anything else not an
 * `AppApiHttpError` is a failure of ours or of a peer: 503, no detail.
 */
export function errorAnswer(error: unknown): AppApiAnswer {
  if (error instanceof BrowserCallCapError) {
    const body: AppApiError = { error: { code: 'rate_limited', message: error.message } };
    return { status: 429, body, headers: { 'retry-after': String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))) } };
  }
  const known = error instanceof AppApiHttpError ? error : new AppApiHttpError('unavailable', 'The backend could not answer right now; try again in a moment');
  const body: AppApiError = { error: { code: known.code, message: known.message } };
  return { status: known.status, body, ...(known.code === 'method_not_allowed' && { headers: { allow: known.allow } }) };
}
