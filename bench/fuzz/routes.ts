// Every public route of the stack, one entry each, with its kind: the kind decides which classes of bad input it
// gets (classes.ts). A route not served yet by the running stack is reported as such and skipped, not failed.
import type { RouteEntry } from './classes';

export const ROUTES: RouteEntry[] = [
  { key: 'POST /webhooks/zendesk/{accountId}', kind: 'webhook:zendesk' },
  { key: 'POST /webhooks/aircall/{accountId}', kind: 'webhook:aircall' },
  { key: 'GET /health', kind: 'public' },
  // The app page and its assets (issue 13: signedUrls).
  { key: 'POST /app/{location}', kind: 'app:page', methods: ['POST', 'GET'] },
  { key: 'GET /app/assets/{file+}', kind: 'app:asset' },
  // /api: a session of any kind, or an admin's.
  { key: 'GET /api/me/status', kind: 'api:session' },
  { key: 'POST /api/session/renew', kind: 'api:session' },
  { key: 'GET /api/admin/overview', kind: 'api:admin' },
  { key: 'GET /api/admin/console', kind: 'api:admin' },
  { key: 'POST /api/admin/setup', kind: 'api:admin' },
  { key: 'POST /api/admin/aircall/credentials', kind: 'api:admin' },
  { key: 'POST /api/admin/aircall/connect', kind: 'api:admin' },
  { key: 'POST /api/admin/disconnect', kind: 'api:admin' },
  // OAuth (issue 12).
  { key: 'GET /oauth/zendesk/start', kind: 'oauth:start' },
  { key: 'GET /oauth/aircall/install', kind: 'oauth:start' },
  { key: 'GET /oauth/zendesk/callback', kind: 'oauth:callback' },
  { key: 'GET /oauth/aircall/callback', kind: 'oauth:callback' },
];
