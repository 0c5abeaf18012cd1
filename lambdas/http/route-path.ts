// The path an API Gateway HTTP API (payload 2.0) event addresses, shared by the app API and the onboarding function.
// Its own module: the onboarding function imports this, not the app API's handler (and with it the whole AppApi).
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

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
