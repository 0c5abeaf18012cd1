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
 * retrying; the failures say why without echoing anything secret.
 */
export type WebhookOutcome =
  | { outcome: 'accepted' | 'duplicate' | 'stale' | 'ignored'; detail?: string }
  | { outcome: 'unauthenticated' | 'forbidden' | 'bad_request' | 'unknown_account' | 'too_large' | 'too_far_ahead'; detail: string };

const STATUS: Record<WebhookOutcome['outcome'], number> = {
  accepted: 200,
  duplicate: 200,
  stale: 200,
  ignored: 200,
  unauthenticated: 401,
  forbidden: 403,
  bad_request: 400,
  unknown_account: 404,
  too_large: 413,
  // Stamped more than MAX_FUTURE_SKEW_MS after receipt (shared/sync/clock.ts): refused so it cannot outrank real changes.
  too_far_ahead: 400,
};

export function webhookResponse(result: WebhookOutcome): WebhookResponse {
  return {
    statusCode: STATUS[result.outcome],
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(result.detail === undefined ? { status: result.outcome } : { status: result.outcome, detail: result.detail }),
  };
}
