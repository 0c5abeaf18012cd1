// The Lambda handler's path: the route API Gateway matched, whatever stage or base path is in front of it.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { routePath } from '../../lambdas/handlers/app-api';

const event = (routeKey: string, rawPath: string, stage = '$default') =>
  ({ routeKey, rawPath, requestContext: { stage } }) as unknown as Pick<APIGatewayProxyEventV2, 'routeKey' | 'rawPath' | 'requestContext'>;

test.each([
  ['a plain route', event('GET /api/me/status', '/api/me/status'), '/api/me/status'],
  ['a plain route behind a named stage', event('GET /api/me/status', '/prod/api/me/status', 'prod'), '/api/me/status'],
  ['a catch-all route', event('ANY /api/{proxy+}', '/api/settings'), '/api/settings'],
  ['a catch-all behind a named stage', event('ANY /api/{proxy+}', '/prod/api/admin/overview', 'prod'), '/api/admin/overview'],
  ['the default route', event('$default', '/api/direction'), '/api/direction'],
])('%s', (_what, e, expected) => {
  expect(routePath(e)).toBe(expected);
});
