// The one place that turns a webhook outcome into an HTTP answer.

export interface WebhookRequest {
  accountId: string | undefined;
  body: string | undefined;
  isBase64Encoded: boolean;
  /** Lower-cased names, as API Gateway HTTP API passes them. */
  headers: Readonly<Record<string, string | undefined>>;
}

export interface WebhookResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * What became of a delivery. `accepted`, `duplicate`, `stale` and `ignored` all answer 200 so the provider stops
 * retrying; the failures say why without echoing anything secret. `unauthenticated` covers every delivery not proven
 * to come from the account's provider (unknown account, malformed id, missing or wrong token or signature): they all
 * get the same answer, so account ids cannot be probed; `reason` is for the log only.
 */
export type WebhookOutcome =
  | { outcome: 'accepted' | 'duplicate' | 'stale' | 'ignored'; detail?: string }
  | { outcome: 'bad_request' | 'too_large' | 'too_far_ahead'; detail: string }
  | { outcome: 'unauthenticated'; reason: string };

/** The one answer's detail to every unauthenticated delivery, whatever the reason. */
export const UNAUTHENTICATED_DETAIL = 'unknown account or invalid credentials';

/** The outcome of a delivery that could not be authenticated, for `reason` (logged, never answered). */
export const unauthenticated = (reason: string): WebhookOutcome => ({ outcome: 'unauthenticated', reason });

const STATUS: Record<WebhookOutcome['outcome'], number> = {
  accepted: 200,
  duplicate: 200,
  stale: 200,
  ignored: 200,
  unauthenticated: 401,
  bad_request: 400,
  too_large: 413,
  // Stamped more than MAX_FUTURE_SKEW_MS after receipt (shared/sync/clock.ts): refused so it cannot outrank real changes.
  too_far_ahead: 400,
};

export function webhookResponse(result: WebhookOutcome): WebhookResponse {
  return {
    statusCode: STATUS[result.outcome],
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(answerBody(result)),
  };
}

function answerBody(result: WebhookOutcome): { status: string; detail?: string } {
  if (result.outcome === 'unauthenticated') return { status: result.outcome, detail: UNAUTHENTICATED_DETAIL };
  return result.detail === undefined ? { status: result.outcome } : { status: result.outcome, detail: result.detail };
}
