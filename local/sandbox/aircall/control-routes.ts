// The Aircall sandbox's own control routes under /_sandbox: users "as the agent would", calls, connection, rate limit.
import { bodyObject, control, CONTROL_PREFIX, json, SandboxInputError, type Router } from '../common';
import { configureApiVersions, type ApiVersionSettings } from './api-versions';
import { parseCallOptions } from './calls';
import type { AircallCompany } from './company';
import type { RateLimitHeaderMode } from './edge';
import type { RateLimiter } from './rate-limit';
import { liveAvailability, toUserV1, type AircallUserRecord, type AircallUserSeed, type AircallUserV1, type SubstatusSpelling } from './users';
import type { WebhookRegistry } from './webhooks';
import { isAircallAvailabilityStatus, type AircallLiveAvailability } from '../../../shared/aircall/vocabulary';

/** A user's full sandbox state: the V1 object plus the live availability and simulation flags. */
export interface SandboxUserView extends AircallUserV1 {
  availability: AircallLiveAvailability;
  connected: boolean;
  inWorkingHours: boolean;
  activity: AircallUserRecord['activity'];
}

/** The rate-limit settings, readable and writable through `/_sandbox/rate-limit`. */
export interface RateLimitSettings {
  perMinute: number;
  headers: RateLimitHeaderMode;
}

export interface ControlContext {
  company: AircallCompany;
  registry: WebhookRegistry;
  limiter: RateLimiter;
  rateLimit: RateLimitSettings;
  spelling: SubstatusSpelling;
  versions: ApiVersionSettings;
  baseUrl: () => string;
}

/** The full state of one user. */
export function userView(user: AircallUserRecord, ctx: Pick<ControlContext, 'baseUrl' | 'spelling'>): SandboxUserView {
  return {
    ...toUserV1(user, ctx.baseUrl(), ctx.spelling),
    availability: liveAvailability(user),
    connected: user.connected,
    inWorkingHours: user.inWorkingHours,
    activity: user.activity,
  };
}

/** Validates `PUT /_sandbox/rate-limit` and applies it; `reset: true` also starts a fresh window. */
export function configureRateLimit(ctx: Pick<ControlContext, 'limiter' | 'rateLimit'>, body: Record<string, unknown> | undefined): RateLimitSettings {
  const input = body ?? {};
  if (input.perMinute !== undefined) {
    if (typeof input.perMinute !== 'number' || !Number.isInteger(input.perMinute) || input.perMinute < 1) {
      throw new SandboxInputError('perMinute must be an integer >= 1');
    }
    ctx.rateLimit.perMinute = input.perMinute;
    ctx.limiter.setLimit(input.perMinute);
  }
  if (input.headers !== undefined) {
    if (input.headers !== 'always' && input.headers !== 'when_limited') throw new SandboxInputError('headers must be always or when_limited');
    ctx.rateLimit.headers = input.headers;
  }
  if (input.reset === true) ctx.limiter.reset();
  return { ...ctx.rateLimit };
}

