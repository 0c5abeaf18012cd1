// Zendesk unified agent statuses (../shared/reference/zendesk-api.md §4): four defaults plus per-account custom ones.

/** The default unified statuses, by name. Their ids differ per account: resolve them from the list endpoint. */
export const ZENDESK_DEFAULT_STATUSES = ['online', 'away', 'transfers_only', 'offline'] as const;
export type ZendeskDefaultStatus = (typeof ZENDESK_DEFAULT_STATUSES)[number];

/** A unified status as the sync sees it: a default one by name, or a custom one by its id. */
export type ZendeskUnifiedStatus = { kind: 'default'; name: ZendeskDefaultStatus } | { kind: 'custom'; id: string; name: string };

/** One entry of an account's status list, with its id as a string (ids are compared as strings, §9.4). */
export interface ZendeskStatusEntry {
  id: string;
  name: string;
  status: ZendeskUnifiedStatus;
}

/** An account's statuses, as read from `GET /api/v2/agent_availabilities/agent_statuses`. */
export interface ZendeskStatusCatalog {
  entries: ZendeskStatusEntry[];
}

/** A catalog with no entries: statuses are then resolved by the names events and reads carry. */
export const emptyCatalog = (): ZendeskStatusCatalog => ({ entries: [] });

export function isZendeskDefaultStatus(value: unknown): value is ZendeskDefaultStatus {
  return typeof value === 'string' && (ZENDESK_DEFAULT_STATUSES as readonly string[]).includes(value);
}

/** Default status names appear as "online", "Transfers only", "transfers-only"…: fold them to one key. */
export function defaultStatusFromName(name: string): ZendeskDefaultStatus | undefined {
  const key = name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return isZendeskDefaultStatus(key) ? key : undefined;
}

/** Builds a catalog from the list's `default` and `custom` arrays (already unwrapped by the client). */
export function buildStatusCatalog(
  defaults: ReadonlyArray<{ id: string | number; name: string }>,
  custom: ReadonlyArray<{ id: string | number; name: string }>,
): ZendeskStatusCatalog {
  const entries: ZendeskStatusEntry[] = [];
  for (const d of defaults) {
    const name = defaultStatusFromName(d.name);
    // A "default" we cannot name is treated as custom: never guess which default it is.
    entries.push({ id: String(d.id), name: d.name, status: name ? { kind: 'default', name } : { kind: 'custom', id: String(d.id), name: d.name } });
  }
  for (const c of custom) entries.push({ id: String(c.id), name: c.name, status: { kind: 'custom', id: String(c.id), name: c.name } });
  return { entries };
}

/** The status an id stands for in this account, or `undefined` when the catalog does not know it. */
export function statusForId(catalog: ZendeskStatusCatalog, id: string | number): ZendeskUnifiedStatus | undefined {
  return catalog.entries.find((e) => e.id === String(id))?.status;
}

/**
 * The status a reported `{id, name}` stands for. Ids are per account and the catalog is the truth
 * (zendesk-api.md §4.2: never hard-code ids, names are for display). But the catalog is a cache: a status added since
 * its last refresh is unknown to it. Only then does the name decide, and only for a default status name ("online",
 * "Transfers only"…); anything else is a custom status by its id, which the mapping does not sync unless mapped.
 */
export function resolveUnifiedStatus(catalog: ZendeskStatusCatalog, reported: { id: string | number; name?: string }): ZendeskUnifiedStatus {
  const known = statusForId(catalog, reported.id);
  if (known !== undefined) return known;
  const byName = reported.name === undefined ? undefined : defaultStatusFromName(reported.name);
  const id = String(reported.id);
  return byName !== undefined ? { kind: 'default', name: byName } : { kind: 'custom', id, name: reported.name ?? id };
}

/** The id of a default status in this account, or `undefined` when the account lacks it. */
export function idForDefaultStatus(catalog: ZendeskStatusCatalog, name: ZendeskDefaultStatus): string | undefined {
  return catalog.entries.find((e) => e.status.kind === 'default' && e.status.name === name)?.id;
}

/** Why a unified status changed (zendesk-api.md §4.3). `PUBLIC_API` marks a change made through the API. */
export const ZENDESK_STATUS_REASONS = [
  'UNKNOWN',
  'AGENT_STATUS_SWITCHER',
  'AGENT_LOGOUT',
  'AGENT_STATUS_DELETED',
  'AGENT_DISCONNECTED',
  'AGENT_IDLE_TIMEOUT',
  'SWITCHER_AUTO_RECONNECT',
  'OMNICHANNEL_ROUTING_ENABLED',
  'PUBLIC_API',
  'INTERNAL_TEST',
  'EXPLORE_TAKE_AN_ACTION',
  'WFM_STATUS_UPDATE',
  'MONITORING_ASSISTANT_UPDATE',
] as const;
export type ZendeskStatusReason = (typeof ZENDESK_STATUS_REASONS)[number];

export function isZendeskStatusReason(value: unknown): value is ZendeskStatusReason {
  return typeof value === 'string' && (ZENDESK_STATUS_REASONS as readonly string[]).includes(value);
}

/**
 * A status change's `reason`: a documented value as is, any other value as `UNKNOWN` ("Treat unknown reasons as
 * UNKNOWN", zendesk-api.md §4.3), `undefined` when there is none.
 *
 * @example normalizeZendeskReason('SOMETHING_NEW') // 'UNKNOWN'
 */
export function normalizeZendeskReason(value: unknown): ZendeskStatusReason | undefined {
  if (value === undefined || value === null) return undefined;
  return isZendeskStatusReason(value) ? value : 'UNKNOWN';
}
