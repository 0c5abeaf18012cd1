// GET /api/admin/console: everything the admin console shows (shared/console.ts `ConsoleResponse`). Holds no secret:
// credentials are summarised (kind, grantor, scopes, expiry), never returned.
import type { AircallConnectionView, ConnectionState, ConsoleResponse, ZendeskConnectionView } from '../../shared/console';
import { callStatusView } from '../../shared/sync/call-hold';
import { aircallCompanyKey } from '../aircall/company';
import { apiShapesView } from '../app-api/api-shapes-view';
import { auditView, otherSideChange } from '../app-api/views';
import type { AircallCredential, ZendeskCredential } from '../credentials/port';
import { webhookHealth } from '../onboarding/webhooks';
import { cappedClients } from '../security/browser-cap';
import type { SessionCaller } from '../sessions/require';
import type { StoredAccount } from '../store/port';
import { directionForView } from '../sync/direction-read';
import type { Onboarding } from './deps';
import { stepViews, isConnected } from './steps';

const AUDIT_ENTRIES = 50;
const LINKED_LISTED = 200;

export async function consoleView(ob: Onboarding, caller: SessionCaller, now: number): Promise<ConsoleResponse> {
  const { deps } = ob;
  const account = caller.account;
  const perMinute = account.aircall.rateLimitPerMinute;
  const [zendesk, aircall, steps, direction, links, report, level, audit, apiShapes] = await Promise.all([
    deps.credentials.getZendeskCredential(account.id),
    deps.credentials.getAircallCredential(account.id),
    ob.store.getSteps(account.id),
    directionForView(deps, account, now),
    deps.store.listLinks(account.id),
    deps.store.getDirectoryReport(account.id),
    deps.store.bucketLevel(aircallCompanyKey(account), perMinute, now),
    deps.store.listAccountAudit(account.id, { now, limit: AUDIT_ENTRIES }).catch((error: Error) => {
      deps.log.warn('could not read the account audit trail', { account: account.id, error: error.message });
      return [];
    }),
    apiShapesView(deps, account.id),
  ]);
  const connected = { zendesk: isConnected(zendesk), aircall: isConnected(aircall) };
  // As the admin overview counts them: linked agents who changed the target side themselves since the last source change.
  const otherSideChangedCount = await deps.store
    .listAgentStates(account.id)
    .then((states) => states.filter(({ email, state }) => otherSideChange(direction, account, deps.config.echoWindowMs, email, state)).length);
  // Checked live with each provider (lambdas/onboarding/webhooks.ts); a low Aircall budget is kept for the sync.
  // The console polls this route: its provider calls count against the account's browser cap (security/browser-cap.ts),
  // and a capped check shows as the webhook's error. Onboarding steps are not capped: each needs a fresh admin action.
  const webhooks = await webhookHealth({ ...deps, clients: cappedClients(deps) }, account, now, { aircallBudgetLow: level.tokens < level.capacity / 2 });
  const sorted = [...links].sort((a, b) => a.email.localeCompare(b.email));
  return {
    account: { id: account.id, subdomain: account.zendesk.subdomain },
    admin: { userId: caller.userId, ...(caller.name && { name: caller.name }), ...(caller.email && { email: caller.email }) },
    sessionExpiresAt: caller.expiresAt,
    connections: { zendesk: zendeskConnection(account, zendesk), aircall: aircallConnection(aircall) },
    aircallConnectModes: { oauth: deps.config.aircallOAuth !== undefined && deps.config.publicUrl !== undefined, paste: true },
    webhooks,
    steps: stepViews(steps, connected),
    direction,
    agents: {
      linkedCount: report?.linkedCount ?? links.length,
      linked: sorted.slice(0, LINKED_LISTED).map((l) => ({
        email: l.email,
        aircallUserId: l.aircallUserId,
        zendeskUserId: l.zendeskUserId,
        ...((l.zendeskName ?? l.aircallName) !== undefined && { name: l.zendeskName ?? l.aircallName }),
      })),
      ...(sorted.length > LINKED_LISTED && { linkedTruncated: true }),
      unmatched: {
        aircall: report?.unmatchedAircall ?? [],
        zendesk: report?.unmatchedZendesk ?? [],
        ...(report && { builtAt: report.builtAt }),
        ...(report?.truncated && { truncated: true }),
      },
    },
    budget: { used: Math.max(0, Math.round(level.capacity - level.tokens)), capacity: level.capacity, perMinute },
    otherSideChangedCount,
    audit: audit.map(auditView),
    ...(apiShapes && { apiShapes }),
    // Issue 14 §3: the stored mode (connect, sweeps, routing event); `unified` until first detected.
    zendeskStatusMode: account.statusMode
      ? { mode: account.statusMode.mode, source: account.statusMode.source, since: account.statusMode.since, checkedAt: account.statusMode.checkedAt }
      : { mode: 'unified', source: 'default' },
    ...withCallStatus(direction, account),
  };
}

/** Call-aware status (issue 14 §1): the setting as applied, judged against the cached statuses (pure, no API). */
function withCallStatus(direction: ConsoleResponse['direction'], account: StoredAccount): Pick<ConsoleResponse, 'callStatus'> {
  const callStatus = callStatusView(direction.callStatus, direction.direction, account.statusCatalog);
  return callStatus ? { callStatus } : {};
}

function stateOf(credential: { needsReconnect?: unknown } | undefined): ConnectionState {
  if (!credential) return 'disconnected';
  return credential.needsReconnect ? 'needs_reconnect' : 'connected';
}

type NeedsReconnect = { since: number; reason: string };
const needsReconnectOf = (credential: object): { needsReconnect?: NeedsReconnect } => {
  const value = (credential as { needsReconnect?: NeedsReconnect }).needsReconnect;
  return value ? { needsReconnect: { since: value.since, reason: value.reason } } : {};
};

export function zendeskConnection(account: StoredAccount, credential: ZendeskCredential | undefined): ZendeskConnectionView {
  const base = { state: stateOf(credential), subdomain: account.zendesk.subdomain };
  if (!credential) return { ...base, scopes: [] };
  const view: ZendeskConnectionView = {
    ...base,
    kind: credential.kind,
    scopes: 'scopes' in credential ? [...credential.scopes] : [],
    grantedAt: credential.grantedAt,
    ...needsReconnectOf(credential),
  };
  if (credential.kind === 'oauth') {
    if (credential.grantor) view.grantor = { ...credential.grantor };
    if (credential.expiresAt !== undefined) view.tokenExpiresAt = credential.expiresAt;
    if (credential.refreshExpiresAt !== undefined) view.refreshTokenExpiresAt = credential.refreshExpiresAt;
  } else if (credential.kind === 'client_credentials' && credential.expiresAt !== undefined) view.tokenExpiresAt = credential.expiresAt;
  return view;
}

export function aircallConnection(credential: AircallCredential | undefined): AircallConnectionView {
  if (!credential) return { state: 'disconnected' };
  return {
    state: stateOf(credential),
    kind: credential.kind,
    grantedAt: credential.grantedAt,
    ...(credential.grantor && { grantor: { ...credential.grantor } }),
    ...needsReconnectOf(credential),
  };
}
