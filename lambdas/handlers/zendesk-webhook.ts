// Lambda: POST /webhooks/zendesk/{accountId}.
import { lambdaRuntime, noClients, noSessions, sqsQueue } from '../runtime';
import { credentialStoreFromConfig } from '../credentials/from-config';
import { storeFromConfig } from '../store/from-config';
import { receiveZendeskWebhook } from '../sync/receive-zendesk';
import { webhookHandler } from './http-event';

export const handler = webhookHandler(
  receiveZendeskWebhook,
  lambdaRuntime({ store: storeFromConfig, queue: sqsQueue, clients: noClients, sessions: noSessions, credentials: credentialStoreFromConfig }),
  {
    provider: 'zendesk',
  },
);
