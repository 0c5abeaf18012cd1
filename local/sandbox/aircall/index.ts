// The Aircall sandbox: a faithful HTTP fake of the Aircall Public API (users, availabilities, webhooks) for tests and `npm start`.
import type { AircallAvailabilityStatus } from '../../../shared/aircall/vocabulary';
import {
  addCommonControlRoutes,
  createSandboxHandler,
  FaultInjector,
  json,
  RequestJournal,
  Router,
  startServer,
  WebhookDeliveryQueue,
  type DeliveryLogEntry,
  type DeliveryMode,
  type FaultSettings,
  type InjectedFault,
  type JournalEntry,
  type JournalFilter,
  type SandboxResponse,
} from '../common';
import { aircallApiRouter } from './api-routes';
import { configureApiVersions, DEFAULT_API_VERSIONS, type ApiVersionSettings } from './api-versions';
import type { CallOptions } from './calls';
import { AircallCompany } from './company';
import { aircallEdge, EDGE_BODIES, type RateLimitHeaderMode } from './edge';
import { AircallEventPublisher } from './events';
import { addAircallControlRoutes, configureRateLimit, seedFrom, userView, type RateLimitSettings, type SandboxUserView } from './control-routes';
import { RateLimiter, rateLimitHeaders } from './rate-limit';
import type { AircallUserSeed, SubstatusSpelling } from './users';
import { toWebhook, WebhookRegistry, type AircallWebhook } from './webhooks';
import { AircallOAuth, DEFAULT_AIRCALL_OAUTH_CLIENT, type AircallOAuthClientSeed } from './oauth';
import { addAircallOAuthControls } from './oauth-control';

export { demoAircallUsers } from './users';
export type { AircallUserSeed, AircallUserV1, AircallUserV2 } from './users';
export type { AircallWebhookEnvelope } from './events';
export type { AircallWebhook } from './webhooks';
export { AIRCALL_WEBHOOK_EVENTS } from './webhooks';
export type { CallOptions } from './calls';
export type { SandboxUserView, RateLimitSettings } from './control-routes';
export type { RateLimitHeaderMode } from './edge';
export { DEFAULT_AIRCALL_OAUTH_CLIENT, type AircallOAuthClientSeed } from './oauth';
export { apiVersionsFromEnv, type ApiVersionSettings } from './api-versions';

/** Options of `startAircallSandbox`. Only the API key is required. */
export interface AircallSandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Basic-auth username and password (§2.1). */
  apiId: string;
  apiToken: string;
  /** Per-company budget; 60 (default) or 120 (§3). */
  rateLimitPerMinute?: number;
  /** `when_limited` (default, the reference's wording) or `always` (§3, UNCONFIRMED). */
  rateLimitHeaders?: RateLimitHeaderMode;
  /** Sub-statuses enabled by Aircall support: agents may give a reason and `user.closed` goes out twice (§6.2, §8.4). */
  substatusesEnabled?: boolean;
  /** Wire spelling of the open substatus (default `always_opened`, the example payload's; §6.2). */
  openSubstatus?: SubstatusSpelling['open'];
  /** Wire spelling of reasons: `snake_case` (default, bus docs, `in_traning` typo kept) or `label` (§6.2). */
  reasonSpelling?: SubstatusSpelling['reasons'];
  /** Seed users (default none); `reset` restores them. */
  users?: AircallUserSeed[];
  /** Per-attempt webhook timeout (default 5000, Aircall's, §8.7). */
  webhookTimeoutMs?: number;
  /** Retries per event after the first attempt (default 2; Aircall: up to 50). */
  webhookRetries?: number;
  /** Backoff base between retries (default 10 ms). */
  webhookBackoffMs?: number;
  /**
   * Webhook deliveries in flight at once per receiver URL (default 1: one after another, order kept). Real Aircall
   * delivery is "at least once, unordered" (aircall-api.md §8.7), so more is realistic; the latency bench uses 16.
   */
  webhookConcurrency?: number;
  /** Consecutive failed attempts before a webhook turns `active: false` (default 50, §8.7). */
  webhookDisableAfterFailures?: number;
  /** PRNG seed for fault injection (default 1). */
  seed?: number;
  /** The clock (epoch ms) for timestamps, `created_at` and the rate-limit window. */
  now?: () => number;
  /** Base URL used in `direct_link` and `next_page_link` (default the server's own URL). */
  publicUrl?: string;
  /** Which API versions answer (default all, as documented): e.g. `{ v1Users: 'removed' }` (api-versions.ts). */
  apiVersions?: Partial<ApiVersionSettings>;
  /** Partner OAuth applications for `/oauth/authorize` and `/v1/oauth/token` (default `DEFAULT_AIRCALL_OAUTH_CLIENT`). */
  oauthClients?: AircallOAuthClientSeed[];
}

