// Who is calling: OAuth bearer tokens (static or minted at /oauth/tokens) and legacy API tokens (zendesk-api.md §2).
import { createHash, randomBytes } from 'node:crypto';
import type { ZendeskUser } from './model';

/** A bearer token the sandbox accepts. A plain string acts as the first admin; `email` picks another user. */
export type OAuthTokenSeed = string | { token: string; email: string };
/** A legacy API token. A plain string is account-wide (any user's email, as in Zendesk); a pair binds one email. */
export type ApiTokenSeed = string | { email: string; token: string };

/** An OAuth client for `POST /oauth/tokens` (§2.1). `email` is the user its client-credentials tokens act as. */
export interface OAuthClientSeed {
  identifier: string;
  secret: string;
  kind?: 'confidential' | 'public';
  email?: string;
  /** Registered redirect URLs; the authorize page refuses any other. None: any http(s) URL (see ./oauth.ts). */
  redirectUris?: string[];
  /** Shown on the authorize page. Default the identifier. */
  name?: string;
}

/** The caller of one API request. `scopes` is `undefined` for full access (static tokens, API tokens). */
export interface Identity {
  user: ZendeskUser;
  via: 'oauth' | 'api_token';
  scopes?: string[];
}

export interface AuthConfig {
  oauthTokens: OAuthTokenSeed[];
  apiTokens: ApiTokenSeed[];
  oauthClients: OAuthClientSeed[];
  /** Default `expires_in` of minted access tokens (30 min, as new global clients, §2.1). */
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  now: () => number;
  findUserByEmail: (email: string) => ZendeskUser | undefined;
  findUser: (id: number) => ZendeskUser | undefined;
  /** The user a plain static token acts as. */
  defaultAdmin: () => ZendeskUser | undefined;
}

interface MintedToken {
  userId: number;
  clientId: string;
  scopes: string[];
  expiresAt: number;
}

/** A minted access token as the OAuth Tokens API knows it (`id`, times, its refresh token). See ./oauth.ts. */
export interface TokenRecord extends MintedToken {
  id: number;
  token: string;
  createdAt: number;
  usedAt?: number;
  refreshToken?: string;
  refreshExpiresAt?: number;
}

interface AuthCode {
  clientId: string;
  userId: number;
  scopes: string[];
  redirectUri?: string;
  codeChallenge?: string;
  codeChallengeMethod?: 'S256' | 'plain';
  expiresAt: number;
}

/** The outcome of a token request, already in the shape `/oauth/tokens` answers. */
export interface TokenResponse {
  status: number;
  body: Record<string, unknown>;
}

const CODE_TTL_MS = 120_000; // "codes valid 120 s" (§2.1)
const KNOWN_SCOPE = /^(read|write|impersonate|(tickets|users|auditlogs|organizations|hc|apps|triggers|automations|targets|webhooks|zis):(read|write))$/;

/** Authenticates API requests and runs the OAuth token endpoint. */
export class ZendeskAuth {
  private accessTokens = new Map<string, TokenRecord>();
  private nextTokenId = 7_000_001;
  /** Seeded static tokens revoked through the OAuth Tokens API (they come back on reset). */
  private revokedStatic = new Set<string>();
  private refreshTokens = new Map<string, MintedToken & { accessToken: string }>();
  private codes = new Map<string, AuthCode>();

  constructor(private readonly config: AuthConfig) {}

  /** Forgets every minted token and code. */
  reset(): void {
    this.accessTokens.clear();
    this.refreshTokens.clear();
    this.codes.clear();
    this.revokedStatic.clear();
  }

  /** The caller named by an `Authorization` header, or `undefined` (→ 401) when it names no usable identity. */
  authenticate(header: string | undefined): Identity | undefined {
    if (!header) return undefined;
    const [scheme, ...rest] = header.trim().split(/\s+/);
    const credential = rest.join(' ');
    if (!scheme || credential === '') return undefined;
    let identity: Identity | undefined;
    if (scheme.toLowerCase() === 'bearer') identity = this.fromBearer(credential);
    else if (scheme.toLowerCase() === 'basic') identity = this.fromBasic(credential);
    return identity?.user.active && !identity.user.suspended ? identity : undefined;
  }

