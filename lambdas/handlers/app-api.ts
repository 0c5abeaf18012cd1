// Lambda: GET /api/me/status, GET /api/admin/overview and POST /api/session/renew (404/405 for anything else under /api).
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { AppApi } from '../app-api/api';
import { routePath } from '../http/route-path';
import { clientFactory, lambdaRuntime, noQueue, type Runtime } from '../runtime';
import { credentialStoreFromConfig } from '../credentials/from-config';
import { storeFromConfig } from '../store/from-config';
import { sessionStoreFromConfig } from '../sessions/dynamo';
import { withOAuthClients } from '../secrets/oauth-clients';

export { routePath };

const apis = new WeakMap<Runtime, AppApi>();

/** The handler over a runtime. The body and query string are never passed on: no route reads them. */
export function appApiHandler(rt: () => Runtime) {
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const r = rt();
    let api = apis.get(r);
    if (!api) {
      api = new AppApi(r.deps);
      apis.set(r, api);
    }
    const answer = await api.handle({
      method: event.requestContext.http.method,
      path: routePath(event),
      authorization: event.headers?.authorization,
    });
    return {
      statusCode: answer.status,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...answer.headers },
      body: JSON.stringify(answer.body),
    };
  };
}

// Our OAuth clients come from Secrets Manager in AWS, before the first invocation reads the configuration.
export const handler = withOAuthClients(
  appApiHandler(
    lambdaRuntime({ store: storeFromConfig, queue: noQueue, clients: clientFactory, sessions: sessionStoreFromConfig, credentials: credentialStoreFromConfig }),
  ),
);
