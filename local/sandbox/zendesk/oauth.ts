// Zendesk's onboarding surface (onboarding.md §3, §4): the OAuth authorize page with an Approve button, the OAuth
// Tokens API (current, show, list, revoke), and the webhook list filters and invocations. Registered from api.ts.
import { escapeHtml, htmlPage, htmlResponse, isHttpUrl, json, redirectTo, type Router, type SandboxRequest, type SandboxResponse } from '../common';
import type { ZendeskAccount } from './account';
import type { Identity, OAuthClientSeed, TokenRecord } from './auth';
import { secondIso } from './formats';
import { attemptView, INVOCATION_STATUSES, invocationLog, invocationView, type Invocation } from './invocations';
import { cursorEnvelope, cursorPage } from './paginate';
import type { Webhook } from './webhooks';

/** The path of the authorize page; the form on it posts back to the same path. */
export const AUTHORIZE_PATH = '/oauth/authorizations/new';
/** Numeric client ids, as the OAuth Tokens API shows them (`client_id` is an integer there): base + seed index. */
const CLIENT_ID_BASE = 360_001;

type AuthedRequest = SandboxRequest & { identity: Identity; baseUrl: string };

// ---------------------------------------------------------------------------------------------------------------
// The authorize page
// ---------------------------------------------------------------------------------------------------------------

interface AuthorizeRequest {
  client: OAuthClientSeed;
  redirectUri: string;
  scope: string;
  state?: string;
  codeChallenge?: string;
  codeChallengeMethod?: 'S256' | 'plain';
}

/**
 * `GET /oauth/authorizations/new?response_type=code&client_id&redirect_uri&scope&state&code_challenge&code_challenge_method`
 * shows who asks for what, a "signed in as" choice (the sandbox has no login; it defaults to the first admin) and
 * Approve / Deny; `POST` to the same path is that form. Approve redirects to `redirect_uri?code=…&state=…` (code
 * valid 120 s, single use, PKCE checked at `/oauth/tokens`); Deny to `redirect_uri?error=access_denied&state=…`.
 * An unknown client or a redirect URI the client does not allow gets an error page, never a redirect (RFC 6749 §4.1.2.1).
 */
export function authorizePage(account: ZendeskAccount, req: SandboxRequest): SandboxResponse {
  if (req.method !== 'GET' && req.method !== 'POST') return htmlResponse(405, htmlPage('Method not allowed', '<p>Use GET or POST.</p>'));
  const params = req.method === 'POST' ? new URLSearchParams(req.rawBody.toString('utf8')) : req.query;
  const parsed = parseAuthorize(account, params);
  if ('page' in parsed) return parsed.page;
  if ('redirect' in parsed) return parsed.redirect;
  const request = parsed.request;
  if (req.method === 'GET') return htmlResponse(200, consentPage(account, request));

  if (params.get('decision') !== 'approve')
    return redirectTo(request.redirectUri, { error: 'access_denied', error_description: 'The user denied access', state: request.state });
  const email = params.get('email') ?? '';
  const user = account.model.findUserByEmail(email);
  if (!user?.active || user.suspended) return htmlResponse(400, htmlPage('Cannot sign in', `<p>No active user ${escapeHtml(email)} in this account.</p>`));
  const code = account.auth.issueCode({
    clientId: request.client.identifier,
    email: user.email,
    scope: request.scope,
    redirectUri: request.redirectUri,
    codeChallenge: request.codeChallenge,
    codeChallengeMethod: request.codeChallengeMethod,
  });
  if (!code) return htmlResponse(400, htmlPage('Cannot authorize', '<p>The client or user is unknown.</p>'));
  return redirectTo(request.redirectUri, { code, state: request.state });
}

