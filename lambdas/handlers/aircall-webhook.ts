// Lambda: POST /webhooks/aircall/{accountId}.
import { runtime } from '../runtime';
import { receiveAircallWebhook } from '../sync/receive-aircall';
import { webhookHandler } from './http-event';

export const handler = webhookHandler(receiveAircallWebhook, runtime, { provider: 'aircall' });