  /**
   * Whether the token's scopes allow this request (§2.1 scopes). `read` covers GET, `write` the rest;
   * `users:read` etc. cover only that resource. An unknown scope makes every request Forbidden, as Zendesk does.
   */
  allows(identity: Identity, method: string, path: string): boolean {
    if (!identity.scopes) return true;
    if (identity.scopes.some((s) => !KNOWN_SCOPE.test(s))) return false;
    const access = method === 'GET' ? 'read' : 'write';
    const resource = /^\/api\/v2\/(users|webhooks|apps)(\/|$)/.exec(path)?.[1];
    return identity.scopes.includes(access) || (resource !== undefined && identity.scopes.includes(`${resource}:${access}`));
  }

  /**
   * Issues an authorization code for the client, as if `email` (default: the client's user) had approved it in a
   * browser. PKCE is checked at the token endpoint when `codeChallenge` is given.
   */
  issueCode(input: {
    clientId: string;
    email?: string;
    scope?: string;
    redirectUri?: string;
    codeChallenge?: string;
    codeChallengeMethod?: 'S256' | 'plain';
  }): string | undefined {
    const client = this.config.oauthClients.find((c) => c.identifier === input.clientId);
    if (!client) return undefined;
    const user = input.email ? this.config.findUserByEmail(input.email) : this.clientUser(client);
    if (!user) return undefined;
    const code = randomBytes(16).toString('hex');
    this.codes.set(code, {
      clientId: client.identifier,
      userId: user.id,
      scopes: splitScopes(input.scope ?? 'read write'),
      redirectUri: input.redirectUri,
      codeChallenge: input.codeChallenge,
      codeChallengeMethod: input.codeChallengeMethod ?? (input.codeChallenge ? 'S256' : undefined),
      expiresAt: this.config.now() + CODE_TTL_MS,
    });
    return code;
  }

  /**
   * `POST /oauth/tokens` (§2.1): `client_credentials` (confidential clients, no refresh token),
   * `authorization_code` (+ PKCE) and `refresh_token`, which rotates: the old access and refresh tokens die.
   */
  tokenGrant(params: Record<string, string>, authorization: string | undefined): TokenResponse {
    const basic = parseBasic(authorization);
    const clientId = params.client_id ?? basic?.user;
    const clientSecret = params.client_secret ?? basic?.password;
    const client = this.config.oauthClients.find((c) => c.identifier === clientId);
    const publicClient = client?.kind === 'public';
    if (!client || (!publicClient && client.secret !== clientSecret)) {
      return oauthError(
        401,
        'invalid_client',
        'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.',
      );
    }
    const ttl = params.expires_in === undefined ? this.config.accessTokenTtlSeconds : Number(params.expires_in);
    // Allowed range per a third-party client (§2.1, UNCONFIRMED): 300 s to 2 days.
    if (!Number.isInteger(ttl) || ttl < 300 || ttl > 172_800) return oauthError(400, 'invalid_request', 'expires_in must be an integer from 300 to 172800');
    // OAS copy of /oauth/tokens (onboarding.md §3): 7 to 90 days, default 30 days, and never shorter than expires_in.
    // Without the parameter, the sandbox's configured default applies (tests may set it short on purpose).
    const refreshTtl = params.refresh_token_expires_in === undefined ? this.config.refreshTokenTtlSeconds : Number(params.refresh_token_expires_in);
    if (params.refresh_token_expires_in !== undefined && (!Number.isInteger(refreshTtl) || refreshTtl < Math.max(604_800, ttl) || refreshTtl > 7_776_000)) {
      return oauthError(400, 'invalid_request', 'refresh_token_expires_in must be an integer from 604800 (and at least expires_in) to 7776000');
    }
    const now = this.config.now();

    switch (params.grant_type) {
      case 'client_credentials': {
        if (publicClient) return oauthError(400, 'unauthorized_client', 'The client credentials grant needs a confidential client.');
        const user = this.clientUser(client);
        if (!user) return oauthError(400, 'invalid_grant', 'The client has no user to act as.');
        const scopes = splitScopes(params.scope ?? 'read write');
        const accessToken = this.mintAccess(user.id, client.identifier, scopes, now + ttl * 1000);
        return { status: 200, body: { access_token: accessToken, token_type: 'bearer', scope: scopes.join(' '), expires_in: ttl } };
      }
      case 'authorization_code': {
        const code = params.code === undefined ? undefined : this.codes.get(params.code);
        if (params.code !== undefined) this.codes.delete(params.code); // single use, even when refused
        if (!code || code.clientId !== client.identifier || code.expiresAt <= now)
          return oauthError(400, 'invalid_grant', 'The authorization code is invalid, expired or was issued to another client.');
        if (code.redirectUri !== undefined && params.redirect_uri !== code.redirectUri)
          return oauthError(400, 'invalid_grant', 'redirect_uri does not match the authorization request.');
        if (code.codeChallenge !== undefined && !pkceMatches(code.codeChallenge, code.codeChallengeMethod ?? 'S256', params.code_verifier)) {
          return oauthError(400, 'invalid_grant', 'code_verifier does not match the code_challenge.');
        }
        return { status: 200, body: this.mintPair(code.userId, client.identifier, code.scopes, ttl, now, refreshTtl) };
      }
      case 'refresh_token': {
        const old = params.refresh_token === undefined ? undefined : this.refreshTokens.get(params.refresh_token);
        if (!old || old.clientId !== client.identifier || old.expiresAt <= now)
          return oauthError(400, 'invalid_grant', 'The refresh token is invalid, expired, revoked or was already used.');
        this.refreshTokens.delete(params.refresh_token as string);
        this.accessTokens.delete(old.accessToken);
        return { status: 200, body: this.mintPair(old.userId, client.identifier, old.scopes, ttl, now, refreshTtl) };
      }
      case 'password':
      case 'implicit':
        return oauthError(400, 'unsupported_grant_type', 'This grant type is no longer accepted (since 2025-02-17).');
      default:
        return oauthError(400, 'unsupported_grant_type', 'grant_type must be client_credentials, authorization_code or refresh_token.');
    }
  }

