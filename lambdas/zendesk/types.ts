// The Zendesk client's domain objects, and the readers that turn API JSON into them (zendesk-api.md §4–§9).
import { normalizeZendeskReason, type ZendeskStatusReason } from '../../shared/zendesk/vocabulary';
export { ZENDESK_STATUS_REASONS, type ZendeskStatusReason } from '../../shared/zendesk/vocabulary';
import { field, isObject, readId, readNumber, readString } from '../http/read';
import { InvalidResponseError, type RequestTarget } from '../http/errors';

/** A Zendesk user (agent or admin). Ids are strings: they are compared as strings everywhere (§9.4). */
export interface ZendeskUser {
  id: string;
  email: string;
  name: string;
  /** `agent`, `admin` or `end-user` (§8). */
  role: string;
  /** `false` for a deleted user (§8); absent when Zendesk sent no boolean. */
  active?: boolean;
  /** `true` for a suspended user (§8); absent when Zendesk sent no boolean. */
  suspended?: boolean;
}

/**
 * One agent's availability (§5). The unified status fields are absent when the account does not return
 * `agent_status` ("Returned only if Omnichannel Contact Center is enabled", §4.3). `version` orders changes.
 */
export interface ZendeskAvailability {
  agentId: string;
  statusId?: string;
  statusName?: string;
  reason?: ZendeskStatusReason;
  updatedAt?: string;
  version: number;
}

/** A webhook (§9.6). */
export interface ZendeskWebhook {
  id: string;
  name: string;
  endpoint: string;
  status: string;
  subscriptions: string[];
}

/**
 * One installation of a Zendesk app (Apps API, zendesk-api.md §10). Secure settings are never returned by Zendesk,
 * so they are never here. Ids are strings, like every Zendesk id in this code.
 */
export interface ZendeskInstallation {
  id: string;
  /** Absent when the response does not say (UNCONFIRMED shape): such an installation is matched by its settings. */
  appId?: string;
  /** `false` for a disabled installation; a missing `enabled` counts as enabled (Admin Center shows it as installed). */
  enabled: boolean;
  /** The non-secure settings, scalar values only (strings, numbers, booleans as Zendesk returns them). */
  settings: Readonly<Record<string, string | number | boolean>>;
}

/** What `createWebhook` sends; `subscriptions` defaults to the unified status event. */
export interface ZendeskWebhookInput {
  name: string;
  endpoint: string;
  subscriptions?: readonly string[];
}

/** Reads one user; a missing id or email is an `InvalidResponseError`. */
export function readZendeskUser(raw: unknown, target?: RequestTarget): ZendeskUser {
  const id = readId(field(raw, 'id'));
  if (!id) throw new InvalidResponseError('zendesk', 'a user without an id', target);
  const email = readString(field(raw, 'email'));
  if (!email) throw new InvalidResponseError('zendesk', `user ${id} without an email`, target);
  const active = field(raw, 'active');
  const suspended = field(raw, 'suspended');
  return {
    id,
    email,
    name: readString(field(raw, 'name')) ?? '',
    role: readString(field(raw, 'role')) ?? '',
    ...(typeof active === 'boolean' && { active }),
    ...(typeof suspended === 'boolean' && { suspended }),
  };
}

/**
 * Reads one JSON:API availability item (§5), with or without a top-level `data` wrapper. The agent id comes from
 * `attributes.agent_id`, else from the item id `agent_availabilities|<id>`. A missing `version` is an error:
 * without it events and reads cannot be ordered.
 */
