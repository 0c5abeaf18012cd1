// Lambda: the onboarding routes — GET /oauth/zendesk/start|callback, GET /oauth/aircall/install|callback (pages and
// redirects) and the console's admin routes under /api/admin (JSON, admin session). See lambdas/oauth.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { config } from '../config';
import { DeferredKeyProvider, keyProviderFromConfig } from '../credentials/from-config';
import { SecretKeyConfigError } from '../secrets/errors';
import { onboardingDeps, type Sealer } from '../oauth/deps';
import { parseCookies, type OnboardingRequest } from '../oauth/http';
import { handleOnboarding } from '../oauth/routes';
import { OnboardingStore } from '../oauth/store';
import { clientFactory, lambdaRuntime, sqsQueue, type Runtime } from '../runtime';
import { sessionStoreFromConfig } from '../sessions/dynamo';
import { SecretBox } from '../secrets/envelope';
import { documentClient } from '../store/from-config';
import { routePath } from '../http/route-path';
import { withOAuthClients } from '../secrets/oauth-clients';

/** The handler over a runtime, the onboarding store and the box that seals pending Aircall tokens. */
export function oauthHandler(rt: () => Runtime, parts: () => { store: OnboardingStore; sealer: Sealer }) {
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const r = rt();
    const { store, sealer } = parts();
    const request: OnboardingRequest = {
      method: event.requestContext.http.method,
      path: routePath(event),
      query: new URLSearchParams(event.rawQueryString ?? ''),
      headers: event.headers ?? {},
      cookies: parseCookies(event.cookies ?? (event.headers?.cookie ? [event.headers.cookie] : [])),
      ...(event.body !== undefined && { body: event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body }),
    };
    const answer = await handleOnboarding({ deps: onboardingDeps(r.deps), store, sealer }, request);
    return { statusCode: answer.status, headers: answer.headers, body: answer.body, ...(answer.cookies && { cookies: answer.cookies }) };
  };
}

let parts: { store: OnboardingStore; sealer: Sealer } | undefined;
// Our OAuth clients come from Secrets Manager in AWS, before the first invocation reads the configuration.
export const handler = withOAuthClients(
  oauthHandler(lambdaRuntime({ queue: sqsQueue, clients: clientFactory, sessions: sessionStoreFromConfig }), () => {
    parts ??= {
      store: new OnboardingStore(documentClient(), config().tableName),
      // Without a configured key only sealing fails (an install held for a Zendesk sign-in), with an error naming it.
      sealer: new SecretBox({
        provider:
          keyProviderFromConfig(config()) ??
          new DeferredKeyProvider(Promise.reject(new SecretKeyConfigError('No master key for secrets at rest: set SECRETS_KMS_KEY_ID'))),
      }),
    };
    return parts;
  }),
);