function parseAuthorize(
  account: ZendeskAccount,
  params: URLSearchParams,
): { request: AuthorizeRequest } | { page: SandboxResponse } | { redirect: SandboxResponse } {
  const clientId = params.get('client_id') ?? '';
  const client = account.settings.oauthClients.find((c) => c.identifier === clientId);
  if (!client) return { page: htmlResponse(400, htmlPage('Invalid OAuth request', `<p>No OAuth client with the identifier "${escapeHtml(clientId)}".</p>`)) };
  const redirectUri = params.get('redirect_uri') ?? '';
  const allowed = client.redirectUris ? client.redirectUris.includes(redirectUri) : isHttpUrl(redirectUri);
  if (!allowed) return { page: htmlResponse(400, htmlPage('Invalid OAuth request', '<p>The redirect_uri is missing or not registered for this client.</p>')) };
  const state = params.get('state') ?? undefined;
  const fail = (error: string, description: string) => ({ redirect: redirectTo(redirectUri, { error, error_description: description, state }) });
  if (params.get('response_type') !== 'code')
    return fail('unsupported_response_type', 'response_type must be code (the implicit grant is gone since 2025-02-17)');
  const scope = (params.get('scope') ?? '').trim();
  if (scope === '') return fail('invalid_scope', 'scope is required, e.g. "read write"');
  const codeChallenge = params.get('code_challenge') ?? undefined;
  const method = params.get('code_challenge_method') ?? undefined;
  if (method !== undefined && method !== 'S256' && method !== 'plain') return fail('invalid_request', 'code_challenge_method must be S256 or plain');
  if (method !== undefined && codeChallenge === undefined) return fail('invalid_request', 'code_challenge_method without code_challenge');
  // "Public clients must use PKCE" (onboarding.md §3).
  if (client.kind === 'public' && codeChallenge === undefined) return fail('invalid_request', 'public clients must send code_challenge (PKCE)');
  return {
    request: { client, redirectUri, scope, state, codeChallenge, codeChallengeMethod: codeChallenge ? ((method ?? 'S256') as 'S256' | 'plain') : undefined },
  };
}

