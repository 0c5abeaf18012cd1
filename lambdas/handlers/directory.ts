// Lambda: scheduled directory refresh of every account (Aircall user.created / user.deleted also queue one).
import { handlerMetrics, type HandlerMetrics } from '../observability';
import { clientFactory, lambdaRuntime, noQueue, noSessions, type Runtime } from '../runtime';
import { credentialStoreFromConfig } from '../credentials/from-config';
import { storeFromConfig } from '../store/from-config';
import { refreshDirectory, type DirectoryResult } from '../sync/directory';
import { withOAuthClients } from '../secrets/oauth-clients';

/** Refreshes every account, or only `accountId` when the schedule's input names one. One failure does not stop the rest. */
export function directoryHandler(rt: () => Runtime, metrics: HandlerMetrics = handlerMetrics()) {
  return async (input?: { accountId?: string }): Promise<Record<string, DirectoryResult | { error: string }>> => {
    const { deps } = rt();
    const accounts = (await deps.store.listAccounts()).filter((a) => !input?.accountId || a.id === input.accountId);
    const results: Record<string, DirectoryResult | { error: string }> = {};
    for (const account of accounts) {
      try {
        results[account.id] = await refreshDirectory(deps, account);
      } catch (error) {
        // Paused until an admin connects again (lambdas/credentials/connection.ts): not a failure of the job.
        if ((error as Error).name === 'NeedsReconnectError') {
          deps.log.warn('directory refresh skipped: a connection needs a reconnect', { account: account.id });
          results[account.id] = { error: (error as Error).message };
          continue;
        }
        deps.log.error('directory refresh failed', { account: account.id, error: (error as Error).message });
        metrics.count('JobFailed', 1, { job: 'directory' });
        results[account.id] = { error: (error as Error).message };
      }
    }
    metrics.flush();
    return results;
  };
}

// Our OAuth clients come from Secrets Manager in AWS, before the first invocation reads the configuration.
export const handler = withOAuthClients(
  directoryHandler(
    lambdaRuntime({ store: storeFromConfig, queue: noQueue, clients: clientFactory, sessions: noSessions, credentials: credentialStoreFromConfig }),
  ),
);
