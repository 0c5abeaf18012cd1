// Lambda: POST /webhooks/zendesk/{accountId}.
import { runtime } from '../runtime';
import { receiveZendeskWebhook } from '../sync/receive-zendesk';
import { webhookHandler } from './http-event';

export const handler = webhookHandler(receiveZendeskWebhook, runtime, { provider: 'zendesk' });