function consentPage(account: ZendeskAccount, request: AuthorizeRequest): string {
  const users = account.model.listUsers().filter((u) => u.active && !u.suspended);
  const hidden = Object.entries({
    response_type: 'code',
    client_id: request.client.identifier,
    redirect_uri: request.redirectUri,
    scope: request.scope,
    state: request.state,
    code_challenge: request.codeChallenge,
    code_challenge_method: request.codeChallengeMethod,
  })
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<input type="hidden" name="${k}" value="${escapeHtml(v as string)}">`)
    .join('\n      ');
  const options = users.map((u) => `<option value="${escapeHtml(u.email)}">${escapeHtml(u.name)} (${escapeHtml(u.email)}, ${u.role})</option>`).join('');
  const name = escapeHtml(request.client.name ?? request.client.identifier);
  return htmlPage(
    `Allow ${name} access to ${escapeHtml(account.settings.subdomain)}`,
    `<p><strong>${name}</strong> would like to access your Zendesk account <strong>${escapeHtml(account.settings.subdomain)}</strong>
      with the scopes: <code>${escapeHtml(request.scope)}</code>.</p>
    <p>It will be redirected to <code>${escapeHtml(request.redirectUri)}</code>.</p>
    <form method="post" action="${AUTHORIZE_PATH}">
      ${hidden}
      <label>Signed in as (sandbox) <select name="email">${options}</select></label>
      <p><button type="submit" name="decision" value="approve">Approve</button>
         <button type="submit" name="decision" value="deny">Deny</button></p>
    </form>`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The OAuth Tokens API and the webhook additions
// ---------------------------------------------------------------------------------------------------------------

/**
 * Adds `GET /api/v2/oauth/tokens/current`, `GET /api/v2/oauth/tokens` (own; admins `?all=true`),
 * `GET|DELETE /api/v2/oauth/tokens/{id}`, `GET /api/v2/webhooks/{id}/invocations` and
 * `GET /api/v2/webhooks/{id}/invocations/{invocation_id}/attempts` to the API router.
 */
export function addOnboardingApiRoutes(router: Router, account: ZendeskAccount): Router {
  const on = (method: string, pattern: string, handler: (req: AuthedRequest) => SandboxResponse) =>
    router.on(method, pattern, (req) => handler(req as AuthedRequest));
  const view = (record: TokenRecord, baseUrl: string) => tokenView(account, record, baseUrl);

  on('GET', '/api/v2/oauth/tokens/current', (req) => {
    const record = bearerRecord(account, req);
    return record ? json(200, { token: view(record, req.baseUrl) }) : notFound();
  });
  // Reported not to revoke (onboarding.md §3, zd-post-revoke): answered 204 and nothing changes, so a client that
  // relies on it is caught here. Revoke by id.
  on('DELETE', '/api/v2/oauth/tokens/current', () => json(204));
  on('GET', '/api/v2/oauth/tokens', (req) => {
    const admin = req.identity.user.role === 'admin';
    const all = req.query.get('all') === 'true' && admin;
    const clientFilter = req.query.get('client_id') ?? req.query.get('global_client_id');
    const tokens = account.auth
      .listTokens()
      .filter((t) => t.expiresAt > account.now())
      .filter((t) => all || t.userId === req.identity.user.id)
      .filter((t) => clientFilter === null || String(numericClientId(account, t.clientId)) === clientFilter || t.clientId === clientFilter);
    return json(200, { tokens: tokens.map((t) => view(t, req.baseUrl)) });
  });
  on('GET', '/api/v2/oauth/tokens/:id', (req) => {
    const record = visibleToken(account, req);
    return record ? json(200, { token: view(record, req.baseUrl) }) : notFound();
  });
  on('DELETE', '/api/v2/oauth/tokens/:id', (req) => {
    const record = visibleToken(account, req);
    return record && account.auth.revokeToken(record.id) ? json(204) : notFound();
  });

  on('GET', '/api/v2/webhooks/:id/invocations', (req) =>
    adminOnly(req, () => {
      const hook = account.webhooks.get(req.params.id ?? '');
      if (!hook) return webhookNotFound();
      const filtered = filterInvocations(invocationLog(account).list(hook.id), req.query);
      if ('error' in filtered) return json(400, { errors: [{ code: 'InvalidValue', title: 'Invalid value', detail: filtered.error }] });
      // Cursors walk positions in the (filtered, sorted) list.
      const ranked = filtered.items.map((invocation, rank) => ({ invocation, rank }));
      const page = cursorPage(ranked, (r) => String(r.rank), req.query, { numeric: true });
      return json(200, { invocations: page.items.map((r) => invocationView(r.invocation)), ...cursorEnvelope(page, req) });
    }),
  );
  on('GET', '/api/v2/webhooks/:id/invocations/:invocation_id/attempts', (req) =>
    adminOnly(req, () => {
      const invocation = invocationLog(account).get(req.params.id ?? '', req.params.invocation_id ?? '');
      return invocation
        ? json(200, { attempts: invocation.attempts.map(attemptView) })
        : json(404, { errors: [{ code: 'InvocationNotFound', title: 'Not found', detail: 'Invocation not found' }] });
    }),
  );
  return router;
}

/** `filter[status]` (active|inactive) and `filter[name_contains]` of `GET /api/v2/webhooks` (OAS copy). */
export function filterWebhooks(hooks: Webhook[], query: URLSearchParams): Webhook[] {
  const status = query.get('filter[status]');
  const name = query.get('filter[name_contains]')?.toLowerCase();
  return hooks.filter((h) => (status === null || h.status === status) && (name === undefined || h.name.toLowerCase().includes(name)));
}

function filterInvocations(items: Invocation[], query: URLSearchParams): { items: Invocation[] } | { error: string } {
  const status = query.get('filter[status]');
  if (status !== null && !(INVOCATION_STATUSES as readonly string[]).includes(status))
    return { error: `filter[status] must be one of ${INVOCATION_STATUSES.join(', ')}` };
  const time = (name: string): number | undefined | 'bad' => {
    const raw = query.get(name);
    if (raw === null) return undefined;
    const ms = Date.parse(raw);
    return Number.isNaN(ms) ? 'bad' : ms;
  };
  const from = time('filter[from_ts]');
  const to = time('filter[to_ts]');
  if (from === 'bad' || to === 'bad') return { error: 'filter[from_ts] and filter[to_ts] must be ISO 8601 UTC times' };
  const sort = query.get('sort');
  if (sort !== null && sort !== 'latest_completed_at' && sort !== '-latest_completed_at')
    return { error: 'sort must be latest_completed_at or -latest_completed_at' };
  let out = items.filter(
    (i) => (status === null || i.status === status) && (from === undefined || i.createdAt >= from) && (to === undefined || i.createdAt <= to),
  );
  if (sort !== null) {
    const sign = sort.startsWith('-') ? -1 : 1;
    out = [...out].sort((a, b) => sign * (a.latestCompletedAt - b.latestCompletedAt));
  }
  return { items: out };
}

function bearerRecord(account: ZendeskAccount, req: SandboxRequest): TokenRecord | undefined {
  const header = req.headers.authorization;
  const match = /^bearer\s+(\S+)$/i.exec((Array.isArray(header) ? header[0] : header)?.trim() ?? '');
  return match?.[1] ? account.auth.tokenRecord(match[1]) : undefined;
}

// Anyone may see and revoke their own tokens; admins any token of the account (OAS: "Admins, Agents, End Users").
function visibleToken(account: ZendeskAccount, req: AuthedRequest): TokenRecord | undefined {
  const id = Number(req.params.id);
  if (!/^\d+$/.test(req.params.id ?? '')) return undefined;
  const record = account.auth.listTokens().find((t) => t.id === id && t.expiresAt > account.now());
  if (!record) return undefined;
  return record.userId === req.identity.user.id || req.identity.user.role === 'admin' ? record : undefined;
}

/** The OAuth Tokens API's token object (OAS `OauthTokenObject`): only the first 10 characters of the tokens. */
function tokenView(account: ZendeskAccount, record: TokenRecord, baseUrl: string): Record<string, unknown> {
  const finite = (ms: number | undefined) => (ms === undefined || !Number.isFinite(ms) ? null : secondIso(ms));
  return {
    id: record.id,
    url: `${baseUrl}/api/v2/oauth/tokens/${record.id}.json`,
    user_id: record.userId,
    client_id: numericClientId(account, record.clientId),
    token: record.token.slice(0, 10),
    refresh_token: record.refreshToken === undefined ? null : record.refreshToken.slice(0, 10),
    scopes: [...record.scopes],
    created_at: secondIso(record.createdAt),
    expires_at: finite(record.expiresAt),
    refresh_token_expires_at: finite(record.refreshExpiresAt),
    used_at: finite(record.usedAt),
  };
}

function numericClientId(account: ZendeskAccount, identifier: string): number | null {
  const index = account.settings.oauthClients.findIndex((c) => c.identifier === identifier);
  return index < 0 ? null : CLIENT_ID_BASE + index;
}

function adminOnly(req: AuthedRequest, handler: () => SandboxResponse): SandboxResponse {
  if (req.identity.user.role === 'admin') return handler();
  return json(403, {
    error: 'Forbidden',
    description: 'You do not have access to this page. Please contact the account owner of this help desk for further help.',
  });
}

function notFound(): SandboxResponse {
  return json(404, { error: 'RecordNotFound', description: 'Not found' });
}

function webhookNotFound(): SandboxResponse {
  return json(404, { errors: [{ code: 'WebhookNotFound', title: 'WebhookNotFound', detail: 'Webhook not found' }] });
}
