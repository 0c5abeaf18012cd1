// The Zendesk REST API the sync uses (zendesk-api.md §2–§9), served from one ZendeskAccount.
import { json, parseJsonBody, Router, type InjectedFault, type SandboxRequest, type SandboxResponse } from '../common';
import type { ZendeskAccount } from './account';
import type { Identity } from './auth';
import { ZendeskModelError, type Availability, type ZendeskRole, type ZendeskUser } from './model';
import { cursorEnvelope, cursorPage, offsetPage, pageUrl, PaginationError } from './paginate';
import { availabilityView, channelViews, statusView, userView } from './views';
import { installationView } from './installations';
import { signedUrlsOf } from './signed-urls';
import { statusListKeys } from './variants';
import { WebhookValidationError, webhookView } from './webhooks';
import { accountSettingsResponse, putTalkAvailability, routingOf, talkAvailabilityView } from './routing';
import { addOnboardingApiRoutes, authorizePage, AUTHORIZE_PATH, filterWebhooks } from './oauth';

/** A request after authentication. */
type AuthedRequest = SandboxRequest & { identity: Identity; baseUrl: string };
type AuthedHandler = (req: AuthedRequest) => SandboxResponse | Promise<SandboxResponse>;

const FORBIDDEN = {
  error: 'Forbidden',
  description: 'You do not have access to this page. Please contact the account owner of this help desk for further help.',
};
const AVAILABILITY_PATH = /^\/api\/v2\/agent_availabilities(\/|$)/;

/**
 * The service API handler: rate limit, `.json` suffix, OAuth token endpoint, authentication, scopes, routes.
 * Every answer carries the `X-Rate-Limit*` headers.
 */
export function createZendeskApi(account: ZendeskAccount, serverUrl: () => string): (req: SandboxRequest) => Promise<SandboxResponse> {
  const router = buildRouter(account);
  return async (req) => {
    // A browser page, not an API request: no rate limit, no API auth (oauth.ts).
    if (req.path === AUTHORIZE_PATH) return authorizePage(account, req);
    const decision = account.rate.take();
    const withRate = (res: SandboxResponse): SandboxResponse => ({ ...res, headers: { ...decision.headers, ...(res.headers ?? {}) } });
    if (decision.retryAfterSeconds !== undefined) return withRate(tooManyRequests(decision.retryAfterSeconds));
    // Public code calls paths both with and without `.json` (§1).
    const path = req.path.startsWith('/api/') ? req.path.replace(/\.json$/, '') : req.path;
    if (path === '/oauth/tokens') {
      if (req.method !== 'POST') return withRate(json(404, { error: 'InvalidEndpoint', description: 'Not found' }));
      const grant = account.auth.tokenGrant(formOrJson(req), header(req, 'authorization'));
      return withRate(json(grant.status, grant.body, { 'Cache-Control': 'no-store' }));
    }
    const identity = account.auth.authenticate(header(req, 'authorization'));
    if (!identity) return withRate(json(401, { error: "Couldn't authenticate you" }));
    if (!account.auth.allows(identity, req.method, path)) return withRate(json(403, FORBIDDEN));
    const host = header(req, 'host');
    const authed: AuthedRequest = { ...req, path, identity, baseUrl: host ? `http://${host}` : serverUrl() };
    const found = router.match(req.method, path);
    if (found === undefined || found === 'method_not_allowed') return withRate(json(404, { error: 'InvalidEndpoint', description: 'Not found' }));
    try {
      return withRate(await found.handler({ ...authed, params: found.params }));
    } catch (error) {
      return withRate(mapError(error));
    }
  };
}

/** How an injected fault looks from Zendesk: a 429 always carries `Retry-After` (§3). */
export function zendeskFaultResponse(account: ZendeskAccount, fault: InjectedFault): SandboxResponse {
  const headers = account.rate.headers();
  if (fault.status === 429) {
    const retryAfter = fault.retryAfterSeconds ?? account.rate.current.retryAfterSeconds;
    return { ...tooManyRequests(retryAfter), headers: { ...headers, 'Retry-After': String(retryAfter) } };
  }
  if (fault.status === 503) return json(503, { error: 'ServiceUnavailable', description: 'Zendesk is temporarily unavailable (sandbox fault)' }, headers);
  return json(500, { error: 'InternalServerError', description: 'Something went wrong (sandbox fault)' }, headers);
}

