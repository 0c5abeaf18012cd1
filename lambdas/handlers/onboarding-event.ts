// Shared by the two onboarding functions (oauth.ts: the OAuth pages; admin.ts: the console's admin routes): an API
// Gateway HTTP API event in, an onboarding answer out, and the parts beyond the runtime built once per container.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { config } from '../config';
import { DeferredKeyProvider, kmsKeyProviderFromConfig, NO_KMS_KEY } from '../credentials/from-config';
import { routePath } from '../http/route-path';
import { onboardingDeps, type Onboarding, type Sealer } from '../oauth/deps';
import { parseCookies, type OnboardingAnswer, type OnboardingRequest } from '../oauth/http';
import { OnboardingStore } from '../oauth/store';
import type { Runtime } from '../runtime';
import { SecretKeyConfigError } from '../secrets/errors';
import { SecretBox } from '../secrets/envelope';
import { documentClient } from '../store/from-config';

/** The onboarding store and the box that seals pending Aircall tokens. */
export interface OnboardingParts {
  store: OnboardingStore;
  sealer: Sealer;
}

/** A handler answering each event with `answer` (the pages' or the admin routes'), over a runtime and its parts. */
export function onboardingEventHandler(answer: (ob: Onboarding, req: OnboardingRequest) => Promise<OnboardingAnswer>) {
  return (rt: () => Runtime, parts: () => OnboardingParts) =>
    async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
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
      const result = await answer({ deps: onboardingDeps(r.deps), store, sealer }, request);
      return { statusCode: result.status, headers: result.headers, body: result.body, ...(result.cookies && { cookies: result.cookies }) };
    };
}

/** The parts of a Lambda container, built from the environment on first use. */
export function lambdaOnboardingParts(): () => OnboardingParts {
  let parts: OnboardingParts | undefined;
  return () =>
    (parts ??= {
      store: new OnboardingStore(documentClient(), config().tableName),
      // Without a configured key only sealing fails (an install held for a Zendesk sign-in), with an error naming it.
      sealer: new SecretBox({
        provider: kmsKeyProviderFromConfig(config()) ?? new DeferredKeyProvider(Promise.reject(new SecretKeyConfigError(NO_KMS_KEY))),
      }),
    });
}
