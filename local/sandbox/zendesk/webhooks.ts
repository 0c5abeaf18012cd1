// The account's webhooks (zendesk-api.md §9.6): validation, storage, signing secrets.
import { isHttpUrl } from '../common';
import { randomBytes } from 'node:crypto';
import { secondIso, ulid } from './formats';

export const EVENT_TYPE_PREFIX = 'zen:event-type:';
const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const REQUEST_FORMATS = ['json', 'xml', 'form_encoded'];

export type WebhookAuthentication =
  | { type: 'basic_auth'; data: { username: string; password: string }; add_position: 'header' }
  | { type: 'bearer_token'; data: { token: string }; add_position: 'header' }
  | { type: 'api_key'; data: { name: string; value: string }; add_position: 'header' };

export interface Webhook {
  id: string;
  name: string;
  description: string;
  endpoint: string;
  http_method: string;
  request_format: string;
  status: 'active' | 'inactive';
  subscriptions: string[];
  authentication?: WebhookAuthentication;
  custom_headers: Record<string, string>;
  secret: string;
  created_at: number;
  created_by: string;
  updated_at: number;
  updated_by: string;
}

/** One problem with a webhook body, in the Webhooks API's error format (`{errors:[{code, title, detail, source}]}`). */
export interface WebhookProblem {
  code: string;
  title: string;
  detail: string;
  source: { pointer: string };
}

/** A webhook body was refused; `problems` lists every bad field. */
export class WebhookValidationError extends Error {
  constructor(readonly problems: WebhookProblem[]) {
    super(problems.map((p) => p.detail).join('; '));
    this.name = 'WebhookValidationError';
  }
}

type WebhookFields = Omit<Webhook, 'id' | 'secret' | 'created_at' | 'created_by' | 'updated_at' | 'updated_by'>;

/**
 * Validates a `{"webhook": {...}}` body into webhook fields. Event-subscribed webhooks must be POST + json (§9.1).
 * `previous` is the webhook being updated: a PATCH (`merge`) keeps its fields, and its connection method (events or
 * triggers) cannot change.
 */
export function parseWebhookBody(body: unknown, previous?: WebhookFields, merge = false): WebhookFields {
  const problems: WebhookProblem[] = [];
  const bad = (field: string, detail: string) =>
    problems.push({ code: 'InvalidValue', title: 'Invalid value', detail, source: { pointer: `/webhook/${field}` } });
  const wrapper = isObject(body) ? body.webhook : undefined;
  if (!isObject(wrapper))
    throw new WebhookValidationError([
      { code: 'InvalidValue', title: 'Invalid value', detail: 'Body must be {"webhook": {...}}', source: { pointer: '/webhook' } },
    ]);
  const input = (merge && previous ? { ...previous, ...wrapper } : wrapper) as Record<string, unknown>;

  const name = input.name;
  if (typeof name !== 'string' || name.trim() === '') bad('name', 'name is required');
  const endpoint = input.endpoint;
  if (typeof endpoint !== 'string' || !isHttpUrl(endpoint)) bad('endpoint', 'endpoint must be an absolute http or https URL');
  const status = input.status;
  if (status !== 'active' && status !== 'inactive') bad('status', 'status must be active or inactive');
  const method = input.http_method;
  if (typeof method !== 'string' || !HTTP_METHODS.includes(method)) bad('http_method', `http_method must be one of ${HTTP_METHODS.join(', ')}`);
  const format = input.request_format;
  if (typeof format !== 'string' || !REQUEST_FORMATS.includes(format)) bad('request_format', `request_format must be one of ${REQUEST_FORMATS.join(', ')}`);
  const subscriptions = input.subscriptions;
  const subs = Array.isArray(subscriptions) && subscriptions.every((s) => typeof s === 'string' && s !== '') ? (subscriptions as string[]) : undefined;
  if (!subs || subs.length === 0) bad('subscriptions', 'subscriptions must be a non-empty array of event types or ["conditional_ticket_events"]');
  else {
    const events = subs.filter((s) => s.startsWith(EVENT_TYPE_PREFIX));
    const unknown = subs.filter((s) => !s.startsWith(EVENT_TYPE_PREFIX) && s !== 'conditional_ticket_events');
    if (unknown.length > 0) bad('subscriptions', `unknown subscriptions: ${unknown.join(', ')}`);
    if (events.length > 0 && subs.includes('conditional_ticket_events'))
      bad('subscriptions', 'a webhook cannot mix event subscriptions with conditional_ticket_events');
    if (events.length > 0 && method !== 'POST') bad('http_method', 'webhooks subscribed to events must use http_method POST');
    if (events.length > 0 && format !== 'json') bad('request_format', 'webhooks subscribed to events must use request_format json');
    if (previous && previous.subscriptions.some((s) => s.startsWith(EVENT_TYPE_PREFIX)) !== events.length > 0) {
      bad('subscriptions', 'the connection method of a webhook (events or triggers) cannot be changed');
    }
  }
  const authentication = parseAuthentication(input.authentication, bad);
  const customHeaders = input.custom_headers ?? {};
  if (!isObject(customHeaders) || !Object.values(customHeaders).every((v) => typeof v === 'string'))
    bad('custom_headers', 'custom_headers must map header names to strings');
  const description = input.description ?? '';
  if (typeof description !== 'string') bad('description', 'description must be a string');
  if (problems.length > 0) throw new WebhookValidationError(problems);
  return {
    name: name as string,
    description: description as string,
    endpoint: endpoint as string,
    http_method: method as string,
    request_format: format as string,
    status: status as 'active' | 'inactive',
    subscriptions: [...(subs as string[])],
    authentication,
    custom_headers: { ...(customHeaders as Record<string, string>) },
  };
}

