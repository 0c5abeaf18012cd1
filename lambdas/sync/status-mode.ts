// The account's Zendesk status mode in force (issue 14 §3), and the status port that matches it: the one place that
// decides which Zendesk API reads and writes an agent's status. Detected at connect, on every sweep (`force`), and
// from the `omnichannel_routing_feature_changed` event; cached on the account like the direction snapshot.
import { ApiError } from '../http/errors';
import { ShapesExhaustedError } from '../store/api-shape-memory';
import type { AccountStore, AuditStore, StatusModeSnapshot, StatusModeStore, StoredAccount } from '../store/port';
import { decideStatusMode, readStatusModeSignals, type ZendeskStatusMode } from '../zendesk/status-mode';
import { talkStatusPort, unifiedStatusPort, type TalkPortOptions, type ZendeskStatusPort } from '../zendesk/status-port';
import { statusCatalog } from './catalog';
import type { SyncDeps } from './deps';
import { SyncError } from './errors';
import { adoptStatusMode, DEFAULT_STATUS_MODE } from './status-mode-adopt';

export { applyRoutingEvent, DEFAULT_STATUS_MODE } from './status-mode-adopt';

type ModeDeps = SyncDeps<AccountStore & AuditStore & StatusModeStore>;

/**
 * Whether the account's mode leaves Zendesk unsynced (issue 14 §3): without omnichannel routing the Talk adapter is
 * used only with the opt-in `talkAgentState` setting on. Unified accounts are synced whatever the setting says.
 */
export function talkAdapterOff(mode: ZendeskStatusMode, inForce: { talkAgentState?: boolean }): boolean {
  return mode === 'talk' && inForce.talkAgentState !== true;
}

/** A Zendesk write refused before any request: the account has no omnichannel routing and `talkAgentState` is off. */
export class TalkModeOffError extends SyncError {
  override name = 'TalkModeOffError';
  constructor() {
    super('this account has no omnichannel routing and the talkAgentState setting is off: the Talk availability is not written');
  }
}

/** The mode in force for display (console): the stored one, else the default. */
export function statusModeOf(account: StoredAccount): ZendeskStatusMode {
  return account.statusMode?.mode ?? DEFAULT_STATUS_MODE;
}

/**
 * The mode `account` uses. Without `force` it is the cached one (no Zendesk read per message), detected once when the
 * account has none yet; with `force` (the sweep, the connect) Zendesk is read again. `sampleAgentId` is one linked
 * agent whose availability answer shows whether `agent_status` is returned.
 */
export async function statusModeFor(
  deps: ModeDeps,
  account: StoredAccount,
  options: { force?: boolean; sampleAgentId?: string } = {},
): Promise<ZendeskStatusMode> {
  if (!options.force && account.statusMode) return account.statusMode.mode;
  const now = deps.now();
  const { signals, failures } = await readStatusModeSignals(deps.clients.zendesk(account), options.sampleAgentId);
  if (failures.length > 0) deps.log.warn('could not read every status-mode signal from Zendesk', { account: account.id, failures });
  const decided = decideStatusMode(signals);
  const previous = account.statusMode;
  // Nothing said: the known mode stays (nothing stored); an account never detected keeps the default, stored once.
  if (!decided && previous) return previous.mode;
  const next: StatusModeSnapshot = decided
    ? { ...decided, checkedAt: now, since: previous?.mode === decided.mode ? previous.since : now }
    : { mode: DEFAULT_STATUS_MODE, source: 'default', checkedAt: now, since: now };
  return (await adoptStatusMode(deps, account, next)).mode;
}

/** The most Talk availabilities one read of many agents costs (one request each): see lambdas/sync/talk-poll.ts. */
export interface PortOptions {
  talk?: TalkPortOptions;
}

/** The status port of `account`'s mode in force (cached; detected once if never). */
export async function zendeskStatusPort(
  deps: ModeDeps,
  account: StoredAccount,
  options: PortOptions & { sampleAgentId?: string } = {},
): Promise<ZendeskStatusPort> {
  const mode = await statusModeFor(deps, account, { ...(options.sampleAgentId !== undefined && { sampleAgentId: options.sampleAgentId }) });
  return portFor(deps, account, mode, options);
}

export function portFor(deps: SyncDeps<AccountStore>, account: StoredAccount, mode: ZendeskStatusMode, options: PortOptions = {}): ZendeskStatusPort {
  const client = deps.clients.zendesk(account);
  return mode === 'talk' ? talkStatusPort(client, options.talk) : unifiedStatusPort(client, (o) => statusCatalog(deps, account, o));
}

/**
 * Answers that a write through the wrong mode's API may get. §7 documents 400 for a Talk `agent_state` write under
 * routing; what the unified status PUT answers without routing is UNCONFIRMED (§6.2 lists no error codes), so every
 * refusal but 401 and 429 has the mode read again; an unchanged mode rethrows the refusal as it was.
 */
const MODE_REFUSALS = new Set([400, 403, 404, 409, 422]);

/** A refusal of the write itself; the unified PUT's 400s come back as both body shapes refused (api-shapes.ts). */
function isModeRefusal(error: unknown): boolean {
  return error instanceof ShapesExhaustedError || (error instanceof ApiError && MODE_REFUSALS.has(error.status ?? 0));
}

/**
 * The one Zendesk status write (the worker's, and the call-aware hold's): through the port of the mode in force.
 * A refusal that a mode change may explain (`MODE_REFUSALS`: e.g. Talk `agent_state` refused 400 because routing
 * was just switched on, §7) has the mode detected again, and the write sent once more through the new mode's API.
 * In talk mode with `talkAgentState` off, nothing is sent: `TalkModeOffError`.
 */
export async function writeZendeskStatus(
  deps: ModeDeps,
  account: StoredAccount,
  agentId: string,
  key: string,
  inForce: { talkAgentState?: boolean },
): Promise<void> {
  const port = await zendeskStatusPort(deps, account, { sampleAgentId: agentId });
  if (talkAdapterOff(port.mode, inForce)) throw new TalkModeOffError();
  try {
    await port.writeStatus(agentId, key);
  } catch (error) {
    if (!isModeRefusal(error)) throw error;
    const mode = await statusModeFor(deps, account, { force: true, sampleAgentId: agentId });
    if (mode === port.mode) throw error;
    if (talkAdapterOff(mode, inForce)) throw new TalkModeOffError();
    deps.log.info('the Zendesk status mode changed under a write: sent again through the new API', { account: account.id, mode });
    await portFor(deps, account, mode).writeStatus(agentId, key);
  }
}
