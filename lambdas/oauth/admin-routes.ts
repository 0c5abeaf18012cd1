// The console's admin routes (shared/console.ts CONSOLE_ROUTES): an admin session is required for each; bad input
// gets a 400 naming the field and changes nothing.
import {
  CONSOLE_ROUTES,
  ONBOARDING_STEPS,
  type AircallConnectResponse,
  type ConnectResponse,
  type ConsoleError,
  type DisconnectResponse,
  type OnboardingStepName,
  type SetupResponse,
} from '../../shared/console';
import type { Side } from '../../shared/sync/types';
import { createAircallClient } from '../aircall/client';
import { BrowserCallCapError, takeBrowserCall } from '../security/browser-cap';
import { resolveAircallBaseUrl } from '../accounts/account';
import { AppApiHttpError } from '../app-api/errors';
import { AuthError, ApiError } from '../http/errors';
import { disconnectSide } from '../onboarding/disconnect';
import { requireSession, type SessionCaller } from '../sessions/require';
import { auditConnect } from './audit-connect';
import { aircallConnectUrl } from './aircall-link';
import { aircallConnection, consoleView } from './console-view';
import type { Onboarding } from './deps';
import { OAuthPageError, type OnboardingAnswer, type OnboardingRequest } from './http';
import { runSteps } from './steps';
import { onReconnected } from '../credentials/connection';

type Code = ConsoleError['error']['code'];
const STATUS: Record<Code, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  rate_limited: 429,
  bad_gateway: 502,
  unavailable: 503,
};

/** The console's error code for an HTTP status (a refusal shared with the OAuth pages carries only its status). */
function codeOfStatus(status: number): Code {
  const found = (Object.keys(STATUS) as Code[]).find((code) => STATUS[code] === status);
  return found ?? (status >= 500 ? 'unavailable' : 'bad_request');
}