function parseAuthentication(value: unknown, bad: (field: string, detail: string) => void): WebhookAuthentication | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value) || !isObject(value.data)) {
    bad('authentication', 'authentication must be {type, data, add_position}');
    return undefined;
  }
  if (value.add_position !== undefined && value.add_position !== 'header') bad('authentication/add_position', 'add_position must be header');
  const data = value.data;
  if (value.type === 'bearer_token' && typeof data.token === 'string') return { type: 'bearer_token', data: { token: data.token }, add_position: 'header' };
  if (value.type === 'basic_auth' && typeof data.username === 'string' && typeof data.password === 'string') {
    return { type: 'basic_auth', data: { username: data.username, password: data.password }, add_position: 'header' };
  }
  if (value.type === 'api_key' && typeof data.name === 'string' && typeof data.value === 'string')
    return { type: 'api_key', data: { name: data.name, value: data.value }, add_position: 'header' };
  bad('authentication', 'authentication must be basic_auth {username, password}, bearer_token {token} or api_key {name, value}');
  return undefined;
}

/** The webhooks of one account. Times come from the injected clock. */
export class WebhookRegistry {
  private hooks = new Map<string, Webhook>();

  constructor(private readonly now: () => number) {}

  create(body: unknown, actorId: number): Webhook {
    const fields = parseWebhookBody(body);
    const now = this.now();
    const hook: Webhook = {
      ...fields,
      id: ulid(now),
      secret: newSecret(),
      created_at: now,
      created_by: String(actorId),
      updated_at: now,
      updated_by: String(actorId),
    };
    this.hooks.set(hook.id, hook);
    return { ...hook };
  }

  /** PUT replaces the fields; PATCH merges them into the current ones. */
  update(id: string, body: unknown, actorId: number, merge: boolean): Webhook | undefined {
    const hook = this.hooks.get(id);
    if (!hook) return undefined;
    const fields = parseWebhookBody(body, hook, merge);
    Object.assign(hook, fields, { updated_at: this.now(), updated_by: String(actorId) });
    return { ...hook };
  }

  get(id: string): Webhook | undefined {
    const hook = this.hooks.get(id);
    return hook ? { ...hook } : undefined;
  }

  /** By creation, oldest first; made in the same millisecond, in the order made (a stable sort of the insertion order). */
  list(): Webhook[] {
    return [...this.hooks.values()].sort((a, b) => a.created_at - b.created_at).map((h) => ({ ...h }));
  }

  delete(id: string): boolean {
    return this.hooks.delete(id);
  }

  /** A new secret for the webhook; the old one stops signing at once. */
  resetSecret(id: string): string | undefined {
    const hook = this.hooks.get(id);
    if (!hook) return undefined;
    hook.secret = newSecret();
    return hook.secret;
  }

  /** Active webhooks subscribed to `eventType`. */
  subscribers(eventType: string): Webhook[] {
    return this.list().filter((h) => h.status === 'active' && h.subscriptions.includes(eventType));
  }

  clear(): void {
    this.hooks.clear();
  }
}

/** A webhook as the API shows it; credentials of `authentication` are never echoed. */
export function webhookView(hook: Webhook): Record<string, unknown> {
  return {
    id: hook.id,
    name: hook.name,
    description: hook.description,
    status: hook.status,
    subscriptions: [...hook.subscriptions],
    endpoint: hook.endpoint,
    http_method: hook.http_method,
    request_format: hook.request_format,
    ...(hook.authentication ? { authentication: { type: hook.authentication.type, add_position: hook.authentication.add_position } } : {}),
    custom_headers: { ...hook.custom_headers },
    created_at: secondIso(hook.created_at),
    created_by: hook.created_by,
    updated_at: secondIso(hook.updated_at),
    updated_by: hook.updated_by,
  };
}

/** The header a webhook's `authentication` adds to each delivery. */
export function authenticationHeader(auth: WebhookAuthentication | undefined): Record<string, string> {
  if (!auth) return {};
  if (auth.type === 'bearer_token') return { authorization: `Bearer ${auth.data.token}` };
  if (auth.type === 'basic_auth') return { authorization: `Basic ${Buffer.from(`${auth.data.username}:${auth.data.password}`, 'utf8').toString('base64')}` };
  return { [auth.data.name.toLowerCase()]: auth.data.value };
}

// Looks like Zendesk's ("cfcS…G8M="): base64 of random bytes. Receivers must use it as a raw UTF-8 key (§9.7).
function newSecret(): string {
  return randomBytes(32).toString('base64');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
