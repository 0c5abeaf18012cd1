// The onboarding handler's routes are the ones the gateway (local and CDK) routes to it: one list each side, kept equal.
import { ONBOARDING_ROUTE_KEYS as GATEWAY_KEYS } from '../../infra/lib/api-throttles';
import { ONBOARDING_ROUTE_KEYS as HANDLER_KEYS } from '../../lambdas/oauth/routes';

test('the gateway routes exactly the onboarding handler’s routes', () => {
  expect([...HANDLER_KEYS].sort()).toEqual([...GATEWAY_KEYS].sort());
  expect(HANDLER_KEYS).toEqual(
    expect.arrayContaining([
      'GET /oauth/zendesk/start',
      'GET /oauth/zendesk/callback',
      'GET /oauth/aircall/install',
      'GET /oauth/aircall/callback',
      'GET /api/admin/console',
      'POST /api/admin/setup',
      'POST /api/admin/aircall/credentials',
      'POST /api/admin/aircall/connect',
      'POST /api/admin/disconnect',
    ]),
  );
  expect(HANDLER_KEYS).toHaveLength(9);
});