/** Adds the Aircall control routes to a router that already has the common ones. */
export function addAircallControlRoutes(router: Router, ctx: ControlContext): Router {
  const p = CONTROL_PREFIX;
  const { company } = ctx;
  const user = (id: string | undefined) => company.require(id ?? '');
  const view = (record: AircallUserRecord) => userView(record, ctx);
  return router
    .on('GET', `${p}/users`, () => json(200, { users: company.users().map(view) }))
    .on(
      'POST',
      `${p}/users`,
      control((req) => json(201, { user: view(company.createUser(seedFrom(bodyObject(req)), true)) })),
    )
    .on(
      'GET',
      `${p}/users/:id`,
      control((req) => json(200, { user: view(user(req.params.id)) })),
    )
    .on(
      'DELETE',
      `${p}/users/:id`,
      control((req) => {
        company.deleteUser(user(req.params.id));
        return json(204);
      }),
    )
    .on(
      'PUT',
      `${p}/users/:id/status`,
      control((req) => {
        const body = bodyObject(req) ?? {};
        const record = user(req.params.id);
        company.setStatusAsAgent(record, body.availability_status, body.substatus);
        return json(200, { user: view(record) });
      }),
    )
    .on(
      'PUT',
      `${p}/users/:id/connection`,
      control((req) => {
        const connected = bodyObject(req)?.connected;
        if (typeof connected !== 'boolean') throw new SandboxInputError('connected must be a boolean');
        const record = user(req.params.id);
        company.setConnection(record, connected);
        return json(200, { user: view(record) });
      }),
    )
    .on(
      'PUT',
      `${p}/users/:id/working-hours`,
      control((req) => {
        const inWorkingHours = bodyObject(req)?.inWorkingHours;
        if (typeof inWorkingHours !== 'boolean') throw new SandboxInputError('inWorkingHours must be a boolean');
        const record = user(req.params.id);
        company.setWorkingHours(record, inWorkingHours);
        return json(200, { user: view(record) });
      }),
    )
    .on(
      'POST',
      `${p}/users/:id/call`,
      control((req) => {
        const record = user(req.params.id);
        const call = company.startCall(record, parseCallOptions(bodyObject(req)));
        return json(200, { call: { id: call.id, call_uuid: call.callUuid, status: call.status }, user: view(record) });
      }),
    )
    .on(
      'POST',
      `${p}/users/:id/call/continue`,
      control((req) => {
        const record = user(req.params.id);
        company.continueCall(record);
        return json(200, { user: view(record) });
      }),
    )
    .on('GET', `${p}/webhooks`, () => json(200, { webhooks: ctx.registry.list() }))
    .on('GET', `${p}/rate-limit`, () => json(200, { rateLimit: { ...ctx.rateLimit, ...ctx.limiter.peek() } }))
    .on(
      'PUT',
      `${p}/rate-limit`,
      control((req) => json(200, { rateLimit: configureRateLimit(ctx, bodyObject(req)) })),
    )
    .on('GET', `${p}/api-versions`, () => json(200, { apiVersions: { ...ctx.versions } }))
    .on(
      'PUT',
      `${p}/api-versions`,
      control((req) => json(200, { apiVersions: configureApiVersions(ctx.versions, bodyObject(req)) })),
    );
}

/** Validates a control-API user body into a seed. */
export function seedFrom(body: Record<string, unknown> | undefined): AircallUserSeed {
  const input = body ?? {};
  if (typeof input.email !== 'string') throw new SandboxInputError('email is required');
  const seed: AircallUserSeed = { email: input.email };
  for (const field of ['first_name', 'last_name', 'time_zone', 'language', 'substatus', 'created_at'] as const) {
    const value = input[field];
    if (value === undefined) continue;
    if (typeof value !== 'string') throw new SandboxInputError(`${field} must be a string`);
    seed[field] = value;
  }
  if (input.id !== undefined) {
    if (typeof input.id !== 'number' || !Number.isInteger(input.id) || input.id < 1) throw new SandboxInputError('id must be a positive integer');
    seed.id = input.id;
  }
  if (input.availability_status !== undefined) {
    if (!isAircallAvailabilityStatus(input.availability_status)) throw new SandboxInputError('availability_status must be available, custom or unavailable');
    seed.availability_status = input.availability_status;
  }
  if (input.wrap_up_time !== undefined) {
    if (typeof input.wrap_up_time !== 'number' || input.wrap_up_time < 0) throw new SandboxInputError('wrap_up_time must be a number >= 0');
    seed.wrap_up_time = input.wrap_up_time;
  }
  for (const flag of ['connected', 'inWorkingHours'] as const) {
    if (input[flag] === undefined) continue;
    if (typeof input[flag] !== 'boolean') throw new SandboxInputError(`${flag} must be a boolean`);
    seed[flag] = input[flag] as boolean;
  }
  return seed;
}
