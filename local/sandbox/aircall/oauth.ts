// Aircall's Technology Partner OAuth (aircall-api.md §2.2, onboarding.md §5): the Dashboard's authorize page with
// Approve, the code exchange at `POST /v1/oauth/token`, and the permanent Bearer tokens it issues.
import { randomBytes } from 'node:crypto';
import { escapeHtml, htmlPage, htmlResponse, isHttpUrl, json, parseJsonBody, redirectTo, type SandboxRequest, type SandboxResponse } from '../common';

/** A partner application, as Aircall registers it (`client_id`, `client_secret`, its HTTPS `redirect_uri`). */
export interface AircallOAuthClientSeed {
  clientId: string;
  clientSecret: string;
  /** Registered redirect URIs; none means any http(s) URL (a sandbox convenience). */
  redirectUris?: string[];
  /** Shown on the consent page. Default the client id. */
  name?: string;
}

/** The sandbox's default partner application. */
export const DEFAULT_AIRCALL_OAUTH_CLIENT: AircallOAuthClientSeed = {
  clientId: 'sandbox-partner',
  clientSecret: 'sandbox-partner-secret',
  name: 'Agent Status Sync',
};

/** Served on the sandbox as the Dashboard's path (`{AIRCALL_DASHBOARD_URL}/oauth/authorize`); the form posts back to it. */
export const AIRCALL_AUTHORIZE_PATH = '/oauth/authorize';
export const AIRCALL_TOKEN_PATH = '/v1/oauth/token';
/** The only scope (aircall-api.md §2.2). */
const SCOPE = 'public_api';
// How long a code lives is not documented (UNCONFIRMED): RFC 6749 §4.1.2's recommended maximum, 10 minutes.
const CODE_TTL_MS = 10 * 60_000;

export interface AircallTokenRecord {
  id: number;
  token: string;
  clientId: string;
  createdAt: number;
}

interface Code {
  clientId: string;
  redirectUri: string;
  expiresAt: number;
}

/** Codes and tokens of the company's partner installs. Tokens are permanent until revoked (no refresh token). */
export class AircallOAuth {
  private codes = new Map<string, Code>();
  private tokens = new Map<string, AircallTokenRecord>();
  private nextId = 1;

  constructor(
    private readonly clients: AircallOAuthClientSeed[],
    private readonly now: () => number,
  ) {}

  /** The answer for an OAuth path (authorize page, token endpoint), or `undefined` for any other request. */
  handle(req: SandboxRequest): SandboxResponse | undefined {
    if (req.path === AIRCALL_AUTHORIZE_PATH) return this.authorize(req);
    if (req.path === AIRCALL_TOKEN_PATH) return req.method === 'POST' ? this.exchange(req) : json(404, { message: 'Not Found' });
    return undefined;
  }

  /** Whether a Bearer token is live. */
  isValidToken(token: string): boolean {
    return this.tokens.has(token);
  }

  list(): AircallTokenRecord[] {
    return [...this.tokens.values()].map((t) => ({ ...t }));
  }

  /** Revokes one token (as an uninstall would); `false` when there is none. */
  revoke(id: number): boolean {
    for (const [token, record] of this.tokens) {
      if (record.id === id) return this.tokens.delete(token);
    }
    return false;
  }

  /** Revokes every token; returns how many. */
  revokeAll(): number {
    const count = this.tokens.size;
    this.tokens.clear();
    return count;
  }

  reset(): void {
    this.codes.clear();
    this.tokens.clear();
  }

