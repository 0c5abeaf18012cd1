// Use case: GET /api/admin/overview — the account's health, the agents not matched, the latest audit entries.
import type { AdminOverviewResponse } from '../../shared/app-api';
import type { AgentStateStore, AuditStore, DirectoryStore, HealthStore, RateBucketStore, StoredAccount } from '../store/port';
import { aircallConnection, zendeskConnection } from '../oauth/console-view';
import type { SyncDeps } from '../sync/deps';
import { apiShapesView } from './api-shapes-view';
import type { SessionCaller } from '../sessions/require';
import { directionForView } from '../sync/direction-read';
import { aircallCompanyKey } from '../aircall/company';
import { auditView, otherSideChange } from './views';
import type { WebhookChecks } from './webhooks';

const AUDIT_ENTRIES = 50;

/**
 * The admin view, for an admin session only (its role re-confirmed with Zendesk at most every 5 minutes by
 * `requireSession`). Holds no secret: audit details are redacted when written.
 */
export async function adminOverview(
  deps: SyncDeps<DirectoryStore & AgentStateStore & AuditStore & HealthStore & RateBucketStore>,
  caller: SessionCaller,
  services: { webhooks: WebhookChecks },
  now: number,
): Promise<AdminOverviewResponse> {
  const { account } = caller;

  const perMinute = account.aircall.rateLimitPerMinute;
  const [direction, health, level, report, audit] = await Promise.all([
    directionForView(deps, account, now),
    deps.store.getHealth(account.id),
    deps.store.bucketLevel(aircallCompanyKey(account), perMinute, now),
    deps.store.getDirectoryReport(account.id),
    deps.store.listAccountAudit(account.id, { now, limit: AUDIT_ENTRIES }).catch((error: Error) => {
      // E.g. a local table created before the audit index existed: the rest of the page is still worth showing.
      deps.log.warn('could not read the account audit trail', { account: account.id, error: error.message });
      return [];
    }),
  ]);
  const [webhooks, linkedCount, apiShapes, otherSideChangedCount, connection] = await Promise.all([
    services.webhooks.check(deps, account, level.tokens < level.capacity / 2, now),
    report?.linkedCount ?? deps.store.listLinks(account.id).then((links) => links.length),
    apiShapesView(deps, account.id),
    deps.store
      .listAgentStates(account.id)
      .then((states) => states.filter(({ email, state }) => otherSideChange(direction, account, deps.config.echoWindowMs, email, state)).length),
    connectionView(deps, account),
  ]);
  return {
    account: account.id,
    direction,
    health: {
      lastEventAt: health.lastEventAt,
      webhooks,
      budget: { used: Math.max(0, Math.round(level.capacity - level.tokens)), capacity: level.capacity, perMinute },
    },
    linkedCount,
    otherSideChangedCount,
    unmatched: {
      aircall: report?.unmatchedAircall ?? [],
      zendesk: report?.unmatchedZendesk ?? [],
      ...(report && { builtAt: report.builtAt }),
      ...(report?.truncated && { truncated: true }),
    },
    audit: audit.map(auditView),
    ...(apiShapes && { apiShapes }),
    ...(connection && { connection }),
  };
}

/** Each side's connection as the console shows it (never a secret); `undefined` when it cannot be read. */
async function connectionView(deps: Pick<SyncDeps<object>, 'credentials' | 'log'>, account: StoredAccount): Promise<AdminOverviewResponse['connection']> {
  if (!deps.credentials) return undefined;
  try {
    const [zendesk, aircall] = await Promise.all([deps.credentials.getZendeskCredential(account.id), deps.credentials.getAircallCredential(account.id)]);
    return { zendesk: zendeskConnection(account, zendesk), aircall: aircallConnection(aircall) };
  } catch (error) {
    deps.log.warn('could not read the account connections', { account: account.id, error: (error as Error).message });
    return undefined;
  }
}
