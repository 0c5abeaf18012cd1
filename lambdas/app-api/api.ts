// The app API: routes, authentication, and the answer for every outcome. Read-only: no route changes anything.
import { APP_API_ROUTES } from '../../shared/app-api';
import type { AccountCache } from '../sync/accounts';
import type { AccountStore, AgentStateStore, AuditStore, DirectoryStore, HealthStore, RateBucketStore } from '../store/port';
import type { SyncDeps } from '../sync/deps';
import { cappedClients } from '../security/browser-cap';
import { AdminRoles } from './admin-role';
import { adminOverview } from './admin-overview';
import { AccountsBySubdomain, authenticate, type Caller } from './authenticate';
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

type Route = (caller: Caller, now: number) => Promise<unknown>;

/**
 * The app's backend. One instance per process: it holds short caches (accounts by subdomain, admin roles, webhook
 * checks). Only GET routes exist, so a forged request, whatever its body, query or token, can change nothing
 * (issue 6): other methods answer 405, other paths 404, before the token is even read.
 *
 * @example const answer = await api.handle({ method: 'GET', path: '/api/me/status', authorization: 'Bearer …' });
 */
export class AppApi {
  private readonly accounts: AccountsBySubdomain;
  private readonly roles = new AdminRoles();
  private readonly webhooks = new WebhookChecks();
  private readonly routes: Record<string, Route>;

  constructor(
    private readonly deps: SyncDeps<AccountStore & DirectoryStore & AgentStateStore & AuditStore & HealthStore & RateBucketStore>,
    accounts: AccountCache,
  ) {
    // Every Zendesk or Aircall call a request causes counts against the account's browser cap (issue 13).
    this.deps = { ...deps, clients: cappedClients(deps) };
    this.accounts = new AccountsBySubdomain(deps.store, accounts);
    this.routes = {
      [APP_API_ROUTES.meStatus]: (caller, now) => meStatus(this.deps, caller, now),
      [APP_API_ROUTES.adminOverview]: (caller, now) => adminOverview(this.deps, caller, { roles: this.roles, webhooks: this.webhooks }, now),
    };
  }

  async handle(request: AppApiRequest): Promise<AppApiAnswer> {
    try {
      const route = Object.hasOwn(this.routes, request.path) ? this.routes[request.path] : undefined;
      if (!route) throw new AppApiHttpError('not_found', 'No such route');
      if (request.method.toUpperCase() !== 'GET') throw new AppApiHttpError('method_not_allowed', 'Only GET is allowed: the app API changes nothing');
      const now = this.deps.now();
      const caller = await authenticate(this.accounts, request.authorization, now);
      return { status: 200, body: await route(caller, now) };
    } catch (error) {
      if (!(error instanceof AppApiHttpError)) {
        this.deps.log.error('app API request failed', { path: request.path, error: (error as Error).message, name: (error as Error).name });
      } else if (error.code === 'unauthorized' || error.code === 'forbidden') {
        this.deps.log.info('app API request refused', { path: request.path, code: error.code, reason: error.message });
      }
      return errorAnswer(error);
    }
  }
}