function buildRouter(account: ZendeskAccount): Router {
  const router = new Router();
  // The common Router hands handlers a SandboxRequest; ours carry the identity, added before routing.
  const on = (method: string, pattern: string, handler: AuthedHandler) => router.on(method, pattern, (req) => handler(req as AuthedRequest));
  const model = account.model;

  // ---- Users (§8): agents and admins may read them ----
  on('GET', '/api/v2/users', (req) =>
    requireRole(req, 'agent', () => {
      const roles = [...req.query.getAll('role[]'), ...req.query.getAll('role')].flatMap((r) => r.split(','));
      const unknown = roles.filter((r) => !['end-user', 'agent', 'admin'].includes(r));
      if (unknown.length > 0) return json(400, { error: 'InvalidValue', description: `role must be end-user, agent or admin, not ${unknown.join(', ')}` });
      const users = model.listUsers().filter((u) => roles.length === 0 || roles.includes(u.role));
      return usersPage(req, users, (u) => userView(u, req.baseUrl));
    }),
  );
  on('GET', '/api/v2/users/search', (req) =>
    requireRole(req, 'agent', () => {
      const found = searchUsers(model.listUsers(), req.query.get('query') ?? '', req.query.get('external_id'));
      const page = offsetPage(found, req.query);
      return json(200, {
        users: page.items.map((u) => userView(u, req.baseUrl)),
        next_page: page.hasNext ? pageUrl(req.baseUrl, req.path, req.query, { page: String(page.page + 1) }) : null,
        previous_page: page.page > 1 ? pageUrl(req.baseUrl, req.path, req.query, { page: String(page.page - 1) }) : null,
        count: found.length,
      });
    }),
  );
  on('GET', '/api/v2/users/me', (req) => json(200, { user: userView(req.identity.user, req.baseUrl) }));
  on('GET', '/api/v2/users/show_many', (req) =>
    requireRole(req, 'agent', () => {
      const ids = (req.query.get('ids') ?? '')
        .split(',')
        .filter((s) => s !== '')
        .map(Number);
      if (ids.length > 100) return json(400, { error: 'InvalidValue', description: 'at most 100 ids' });
      return json(200, { users: ids.flatMap((id) => model.findUser(id) ?? []).map((u) => userView(u, req.baseUrl)) });
    }),
  );
  on('GET', '/api/v2/users/:id', (req) =>
    requireRole(req, 'agent', () => {
      const user = /^\d+$/.test(req.params.id ?? '') ? model.findUser(Number(req.params.id)) : undefined;
      return user ? json(200, { user: userView(user, req.baseUrl) }) : json(404, { error: 'RecordNotFound', description: 'Not found' });
    }),
  );

  // ---- Unified agent statuses (§6): admins only ----
  on('GET', '/api/v2/agent_availabilities/agent_statuses', (req) =>
    requireRole(req, 'admin', () => {
      const catalog = model.catalog();
      const keys = statusListKeys(account.variants);
      return json(200, { [keys.defaults]: catalog.default.map(statusView), [keys.custom]: catalog.custom.map(statusView), links: {}, meta: {} });
    }),
  );
  on('PUT', '/api/v2/agent_availabilities/agent_statuses/agents/:id', (req) =>
    requireRole(req, 'admin', () => {
      const agent = agentFor(account, req.params.id);
      if (!agent) return jsonApiError(404, 'NotFound', `Agent ${req.params.id ?? ''} not found`);
      // Without omnichannel routing there is no unified status (§4.1); Zendesk's answer is UNCONFIRMED: a refusal here.
      if (!routingOf(account).enabled) return jsonApiError(400, 'BadRequest', 'Unified agent statuses need omnichannel routing');
      const parsed = parseStatusBody(req, account.statusBodyShape);
      if ('error' in parsed) return jsonApiError(400, 'BadRequest', parsed.error);
      const status = model.resolveStatus(parsed.statusId);
      if (!status) return jsonApiError(422, 'UnprocessableEntity', `Agent status ${parsed.statusId} does not exist`);
      account.setStatus(agent.id, status.id, 'PUBLIC_API');
      const item = availabilityView(model.availability(agent.id) as Availability, agent.group_ids, req.baseUrl);
      return json(200, account.settings.statusResponseShape === 'bare' ? item : { data: item });
    }),
  );

  // ---- Agent availabilities (§5): JSON:API, cursor only, admins only ----
  on('GET', '/api/v2/agent_availabilities', (req) =>
    requireRole(req, 'admin', () => {
      let items = model.listAvailabilities();
      const statusFilter = req.query.get('filter[agent_status_id]');
      if (statusFilter !== null) items = items.filter((a) => String(a.statusId) === statusFilter);
      const channelFilter = req.query.get('filter[channel_status]');
      if (channelFilter !== null) {
        const [channel, state] = channelFilter.split(':');
        items = items.filter((a) => channel !== undefined && channel in a.channels && a.channels[channel as keyof Availability['channels']].state === state);
      }
      // §5: the largest page[size] is UNCONFIRMED (one catalogue uses 25): `availabilityPageSizeMax` narrows it.
      const size = Number(req.query.get('page[size]') ?? '0');
      if (size > account.variants.availabilityPageSizeMax) throw new PaginationError(`page[size] must be at most ${account.variants.availabilityPageSizeMax}`);
      const page = cursorPage(items, (a) => String(a.agentId), req.query, { numeric: true, defaultSize: account.variants.availabilityPageSizeMax });
      return json(200, {
        data: page.items.map((a) => availabilityItem(account, a, model.findUser(a.agentId)?.group_ids ?? [], req.baseUrl)),
        included: page.items.flatMap(channelViews),
        ...cursorEnvelope(page, req),
      });
    }),
  );
  on('GET', '/api/v2/agent_availabilities/:id', (req) =>
    requireRole(req, 'admin', () => {
      const agent = agentFor(account, req.params.id);
      const availability = agent ? model.availability(agent.id) : undefined;
      if (!agent || !availability) return jsonApiError(404, 'NotFound', `Agent availability ${req.params.id ?? ''} not found`);
      return json(200, { data: availabilityItem(account, availability, agent.group_ids, req.baseUrl), included: channelViews(availability) });
    }),
  );

  // ---- Talk availability (§7): read-only state under omnichannel routing, writable without it (routing.ts) ----
  on('GET', '/api/v2/channels/voice/availabilities/:id', (req) =>
    requireRole(req, 'agent', () => {
      const agent = agentFor(account, req.params.id);
      const a = agent ? model.availability(agent.id) : undefined;
      if (!a) return json(404, { error: 'RecordNotFound', description: 'Not found' });
      return json(200, talkAvailabilityView(a));
    }),
  );
  on('PUT', '/api/v2/channels/voice/availabilities/:id', (req) =>
    requireRole(req, 'agent', () => {
      const agent = agentFor(account, req.params.id);
      if (!agent || !model.availability(agent.id)) return json(404, { error: 'RecordNotFound', description: 'Not found' });
      return putTalkAvailability(account, agent.id, req.rawBody);
    }),
  );

  // ---- Account settings (onboarding.md §6): the part the sync reads, `settings.agents.unified_agent_statuses` ----
  on('GET', '/api/v2/account/settings', (req) => requireRole(req, 'agent', () => accountSettingsResponse(account)));

  // ---- Webhooks (§9.6): admins only ----
  on('POST', '/api/v2/webhooks', (req) =>
    requireRole(req, 'admin', () => {
      const parsed = parseJsonBody(req.rawBody);
      if (!parsed.ok) return webhookError(400, 'InvalidJSON', 'The request body is not valid JSON');
      return json(201, { webhook: webhookView(account.webhooks.create(parsed.value, req.identity.user.id)) });
    }),
  );
  on('GET', '/api/v2/webhooks', (req) =>
    requireRole(req, 'admin', () => {
      const page = cursorPage(filterWebhooks(account.webhooks.list(), req.query), (h) => h.id, req.query, { numeric: false });
      return json(200, {
        webhooks: page.items.map(webhookView),
        ...cursorEnvelope(page, req),
      });
    }),
  );
  on('GET', '/api/v2/webhooks/:id', (req) =>
    requireRole(req, 'admin', () => {
      const hook = account.webhooks.get(req.params.id ?? '');
      return hook ? json(200, { webhook: webhookView(hook) }) : webhookNotFound();
    }),
  );
  for (const method of ['PUT', 'PATCH']) {
    on(method, '/api/v2/webhooks/:id', (req) =>
      requireRole(req, 'admin', () => {
        const parsed = parseJsonBody(req.rawBody);
        if (!parsed.ok) return webhookError(400, 'InvalidJSON', 'The request body is not valid JSON');
        const hook = account.webhooks.update(req.params.id ?? '', parsed.value, req.identity.user.id, method === 'PATCH');
        // Zendesk answers an update with 204 and no body.
        return hook ? json(204) : webhookNotFound();
      }),
    );
  }
  on('DELETE', '/api/v2/webhooks/:id', (req) =>
    requireRole(req, 'admin', () => (account.webhooks.delete(req.params.id ?? '') ? json(204) : webhookNotFound())),
  );
  on('GET', '/api/v2/webhooks/:id/signing_secret', (req) =>
    requireRole(req, 'admin', () => {
      const hook = account.webhooks.get(req.params.id ?? '');
      return hook ? json(200, { signing_secret: { secret: hook.secret, algorithm: 'SHA256' } }) : webhookNotFound();
    }),
  );
  on('POST', '/api/v2/webhooks/:id/signing_secret', (req) =>
    requireRole(req, 'admin', () => {
      const secret = account.webhooks.resetSecret(req.params.id ?? '');
      return secret ? json(201, { signing_secret: { secret, algorithm: 'SHA256' } }) : webhookNotFound();
    }),
  );

  // ---- App installations (§10): read-only here; installing and changing settings is the control API (Admin Center) ----
  // Which roles may read installations is not in the reference: admins only, the stricter reading, so a backend that
  // works here works with an admin token there. Secure settings are never returned (zaf.md §7).
  on('GET', '/api/v2/apps/installations', (req) =>
    requireRole(req, 'admin', () => json(200, { installations: account.installations.list().map(installationView) })),
  );
  on('GET', '/api/v2/apps/installations/:id', (req) =>
    requireRole(req, 'admin', () => {
      const item = /^\d+$/.test(req.params.id ?? '') ? account.installations.get(Number(req.params.id)) : undefined;
      if (!item) return json(404, { error: 'RecordNotFound', description: 'Not found' });
      const view = installationView(item);
      return json(200, account.installationResponseShape === 'wrapped' ? { installation: view } : view);
    }),
  );
  // ---- signedUrls (zaf.md §6.5): the app's public key. Authenticated like every API route (public code calls it with
  // an admin's credentials); which roles may read it is not in the reference: any agent or admin. Text, not JSON.
  on('GET', '/api/v2/apps/:app_id/public_key.pem', (req) =>
    requireRole(req, 'agent', () => {
      const appId = /^\d+$/.test(req.params.app_id ?? '') ? Number(req.params.app_id) : undefined;
      const pem = appId === undefined ? undefined : signedUrlsOf(account).publicKeyPem(appId);
      if (pem === undefined) return json(404, { error: 'RecordNotFound', description: 'Not found' });
      return { status: 200, body: pem, headers: { 'Content-Type': 'application/x-pem-file' } };
    }),
  );
  addOnboardingApiRoutes(router, account);
  return router;
}

