// Use case: build the account's email-keyed agent links from both directories, and report who is unmatched.
import { matchDirectory } from '../../shared/sync/directory';
import { ACCOUNT_WIDE, type AgentLink, type AuditStore, type DirectoryReport, type DirectoryStore, type StoredAccount } from '../store/port';
import type { SyncDeps } from './deps';
import { RetryLaterError } from './errors';
import { forgetLinks } from './link-cache';

/** At most one refresh per account per this interval on Aircall user.created / user.deleted (a storm costs one). */
export const DIRECTORY_REFRESH_INTERVAL_MS = 60_000;

// Keeps the report item well under DynamoDB's 400 KB item limit.
const MAX_UNMATCHED_LISTED = 500;

export interface DirectoryResult {
  linked: number;
  removed: number;
  unmatchedAircall: number;
  unmatchedZendesk: number;
}

/**
 * Lists Aircall users and Zendesk agents and admins, links them by lower-cased email, removes links whose agent
 * left either side, and stores the unmatched users for reporting.
 */
export async function refreshDirectory(deps: SyncDeps<DirectoryStore & AuditStore>, account: StoredAccount): Promise<DirectoryResult> {
  const [aircallUsers, zendeskUsers, existing] = await Promise.all([
    deps.clients.aircall(account).listUsers(),
    deps.clients.zendesk(account).listAgents(),
    deps.store.listLinks(account.id),
  ]);
  const match = matchDirectory(
    aircallUsers.map((u) => ({ id: String(u.id), email: u.email, name: u.name })),
    zendeskUsers.map((u) => ({ id: u.id, email: u.email, name: u.name })),
  );
  const now = deps.now();
  const links: AgentLink[] = match.links.map((m) => ({
    email: m.email,
    aircallUserId: m.aircall.id,
    zendeskUserId: m.zendesk.id,
    ...(m.aircall.name !== undefined && { aircallName: m.aircall.name }),
    ...(m.zendesk.name !== undefined && { zendeskName: m.zendesk.name }),
  }));
  await deps.store.putLinks(account.id, links, now);
  const kept = new Set(links.map((l) => l.email));
  const gone = existing.filter((l) => !kept.has(l.email));
  for (const link of gone) await deps.store.deleteLink(account.id, link.email);
  forgetLinks(deps.store, account.id); // this process's cached links (link-cache.ts)

  const truncated = match.unmatchedAircall.length > MAX_UNMATCHED_LISTED || match.unmatchedZendesk.length > MAX_UNMATCHED_LISTED;
  const report: DirectoryReport = {
    builtAt: now,
    unmatchedAircall: match.unmatchedAircall.slice(0, MAX_UNMATCHED_LISTED),
    unmatchedZendesk: match.unmatchedZendesk.slice(0, MAX_UNMATCHED_LISTED),
    linkedCount: links.length,
    ...(truncated && { truncated }),
  };
  await deps.store.putDirectoryReport(account.id, report);
  const result = {
    linked: links.length,
    removed: gone.length,
    unmatchedAircall: match.unmatchedAircall.length,
    unmatchedZendesk: match.unmatchedZendesk.length,
  };
  await deps.store.appendAudit(account.id, ACCOUNT_WIDE, { kind: 'directory', detail: result }, now);
  return result;
}

/**
 * The worker's refresh of a queued request: at most one per `DIRECTORY_REFRESH_INTERVAL_MS` per account, across
 * processes. Starting it clears the pending request, so a change that arrives meanwhile asks for the next one; a
 * request that comes too soon throws `RetryLaterError` and comes back when the interval is over.
 */
export async function refreshDirectoryWhenDue(deps: SyncDeps<DirectoryStore & AuditStore>, account: StoredAccount): Promise<DirectoryResult> {
  const start = await deps.store.startDirectoryRefresh(account.id, deps.now(), DIRECTORY_REFRESH_INTERVAL_MS);
  if (!start.ok) throw new RetryLaterError(`directory refresh of account ${account.id} is scheduled for later`, start.retryAfterMs);
  return refreshDirectory(deps, account);
}
