// Lambda: POST /webhooks/aircall/{accountId}.
import { lambdaRuntime, noClients, noSessions, sqsQueue } from '../runtime';
import { receiveAircallWebhook } from '../sync/receive-aircall';
import { webhookHandler } from './http-event';

export const handler = webhookHandler(receiveAircallWebhook, lambdaRuntime({ queue: sqsQueue, clients: noClients, sessions: noSessions }), {
  provider: 'aircall',
});