  private fromBearer(token: string): Identity | undefined {
    for (const seed of this.config.oauthTokens) {
      const value = typeof seed === 'string' ? seed : seed.token;
      if (value !== token || this.revokedStatic.has(value)) continue;
      const user = typeof seed === 'string' ? this.config.defaultAdmin() : this.config.findUserByEmail(seed.email);
      return user ? { user, via: 'oauth' } : undefined;
    }
    const minted = this.accessTokens.get(token);
    if (!minted) return undefined;
    if (minted.expiresAt <= this.config.now()) {
      this.accessTokens.delete(token);
      return undefined;
    }
    minted.usedAt = this.config.now();
    const user = this.config.findUser(minted.userId);
    return user ? { user, via: 'oauth', scopes: [...minted.scopes] } : undefined;
  }

  // Legacy: base64("{email}/token:{api_token}"). Password basic auth (email:password) is gone since 2026-01 (§2.2).
  private fromBasic(credential: string): Identity | undefined {
    const decoded = Buffer.from(credential, 'base64').toString('utf8');
    const separator = decoded.indexOf('/token:');
    if (separator <= 0) return undefined;
    const email = decoded.slice(0, separator);
    const token = decoded.slice(separator + '/token:'.length);
    const valid = this.config.apiTokens.some((seed) =>
      typeof seed === 'string' ? seed === token : seed.token === token && seed.email.toLowerCase() === email.toLowerCase(),
    );
    if (!valid) return undefined;
    const user = this.config.findUserByEmail(email);
    return user?.verified ? { user, via: 'api_token' } : undefined;
  }

  private clientUser(client: OAuthClientSeed): ZendeskUser | undefined {
    return client.email ? this.config.findUserByEmail(client.email) : this.config.defaultAdmin();
  }

