// The admin routes (shared/console.ts), called with `fetch` and the admin session as a bearer token. The session
// lives in memory only; nothing here stores it or logs it.
import {
  CONSOLE_ROUTES,
  type AircallConnectResponse,
  type ConnectResponse,
  type ConsoleResponse,
  type DisconnectResponse,
  type OnboardingStepName,
  type SetupResponse,
} from '../../../shared/console';
import type { Side } from '../../../shared/sync/types';

/** Why an admin call gave no answer: the HTTP status (0 for a network failure) and the backend's message if any. */
export class ConsoleCallError extends Error {
  override name = 'ConsoleCallError';
  constructor(
    readonly status: number,
    /** The backend's `error.code` (shared/console.ts ConsoleError), when it sent one. */
    readonly code: string | undefined,
    /** The backend's message for people (credential-free by contract), when it sent one. */
    readonly backendMessage: string | undefined,
    /** The request field at fault, when the backend names one. */
    readonly field?: string,
  ) {
    super(`admin call failed: ${status}${code ? ` ${code}` : ''}`);
  }

  /** The session is unknown, expired or revoked: sign in again. */
  get signedOut(): boolean {
    return this.status === 401;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The error body's fields, when it is a ConsoleError; a message is cut to 300 characters (it goes on screen). */
function readError(body: unknown): { code?: string; message?: string; field?: string } {
  const error = isObject(body) && isObject(body.error) ? body.error : {};
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v.slice(0, 300) : undefined);
  return { code: str(error.code), message: str(error.message), field: str(error.field) };
}

export interface ConsoleApi {
  load(): Promise<ConsoleResponse>;
  setup(steps?: OnboardingStepName[]): Promise<SetupResponse>;
  aircallConnect(): Promise<AircallConnectResponse>;
  aircallCredentials(apiId: string, apiToken: string): Promise<ConnectResponse>;
  disconnect(side: Side): Promise<DisconnectResponse>;
}

/** Shape checks: enough to render safely, not a full schema. */
const checks = {
  console: (b: unknown): b is ConsoleResponse =>
    isObject(b) &&
    isObject(b.account) &&
    isObject(b.connections) &&
    isObject(b.webhooks) &&
    Array.isArray(b.steps) &&
    isObject(b.agents) &&
    Array.isArray(b.audit),
  steps: (b: unknown): b is SetupResponse => isObject(b) && Array.isArray(b.steps),
  url: (b: unknown): b is AircallConnectResponse => isObject(b) && typeof b.url === 'string' && /^https?:\/\//.test(b.url),
  connect: (b: unknown): b is ConnectResponse => isObject(b) && isObject(b.connection) && Array.isArray(b.steps),
  disconnect: (b: unknown): b is DisconnectResponse => isObject(b) && typeof b.side === 'string' && typeof b.state === 'string',
};

/** The admin routes of the backend at `base` (PUBLIC_URL), as the admin holding `token`. */
export function consoleApi(base: string, token: string): ConsoleApi {
  async function call<T>(method: 'GET' | 'POST', route: string, check: (b: unknown) => b is T, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(base + route, {
        method,
        headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
    } catch {
      throw new ConsoleCallError(0, undefined, undefined);
    }
    let parsed: unknown;
    try {
      parsed = await response.json();
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const { code, message, field } = readError(parsed);
      throw new ConsoleCallError(response.status, code, message, field);
    }
    if (!check(parsed)) throw new ConsoleCallError(response.status, 'bad_response', undefined);
    return parsed;
  }
  return {
    load: () => call('GET', CONSOLE_ROUTES.console, checks.console),
    setup: (steps) => call('POST', CONSOLE_ROUTES.setup, checks.steps, steps ? { steps } : {}),
    aircallConnect: () => call('POST', CONSOLE_ROUTES.aircallConnect, checks.url),
    aircallCredentials: (apiId, apiToken) => call('POST', CONSOLE_ROUTES.aircallCredentials, checks.connect, { apiId, apiToken }),
    disconnect: (side) => call('POST', CONSOLE_ROUTES.disconnect, checks.disconnect, { side }),
  };
}
