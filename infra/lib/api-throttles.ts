// The HTTP API's throttles, route by route: the one definition the CDK stack declares (stage route settings) and the
// local gateway (local/gateway/http-api.ts) enforces. No CDK import, so the local stack loads it as plain TypeScript.
import { APP_API_ROUTES } from '../../shared/app-api';
import { APP_ROUTES } from '../../shared/app-boot';
import { CONSOLE_ROUTES, OAUTH_ROUTES } from '../../shared/console';

/** API Gateway's token bucket: `burstLimit` requests at once, refilled at `rateLimit` per second. */
export interface Throttle {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

export const AIRCALL_WEBHOOK_ROUTE = 'POST /webhooks/aircall/{accountId}';
export const ZENDESK_WEBHOOK_ROUTE = 'POST /webhooks/zendesk/{accountId}';
export const HEALTH_ROUTE = 'GET /health';

/** The app's location pages (Zendesk's signedUrls form POST, or a GET without a session) and the built app's files. */
export const APP_PAGE_ROUTES = [`POST ${APP_ROUTES.page}`, `GET ${APP_ROUTES.page}`, `GET ${APP_ROUTES.assets}`] as const;
/** The app API: the agent's status and the admin overview (GET), and the agent session's renewal. */
export const APP_API_ROUTE_KEYS = [...Object.values(APP_API_ROUTES).map((path) => `GET ${path}`), `POST ${APP_ROUTES.renewSession}`] as const;
/** The OAuth browser routes (pages and redirects): one function (lambdas/handlers/oauth.ts). */
export const OAUTH_PAGE_ROUTE_KEYS = Object.values(OAUTH_ROUTES).map((path) => `GET ${path}`);
/** The admin console's routes (JSON, admin session): another function (lambdas/handlers/admin.ts). */
export const ADMIN_ROUTE_KEYS = Object.values(CONSOLE_ROUTES).map((path) => `${path === CONSOLE_ROUTES.console ? 'GET' : 'POST'} ${path}`);

/**
 * Each webhook route has a bucket of its own, apart from the app's: a flood of junk on one provider's route (or on the
 * app) spends only that route's bucket, so the other provider's real deliveries still get through. 200/s per provider
 * is twice the service's 100 changes/s target (bench/latency.ts); a throttled delivery is retried by the provider.
 * Per-account limits cannot live here (HTTP APIs throttle per route and stage only): the handlers do that.
 */
export const WEBHOOK_THROTTLE: Throttle = { rateLimit: 200, burstLimit: 400 };

/**
 * The agent's app: every open top bar reads its status (answered from the table, with few provider calls), and each
 * Zendesk page load posts its locations' pages and fetches the app's files; each route has its own bucket of this size.
 */
export const APP_THROTTLE: Throttle = { rateLimit: 100, burstLimit: 200 };

/** The admin overview calls Zendesk and Aircall: few admins, so a tight bucket bounds what outside traffic can cost. */
export const ADMIN_THROTTLE: Throttle = { rateLimit: 10, burstLimit: 20 };

/**
 * The OAuth pages: a person clicking through a connect flow makes a handful of requests, and each callback exchanges
 * a code with Zendesk or Aircall, so junk here is bounded tightly; it shares nothing with the webhooks or the app.
 */
export const OAUTH_THROTTLE: Throttle = { rateLimit: 5, burstLimit: 10 };

/** The liveness probe: a monitor every few seconds is plenty. */
export const HEALTH_THROTTLE: Throttle = { rateLimit: 10, burstLimit: 20 };

/** Any route without its own entry (there is none on AWS today; the local gateway's extra app methods use it). */
export const STAGE_DEFAULT_THROTTLE: Throttle = { rateLimit: 100, burstLimit: 200 };

/** Route key (`METHOD /path`, as API Gateway writes it) → its throttle. Every routed path of the stack is here. */
export const ROUTE_THROTTLES: Readonly<Record<string, Throttle>> = {
  [AIRCALL_WEBHOOK_ROUTE]: WEBHOOK_THROTTLE,
  [ZENDESK_WEBHOOK_ROUTE]: WEBHOOK_THROTTLE,
  ...Object.fromEntries(APP_PAGE_ROUTES.map((key) => [key, APP_THROTTLE])),
  ...Object.fromEntries(APP_API_ROUTE_KEYS.map((key) => [key, key.includes(' /api/admin/') ? ADMIN_THROTTLE : APP_THROTTLE])),
  ...Object.fromEntries(OAUTH_PAGE_ROUTE_KEYS.map((key) => [key, OAUTH_THROTTLE])),
  ...Object.fromEntries(ADMIN_ROUTE_KEYS.map((key) => [key, ADMIN_THROTTLE])),
  [HEALTH_ROUTE]: HEALTH_THROTTLE,
};

/** The throttle API Gateway applies to `routeKey`: its own, else the stage's default route settings. */
export function throttleFor(routeKey: string): Throttle {
  return ROUTE_THROTTLES[routeKey] ?? STAGE_DEFAULT_THROTTLE;
}
