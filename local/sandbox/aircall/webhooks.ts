// Aircall webhooks: the event catalogue and the company's registered webhooks (aircall-api.md §8.1, §8.3, §8.7).
import { randomBytes, randomUUID } from 'node:crypto';
import { isHttpUrl, SandboxInputError } from '../common';

const USER_EVENTS = ['created', 'deleted', 'connected', 'disconnected', 'opened', 'closed', 'wut_start', 'wut_end'];
const CALL_EVENTS = [
  'created',
  'ringing_on_agent',
  'agent_declined',
  'answered',
  'transferred',
  'external_transferred',
  'unsuccessful_transfer',
  'hungup',
  'ended',
  'hold',
  'unhold',
  'ivr_option_selected',
  'comm_assets_generated',
  'voicemail_left',
  'assigned',
  'archived',
  'tagged',
  'untagged',
  'commented',
];
const OTHER_EVENTS = ['number.created', 'number.deleted', 'number.opened', 'number.closed', 'contact.created', 'contact.updated', 'contact.deleted'];

/** Every event name a webhook may subscribe to: user V1 and `.v2`, the 19 call events, number and contact events. */
export const AIRCALL_WEBHOOK_EVENTS: readonly string[] = [
  ...USER_EVENTS.map((name) => `user.${name}`),
  ...USER_EVENTS.map((name) => `user.${name}.v2`),
  ...CALL_EVENTS.map((name) => `call.${name}`),
  ...OTHER_EVENTS,
];

/** The most webhooks one company may have (aircall-api.md §8.1). */
export const MAX_WEBHOOKS = 100;

/** A webhook as stored, plus its failure bookkeeping (not on the wire). */
export interface WebhookRecord {
  webhook_id: string;
  legacyId: number;
  created_at: string;
  custom_name: string;
  url: string;
  active: boolean;
  events: string[];
  token: string;
  consecutiveFailures: number;
  /** Disabled by failures (a later success re-enables it), not by a PUT. */
  autoDisabled: boolean;
}

/** The Webhook object on the wire. */
export interface AircallWebhook {
  webhook_id: string;
  direct_link: string;
  created_at: string;
  custom_name: string;
  url: string;
  active: boolean;
  events: string[];
  token: string;
}

/** A bad webhook request; the API answers 400 `{error, troubleshoot}` with this message. */
export class WebhookInputError extends SandboxInputError {
  constructor(message: string) {
    super(message, 400);
    this.name = 'WebhookInputError';
  }
}

/** The company's webhooks, in creation order. */
export class WebhookRegistry {
  private records: WebhookRecord[] = [];
  private nextLegacyId = 26316;

  constructor(private readonly disableAfterFailures: number) {}

  list(): WebhookRecord[] {
    return [...this.records];
  }

  /** By UUID or legacy numeric id. */
  get(id: string): WebhookRecord | undefined {
    return this.records.find((record) => record.webhook_id === id || String(record.legacyId) === id);
  }

  /** Creates a webhook from a `POST /v1/webhooks` body; throws `WebhookInputError`. */
  create(body: Record<string, unknown>, createdAt: string): WebhookRecord {
    if (typeof body.url !== 'string' || !isHttpUrl(body.url)) throw new WebhookInputError('url is required and must be an http(s) URL');
    if (this.records.length >= MAX_WEBHOOKS) throw new WebhookInputError(`a company may have at most ${MAX_WEBHOOKS} webhooks`);
    const record: WebhookRecord = {
      webhook_id: randomUUID(),
      legacyId: this.nextLegacyId++,
      created_at: createdAt,
      custom_name: typeof body.custom_name === 'string' ? body.custom_name : 'Webhook',
      url: body.url,
      active: true,
      events: eventList(body.events),
      token: randomBytes(10).toString('hex'),
      consecutiveFailures: 0,
      autoDisabled: false,
    };
    this.records.push(record);
    return record;
  }

  /**
   * Applies a `PUT /v1/webhooks/:id` body. As the reference warns (§8.7), omitted `events` re-register the webhook
   * to ALL events; `events_action: add | remove` amends the current list instead.
   */
  update(record: WebhookRecord, body: Record<string, unknown>): WebhookRecord {
    if (body.url !== undefined && (typeof body.url !== 'string' || !isHttpUrl(body.url))) throw new WebhookInputError('url must be an http(s) URL');
    if (body.active !== undefined && typeof body.active !== 'boolean') throw new WebhookInputError('active must be a boolean');
    const action = body.events_action;
    if (action !== undefined && action !== 'add' && action !== 'remove') throw new WebhookInputError('events_action must be add or remove');
    let events: string[];
    if (action === 'add') events = [...new Set([...record.events, ...eventList(body.events, false)])];
    else if (action === 'remove') {
      const removed = new Set(eventList(body.events, false));
      events = record.events.filter((event) => !removed.has(event));
    } else events = eventList(body.events);
    if (typeof body.url === 'string') record.url = body.url;
    if (typeof body.custom_name === 'string') record.custom_name = body.custom_name;
    if (typeof body.active === 'boolean') {
      record.active = body.active;
      record.autoDisabled = false;
      record.consecutiveFailures = 0;
    }
    record.events = events;
    return record;
  }

  delete(record: WebhookRecord): void {
    this.records = this.records.filter((candidate) => candidate !== record);
  }

  clear(): void {
    this.records = [];
  }

  /** The active webhooks subscribed to `event`. */
  subscribers(event: string): WebhookRecord[] {
    return this.records.filter((record) => record.active && record.events.includes(event));
  }

  /**
   * Counts one delivery attempt. After `disableAfterFailures` consecutive failures the webhook becomes inactive;
   * a later success (a retry still in flight) re-enables it (§8.7).
   */
  recordAttempt(webhookId: string, ok: boolean): void {
    const record = this.records.find((candidate) => candidate.webhook_id === webhookId);
    if (!record) return;
    if (ok) {
      record.consecutiveFailures = 0;
      if (record.autoDisabled) {
        record.active = true;
        record.autoDisabled = false;
      }
      return;
    }
    record.consecutiveFailures += 1;
    if (record.active && record.consecutiveFailures >= this.disableAfterFailures) {
      record.active = false;
      record.autoDisabled = true;
    }
  }
}

/** The wire shape of a webhook. */
export function toWebhook(record: WebhookRecord, baseUrl: string): AircallWebhook {
  return {
    webhook_id: record.webhook_id,
    direct_link: `${baseUrl}/v1/webhooks/${record.legacyId}`,
    created_at: record.created_at,
    custom_name: record.custom_name,
    url: record.url,
    active: record.active,
    events: [...record.events],
    token: record.token,
  };
}

// Omitted or empty means all events, except when amending a list (add/remove), where it means none.
function eventList(value: unknown, emptyMeansAll = true): string[] {
  if (value === undefined || value === null) return emptyMeansAll ? [...AIRCALL_WEBHOOK_EVENTS] : [];
  if (!Array.isArray(value) || value.some((event) => typeof event !== 'string')) throw new WebhookInputError('events must be an array of event names');
  const unknown = (value as string[]).filter((event) => !AIRCALL_WEBHOOK_EVENTS.includes(event));
  if (unknown.length > 0) throw new WebhookInputError(`invalid events: ${unknown.join(', ')}`);
  if (value.length === 0) return emptyMeansAll ? [...AIRCALL_WEBHOOK_EVENTS] : [];
  return [...new Set(value as string[])];
}