/** Runs `handler` when the caller has at least `role` (admin ⊃ agent), else 403 (JSON:API form on availability paths). */
function requireRole(req: AuthedRequest, role: Exclude<ZendeskRole, 'end-user'>, handler: () => SandboxResponse): SandboxResponse {
  const have = req.identity.user.role;
  const ok = role === 'agent' ? have === 'agent' || have === 'admin' : have === 'admin';
  if (ok) return handler();
  return AVAILABILITY_PATH.test(req.path) ? jsonApiError(403, 'Forbidden', 'Allowed for admins only') : json(403, FORBIDDEN);
}

function usersPage(req: AuthedRequest, users: ZendeskUser[], view: (u: ZendeskUser) => unknown): SandboxResponse {
  if (req.query.has('page[size]') || req.query.has('page[after]') || req.query.has('page[before]')) {
    const page = cursorPage(users, (u) => String(u.id), req.query, { numeric: true });
    return json(200, {
      users: page.items.map(view),
      ...cursorEnvelope(page, req),
    });
  }
  const page = offsetPage(users, req.query);
  return json(200, {
    users: page.items.map(view),
    next_page: page.hasNext ? pageUrl(req.baseUrl, req.path, req.query, { page: String(page.page + 1) }) : null,
    previous_page: page.page > 1 ? pageUrl(req.baseUrl, req.path, req.query, { page: String(page.page - 1) }) : null,
    count: users.length,
  });
}

