// The app API: routes, authentication by session, and the answer for every outcome. Only session renewal writes.
import { APP_API_ROUTES } from '../../shared/app-api';
import { APP_ROUTES } from '../../shared/app-boot';
import { requireSession, sessionsOf, type RequiredKind, type SessionCaller } from '../sessions/require';
import { bearerToken } from '../sessions/bearer';
import type { AccountStore, AgentStateStore, AuditStore, DirectoryStore, HealthStore, RateBucketStore } from '../store/port';
import type { SyncDeps } from '../sync/deps';
import { cappedClients } from '../security/browser-cap';
import { adminOverview } from './admin-overview';
import { AppApiHttpError, errorAnswer, type AppApiAnswer } from './errors';
import { meStatus } from './me-status';
import { WebhookChecks } from './webhooks';

/** What the API reads of a request. The body and the query string are deliberately absent: no route reads them. */
export interface AppApiRequest {
  method: string;
  path: string;
  /** The `Authorization` header. */
  authorization?: string;
}

/** A route: its one method, the session kind it needs, and what it answers. */
interface Route {
  method: 'GET' | 'POST';
  kind: RequiredKind;
  /** Forces the Zendesk re-check of the user whatever its age (renewal). */
  recheck?: boolean;
  run: (caller: SessionCaller, now: number, request: AppApiRequest) => Promise<unknown>;
}

/**
 * The app's backend. One instance per process: it holds short caches (webhook checks). Every route needs a session
 * (lambdas/sessions/require.ts): admin routes an admin session (the admin's own OAuth sign-in), the agent's own
 * status either kind. Each route has one method: others answer 405, other paths 404, before the session is read.
 *
 * @example const answer = await api.handle({ method: 'GET', path: '/api/me/status', authorization: 'Bearer …' });
 */
export class AppApi {
  private readonly webhooks = new WebhookChecks();
  private readonly routes: Record<string, Route>;

  constructor(private readonly deps: SyncDeps<AccountStore & DirectoryStore & AgentStateStore & AuditStore & HealthStore & RateBucketStore>) {
    // Every Zendesk or Aircall call a request causes counts against the account's browser cap (issue 13).
    this.deps = { ...deps, clients: cappedClients(deps) };
    this.routes = {
      [APP_API_ROUTES.meStatus]: { method: 'GET', kind: 'any', run: (caller, now) => meStatus(this.deps, caller, now) },
      [APP_API_ROUTES.adminOverview]: {
        method: 'GET',
        kind: 'admin',
        run: (caller, now) => adminOverview(this.deps, caller, { webhooks: this.webhooks }, now),
      },
      [APP_ROUTES.renewSession]: { method: 'POST', kind: 'agent', recheck: true, run: (caller, now, request) => this.renew(caller, now, request) },
    };
  }

  async handle(request: AppApiRequest): Promise<AppApiAnswer> {
    try {
      const route = Object.hasOwn(this.routes, request.path) ? this.routes[request.path] : undefined;
      if (!route) throw new AppApiHttpError('not_found', 'No such route');
      if (request.method.toUpperCase() !== route.method) throw new AppApiHttpError('method_not_allowed', `Only ${route.method} is allowed here`, route.method);
      const now = this.deps.now();
      const caller = await requireSession(this.deps, request.authorization, route.kind, now, { recheck: route.recheck === true });
      return { status: 200, body: await route.run(caller, now, request) };
    } catch (error) {
      if (!(error instanceof AppApiHttpError)) {
        this.deps.log.error('app API request failed', { path: request.path, error: (error as Error).message, name: (error as Error).name });
      } else if (error.code === 'unauthorized' || error.code === 'forbidden') {
        this.deps.log.info('app API request refused', { path: request.path, code: error.code, reason: error.message });
      }
      return errorAnswer(error);
    }
  }

  /** A new agent session for a live one whose user Zendesk just confirmed; the old one ends. */
  private async renew(caller: SessionCaller, now: number, request: AppApiRequest): Promise<{ token: string; expiresAt: number }> {
    const sessions = sessionsOf(this.deps);
    const { kind, accountId, userId, email, name } = caller;
    const issued = await sessions.issue({ kind, accountId, userId, ...(email !== undefined && { email }), ...(name !== undefined && { name }) }, now);
    await sessions.revoke(bearerToken(request.authorization) as string);
    return issued;
  }
}
