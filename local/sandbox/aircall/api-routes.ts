// The Aircall Public API routes the sync uses: ping, users (v1 and v2), availabilities and webhooks (§7, §8.1).
import { isAircallAvailabilityStatus } from '../../../shared/aircall/vocabulary';
import { json, parseJsonBody, Router, SandboxInputError, type SandboxHandler, type SandboxRequest } from '../common';
import type { AircallCompany, UserUpdate } from './company';
import { unlessRemoved, type ApiVersionSettings } from './api-versions';
import { paginate } from './pagination';
import { liveAvailability, toUserV1, toUserV2, type AircallUserRecord, type SubstatusSpelling } from './users';
import { toWebhook, type WebhookRecord, type WebhookRegistry } from './webhooks';

export interface ApiContext {
  company: AircallCompany;
  registry: WebhookRegistry;
  spelling: SubstatusSpelling;
  baseUrl: () => string;
  now: () => number;
  /** Which versions answer (api-versions.ts); read on every request, so the control API can switch them. */
  versions: ApiVersionSettings;
}

const REASON_PHRASES: Record<number, string> = { 400: 'Bad Request', 404: 'Not Found', 409: 'Conflict' };

/** Wraps an API handler: a `SandboxInputError` becomes Aircall's application error `{error, troubleshoot}` (§4.1). */
function route(handler: SandboxHandler): SandboxHandler {
  return async (req) => {
    try {
      return await handler(req);
    } catch (error) {
      if (!(error instanceof SandboxInputError)) throw error;
      return json(error.status, { error: REASON_PHRASES[error.status] ?? 'Error', troubleshoot: error.message });
    }
  };
}

/** The service API router; authentication and the rate limit sit in front of it (see edge.ts). */
export function aircallApiRouter(ctx: ApiContext): Router {
  const { company, registry, spelling } = ctx;
  const userV1 = (user: AircallUserRecord) => toUserV1(user, ctx.baseUrl(), spelling);
  const userV2 = (user: AircallUserRecord) => toUserV2(user, `${ctx.baseUrl()}/v2/users/${user.id}`, spelling, ctx.versions.v2Substatus);
  const v1Users = (handler: SandboxHandler) => route(unlessRemoved(() => ctx.versions.v1Users, handler));
  const v1Availability = (handler: SandboxHandler) => route(unlessRemoved(() => ctx.versions.v1Availability, handler));
  const createdAt = (user: AircallUserRecord) => user.createdAt;
  const webhook = (record: WebhookRecord) => toWebhook(record, ctx.baseUrl());
  const findWebhook = (req: SandboxRequest): WebhookRecord => {
    const record = registry.get(req.params.webhook_id ?? '');
    if (!record) throw new SandboxInputError(`webhook ${req.params.webhook_id} not found`, 404);
    return record;
  };

  return (
    new Router()
      .on('GET', '/v1/ping', () => json(200, { ping: 'pong' }))
      .on(
        'GET',
        '/v1/users/availabilities',
        v1Availability((req) => {
          const { page, meta } = paginate(company.users(), req.query, `${ctx.baseUrl()}/v1/users/availabilities`, createdAt);
          return json(200, { users: page.map((user) => ({ id: user.id, availability: liveAvailability(user) })), meta });
        }),
      )
      .on(
        'GET',
        '/v1/users',
        v1Users((req) => {
          const { page, meta } = paginate(company.users(), req.query, `${ctx.baseUrl()}/v1/users`, createdAt);
          return json(200, { users: page.map(userV1), meta });
        }),
      )
      .on(
        'POST',
        '/v1/users',
        v1Users((req) => {
          const body = jsonObject(req);
          for (const field of ['first_name', 'last_name'] as const) {
            if (body[field] !== undefined && typeof body[field] !== 'string') throw new SandboxInputError(`${field} must be a string`);
          }
          if (typeof body.email !== 'string') throw new SandboxInputError('email is required');
          const user = company.createUser(
            {
              email: body.email,
              first_name: body.first_name as string | undefined,
              last_name: body.last_name as string | undefined,
              ...optionalFields(body),
            },
            false,
          );
          return json(201, { user: userV1(user) });
        }),
      )
      .on(
        'GET',
        '/v1/users/:id',
        v1Users((req) => json(200, { user: userV1(company.require(req.params.id ?? '')) })),
      )
      .on(
        'PUT',
        '/v1/users/:id',
        v1Users((req) => {
          const user = requireById(company, req.params.id);
          company.updateFromApi(user, userUpdate(jsonObject(req)));
          return json(200, { user: userV1(user) });
        }),
      )
      .on(
        'DELETE',
        '/v1/users/:id',
        v1Users((req) => {
          company.deleteUser(requireById(company, req.params.id));
          return json(204);
        }),
      )
      .on(
        'GET',
        '/v1/users/:id/availability',
        v1Availability((req) => json(200, { availability: liveAvailability(requireById(company, req.params.id)) })),
      )
      .on(
        'GET',
        '/v2/users',
        route((req) => {
          const { page, meta } = paginate(company.users(), req.query, `${ctx.baseUrl()}/v2/users`, createdAt);
          return json(200, { users: page.map(userV2), meta });
        }),
      )
      .on(
        'GET',
        '/v2/users/:id',
        route((req) => json(200, { user: userV2(company.require(req.params.id ?? '')) })),
      )
      // §7: which fields `PUT /v2/users/:id` takes is UNCONFIRMED; the sandbox takes V1's unless `v2StatusWrite: refused`.
      .on(
        'PUT',
        '/v2/users/:id',
        route((req) => {
          const user = requireById(company, req.params.id);
          const body = jsonObject(req);
          if (ctx.versions.v2StatusWrite === 'refused' && body.availability_status !== undefined) {
            throw new SandboxInputError('availability_status is not a permitted parameter of the User V2 API');
          }
          company.updateFromApi(user, userUpdate(body));
          return json(200, { user: userV2(user) });
        }),
      )
      .on(
        'GET',
        '/v1/webhooks',
        route((req) => {
          const { page, meta } = paginate(registry.list(), req.query, `${ctx.baseUrl()}/v1/webhooks`, (record) => record.created_at);
          return json(200, { webhooks: page.map(webhook), meta });
        }),
      )
      .on(
        'POST',
        '/v1/webhooks',
        route((req) => json(201, { webhook: webhook(registry.create(jsonObject(req), new Date(ctx.now()).toISOString())) })),
      )
      .on(
        'GET',
        '/v1/webhooks/:webhook_id',
        route((req) => json(200, { webhook: webhook(findWebhook(req)) })),
      )
      .on(
        'PUT',
        '/v1/webhooks/:webhook_id',
        route((req) => {
          const record = findWebhook(req);
          return json(200, { webhook: webhook(registry.update(record, jsonObject(req))) });
        }),
      )
      .on(
        'DELETE',
        '/v1/webhooks/:webhook_id',
        route((req) => {
          registry.delete(findWebhook(req));
          return json(204);
        }),
      )
  );
}

