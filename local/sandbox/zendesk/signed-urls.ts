// signedUrls (zaf.md §6.5, onboarding.md §1): one RS256 key pair per app, the app's public key, and the token Zendesk
// POSTs (form field `token`) when it loads a remote location URL. The exact claim forms are in README "signedUrls";
// those the reference leaves UNCONFIRMED (`aud`, `sub`, `qsh`) have switches so a verifier can be tried on each.
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { SandboxInputError } from '../common';
import type { ZendeskAccount } from './account';
import { SANDBOX_APP_ID } from './installations';
import { ZendeskModelError } from './model';

/** `installation_url` (default): `https://<sub>.zendesk.com/api/v2/apps/installations/<id>.json`; `installation_id`: `"<id>"`. */
export type SignedUrlAudience = 'installation_url' | 'installation_id';
/** `user_id` (default): `"<id>"`; `user_url`: `https://<sub>.zendesk.com/api/v2/users/<id>.json`. */
export type SignedUrlSubject = 'user_id' | 'user_url';

export interface SignedUrlForms {
  signedUrlAudience: SignedUrlAudience;
  signedUrlSubject: SignedUrlSubject;
}

/** What the control route takes to mint a token: the installation, the signed-in user, the location loaded. */
export interface SignedUrlRequest {
  installationId: number;
  /** Zendesk user id, or email. */
  user: number | string;
  location: string;
  /** The remote location URL the browser POSTs to, query included (for `qsh`). */
  url?: string;
}

export interface SignedUrlToken {
  token: string;
  claims: Record<string, unknown>;
  appId: number;
}

/** Zendesk says the token is "only valid for 5 minutes" (onboarding.md §1). */
export const SIGNED_URL_TTL_SECONDS = 300;
const DEFAULT_FORMS: SignedUrlForms = { signedUrlAudience: 'installation_url', signedUrlSubject: 'user_id' };
const LOCATION = /^[a-z][a-z_]{0,63}$/;

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/** The key pairs and claim forms of one sandboxed account. */
export class SignedUrls {
  private readonly keys = new Map<number, { privateKey: KeyObject; publicPem: string }>();
  forms: SignedUrlForms = { ...DEFAULT_FORMS };

  constructor(private readonly account: ZendeskAccount) {
    // Made at start for the default app, so the first page load does not wait for a key.
    this.keyFor(SANDBOX_APP_ID);
  }

  /** The SPKI PEM of an app's public key; `undefined` for an app that is neither the default one nor installed. */
  publicKeyPem(appId: number): string | undefined {
    if (appId !== SANDBOX_APP_ID && !this.account.installations.list().some((i) => i.app_id === appId)) return undefined;
    return this.keyFor(appId).publicPem;
  }

  /** A new key pair for the app: tokens minted from now on are signed with it, and the endpoint serves it. */
  rotate(appId: number): string {
    this.keys.delete(appId);
    return this.keyFor(appId).publicPem;
  }

  /** Switches the UNCONFIRMED claim forms (validated); answers them all. */
  configure(patch: Record<string, unknown>): SignedUrlForms {
    const { signedUrlAudience, signedUrlSubject } = patch;
    if (signedUrlAudience !== undefined) {
      if (signedUrlAudience !== 'installation_url' && signedUrlAudience !== 'installation_id')
        throw new SandboxInputError('signedUrlAudience must be installation_url or installation_id');
      this.forms.signedUrlAudience = signedUrlAudience;
    }
    if (signedUrlSubject !== undefined) {
      if (signedUrlSubject !== 'user_id' && signedUrlSubject !== 'user_url') throw new SandboxInputError('signedUrlSubject must be user_id or user_url');
      this.forms.signedUrlSubject = signedUrlSubject;
    }
    return { ...this.forms };
  }

  reset(): void {
    this.forms = { ...DEFAULT_FORMS };
  }