/**
 * The Search API subset the sync needs: `email:<address>` (case-insensitive, primary or secondary identity),
 * `role:<role>`, `type:user`, and free words matched against name and email.
 */
export function searchUsers(users: ZendeskUser[], query: string, externalId: string | null): ZendeskUser[] {
  if (externalId !== null) return []; // no seeded user has an external id
  const terms = query
    .trim()
    .split(/\s+/)
    .filter((t) => t !== '');
  return users.filter((user) =>
    terms.every((term) => {
      const colon = term.indexOf(':');
      const field = colon > 0 ? term.slice(0, colon).toLowerCase() : '';
      const value = (colon > 0 ? term.slice(colon + 1) : term).replace(/^"|"$/g, '').toLowerCase();
      if (field === 'email') return [user.email, ...user.secondary_emails].some((e) => e.toLowerCase() === value);
      if (field === 'role') return user.role === value;
      if (field === 'type') return value === 'user';
      if (field === 'name') return user.name.toLowerCase().includes(value);
      if (field !== '') return false;
      return user.name.toLowerCase().includes(value) || user.email.toLowerCase().includes(value);
    }),
  );
}

/**
 * Reads the set-status body. Two shapes exist in public code (§6.2, UNCONFIRMED): `{"id": 4}` and
 * `{"data": {"type": "agent_status", "attributes": {"agent_status_id": "4"}}}`; `strictness` accepts one or both.
 */
