// One port for reading and writing an agent's Zendesk status, with one adapter per mode (issue 14 §3): `unified`
// (omnichannel routing: Agent Availability + Unified Agent Status APIs, zendesk-api.md §5–6) and `talk` (no routing:
// the Talk availability `agent_state`, §7). The worker's write, the sweep's reads and the Talk poll all go through it.
import {
  isZendeskDefaultStatus,
  idForDefaultStatus,
  resolveUnifiedStatus,
  type ZendeskStatusCatalog,
  type ZendeskUnifiedStatus,
} from '../../shared/zendesk/vocabulary';
import { InvalidInputError } from '../http/errors';
import type { ZendeskClient } from './client';
import type { ZendeskStatusMode } from './status-mode';
import { isTalkAgentState } from './talk-api';

/** One agent's status as read. */
export interface ZendeskStatusRead {
  status: ZendeskUnifiedStatus;
  /** The availability's `version` (unified); absent in talk mode, whose answers carry none. */
  version?: number;
  /** Epoch ms when Zendesk says it was set (`updated_at`), when it says. */
  setAt?: number;
  reason?: string;
}

export interface ZendeskStatusPort {
  readonly mode: ZendeskStatusMode;
  /** The statuses of the given agents (some may be left out: no status, not found, or past the read cap). */
  readStatuses(agentIds: readonly string[]): Promise<Map<string, ZendeskStatusRead>>;
  readStatus(agentId: string): Promise<ZendeskStatusRead | undefined>;
  /** Sets the agent to a status key (`online`… or `custom:<id>`); nothing is sent when the agent already has it (talk). */
  writeStatus(agentId: string, key: string): Promise<void>;
}

/** The account's catalog, read again when `refresh` (lambdas/sync/catalog.ts). */
export type CatalogSource = (options?: { refresh?: boolean }) => Promise<ZendeskStatusCatalog>;

/** With omnichannel routing: the unified status, by this account's ids (never hard-coded, §4.2). */
export function unifiedStatusPort(client: ZendeskClient, catalog: CatalogSource): ZendeskStatusPort {
  const read = (a: { statusId?: string; statusName?: string; version: number; updatedAt?: string; reason?: string }, known: ZendeskStatusCatalog) => {
    if (a.statusId === undefined) return undefined; // no unified status in the answer (§4.3)
    const setAt = a.updatedAt === undefined ? Number.NaN : Date.parse(a.updatedAt);
    return {
      status: resolveUnifiedStatus(known, { id: a.statusId, ...(a.statusName !== undefined && { name: a.statusName }) }),
      version: a.version,
      ...(Number.isFinite(setAt) && { setAt }),
      ...(a.reason !== undefined && { reason: a.reason }),
    } satisfies ZendeskStatusRead;
  };
  return {
    mode: 'unified',
    async readStatuses(agentIds) {
      const wanted = new Set(agentIds);
      const [availabilities, known] = await Promise.all([client.listAvailabilities(), catalog()]);
      const out = new Map<string, ZendeskStatusRead>();
      for (const a of availabilities) {
        const status = wanted.has(a.agentId) ? read(a, known) : undefined;
        if (status) out.set(a.agentId, status);
      }
      return out;
    },
    async readStatus(agentId) {
      const [a, known] = await Promise.all([client.getAvailability(agentId), catalog()]);
      return a && read(a, known);
    },
    async writeStatus(agentId, key) {
      await client.setUnifiedStatus(agentId, await unifiedStatusId(catalog, key));
    },
  };
}

/** The account's id for a status key; reads the catalog again once if the cached one lacks it. */
async function unifiedStatusId(catalog: CatalogSource, key: string): Promise<string> {
  if (key.startsWith('custom:')) return key.slice('custom:'.length);
  if (!isZendeskDefaultStatus(key)) throw new InvalidInputError('zendesk', `"${key}" is not a Zendesk status`);
  const id = idForDefaultStatus(await catalog(), key) ?? idForDefaultStatus(await catalog({ refresh: true }), key);
  if (id === undefined) throw new InvalidInputError('zendesk', `the Zendesk account has no "${key}" status: agents cannot be set to it`);
  return id;
}

/** Options of the talk adapter. */
export interface TalkPortOptions {
  /** The most agents one `readStatuses` reads (one request each); the rest are left out. Default: all. */
  maxReads?: number;
  /** Reads at once. Default 4. */
  concurrency?: number;
}

/**
 * Without omnichannel routing: the Talk `agent_state` (§7). The default status keys map 1:1 (online, offline, away,
 * transfers_only); custom statuses do not exist there, so a custom key is refused before any request.
 */
export function talkStatusPort(client: ZendeskClient, options: TalkPortOptions = {}): ZendeskStatusPort {
  const readOne = async (agentId: string): Promise<ZendeskStatusRead | undefined> => {
    const a = await client.getTalkAvailability(agentId);
    return a && { status: { kind: 'default', name: a.agentState } };
  };
  return {
    mode: 'talk',
    async readStatuses(agentIds) {
      const ids = agentIds.slice(0, options.maxReads ?? agentIds.length);
      const out = new Map<string, ZendeskStatusRead>();
      let next = 0;
      const lane = async () => {
        while (next < ids.length) {
          const id = ids[next++] as string;
          const read = await readOne(id);
          if (read) out.set(id, read);
        }
      };
      await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, ids.length) }, lane));
      return out;
    },
    readStatus: readOne,
    async writeStatus(agentId, key) {
      if (!isTalkAgentState(key)) {
        throw new InvalidInputError(
          'zendesk',
          `"${key}" cannot be set without omnichannel routing: Talk agent_state is online, offline, away or transfers_only`,
        );
      }
      // Read first: the write sends back the agent's own `via` (talkAvailabilityBody), and an agent already in the
      // state costs no write.
      const current = await client.getTalkAvailability(agentId);
      if (current?.agentState === key) return;
      await client.setTalkAgentState(agentId, key, current?.via ?? 'client');
    },
  };
}