  /**
   * The record of a live bearer token, for `GET /api/v2/oauth/tokens/current`: a minted one, or a seeded static one
   * (ids 1…n in seed order, client `static`, no expiry), which can be revoked like any other.
   */
  tokenRecord(accessToken: string): TokenRecord | undefined {
    const record = this.accessTokens.get(accessToken);
    if (record) return record.expiresAt > this.config.now() ? { ...record } : undefined;
    return this.staticRecords().find((r) => r.token === accessToken);
  }

  /** Every live token: static seeds not revoked, and minted ones not revoked (expired included until presented again). */
  listTokens(): TokenRecord[] {
    return [...this.staticRecords(), ...[...this.accessTokens.values()].map((r) => ({ ...r }))];
  }

  /** Revokes a token by id: the access token and its refresh token both die. `false` when there is none. */
  revokeToken(id: number): boolean {
    const seeded = this.staticRecords().find((r) => r.id === id);
    if (seeded) {
      this.revokedStatic.add(seeded.token);
      return true;
    }
    for (const [token, record] of this.accessTokens) {
      if (record.id !== id) continue;
      this.accessTokens.delete(token);
      if (record.refreshToken !== undefined) this.refreshTokens.delete(record.refreshToken);
      return true;
    }
    return false;
  }

  /** Expires every minted access token now (and their refresh tokens too with `refresh`); returns how many. */
  expireAll(options: { refresh?: boolean } = {}): number {
    const now = this.config.now();
    for (const record of this.accessTokens.values()) record.expiresAt = Math.min(record.expiresAt, now);
    if (options.refresh) for (const record of this.refreshTokens.values()) record.expiresAt = Math.min(record.expiresAt, now);
    return this.accessTokens.size;
  }

  private staticRecords(): TokenRecord[] {
    return this.config.oauthTokens.flatMap((seed, index) => {
      const token = typeof seed === 'string' ? seed : seed.token;
      const user = typeof seed === 'string' ? this.config.defaultAdmin() : this.config.findUserByEmail(seed.email);
      if (!user || this.revokedStatic.has(token)) return [];
      return [{ id: index + 1, token, userId: user.id, clientId: 'static', scopes: ['read', 'write'], expiresAt: Number.POSITIVE_INFINITY, createdAt: 0 }];
    });
  }

  private mintAccess(userId: number, clientId: string, scopes: string[], expiresAt: number): string {
    const token = randomBytes(32).toString('hex');
    this.accessTokens.set(token, { id: this.nextTokenId++, token, userId, clientId, scopes, expiresAt, createdAt: this.config.now() });
    return token;
  }

  private mintPair(userId: number, clientId: string, scopes: string[], ttl: number, now: number, refreshTtl: number): Record<string, unknown> {
    const accessToken = this.mintAccess(userId, clientId, scopes, now + ttl * 1000);
    const refreshToken = randomBytes(32).toString('hex');
    Object.assign(this.accessTokens.get(accessToken) as TokenRecord, { refreshToken, refreshExpiresAt: now + refreshTtl * 1000 });
    this.refreshTokens.set(refreshToken, { userId, clientId, scopes, expiresAt: now + refreshTtl * 1000, accessToken });
    return {
      access_token: accessToken,
      refresh_token: refreshToken,
      token_type: 'bearer',
      scope: scopes.join(' '),
      expires_in: ttl,
      refresh_token_expires_in: refreshTtl,
    };
  }
}

function oauthError(status: number, error: string, description: string): TokenResponse {
  return { status, body: { error, error_description: description } };
}

function splitScopes(scope: string): string[] {
  return scope.split(/[\s,]+/).filter((s) => s !== '');
}

function parseBasic(header: string | undefined): { user: string; password: string } | undefined {
  const match = /^basic\s+(.+)$/i.exec(header?.trim() ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { user: safeDecode(decoded.slice(0, colon)), password: safeDecode(decoded.slice(colon + 1)) };
}

// RFC 6749 §2.3.1 form-encodes client credentials in Basic auth; a malformed escape is taken literally.
function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function pkceMatches(challenge: string, method: 'S256' | 'plain', verifier: string | undefined): boolean {
  if (verifier === undefined) return false;
  const computed = method === 'plain' ? verifier : createHash('sha256').update(verifier, 'ascii').digest('base64url');
  return computed === challenge;
}
