// Lambda: GET /api/me/status, GET /api/admin/overview and POST /api/session/renew (404/405 for anything else under /api).
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { AppApi } from '../app-api/api';
import { clientFactory, lambdaRuntime, noQueue, type Runtime } from '../runtime';
import { withOAuthClients } from '../secrets/oauth-clients';

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

/**
 * The path without a stage or base-path prefix: the route API Gateway matched when it is a plain path (our GET
 * routes), else the raw path minus a named stage (`/prod/api/...`), as with a catch-all `ANY /api/{proxy+}`.
 */
export function routePath(event: Pick<APIGatewayProxyEventV2, 'routeKey' | 'rawPath' | 'requestContext'>): string {
  const matched = event.routeKey.split(' ')[1];
  if (matched !== undefined && !matched.includes('{')) return matched;
  const stage = event.requestContext.stage;
  return stage && stage !== '$default' && event.rawPath.startsWith(`/${stage}/`) ? event.rawPath.slice(stage.length + 1) : event.rawPath;
}

// Our OAuth clients come from Secrets Manager in AWS, before the first invocation reads the configuration.
export const handler = withOAuthClients(appApiHandler(lambdaRuntime({ queue: noQueue, clients: clientFactory })));