  /**
   * `GET /oauth/authorize?client_id&redirect_uri&response_type=code&scope=public_api&state` shows the consent with
   * Approve / Deny; the form `POST`s to the same path. Approve redirects to `redirect_uri?code=…&state=…`, Deny to
   * `redirect_uri?error=access_denied&state=…`. A bad client or redirect URI gets an error page, never a redirect.
   */
  private authorize(req: SandboxRequest): SandboxResponse {
    if (req.method !== 'GET' && req.method !== 'POST') return htmlResponse(405, htmlPage('Method not allowed', ''));
    const params = req.method === 'POST' ? new URLSearchParams(req.rawBody.toString('utf8')) : req.query;
    const client = this.clients.find((c) => c.clientId === params.get('client_id'));
    if (!client) return htmlResponse(400, htmlPage('Invalid request', '<p>Unknown client_id.</p>'));
    const redirectUri = params.get('redirect_uri') ?? '';
    if (!(client.redirectUris ? client.redirectUris.includes(redirectUri) : isHttpUrl(redirectUri))) {
      return htmlResponse(400, htmlPage('Invalid request', '<p>The redirect_uri is missing or not registered for this application.</p>'));
    }
    const state = params.get('state') ?? undefined;
    if (params.get('response_type') !== 'code') return redirectTo(redirectUri, { error: 'unsupported_response_type', state });
    if (params.get('scope') !== SCOPE) return redirectTo(redirectUri, { error: 'invalid_scope', error_description: `scope must be ${SCOPE}`, state });
    if (req.method === 'GET') return htmlResponse(200, consentPage(client, redirectUri, state));
    if (params.get('decision') !== 'approve') return redirectTo(redirectUri, { error: 'access_denied', state });
    const code = randomBytes(20).toString('hex');
    this.codes.set(code, { clientId: client.clientId, redirectUri, expiresAt: this.now() + CODE_TTL_MS });
    return redirectTo(redirectUri, { code, state });
  }

  /**
   * `POST /v1/oauth/token` with `{grant_type: "authorization_code", code, redirect_uri, client_id, client_secret}`
   * (JSON, as the partner example app sends it; a form body is read too). The answer's `access_token` is confirmed
   * by the reference; `token_type` and `scope` follow RFC 6749 §5.1, as do the error bodies (§5.2): UNCONFIRMED.
   */
  private exchange(req: SandboxRequest): SandboxResponse {
    const params = bodyParams(req);
    const client = this.clients.find((c) => c.clientId === params.client_id);
    if (!client || client.clientSecret !== params.client_secret)
      return json(401, { error: 'invalid_client', error_description: 'Client authentication failed' });
    if (params.grant_type !== 'authorization_code')
      return json(400, { error: 'unsupported_grant_type', error_description: 'grant_type must be authorization_code' });
    const code = params.code === undefined ? undefined : this.codes.get(params.code);
    if (params.code !== undefined) this.codes.delete(params.code); // single use, even when refused
    if (!code || code.clientId !== client.clientId || code.expiresAt <= this.now())
      return json(400, { error: 'invalid_grant', error_description: 'The authorization code is invalid, expired, used or issued to another client' });
    if (params.redirect_uri !== code.redirectUri)
      return json(400, { error: 'invalid_grant', error_description: 'redirect_uri does not match the authorization request' });
    const token = randomBytes(32).toString('hex');
    this.tokens.set(token, { id: this.nextId++, token, clientId: client.clientId, createdAt: this.now() });
    return json(200, { access_token: token, token_type: 'Bearer', scope: SCOPE }, { 'Cache-Control': 'no-store' });
  }
}

function bodyParams(req: SandboxRequest): Record<string, string> {
  const out: Record<string, string> = {};
  const parsed = parseJsonBody(req.rawBody);
  if (parsed.ok && typeof parsed.value === 'object' && parsed.value !== null && !Array.isArray(parsed.value)) {
    for (const [k, v] of Object.entries(parsed.value)) if (typeof v === 'string') out[k] = v;
    return out;
  }
  for (const [k, v] of new URLSearchParams(req.rawBody.toString('utf8'))) out[k] = v;
  return out;
}

function consentPage(client: AircallOAuthClientSeed, redirectUri: string, state: string | undefined): string {
  const hidden = Object.entries({ client_id: client.clientId, redirect_uri: redirectUri, response_type: 'code', scope: SCOPE, state })
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<input type="hidden" name="${k}" value="${escapeHtml(v as string)}">`)
    .join('\n      ');
  const name = escapeHtml(client.name ?? client.clientId);
  return htmlPage(
    `Install ${name}`,
    `<p><strong>${name}</strong> asks for access to your Aircall company (scope <code>${SCOPE}</code>): users, calls and webhooks.</p>
    <form method="post" action="${AIRCALL_AUTHORIZE_PATH}">
      ${hidden}
      <p><button type="submit" name="decision" value="approve">Approve</button>
         <button type="submit" name="decision" value="deny">Deny</button></p>
    </form>`,
  );
}
