// The audit entry of a connect, the same for every way a side gets connected. A failed audit never undoes a connect.
import { ACCOUNT_WIDE, type AuditStore } from '../store/port';
import type { Log, SyncDeps } from '../sync/deps';

/** How a side was connected, as the audit log names it. */
export type ConnectReason = 'zendesk_oauth' | 'aircall_install' | 'aircall_api_key' | 'aircall_oauth';

/** Records on the account's trail that `side` was connected (`reason`), by the Zendesk user `grantor` when known. */
export async function auditConnect(
  deps: SyncDeps<AuditStore> & { log: Log },
  account: string,
  side: 'zendesk' | 'aircall',
  reason: ConnectReason,
  grantor: string | undefined,
  now: number,
): Promise<void> {
  await deps.store
    .appendAudit(account, ACCOUNT_WIDE, { kind: 'connection', decision: 'connected', reason, detail: { side, ...(grantor && { grantor }) } }, now)
    .catch((error: Error) => deps.log.warn('could not audit a connect', { account, error: error.message }));
}
