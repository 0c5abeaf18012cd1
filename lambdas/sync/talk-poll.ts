// Accounts without omnichannel routing (issue 14 §3): which agent webhooks Zendesk sends there is UNCONFIRMED
// (zendesk-api.md §9.2: "Whether agent events fire at all without omnichannel routing is UNCONFIRMED"), so no event is
// assumed. A short polling sweep (every minute) reads each linked agent's Talk availability (§7) and records a
// changed `agent_state` as an observed change, as a webhook would, so Zendesk → Aircall works in talk mode.
import { statusKey } from '../../shared/sync/mapping';
import type { ObservedChange } from '../../shared/sync/types';
import {
  observationOf,
  type AccountStore,
  type AgentLink,
  type AgentStateStore,
  type AuditStore,
  type DirectoryStore,
  type ObservedStatus,
  type StatusModeStore,
  type StoredAccount,
} from '../store/port';
import type { ZendeskStatusPort } from '../zendesk/status-port';
import type { SyncDeps } from './deps';
import { directionFor } from './direction';
import { portFor, statusModeFor, statusModeOf, talkAdapterOff } from './status-mode';

/**
 * Talk availability reads per account per minute (one request per agent: §7 documents no bulk read whose envelope is
 * known; `agents_activity` lists its per-agent fields but not its answer's shape or paging). The Talk API allows
 * 15,000 per 5 minutes on top of the Support limit, which is 200/min on the smallest plan (§3): 100 leaves half of
 * that for writes and sweeps. Accounts with more linked agents are read in turns, a different slice each minute.
 */
export const TALK_READS_PER_MINUTE = 100;

export type TalkPollDeps = SyncDeps<AccountStore & AuditStore & StatusModeStore & DirectoryStore & AgentStateStore>;

export interface TalkPollResult {
  mode: 'unified' | 'talk';
  /** Agents read this minute. */
  read: number;
  /** Changed `agent_state`s recorded (and their agents queued). */
  changes: number;
  /** Set when the account is in talk mode but the `talkAgentState` setting is off: nothing read. */
  skipped?: 'talk_mode_off';
}

/**
 * One minute's poll of one account: nothing unless the account is in talk mode (as stored: detected at connect, by
 * the sweep and by the routing event), has the `talkAgentState` setting on, and syncs in some direction.
 */
export async function pollTalkAccount(deps: TalkPollDeps, account: StoredAccount): Promise<TalkPollResult> {
  const mode = statusModeOf(account);
  if (mode !== 'talk') return { mode, read: 0, changes: 0 };
  const inForce = await directionFor(deps, account, deps.now());
  if (talkAdapterOff(mode, inForce)) return { mode, read: 0, changes: 0, skipped: 'talk_mode_off' };
  if (inForce.direction === 'off') return { mode, read: 0, changes: 0 };
  const links = turn(await deps.store.listLinks(account.id), TALK_READS_PER_MINUTE, deps.now());
  if (links.length === 0) return { mode, read: 0, changes: 0 };
  const readAt = deps.now();
  const statuses = await portFor(deps, account, 'talk').readStatuses(links.map((l) => l.zendeskUserId));
  let changes = 0;
  for (const link of links) {
    const read = statuses.get(link.zendeskUserId);
    if (!read) continue;
    const stored = (await deps.store.getAgentState(account.id, link.email)).observed.zendesk;
    const version = talkReadingVersion(stored, !stored || statusKey('zendesk', stored.status) !== statusKey('zendesk', read.status));
    if (version === undefined) continue;
    const change: ObservedChange = { side: 'zendesk', agent: link.email, status: read.status, version, observedAt: readAt };
    // Recorded as a change (as a webhook's would be), only if still the newest: the version guard is the dedupe.
    if (!(await deps.store.recordObservation(account.id, link.email, 'zendesk', observationOf(change)))) continue;
    await deps.queue.enqueueAgentSync({ account: account.id, agent: link.email }, `talk-poll:${account.id}:${link.zendeskUserId}:${version}`);
    changes++;
  }
  return { mode, read: links.length, changes };
}

/**
 * The version of a Talk reading, whose answers carry none (§7): the next one after the stored observation when the
 * status differs from it, else none (nothing to record). Kept in the same counter as the unified `version`, so a
 * later switch back to routing is not ordered before it by a clock of another kind.
 */
export function talkReadingVersion(stored: ObservedStatus<'zendesk'> | undefined, differs: boolean): number | undefined {
  return differs ? (stored?.version ?? 0) + 1 : undefined;
}

/**
 * The sweep's port: the mode detected again now (`force`), Talk reads capped like a minute's poll. `undefined` in talk
 * mode with the `talkAgentState` setting off: the mode is still detected and stored, but nothing is read from Talk.
 */
export async function sweepStatusPort(
  deps: SyncDeps<AccountStore & AuditStore & StatusModeStore>,
  account: StoredAccount,
  links: readonly AgentLink[],
  inForce: { talkAgentState?: boolean },
): Promise<ZendeskStatusPort | undefined> {
  const mode = await statusModeFor(deps, account, { force: true, ...(links[0] && { sampleAgentId: links[0].zendeskUserId }) });
  if (talkAdapterOff(mode, inForce)) return undefined;
  return portFor(deps, account, mode, { talk: { maxReads: TALK_READS_PER_MINUTE } });
}

/** This minute's slice of at most `size` links, taking turns so that every agent is read within ⌈n / size⌉ minutes. */
export function turn<T>(items: readonly T[], size: number, now: number): T[] {
  if (items.length <= size) return [...items];
  const start = (Math.floor(now / 60_000) * size) % items.length;
  return Array.from({ length: size }, (_, i) => items[(start + i) % items.length] as T);
}
