// The Zendesk request shapes Zendesk's own text does not confirm (zendesk-api.md §5, §6.1, §6.2), detected per account
// with the rule of lambdas/store/api-shape-memory.ts: the documented or most-supported form first, the alternative once
// on an answer that proves the first wrong, remembered only after it worked, re-checked daily and on a later failure.
// The webhook signature order (§9.7) needs no memory: verifyZendeskSignature in webhook.ts accepts both orders.
import { ClientError, InvalidInputError, InvalidResponseError, type RequestTarget } from '../http/errors';
import { field, readArray } from '../http/read';
import { tryShapes, type ShapeMemory } from '../store/api-shape-memory';

/** The body shape of the unified status PUT (§6.2). */
export type StatusBodyShape = 'id' | 'jsonapi';
/** The largest `page[size]` of `GET /api/v2/agent_availabilities` that the account accepts (§5). */
export type AvailabilityPageSize = '100' | '25';
/** How the status list names its two lists (§6.1). */
export type StatusListNaming = 'default/custom' | 'default_statuses/custom_statuses';

/** The points, as stored per account (lambdas/store/README.md, item API_SHAPES). */
export const ZENDESK_POINTS = {
  statusBody: 'zendesk_status_body',
  statusList: 'zendesk_status_list',
  availabilityPageSize: 'zendesk_availability_page_size',
} as const;

/** The raw requests behind the points; the client implements them. */
export interface ZendeskShapeRequests {
  putStatus(agentId: string, body: unknown): Promise<void>;
  listAvailabilitiesPaged<T>(pageSize: number): Promise<T[]>;
}

/**
 * The only code that knows the body of `PUT /api/v2/agent_availabilities/agent_statuses/agents/{agent_id}`.
 * zendesk-api.md §6.2: the body is UNCONFIRMED; two shapes exist in public code. `{"id": <number>}`, or
 * `{"data":{"type":"agent_status","attributes":{"agent_status_id":"<id>"}}}`.
 */
export function unifiedStatusBody(shape: StatusBodyShape, statusId: string): unknown {
  const id = String(statusId ?? '').trim();
  if (id === '') throw new InvalidInputError('zendesk', 'Refusing to call Zendesk without a status id');
  if (shape === 'jsonapi') return { data: { type: 'agent_status', attributes: { agent_status_id: id } } };
  const numeric = Number(id);
  if (!Number.isSafeInteger(numeric)) {
    throw new InvalidInputError('zendesk', `Refusing to set Zendesk status "${id}": the "id" body shape needs a numeric status id`);
  }
  return { id: numeric };
}

/**
 * zendesk-api.md §6.1: the lists are `default` and `custom`; `default_statuses` and `custom_statuses` are seen in
 * other code. Either naming is read; an answer with neither is an error that says so, never an empty list.
 */
export function readStatusLists(body: unknown, target: RequestTarget): { defaults: unknown[]; custom: unknown[]; naming: StatusListNaming } {
  const d = readArray(field(body, 'default'));
  const c = readArray(field(body, 'custom'));
  const ds = readArray(field(body, 'default_statuses'));
  const cs = readArray(field(body, 'custom_statuses'));
  if (!d && !c && !ds && !cs) {
    throw new InvalidResponseError('zendesk', 'a status list with none of "default", "custom", "default_statuses" or "custom_statuses"', target);
  }
  const naming: StatusListNaming = d || c ? 'default/custom' : 'default_statuses/custom_statuses';
  return { defaults: d ?? ds ?? [], custom: c ?? cs ?? [], naming };
}

/** The Zendesk operations over the detected shapes. */
export function zendeskShapes(memory: ShapeMemory, requests: ZendeskShapeRequests, options: { statusBodyShape?: StatusBodyShape } = {}) {
  const preferredBody: StatusBodyShape = options.statusBodyShape ?? 'id';

  /** §6.2 UNCONFIRMED: `{"id": N}` first; on 400 or 422, the JSON:API shape once, remembered when it worked. */
  function setStatus(agentId: string, statusId: string): Promise<void> {
    return tryShapes(memory, {
      system: 'zendesk',
      point: ZENDESK_POINTS.statusBody,
      preferred: preferredBody,
      alternative: preferredBody === 'id' ? 'jsonapi' : 'id',
      attempt: (shape) => requests.putStatus(agentId, unifiedStatusBody(shape, statusId)),
      // A 422 may also mean a status the agent may not use: then the other shape fails too, and nothing is learned.
      proves: (error) => error instanceof ClientError && (error.status === 400 || error.status === 422),
      describe: (error, shape) => `the ${shape === 'id' ? '{"id": N}' : 'JSON:API'} body was refused (${(error as ClientError).status})`,
    });
  }

  /**
   * §5 UNCONFIRMED: the largest `page[size]` of the availability list (one public catalogue uses 25). 100 first;
   * on a 400 that names `page[size]`, 25, remembered when it worked.
   */
  function listAvailabilities<T>(): Promise<T[]> {
    return tryShapes(memory, {
      system: 'zendesk',
      point: ZENDESK_POINTS.availabilityPageSize,
      preferred: '100' as AvailabilityPageSize,
      alternative: '25' as AvailabilityPageSize,
      attempt: (size) => requests.listAvailabilitiesPaged<T>(Number(size)),
      proves: (error) => error instanceof ClientError && error.status === 400 && /page(\[|%5B)size(\]|%5D)|page size/i.test(error.detail ?? ''),
      describe: (_error, size) => `page[size]=${size} was refused (400)`,
    });
  }

  /** Records which naming the status list used (reported to admins; both are always read). */
  async function noteStatusList(naming: StatusListNaming): Promise<void> {
    await memory.learn(ZENDESK_POINTS.statusList, naming, memory.now());
  }

  return { setStatus, listAvailabilities, noteStatusList };
}
