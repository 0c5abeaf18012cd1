// The local stand-in for Zendesk's request proxy (zaf.md §6.4): settings placeholders, the signed JWT, the call.
// It runs in the host's server, as Zendesk's does, so a secure setting never reaches the browser.
import { signHs256 } from './jwt';
import type { Installation } from './installation';

/** The options an app passes to `client.request()` (the subset this proxy understands; zaf.md §6.4). */
export interface AppRequestOptions {
  url: string;
  type?: string;
  data?: unknown;
  contentType?: string | false;
  dataType?: string;
  headers?: Record<string, string>;
  secure?: boolean;
  cors?: boolean;
  timeout?: number;
  httpCompleteResponse?: boolean;
  jwt?: { algorithm?: string; secret_key?: string; expiry?: number; claims?: Record<string, unknown> };
}

/** A request ready to send: every placeholder replaced. Holds secrets: never log it. */
export interface PreparedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

/** What the proxy answers the page: the upstream response as text, whatever its status. */
export interface ProxiedResponse {
  status: number;
  statusText: string;
  contentType: string;
  body: string;
}

/** A request the proxy refuses to send. The message names settings, never their values. */
export class ProxyRefusal extends Error {
  override name = 'ProxyRefusal';
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** Where a placeholder sits: the `scopes` vocabulary of secure parameters (zaf.md §2.3). */
type Place = 'url' | 'header' | 'body' | 'jwt_secret_key' | 'jwt_claim';

const SETTING = /\{\{\s*setting\.([A-Za-z0-9_.-]+)\s*\}\}/g;
const JWT_TOKEN = /\{\{\s*jwt\.token\s*\}\}/g;
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
/** Zendesk's default `expiry` is not documented (zaf.md open points): the app always sets one; 60 s otherwise. */
const DEFAULT_EXPIRY_SECONDS = 60;
const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * Turns the app's request options into the request Zendesk's proxy would send: `{{setting.NAME}}` replaced by the
 * installation's value (a secure one only with `secure: true`, and only where its manifest `scopes` allow), the JWT
 * signed with the substituted `secret_key` (claims plus `exp = now + expiry`), `{{jwt.token}}` replaced.
 *
 * @example prepareRequest({ url: '{{setting.backendUrl}}/api/me/status', secure: true, headers: { Authorization: 'Bearer {{jwt.token}}' },
 *   jwt: { algorithm: 'HS256', secret_key: '{{setting.sharedSecret}}', expiry: 60, claims: { iss: 'demo' } } }, installation, Date.now())
 */
export function prepareRequest(input: unknown, installation: Installation, nowMs: number): PreparedRequest {
  const options = requestOptions(input);
  const secure = options.secure === true;
  const fill = (text: string, place: Place) => substituteSettings(text, installation, secure, place);

  let token: string | undefined;
  if (options.jwt) token = signToken(options.jwt, fill, nowMs);
  const withToken = (text: string) =>
    text.replace(JWT_TOKEN, () => {
      if (token === undefined) throw new ProxyRefusal('{{jwt.token}} is used but the request has no jwt option');
      return token;
    });

  const method = (options.type ?? 'GET').toUpperCase();
  if (!METHODS.includes(method)) throw new ProxyRefusal(`type must be one of ${METHODS.join(', ')}, got "${options.type}"`);
  let url = withToken(fill(options.url, 'url'));
  if (url.startsWith('/')) {
    // Zendesk sends relative URLs to its own API as the signed-in agent; the sandbox has no session for that.
    throw new ProxyRefusal(`the local host does not proxy Zendesk API calls (${options.url.split('?')[0]}): call the Zendesk sandbox from the backend`, 501);
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ProxyRefusal('url must be an absolute http(s) URL once settings are substituted');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new ProxyRefusal('url must be an absolute http(s) URL');

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    // zaf.md §6.4: Zendesk's proxy rejects underscores in header names.
    if (name.includes('_')) throw new ProxyRefusal(`header names must not contain "_" (Zendesk's proxy rejects them): "${name}"`);
    if (typeof value !== 'string') throw new ProxyRefusal(`header "${name}" must be a string`);
    headers[name] = withToken(fill(value, 'header'));
  }

  let body: string | undefined;
  const contentType = options.contentType === false ? undefined : options.contentType;
  if (options.data !== undefined && options.data !== null) {
    if ((method === 'GET' || method === 'HEAD') && typeof options.data === 'object') {
      // As jQuery (which Zendesk's request() mirrors) does: an object's fields go into the query string.
      const target = new URL(url);
      for (const [k, v] of Object.entries(options.data as Record<string, unknown>)) target.searchParams.append(k, String(v));
      url = withToken(fill(target.toString(), 'url'));
    } else {
      const text =
        typeof options.data === 'string'
          ? options.data
          : contentType?.includes('json')
            ? JSON.stringify(options.data)
            : new URLSearchParams(Object.entries(options.data as Record<string, unknown>).map(([k, v]) => [k, String(v)])).toString();
      body = withToken(fill(text, 'body'));
      headers['content-type'] ??= contentType ?? (typeof options.data === 'string' ? 'text/plain' : 'application/x-www-form-urlencoded');
    }
  }
  const timeoutMs = typeof options.timeout === 'number' && options.timeout > 0 ? options.timeout : DEFAULT_TIMEOUT_MS;
  return { url, method, headers, ...(body !== undefined && { body }), timeoutMs };
}

/**
 * Replaces `{{setting.NAME}}` in `text`. Secure settings need `secure: true` (zaf.md §6.3) and, when their manifest
 * parameter declares `scopes`, a place among them. `scopes` at run time is UNCONFIRMED (zaf.md §2.3): refusing a
 * placeholder outside them is the strict reading.
 */
export function substituteSettings(text: string, installation: Installation, secure: boolean, place: Place): string {
  return text.replace(SETTING, (_, name: string) => {
    if (Object.hasOwn(installation.secureSettings, name)) {
      if (!secure) throw new ProxyRefusal(`{{setting.${name}}} is a secure setting: the request needs secure: true`, 403);
      const scopes = installation.scopes[name];
      if (scopes && !scopes.includes(place))
        throw new ProxyRefusal(`{{setting.${name}}} may not be used in the ${place} (its scopes: ${scopes.join(', ')})`, 403);
      return installation.secureSettings[name] as string;
    }
    if (Object.hasOwn(installation.settings, name)) return String(installation.settings[name]);
    throw new ProxyRefusal(`{{setting.${name}}}: the installation has no setting "${name}"`);
  });
}

function signToken(jwt: NonNullable<AppRequestOptions['jwt']>, fill: (text: string, place: Place) => string, nowMs: number): string {
  const algorithm = jwt.algorithm ?? 'HS256';
  // Only HS256 appears in Zendesk's samples (zaf.md §6.4); anything else is refused rather than guessed.
  if (algorithm !== 'HS256') throw new ProxyRefusal(`jwt.algorithm "${algorithm}" is not supported by the local host (HS256 only)`);
  if (typeof jwt.secret_key !== 'string' || jwt.secret_key === '') throw new ProxyRefusal('jwt.secret_key is required');
  const secret = fill(jwt.secret_key, 'jwt_secret_key');
  if (secret === '') throw new ProxyRefusal('jwt.secret_key is empty once settings are substituted');
  const expiry = jwt.expiry ?? DEFAULT_EXPIRY_SECONDS;
  if (typeof expiry !== 'number' || !Number.isFinite(expiry) || expiry <= 0) throw new ProxyRefusal('jwt.expiry must be a positive number of seconds');
  const claims: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(jwt.claims ?? {})) claims[key] = typeof value === 'string' ? fill(value, 'jwt_claim') : value;
  claims.exp = Math.floor(nowMs / 1000) + Math.round(expiry);
  return signHs256(claims, secret);
}

