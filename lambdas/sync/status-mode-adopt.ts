// Storing and auditing the account's Zendesk status mode (issue 14 §3), apart from its detection (status-mode.ts): a
// leaf module, so the Zendesk webhook's routing event bundles no Zendesk client.
import { ACCOUNT_WIDE, type AccountStore, type AuditStore, type StatusModeSnapshot, type StatusModeStore, type StoredAccount } from '../store/port';
import type { ZendeskStatusMode } from '../zendesk/status-mode';
import type { SyncDeps } from './deps';

type ModeDeps = SyncDeps<AccountStore & AuditStore & StatusModeStore>;

/** The mode before anything was detected: what the backend always used. */
export const DEFAULT_STATUS_MODE: ZendeskStatusMode = 'unified';

/** The routing event (§9.2): `current_value` true is routing on (`unified`), false off (`talk`). */
export async function applyRoutingEvent(deps: ModeDeps, account: StoredAccount, routingOn: boolean, at: number): Promise<StatusModeSnapshot> {
  const mode: ZendeskStatusMode = routingOn ? 'unified' : 'talk';
  const previous = account.statusMode;
  return adoptStatusMode(deps, account, { mode, source: 'webhook', checkedAt: at, since: previous?.mode === mode ? previous.since : at });
}

/**
 * Stores a detected mode unless a newer detection is stored, and audits a change of mode on the account-wide trail
 * (kind `settings`, decision `status_mode`), once: by the process whose write replaced the old mode.
 */
export async function adoptStatusMode(deps: ModeDeps, account: StoredAccount, next: StatusModeSnapshot): Promise<StatusModeSnapshot> {
  const put = await deps.store.putStatusMode(account.id, next).catch((error: Error) => {
    deps.log.warn('could not store the Zendesk status mode', { account: account.id, error: error.message });
    return undefined;
  });
  if (put?.stored === false) {
    const stored = (await deps.store.getAccount(account.id).catch(() => undefined))?.statusMode;
    if (stored) {
      account.statusMode = stored;
      return stored;
    }
  }
  const before = put?.stored ? put.previous : account.statusMode;
  account.statusMode = next;
  const from = before?.mode ?? DEFAULT_STATUS_MODE;
  if (from !== next.mode) {
    const message =
      next.mode === 'talk'
        ? 'omnichannel routing is off: Zendesk statuses are now read and written as the Talk agent_state'
        : 'omnichannel routing is on: Zendesk statuses are now read and written as the unified agent status';
    await deps.store
      .appendAudit(
        account.id,
        ACCOUNT_WIDE,
        { kind: 'settings', decision: 'status_mode', reason: next.source, detail: { message, from, to: next.mode } },
        deps.now(),
      )
      .catch((error: Error) => deps.log.warn('could not audit the status mode change', { account: account.id, error: error.message }));
  }
  return next;
}
