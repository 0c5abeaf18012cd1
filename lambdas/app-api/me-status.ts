// Use case: GET /api/me/status — the calling agent's link, both statuses, the rule in force and the last sync.
import type { MeStatusResponse, SideStatusView } from '../../shared/app-api';
import type { Side } from '../../shared/sync/types';
import type { AgentStateStore, AuditStore, DirectoryStore, StoredAccount } from '../store/port';
import type { SyncDeps } from '../sync/deps';
import type { SessionCaller } from '../sessions/require';
import { directionForView } from '../sync/direction-read';
import { connectionPause } from '../credentials/connection';
import { lastSyncView, otherSideChange, ruleView, sideStatusView, zendeskStatusModeView } from './views';
import { callViews } from './on-call';

/** Audit entries read to find the last sync: enough to pass over a burst of re-checks (echoes, duplicates). */
const TRAIL_LENGTH = 20;

/**
 * The caller's own status: the user of the session (Zendesk vouched for it: signedUrls or the admin's OAuth). Agents poll it every few seconds, so it reads DynamoDB only, apart from the direction's settings
 * read (at most one per account every 5 s, shared by every agent: see `directionInForce`).
 */
export async function meStatus(deps: SyncDeps<DirectoryStore & AgentStateStore & AuditStore>, caller: SessionCaller, now: number): Promise<MeStatusResponse> {
  const { account, userId } = caller;
  const [direction, link, paused] = await Promise.all([
    directionForView(deps, account, now),
    deps.store.getLinkByZendeskUser(account.id, userId),
    connectionPause(deps, account.id).catch(() => undefined),
  ]);
  // The top bar says so when the account's sync is paused (a connection needs a reconnect).
  // Issue 14 §3: without omnichannel routing, whether the Talk availability is synced (`talkAgentState`).
  const mode = zendeskStatusModeView(account, direction);
  if (!link)
    return {
      ...(await unlinked(deps, account, userId, direction)),
      ...(paused && { needsReconnect: true as const }),
      ...(mode && { zendeskStatusMode: mode }),
    };

  const [state, trail] = await Promise.all([
    deps.store.getAgentState(account.id, link.email),
    deps.store.listAudit(account.id, link.email, { now, limit: TRAIL_LENGTH }),
  ]);
  const statuses: Partial<Record<Side, SideStatusView>> = {};
  for (const side of ['aircall', 'zendesk'] as const) {
    const view = sideStatusView(side, state);
    if (view) statuses[side] = view;
  }
  const rule = ruleView(direction, account.mapping, statuses);
  const lastSync = lastSyncView(trail);
  const kept = otherSideChange(direction, account, deps.config.echoWindowMs, link.email, state);
  const calls = await callViews(deps, account, direction, link.email, now);
  return {
    account: account.id,
    direction,
    agent: {
      zendeskUserId: link.zendeskUserId,
      email: link.email,
      ...(link.zendeskName !== undefined && { name: link.zendeskName }),
      aircallUserId: link.aircallUserId,
    },
    linked: true,
    ...statuses,
    ...(rule && { rule }),
    ...(lastSync && { lastSync }),
    ...(kept && { otherSideChanged: kept }),
    ...(paused && { needsReconnect: true as const }),
    ...calls,
    ...(mode && { zendeskStatusMode: mode }),
  };
}

/** Why an agent without a link is not synced, from the last directory build. */
async function unlinked(
  deps: SyncDeps<DirectoryStore>,
  account: StoredAccount,
  zendeskUserId: string,
  direction: MeStatusResponse['direction'],
): Promise<MeStatusResponse> {
  const report = await deps.store.getDirectoryReport(account.id);
  const known = report?.unmatchedZendesk.find((u) => u.id === zendeskUserId);
  return {
    account: account.id,
    direction,
    agent: { zendeskUserId, ...(known?.email !== undefined && { email: known.email }), ...(known?.name !== undefined && { name: known.name }) },
    linked: false,
    // Listed as found in Zendesk only: no Aircall user has this email. Otherwise the directory has not seen the user
    // (added since the last build, or no email).
    unlinkedReason: known ? 'no_aircall_user' : 'not_in_directory',
  };
}
