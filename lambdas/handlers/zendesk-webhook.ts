// Lambda: POST /webhooks/zendesk/{accountId}.
import { clientFactory, lambdaRuntime, sqsQueue } from '../runtime';
import { receiveZendeskWebhook } from '../sync/receive-zendesk';
import { webhookHandler } from './http-event';

export const handler = webhookHandler(receiveZendeskWebhook, lambdaRuntime({ queue: sqsQueue, clients: clientFactory }), { provider: 'zendesk' });