// Writes must be JSON (§1: "must specify the Content-Type entity header to application/json").
function jsonObject(req: SandboxRequest): Record<string, unknown> {
  const type = String(req.headers['content-type'] ?? '');
  if (req.rawBody.length > 0 && !type.toLowerCase().includes('application/json')) {
    throw new SandboxInputError('Content-Type must be application/json');
  }
  const parsed = parseJsonBody(req.rawBody);
  if (!parsed.ok) throw new SandboxInputError('body is not valid JSON');
  if (parsed.value === undefined) return {};
  if (typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) throw new SandboxInputError('body must be a JSON object');
  return parsed.value as Record<string, unknown>;
}

// Writes address users by numeric id; only reads are documented to accept an email (§7).
function requireById(company: AircallCompany, id: string | undefined): AircallUserRecord {
  if (!id || !/^\d+$/.test(id)) throw new SandboxInputError(`user ${id} not found`, 404);
  return company.require(id);
}

function userUpdate(body: Record<string, unknown>): UserUpdate {
  const update: UserUpdate = {};
  if (body.availability_status !== undefined) {
    if (!isAircallAvailabilityStatus(body.availability_status)) {
      throw new SandboxInputError('availability_status must be one of available, custom, unavailable');
    }
    update.availability_status = body.availability_status;
  }
  for (const field of ['first_name', 'last_name'] as const) {
    if (body[field] !== undefined) {
      if (typeof body[field] !== 'string') throw new SandboxInputError(`${field} must be a string`);
      update[field] = body[field] as string;
    }
  }
  if (body.wrap_up_time !== undefined) {
    if (typeof body.wrap_up_time !== 'number' || !Number.isInteger(body.wrap_up_time) || body.wrap_up_time < 0) {
      throw new SandboxInputError('wrap_up_time must be an integer >= 0');
    }
    update.wrap_up_time = body.wrap_up_time;
  }
  if (Object.keys(update).length === 0) throw new SandboxInputError('nothing to update: give availability_status, first_name, last_name or wrap_up_time');
  return update;
}

function optionalFields(body: Record<string, unknown>): { time_zone?: string; language?: string; wrap_up_time?: number } {
  const fields: { time_zone?: string; language?: string; wrap_up_time?: number } = {};
  if (typeof body.time_zone === 'string') fields.time_zone = body.time_zone;
  if (typeof body.language === 'string') fields.language = body.language;
  if (typeof body.wrap_up_time === 'number') fields.wrap_up_time = body.wrap_up_time;
  return fields;
}