/** A running Aircall sandbox: its URL, and helpers mirroring the control API. */
export interface AircallSandbox {
  url: string;
  port: number;
  close(): Promise<void>;
  /** Every user with live availability and simulation flags. */
  users(): SandboxUserView[];
  /** One user by id or email; throws when unknown. */
  user(idOrEmail: number | string): SandboxUserView;
  /** Invites a user (publishes `user.created`); connected by default. */
  createUser(seed: AircallUserSeed): SandboxUserView;
  /** Deletes a user (publishes `user.deleted`). */
  deleteUser(idOrEmail: number | string): void;
  /** The agent changes their status in Aircall Workspace (publishes `user.opened`/`user.closed`). */
  setStatus(idOrEmail: number | string, availabilityStatus: AircallAvailabilityStatus, substatus?: string): SandboxUserView;
  /** The agent opens or closes Workspace (publishes `user.connected`/`user.disconnected`). */
  setConnection(idOrEmail: number | string, connected: boolean): SandboxUserView;
  /** Working hours start or end (matters for `custom`). */
  setWorkingHours(idOrEmail: number | string, inWorkingHours: boolean): SandboxUserView;
  /** Simulates an inbound call to the agent; see `CallOptions`. */
  simulateCall(idOrEmail: number | string, options?: CallOptions): { callId: number; user: SandboxUserView };
  /** Runs the rest of a call paused with `pauseAt`. */
  continueCall(idOrEmail: number | string): SandboxUserView;
  /** The registered webhooks (wire shape). */
  webhooks(): AircallWebhook[];
  /** The request journal. */
  requests(filter?: JournalFilter): JournalEntry[];
  /** The webhook delivery log. */
  deliveries(): DeliveryLogEntry[];
  /** Resolves once no delivery is pending (held `reorder` events are released). */
  idle(): Promise<void>;
  setFaults(patch: Partial<FaultSettings>): FaultSettings;
  clearFaults(): void;
  /** Sets the delivery mode, e.g. `{ mode: 'duplicate', copies: 2 }`. */
  setDeliveryMode(mode: DeliveryMode): DeliveryMode;
  setRateLimit(settings: { perMinute?: number; headers?: RateLimitHeaderMode; reset?: boolean }): RateLimitSettings;
  /** Switches API versions on or off, e.g. `{ v1Users: 'gone', v2StatusWrite: 'refused' }`; answers the new settings. */
  setApiVersions(patch: Partial<ApiVersionSettings>): ApiVersionSettings;
  /** Back to the seed users, no webhooks, no faults, empty journal and log, options' rate limit. */
  reset(): Promise<void>;
}

/**
 * Starts the Aircall sandbox.
 *
 * @example
 * const aircall = await startAircallSandbox({ apiId: 'id', apiToken: 'token', users: demoAircallUsers(3) });
 * aircall.setStatus('agent01@example.com', 'unavailable');
 * await aircall.idle();
 * await aircall.close();
 */
