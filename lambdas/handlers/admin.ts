// Lambda: the admin console's routes — GET /api/admin/console, POST /api/admin/setup, /api/admin/aircall/credentials,
// /api/admin/aircall/connect, /api/admin/disconnect (JSON, admin session: the console view, the onboarding steps and
// webhooks, the directory, disconnect). See lambdas/oauth/admin-routes.ts; the OAuth pages are oauth.ts's.
import { handleAdmin } from '../oauth/admin-routes';
import { clientFactory, lambdaRuntime, sqsSendQueue } from '../runtime';
import { credentialStoreFromConfig } from '../credentials/from-config';
import { coreStoreFromConfig } from '../store/from-config';
import { withOAuthClients } from '../secrets/oauth-clients';
import { sessionStoreFromConfig } from '../sessions/dynamo';
import { lambdaOnboardingParts, onboardingEventHandler } from './onboarding-event';

/** The handler over a runtime and the onboarding parts. */
export const adminHandler = onboardingEventHandler(handleAdmin);

// Our OAuth clients come from Secrets Manager in AWS, before the first invocation reads the configuration.
export const handler = withOAuthClients(
  adminHandler(
    lambdaRuntime({
      store: coreStoreFromConfig,
      queue: sqsSendQueue,
      clients: clientFactory,
      sessions: sessionStoreFromConfig,
      credentials: credentialStoreFromConfig,
    }),
    lambdaOnboardingParts(),
  ),
);
