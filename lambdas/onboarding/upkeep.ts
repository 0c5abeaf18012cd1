// What the reconcile sweep does for the connection itself (issue 12, "Keeping it running"): heal both webhooks, and
// disconnect an account whose app Zendesk has listed as uninstalled for 24 hours.
import type { StoredAccount } from '../store/port';
import type { SyncDeps } from '../sync/deps';
import type { AccountUpkeep } from '../sync/reconcile';
import { disconnectSide, type DisconnectDeps } from './disconnect';
import { repairWebhooks, type WebhookRepair } from './webhooks';

/** How long the app may be missing from Zendesk's installations before the account is disconnected. */
export const APP_GONE_DISCONNECT_MS = 24 * 3600_000;

export interface UpkeepResult {
  repairs: WebhookRepair[];
  /** Set when this sweep disconnected the account (its app gone for 24 hours): the sweep stops there. */
  disconnected?: true;
}

/**
 * Runs after the sweep has read the installations (`directionFor` with `force`, which sets `appMissingSince`).
 * An app gone for `APP_GONE_DISCONNECT_MS` disconnects both sides (once: a side with no credential is left alone);
 * otherwise both webhooks are checked and healed. Never throws.
 */
export async function keepConnected(deps: DisconnectDeps, account: StoredAccount, now: number): Promise<UpkeepResult> {
  const missingSince = account.directionSnapshot?.appMissingSince;
  if (missingSince !== undefined && now - missingSince >= APP_GONE_DISCONNECT_MS) {
    try {
      const [zendesk, aircall] = await Promise.all([deps.credentials.getZendeskCredential(account.id), deps.credentials.getAircallCredential(account.id)]);
      const reason = `app uninstalled since ${new Date(missingSince).toISOString()}`;
      // Aircall first: its webhook is deleted with the Aircall credential; Zendesk's revocation ends our access there.
      if (aircall) await disconnectSide(deps, account, 'aircall', now, { reason });
      if (zendesk) await disconnectSide(deps, account, 'zendesk', now, { reason });
      if (aircall || zendesk) deps.log.warn('account disconnected: the app is uninstalled in Zendesk', { account: account.id, since: missingSince });
    } catch (error) {
      deps.log.error('could not disconnect an account whose app is uninstalled', { account: account.id, error: (error as Error).message });
    }
    return { repairs: [], disconnected: true };
  }
  return { repairs: await repairWebhooks(deps, account, now) };
}

/**
 * The upkeep of the scheduled sweep (lambdas/handlers/reconcile.ts) for `reconcileAccount`'s `upkeep` option; none
 * without a credential store (nothing to heal or disconnect with).
 */
export function accountUpkeep(deps: SyncDeps): AccountUpkeep | undefined {
  const credentials = deps.credentials;
  if (!credentials) return undefined;
  return (account) => keepConnected({ ...deps, credentials }, account, deps.now());
}
