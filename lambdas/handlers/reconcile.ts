// Lambda: the scheduled reconcile sweep (every 5 minutes by default) over every account with sync on.
import { randomUUID } from 'node:crypto';
import { runtime, type Runtime } from '../runtime';
import { reconcileAccount, type ReconcileResult } from '../sync/reconcile';

/**
 * Sweeps every account (or `accountId`). `read: false` only re-queues what is stored but not yet synced, with no
 * API calls (used when a local stack restarts).
 */
export function reconcileHandler(rt: () => Runtime) {
  return async (input?: { accountId?: string; read?: boolean }): Promise<Record<string, ReconcileResult | { error: string }>> => {
    const { deps } = rt();
    const runId = randomUUID();
    const accounts = (await deps.store.listAccounts()).filter((a) => a.direction !== 'off' && (!input?.accountId || a.id === input.accountId));
    const results: Record<string, ReconcileResult | { error: string }> = {};
    for (const account of accounts) {
      try {
        results[account.id] = await reconcileAccount(deps, account, { runId, read: input?.read !== false });
      } catch (error) {
        deps.log.error('reconcile failed', { account: account.id, error: (error as Error).message });
        results[account.id] = { error: (error as Error).message };
      }
    }
    return results;
  };
}

export const handler = reconcileHandler(runtime);