export function parseStatusBody(req: SandboxRequest, strictness: 'both' | 'id' | 'jsonapi'): { statusId: number } | { error: string } {
  const parsed = parseJsonBody(req.rawBody);
  if (!parsed.ok) return { error: 'The request body is not valid JSON' };
  const body = parsed.value;
  if (!isObject(body)) return { error: 'The request body must be a JSON object' };
  const numeric = (value: unknown): number | undefined =>
    typeof value === 'number' && Number.isSafeInteger(value) && value > 0
      ? value
      : typeof value === 'string' && /^\d+$/.test(value)
        ? Number(value)
        : undefined;
  if (body.data !== undefined) {
    if (strictness === 'id') return { error: 'Expected {"id": <agent status id>}' };
    const data = body.data;
    if (!isObject(data) || (data.type !== undefined && data.type !== 'agent_status') || !isObject(data.attributes)) {
      return { error: 'Expected {"data": {"type": "agent_status", "attributes": {"agent_status_id": "<id>"}}}' };
    }
    const id = numeric(data.attributes.agent_status_id);
    return id === undefined ? { error: 'data.attributes.agent_status_id must be a status id' } : { statusId: id };
  }
  if (body.id !== undefined) {
    if (strictness === 'jsonapi') return { error: 'Expected {"data": {"type": "agent_status", "attributes": {"agent_status_id": "<id>"}}}' };
    const id = numeric(body.id);
    return id === undefined ? { error: 'id must be a status id' } : { statusId: id };
  }
  return {
    error:
      strictness === 'jsonapi'
        ? 'Expected {"data": {"type": "agent_status", "attributes": {"agent_status_id": "<id>"}}}'
        : 'Expected {"id": <agent status id>}',
  };
}

function agentFor(account: ZendeskAccount, id: string | undefined): ZendeskUser | undefined {
  const user = id !== undefined && /^\d+$/.test(id) ? account.model.findUser(Number(id)) : undefined;
  return user && user.role !== 'end-user' ? user : undefined;
}

function tooManyRequests(retryAfterSeconds: number): SandboxResponse {
  return json(
    429,
    { error: 'APIRateLimitExceeded', description: 'Number of allowed API requests per minute exceeded' },
    { 'Retry-After': String(retryAfterSeconds) },
  );
}

function jsonApiError(status: number, code: string, detail: string): SandboxResponse {
  return json(status, { errors: [{ status: String(status), code, title: code, detail }] });
}

function webhookError(status: number, code: string, detail: string): SandboxResponse {
  return json(status, { errors: [{ code, title: code, detail }] });
}

function webhookNotFound(): SandboxResponse {
  return webhookError(404, 'WebhookNotFound', 'Webhook not found');
}

function mapError(error: unknown): SandboxResponse {
  if (error instanceof PaginationError) return json(400, { error: 'InvalidPaginationParameter', description: error.message });
  if (error instanceof WebhookValidationError) return json(400, { errors: error.problems });
  if (error instanceof ZendeskModelError) {
    if (error.code === 'not_found') return jsonApiError(404, 'NotFound', error.message);
    return jsonApiError(422, 'UnprocessableEntity', error.message);
  }
  throw error;
}

function header(req: SandboxRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** `/oauth/tokens` takes form-encoded (the usual) or JSON bodies. */
function formOrJson(req: SandboxRequest): Record<string, string> {
  const text = req.rawBody.toString('utf8');
  const out: Record<string, string> = {};
  const parsed = parseJsonBody(req.rawBody);
  if (parsed.ok && isObject(parsed.value)) {
    for (const [key, value] of Object.entries(parsed.value)) if (typeof value === 'string' || typeof value === 'number') out[key] = String(value);
    return out;
  }
  for (const [key, value] of new URLSearchParams(text)) out[key] = value;
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An availability item (§5): `agent_status` is "Returned only if Omnichannel Contact Center is enabled" (§4.3). */
function availabilityItem(account: ZendeskAccount, a: Availability, groupIds: number[], baseUrl: string): Record<string, unknown> {
  const item = availabilityView(a, groupIds, baseUrl);
  if (routingOf(account).enabled) return item;
  const { agent_status: _status, ...attributes } = item.attributes as Record<string, unknown>;
  return { ...item, attributes };
}
