// Turns an API Gateway HTTP API (payload 2.0) event into a webhook request, and errors into a 500 with no detail.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { handlerMetrics, type Dimensions, type HandlerMetrics, type MetricName } from '../observability';
import type { Runtime } from '../runtime';
import type { AccountCache } from '../sync/accounts';
import type { SyncDeps } from '../sync/deps';
import { webhookResponse, type WebhookOutcome, type WebhookRequest } from '../sync/webhook-response';

type Receive = (deps: SyncDeps, accounts: AccountCache, request: WebhookRequest) => Promise<WebhookOutcome>;

/** The metric of each outcome: what the delivery became, not why (the reason is in the log and the audit trail). */
const OUTCOME_METRIC: Record<WebhookOutcome['outcome'], MetricName> = {
  accepted: 'WebhookAccepted',
  duplicate: 'WebhookDuplicate',
  stale: 'WebhookIgnored',
  ignored: 'WebhookIgnored',
  unauthenticated: 'WebhookRejected',
  bad_request: 'WebhookRejected',
  too_large: 'WebhookRejected',
  too_far_ahead: 'WebhookFromFuture',
};

export interface WebhookHandlerOptions {
  /** `aircall` or `zendesk`: the `provider` dimension of the metrics. */
  provider?: string;
  metrics?: HandlerMetrics;
}

/** A webhook handler around a receive use case. Unexpected errors answer 500 so the provider retries. */
export function webhookHandler(receive: Receive, rt: () => Runtime, options: WebhookHandlerOptions = {}) {
  const metrics = options.metrics ?? handlerMetrics();
  const dimensions: Dimensions = options.provider ? { provider: options.provider } : {};
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const { deps, accounts } = rt();
    try {
      const outcome = await receive(deps, accounts, {
        accountId: event.pathParameters?.accountId,
        body: event.body,
        isBase64Encoded: event.isBase64Encoded,
        headers: event.headers ?? {},
      });
      metrics.count(OUTCOME_METRIC[outcome.outcome], 1, dimensions);
      if (outcome.outcome !== 'accepted') deps.log.info('webhook answered', { route: event.routeKey, ...outcome });
      return webhookResponse(outcome);
    } catch (error) {
      metrics.count('WebhookFailed', 1, dimensions);
      deps.log.error('webhook failed', { route: event.routeKey, error: (error as Error).message, name: (error as Error).name });
      return { statusCode: 500, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'error' }) };
    } finally {
      metrics.flush();
    }
  };
}
