// Lambda: the OAuth pages — GET /oauth/zendesk/start|callback, GET /oauth/aircall/install|callback (pages and
// redirects: state, code exchange, users/me, the grant sealed, the admin session issued). See lambdas/oauth/routes.ts;
// the console's admin routes are admin.ts's.
import { handleOAuthPage } from '../oauth/routes';
import { clientFactory, lambdaRuntime, sqsSendQueue } from '../runtime';
import { credentialStoreFromConfig } from '../credentials/from-config';
import { coreStoreFromConfig } from '../store/from-config';
import { withOAuthClients } from '../secrets/oauth-clients';
import { sessionStoreFromConfig } from '../sessions/dynamo';
import { lambdaOnboardingParts, onboardingEventHandler } from './onboarding-event';

/** The handler over a runtime, the onboarding store and the box that seals pending Aircall tokens. */
export const oauthHandler = onboardingEventHandler(handleOAuthPage);

// Our OAuth clients come from Secrets Manager in AWS, before the first invocation reads the configuration.
export const handler = withOAuthClients(
  oauthHandler(
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