function requestOptions(input: unknown): AppRequestOptions {
  if (typeof input === 'string') return { url: input };
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new ProxyRefusal('the request options must be an object or a URL');
  const options = input as Record<string, unknown>;
  if (typeof options.url !== 'string' || options.url === '') throw new ProxyRefusal('url is required');
  if (options.headers !== undefined && (typeof options.headers !== 'object' || options.headers === null || Array.isArray(options.headers))) {
    throw new ProxyRefusal('headers must be an object');
  }
  if (options.jwt !== undefined && (typeof options.jwt !== 'object' || options.jwt === null)) throw new ProxyRefusal('jwt must be an object');
  return options as unknown as AppRequestOptions;
}

/** Sends a prepared request. Errors name the origin only: the URL may carry a substituted secret. */
export async function sendPrepared(request: PreparedRequest): Promise<ProxiedResponse> {
  const origin = new URL(request.url).origin;
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body !== undefined && { body: request.body }),
      signal: AbortSignal.timeout(request.timeoutMs),
      redirect: 'manual',
    });
  } catch (error) {
    const why = (error as Error).name === 'TimeoutError' ? `no answer within ${request.timeoutMs} ms` : 'connection failed';
    return { status: 502, statusText: 'Bad Gateway', contentType: 'text/plain', body: `The local Zendesk proxy could not reach ${origin}: ${why}` };
  }
  return {
    status: response.status,
    statusText: response.statusText,
    contentType: response.headers.get('content-type') ?? '',
    body: await response.text(),
  };
}
