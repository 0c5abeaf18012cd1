// Lambda: the scheduled reconcile sweep (every 5 minutes by default) over every account with sync on.
import { randomUUID } from 'node:crypto';
import { handlerMetrics, type HandlerMetrics } from '../observability';
import { lambdaRuntime, sqsSweepQueue, sweepClientFactory, type Runtime } from '../runtime';
import { credentialKeeperFromConfig } from '../credentials/from-config';
import { sweepPathStoreFromConfig } from '../store/from-config';
import { sessionRevokerFromConfig } from '../sessions/dynamo';
import { reconcileAccount, type ReconcileResult } from '../sync/reconcile';
import { pollTalkAccount, type TalkPollResult } from '../sync/talk-poll';
import { accountUpkeep } from '../onboarding/upkeep';
import { withOAuthClients } from '../secrets/oauth-clients';

/** How many accounts one sweep works on at once. */
export const RECONCILE_CONCURRENCY = 4;

/** Runs `work` over `items`, at most `limit` at a time. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/**
 * Sweeps every account (or `accountId`). `read: false` only re-queues what is stored but not yet synced, with no
 * API calls (used when a local stack restarts).
 */
export function reconcileHandler(rt: () => Runtime, metrics: HandlerMetrics = handlerMetrics()) {
  return async (input?: { accountId?: string; read?: boolean }): Promise<Record<string, ReconcileResult | { error: string }>> => {
    const { deps } = rt();
    const runId = randomUUID();
    // Every account: whether sync is on is the app's setting, which each sweep reads first (reconcileAccount).
    const accounts = (await deps.store.listAccounts()).filter((a) => !input?.accountId || a.id === input.accountId);
    const results: Record<string, ReconcileResult | { error: string }> = {};
    // Account upkeep (webhooks healed, an app gone for a day disconnected) belongs to this scheduled sweep only: once
    // per account per sweep, after its installations are read; the worker's sweeps of a new direction leave it out.
    const upkeep = accountUpkeep(deps);
    // Accounts are swept independently, a few at a time: one slow or failing account cannot starve the others.
    await eachLimited(accounts, RECONCILE_CONCURRENCY, async (account) => {
      try {
        const result = await reconcileAccount(deps, account, {
          runId,
          read: input?.read !== false,
          periodMs: deps.config.reconcilePeriodMs,
          ...(upkeep && { upkeep }),
        });
        metrics.count('ReconcileQueued', result.queued);
        metrics.count('ReconcileDeferred', result.deferred);
        metrics.count('ReconcileMissedChanges', result.missedChanges);
        results[account.id] = result;
      } catch (error) {
        deps.log.error('reconcile failed', { account: account.id, error: (error as Error).message });
        metrics.count('JobFailed', 1, { job: 'reconcile' });
        results[account.id] = { error: (error as Error).message };
      }
    });
    metrics.flush();
    return results;
  };
}

/**
 * The Talk poll (issue 14 §3, lambdas/sync/talk-poll.ts): every minute, each account without omnichannel routing has
 * its agents' Talk availability read and changes recorded. Same function as the sweep, told apart by its input.
 */
export function talkPollHandler(rt: () => Runtime, metrics: HandlerMetrics = handlerMetrics()) {
  return async (input?: { accountId?: string }): Promise<Record<string, TalkPollResult | { error: string }>> => {
    const { deps } = rt();
    const accounts = (await deps.store.listAccounts()).filter((a) => !input?.accountId || a.id === input.accountId);
    const results: Record<string, TalkPollResult | { error: string }> = {};
    await eachLimited(accounts, RECONCILE_CONCURRENCY, async (account) => {
      try {
        results[account.id] = await pollTalkAccount(deps, account);
      } catch (error) {
        deps.log.error('talk poll failed', { account: account.id, error: (error as Error).message });
        metrics.count('JobFailed', 1, { job: 'talk_poll' });
        results[account.id] = { error: (error as Error).message };
      }
    });
    metrics.flush();
    return results;
  };
}

const runtime = lambdaRuntime({
  store: sweepPathStoreFromConfig,
  queue: sqsSweepQueue,
  clients: sweepClientFactory,
  sessions: sessionRevokerFromConfig,
  credentials: credentialKeeperFromConfig,
});
const sweep = reconcileHandler(runtime);
const poll = talkPollHandler(runtime);

// Our OAuth clients come from Secrets Manager in AWS, before the first invocation reads the configuration. The
// minute rule's input is `{"poll": "talk"}` (infra); the 5-minute rule sends none.
export const handler = withOAuthClients(async (input?: { accountId?: string; read?: boolean; poll?: 'talk' }) =>
  input?.poll === 'talk' ? poll(input) : sweep(input),
);