  /**
   * Mints the token Zendesk would POST for `user` loading `location` of `installationId`. Refuses what Zendesk would
   * never load: an unknown or disabled installation, an unknown, end-user or suspended user.
   *
   * @example signedUrls.mint({ installationId: 360012000001, user: 'agent01@example.com', location: 'top_bar', url }, 'http://127.0.0.1:3002')
   */
  mint(request: SignedUrlRequest, baseUrl: string): SignedUrlToken {
    const installation = this.account.installations.get(request.installationId);
    if (!installation) throw new ZendeskModelError('not_found', `no installation ${request.installationId}`);
    if (!installation.enabled) throw new ZendeskModelError('conflict', `installation ${request.installationId} is disabled: Zendesk does not load it`);
    const user = this.account.findUser(request.user);
    if (!user) throw new ZendeskModelError('not_found', `no user ${String(request.user)}`);
    if (user.role === 'end-user' || user.suspended || !user.active) {
      throw new ZendeskModelError('conflict', `user ${user.id} is not an active agent or admin: Zendesk loads apps only for them`);
    }
    if (!LOCATION.test(request.location)) throw new SandboxInputError('location must be a location name such as top_bar');
    const subdomain = this.account.settings.subdomain;
    const host = `https://${subdomain}.zendesk.com`;
    const iat = Math.floor(this.account.now() / 1000);
    const claims: Record<string, unknown> = {
      iss: `${subdomain}.zendesk.com`,
      aud: this.forms.signedUrlAudience === 'installation_url' ? `${host}/api/v2/apps/installations/${installation.id}.json` : String(installation.id),
      sub: this.forms.signedUrlSubject === 'user_id' ? String(user.id) : `${host}/api/v2/users/${user.id}.json`,
      iat,
      nbf: iat,
      exp: iat + SIGNED_URL_TTL_SECONDS,
      context: { product: 'support', location: request.location },
      qsh: queryStringHash(request.url),
      cnf: { jku: `${baseUrl}/api/v2/apps/${installation.app_id}/public_key.pem` },
    };
    const head = `${b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}`;
    const signature = sign('sha256', Buffer.from(head), this.keyFor(installation.app_id).privateKey);
    return { token: `${head}.${b64url(signature)}`, claims, appId: installation.app_id };
  }

  /**
   * Signs `claims` as they are with the app's key (RS256): tests of a verifier's claim checks (wrong `aud`, `iss`,
   * expiry) need tokens Zendesk's key signed but Zendesk would never issue.
   */
  signClaims(claims: Record<string, unknown>, appId = SANDBOX_APP_ID): string {
    const head = `${b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}`;
    return `${head}.${b64url(sign('sha256', Buffer.from(head), this.keyFor(appId).privateKey))}`;
  }

  private keyFor(appId: number): { privateKey: KeyObject; publicPem: string } {
    let pair = this.keys.get(appId);
    if (!pair) {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      pair = { privateKey, publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
      this.keys.set(appId, pair);
    }
    return pair;
  }
}

/**
 * `qsh`: its form is UNCONFIRMED (the claim is only named in public code). The sandbox uses the Atlassian Connect
 * reading of a "query string hash": hex SHA-256 of `POST&<path>&<params sorted, k=v joined by &>`. Never rely on it.
 */
export function queryStringHash(url: string | undefined): string {
  let path = '/';
  let query = '';
  if (url) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new SandboxInputError('url must be an absolute URL');
    }
    path = parsed.pathname;
    query = [...parsed.searchParams.entries()]
      .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : x > y ? 1 : 0) : a < b ? -1 : 1))
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
      .join('&');
  }
  return createHash('sha256').update(`POST&${path}&${query}`).digest('hex');
}

const registry = new WeakMap<ZendeskAccount, SignedUrls>();

/** The account's signedUrls state (made on first use, kept for the account's life; `reset` keeps the keys). */
export function signedUrlsOf(account: ZendeskAccount): SignedUrls {
  let found = registry.get(account);
  if (!found) {
    found = new SignedUrls(account);
    registry.set(account, found);
  }
  return found;
}

/** Reads the control route's body: `{installation_id, user, location, url?}`. */
export function signedUrlRequest(body: Record<string, unknown>): SignedUrlRequest {
  const { installation_id: installationId, user, location, url } = body;
  if (typeof installationId !== 'number' || !Number.isSafeInteger(installationId) || installationId <= 0)
    throw new SandboxInputError('installation_id must be a positive integer');
  if (!((typeof user === 'number' && Number.isSafeInteger(user) && user > 0) || (typeof user === 'string' && user !== '')))
    throw new SandboxInputError('user must be a Zendesk user id or an email');
  if (typeof location !== 'string') throw new SandboxInputError('location is required (e.g. top_bar)');
  if (url !== undefined && typeof url !== 'string') throw new SandboxInputError('url must be a string');
  return { installationId, user, location, ...(url !== undefined && { url }) };
}