/** A refusal of an admin route: `message` is for people and holds no secret. */
export class AdminHttpError extends Error {
  override name = 'AdminHttpError';
  constructor(
    readonly code: Code,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

const MAX_BODY_CHARS = 16_384;
/** Aircall API IDs and tokens are opaque strings; generous bounds, no whitespace. */
const API_KEY_PART = /^[\x21-\x7e]{1,256}$/;

type Route = { method: 'GET' | 'POST'; run: (ob: Onboarding, caller: SessionCaller, body: Record<string, unknown>, now: number) => Promise<unknown> };

const ROUTES: Record<string, Route> = {
  [CONSOLE_ROUTES.console]: { method: 'GET', run: (ob, caller, _body, now) => consoleView(ob, caller, now) },
  [CONSOLE_ROUTES.setup]: { method: 'POST', run: setup },
  [CONSOLE_ROUTES.aircallCredentials]: { method: 'POST', run: aircallCredentials },
  [CONSOLE_ROUTES.aircallConnect]: { method: 'POST', run: aircallConnect },
  [CONSOLE_ROUTES.disconnect]: { method: 'POST', run: disconnect },
};

export const ADMIN_ROUTE_KEYS = Object.entries(ROUTES).map(([path, route]) => `${route.method} ${path}`);

/** Answers one admin route. Every outcome is JSON; unexpected failures are 503 with no detail (logged). */
export async function handleAdmin(ob: Onboarding, req: OnboardingRequest): Promise<OnboardingAnswer> {
  const { deps } = ob;
  try {
    const route = Object.hasOwn(ROUTES, req.path) ? ROUTES[req.path] : undefined;
    if (!route) throw new AdminHttpError('not_found', 'No such route');
    if (req.method.toUpperCase() !== route.method) return json(405, errorBody('method_not_allowed', `Use ${route.method}`), { allow: route.method });
    const now = deps.now();
    const caller = await requireSession(deps, req.headers.authorization, 'admin', now);
    const body = route.method === 'POST' ? parseBody(req.body) : {};
    return json(200, await route.run(ob, caller, body, now));
  } catch (error) {
    if (error instanceof AdminHttpError) {
      if (error.code !== 'not_found') deps.log.info('admin request refused', { path: req.path, code: error.code, reason: error.message });
      return json(STATUS[error.code], errorBody(error.code, error.message, error.field));
    }
    if (error instanceof AppApiHttpError) {
      deps.log.info('admin request refused', { path: req.path, code: error.code, reason: error.message });
      const code = (Object.hasOwn(STATUS, error.code) ? error.code : 'unavailable') as Code;
      return json(STATUS[code], errorBody(code, error.message));
    }
    if (error instanceof OAuthPageError) return json(error.status, errorBody(codeOfStatus(error.status), error.message));
    deps.log.error('admin request failed', { path: req.path, error: (error as Error).message, name: (error as Error).name });
    return json(503, errorBody('unavailable', 'The backend could not answer right now; try again in a moment'));
  }
}

async function setup(ob: Onboarding, caller: SessionCaller, body: Record<string, unknown>, now: number): Promise<SetupResponse> {
  let steps: OnboardingStepName[] | undefined;
  if (body.steps !== undefined) {
    if (!Array.isArray(body.steps) || body.steps.length === 0 || !body.steps.every((s) => (ONBOARDING_STEPS as readonly unknown[]).includes(s))) {
      throw new AdminHttpError('bad_request', `steps must be a non-empty list of ${ONBOARDING_STEPS.join(', ')}`, 'steps');
    }
    steps = [...new Set(body.steps as OnboardingStepName[])];
  }
  return { steps: await runSteps(ob, caller.account, steps, now) };
}

async function aircallCredentials(ob: Onboarding, caller: SessionCaller, body: Record<string, unknown>, now: number): Promise<ConnectResponse> {
  const { deps } = ob;
  const field = (name: 'apiId' | 'apiToken') => {
    const value = body[name];
    if (typeof value !== 'string' || !API_KEY_PART.test(value.trim()))
      throw new AdminHttpError(
        'bad_request',
        `${name} must be the ${name === 'apiId' ? 'API ID' : 'API token'} from Aircall's Dashboard (Integrations › API keys)`,
        name,
      );
    return value.trim();
  };
  const apiId = field('apiId');
  const apiToken = field('apiToken');
  const account = caller.account;
  // Checked before anything is saved (issue 12): `GET /v1/ping` with exactly these credentials, within the account's
  // browser cap (security/browser-cap.ts): pasting keys in a loop cannot make us call Aircall without bound.
  try {
    await takeBrowserCall(deps.store, 'aircall', account.id, now);
  } catch (error) {
    if (error instanceof BrowserCallCapError) throw new AdminHttpError('rate_limited', error.message);
    throw error;
  }
  const client = createAircallClient({ apiId, apiToken, baseUrl: resolveAircallBaseUrl(account, deps.config), budgetKey: `ping:${account.id}`, maxRetries: 1 });
  try {
    await client.ping();
  } catch (error) {
    if (error instanceof AuthError)
      throw new AdminHttpError('bad_request', 'Aircall refused this API ID and token: check them in the Aircall Dashboard; nothing was saved', 'apiToken');
    if (error instanceof ApiError)
      throw new AdminHttpError('bad_gateway', `Aircall could not be asked to check these credentials (${error.name}); nothing was saved, try again`);
    throw error;
  }
  // The mark only: the replaced secret is never opened (one that no longer opens must not block its replacement).
  const replaced = (await deps.credentials.getReconnectMarks(account.id)).aircall;
  await deps.credentials.putAircallCredential(account.id, { kind: 'basic', apiId, apiToken, grantedAt: now, grantor: grantorOf(caller), version: 0 });
  await onReconnected(deps, account.id, replaced, now);
  await auditConnect(deps, account.id, 'aircall', 'aircall_api_key', caller.userId, now);
  deps.log.info('aircall connected by api key', { account: account.id, userId: caller.userId });
  const steps = await runSteps(ob, account, undefined, now);
  return { connection: aircallConnection(await deps.credentials.getAircallCredential(account.id)), steps };
}

async function aircallConnect(ob: Onboarding, caller: SessionCaller): Promise<AircallConnectResponse> {
  return { url: await aircallConnectUrl(ob, caller.account.id, caller.userId) };
}

async function disconnect(ob: Onboarding, caller: SessionCaller, body: Record<string, unknown>, now: number): Promise<DisconnectResponse> {
  const side = body.side;
  if (side !== 'zendesk' && side !== 'aircall') throw new AdminHttpError('bad_request', 'side must be zendesk or aircall', 'side');
  const account = caller.account;
  const outcome = await disconnectSide(ob.deps, account, side as Side, now, { reason: 'console' });
  // What depended on that side runs again after the next connect.
  await ob.store.clearSteps(account.id, side === 'zendesk' ? ['zendesk_webhook', 'directory', 'first_sync'] : ['aircall_webhook', 'directory', 'first_sync']);
  ob.deps.log.info('side disconnected from the console', { account: account.id, side, userId: caller.userId });
  return { side: side as Side, state: 'disconnected', detail: [...outcome.done, ...outcome.failed.map((f) => `not done: ${f}`)] };
}

const grantorOf = (caller: SessionCaller) => ({
  id: caller.userId,
  role: 'admin',
  ...(caller.name && { name: caller.name }),
  ...(caller.email && { email: caller.email }),
});

function parseBody(raw: string | undefined): Record<string, unknown> {
  if (raw === undefined || raw.trim() === '') return {};
  if (raw.length > MAX_BODY_CHARS) throw new AdminHttpError('bad_request', 'The request body is too large');
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new AdminHttpError('bad_request', 'The request body must be JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new AdminHttpError('bad_request', 'The request body must be a JSON object');
  return value as Record<string, unknown>;
}

function errorBody(code: Code, message: string, field?: string): ConsoleError {
  return { error: { code, message, ...(field && { field }) } };
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): OnboardingAnswer {
  return { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers }, body: JSON.stringify(body) };
}