export async function startAircallSandbox(options: AircallSandboxOptions): Promise<AircallSandbox> {
  const now = options.now ?? Date.now;
  const spelling: SubstatusSpelling = { open: options.openSubstatus ?? 'always_opened', reasons: options.reasonSpelling ?? 'snake_case' };
  const seeds = options.users ?? [];
  let baseUrl = options.publicUrl ?? '';
  const registry = new WebhookRegistry(options.webhookDisableAfterFailures ?? 50);
  const deliveries = new WebhookDeliveryQueue({
    timeoutMs: options.webhookTimeoutMs ?? 5000,
    retries: options.webhookRetries ?? 2,
    backoffMs: options.webhookBackoffMs ?? 10,
    concurrency: options.webhookConcurrency ?? 1,
    now,
    onAttempt: (report) => {
      if (report.delivery.target) registry.recordAttempt(report.delivery.target, report.ok);
    },
  });
  const core = { journal: new RequestJournal(), faults: new FaultInjector({ seed: options.seed ?? 1 }), deliveries };
  const company = new AircallCompany({
    substatusesEnabled: options.substatusesEnabled ?? false,
    spelling,
    now,
    baseUrl: () => baseUrl,
    publisher: new AircallEventPublisher(registry, deliveries, now),
  });
  company.load(seeds);
  const initialRateLimit = (): RateLimitSettings => ({ perMinute: options.rateLimitPerMinute ?? 60, headers: options.rateLimitHeaders ?? 'when_limited' });
  const rateLimit = initialRateLimit();
  const initialVersions = (): ApiVersionSettings => configureApiVersions({ ...DEFAULT_API_VERSIONS }, options.apiVersions);
  const versions = initialVersions();
  const limiter = new RateLimiter(rateLimit.perMinute, now);
  const ctx = { company, registry, limiter, rateLimit, spelling, versions, baseUrl: () => baseUrl };

  const oauth = new AircallOAuth(options.oauthClients ?? [DEFAULT_AIRCALL_OAUTH_CLIENT], now);
  const restore = (): void => {
    oauth.reset();
    company.load(seeds);
    registry.clear();
    Object.assign(rateLimit, initialRateLimit());
    limiter.setLimit(rateLimit.perMinute);
    limiter.reset();
    Object.assign(versions, initialVersions());
  };
  const control = addAircallControlRoutes(addCommonControlRoutes(new Router(), core, restore), ctx);
  addAircallOAuthControls(control, oauth, registry);
  const edge = aircallEdge({
    apiId: options.apiId,
    apiToken: options.apiToken,
    limiter,
    headerMode: () => rateLimit.headers,
    bearer: (token) => oauth.isValidToken(token),
    router: aircallApiRouter({ company, registry, spelling, baseUrl: () => baseUrl, now, versions }),
  });
  const faultResponse = (fault: InjectedFault): SandboxResponse => {
    if (fault.status === 429 && fault.retryAfterSeconds !== undefined) {
      // A configured short burst (faults `retryAfterSeconds`): the reset and Retry-After say when it ends.
      const resetAt = Math.ceil(now() / 1000) + fault.retryAfterSeconds;
      return json(429, EDGE_BODIES.tooManyRequests, {
        ...rateLimitHeaders({ ...limiter.peek(), remaining: 0, resetAt }),
        'Retry-After': String(fault.retryAfterSeconds),
      });
    }
    if (fault.status === 429) return json(429, EDGE_BODIES.tooManyRequests, rateLimitHeaders({ ...limiter.peek(), remaining: 0 }));
    return json(fault.status, { message: fault.status === 500 ? 'Internal Server Error' : 'Service Unavailable' });
  };
  const server = await startServer(
    { port: options.port, host: options.host },
    // The OAuth pages and token endpoint sit before the edge: they take no API key (oauth.ts).
    createSandboxHandler({ core, control, api: (req) => oauth.handle(req) ?? edge(req), faultResponse, now }),
  );
  if (!options.publicUrl) baseUrl = server.url;

  const view = (idOrEmail: number | string) => userView(company.require(idOrEmail), ctx);
  return {
    url: server.url,
    port: server.port,
    close: async () => {
      await server.close();
    },
    users: () => company.users().map((user) => userView(user, ctx)),
    user: view,
    createUser: (seed) => userView(company.createUser(seedFrom({ ...seed }), true), ctx),
    deleteUser: (idOrEmail) => company.deleteUser(company.require(idOrEmail)),
    setStatus: (idOrEmail, availabilityStatus, substatus) => {
      company.setStatusAsAgent(company.require(idOrEmail), availabilityStatus, substatus);
      return view(idOrEmail);
    },
    setConnection: (idOrEmail, connected) => {
      company.setConnection(company.require(idOrEmail), connected);
      return view(idOrEmail);
    },
    setWorkingHours: (idOrEmail, inWorkingHours) => {
      company.setWorkingHours(company.require(idOrEmail), inWorkingHours);
      return view(idOrEmail);
    },
    simulateCall: (idOrEmail, callOptions = {}) => {
      const call = company.startCall(company.require(idOrEmail), callOptions);
      return { callId: call.id, user: view(idOrEmail) };
    },
    continueCall: (idOrEmail) => {
      company.continueCall(company.require(idOrEmail));
      return view(idOrEmail);
    },
    webhooks: () => registry.list().map((record) => toWebhook(record, baseUrl)),
    requests: (filter) => core.journal.list(filter),
    deliveries: () => deliveries.log(),
    idle: () => deliveries.idle(),
    setFaults: (patch) => core.faults.configure(patch),
    clearFaults: () => core.faults.clear(),
    setDeliveryMode: (mode) => deliveries.setMode(mode),
    setRateLimit: (settings) => configureRateLimit(ctx, settings),
    setApiVersions: (patch) => configureApiVersions(versions, patch),
    reset: async () => {
      core.journal.clear();
      core.faults.clear();
      deliveries.reset();
      restore();
    },
  };
}
