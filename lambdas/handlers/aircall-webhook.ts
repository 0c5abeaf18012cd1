// Lambda: POST /webhooks/aircall/{accountId}.
import { lambdaRuntime, noClients, noSessions, sqsQueue } from '../runtime';
import { credentialStoreFromConfig } from '../credentials/from-config';
import { storeFromConfig } from '../store/from-config';
import { receiveAircallWebhook } from '../sync/receive-aircall';
import { webhookHandler } from './http-event';

export const handler = webhookHandler(
  receiveAircallWebhook,
  lambdaRuntime({ store: storeFromConfig, queue: sqsQueue, clients: noClients, sessions: noSessions, credentials: credentialStoreFromConfig }),
  {
    provider: 'aircall',
  },
);