export function readZendeskAvailability(raw: unknown, target?: RequestTarget): ZendeskAvailability {
  const item = isObject(field(raw, 'data')) ? field(raw, 'data') : raw;
  const attributes = field(item, 'attributes');
  const agentId = readId(field(attributes, 'agent_id')) ?? readString(field(item, 'id'))?.match(/^agent_availabilities\|([^|]+)$/)?.[1];
  if (!agentId) throw new InvalidResponseError('zendesk', 'an availability without an agent id', target);
  const version = readNumber(field(attributes, 'version'));
  if (version === undefined) throw new InvalidResponseError('zendesk', `the availability of agent ${agentId} without a version`, target);
  const status = field(attributes, 'agent_status');
  const statusId = readId(field(status, 'id'));
  const statusName = readString(field(status, 'name'));
  const updatedAt = readString(field(status, 'updated_at'));
  const rawReason = field(status, 'reason');
  const reason = isObject(status) && rawReason !== undefined ? readReason(rawReason) : undefined;
  return {
    agentId,
    ...(statusId ? { statusId } : {}),
    ...(statusName ? { statusName } : {}),
    ...(reason ? { reason } : {}),
    ...(updatedAt ? { updatedAt } : {}),
    version,
  };
}

function readReason(value: unknown): ZendeskStatusReason {
  return normalizeZendeskReason(value) ?? 'UNKNOWN';
}

/** Reads one status of the list (§6.1): `{id, attributes: {name}}`, or `{id, name}` defensively. */
export function readStatusEntry(raw: unknown, target?: RequestTarget): { id: string; name: string } {
  const id = readId(field(raw, 'id'));
  const name = readString(field(field(raw, 'attributes'), 'name')) ?? readString(field(raw, 'name'));
  if (!id || !name) throw new InvalidResponseError('zendesk', `a status without ${id ? 'a name' : 'an id'}`, target);
  return { id, name };
}

/** Reads one webhook (§9.6). */
export function readZendeskWebhook(raw: unknown, target?: RequestTarget): ZendeskWebhook {
  const id = readId(field(raw, 'id'));
  if (!id) throw new InvalidResponseError('zendesk', 'a webhook without an id', target);
  const subscriptions = field(raw, 'subscriptions');
  return {
    id,
    name: readString(field(raw, 'name')) ?? '',
    endpoint: readString(field(raw, 'endpoint')) ?? '',
    status: readString(field(raw, 'status')) ?? '',
    subscriptions: Array.isArray(subscriptions) ? subscriptions.filter((s): s is string => typeof s === 'string') : [],
  };
}

/**
 * The only code that knows the shape of an installation in the Apps API (`GET /api/v2/apps/installations` items and
 * `GET /api/v2/apps/installations/{id}`). The exact shapes are UNCONFIRMED (zendesk-api.md §10 lists only the PUT):
 * - node-zendesk `src/clients/core/installations.js` names the JSON keys `installations` (list) and `installation`;
 * - zendesk_api_client_rb `lib/zendesk_api/resources/apps/app_installation.rb` takes a show/update response body as
 *   the installation itself (no wrapper);
 * - zcli's local server (zaf.md §5) builds installations as `{ app_id, name, enabled, id, settings, … }`.
 * So this accepts the object with or without an `installation` wrapper, `settings` missing (empty) or holding
 * non-scalar values (dropped), `enabled` missing (enabled) or given as `"false"`, and ids as numbers or strings.
 */
export function readZendeskInstallation(raw: unknown, target?: RequestTarget): ZendeskInstallation {
  const item = isObject(field(raw, 'installation')) ? field(raw, 'installation') : raw;
  const id = readId(field(item, 'id'));
  if (!id) throw new InvalidResponseError('zendesk', 'an app installation without an id', target);
  const appId = readId(field(item, 'app_id'));
  const rawEnabled = field(item, 'enabled');
  const enabled = !(rawEnabled === false || rawEnabled === 'false');
  const settings: Record<string, string | number | boolean> = {};
  const rawSettings = field(item, 'settings');
  if (isObject(rawSettings)) {
    for (const [key, value] of Object.entries(rawSettings)) {
      if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) settings[key] = value;
    }
  }
  return { id, ...(appId !== undefined && { appId }), enabled, settings };
}
