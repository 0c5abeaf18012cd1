// Each onboarding handler's routes are the ones the gateway (local and CDK) routes to it: one list each side, kept equal.
import { ADMIN_ROUTE_KEYS as ADMIN_GATEWAY_KEYS, OAUTH_PAGE_ROUTE_KEYS as PAGE_GATEWAY_KEYS } from '../../infra/lib/api-throttles';
import { ADMIN_ROUTE_KEYS as ADMIN_HANDLER_KEYS } from '../../lambdas/oauth/admin-routes';
import { OAUTH_PAGE_ROUTE_KEYS as PAGE_HANDLER_KEYS } from '../../lambdas/oauth/routes';

test('the gateway routes exactly the OAuth pages’ routes to their handler', () => {
  expect([...PAGE_HANDLER_KEYS].sort()).toEqual([...PAGE_GATEWAY_KEYS].sort());
  expect([...PAGE_HANDLER_KEYS].sort()).toEqual(
    ['GET /oauth/zendesk/start', 'GET /oauth/zendesk/callback', 'GET /oauth/aircall/install', 'GET /oauth/aircall/callback'].sort(),
  );
});

test('the gateway routes exactly the admin console’s routes to their handler', () => {
  expect([...ADMIN_HANDLER_KEYS].sort()).toEqual([...ADMIN_GATEWAY_KEYS].sort());
  expect([...ADMIN_HANDLER_KEYS].sort()).toEqual(
    [
      'GET /api/admin/console',
      'POST /api/admin/setup',
      'POST /api/admin/aircall/credentials',
      'POST /api/admin/aircall/connect',
      'POST /api/admin/disconnect',
    ].sort(),
  );
});
