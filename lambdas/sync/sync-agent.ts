// Use case: bring one agent to the state the mapping requires (the worker's job for one queue message).
import { settleDelay } from '../../shared/sync/settle';
import type { Decision, Side } from '../../shared/sync/types';
import type { AircallAvailabilityStatus } from '../../shared/aircall/vocabulary';
import { aircallCompanyKey } from '../aircall/rate-budget';
import { asDecidedWrite, timeLeftMs } from '../http/deadline';
import { ApiError, RateLimitedError } from '../http/errors';
import type { AgentSyncMessage } from '../queue/port';
import type {
  AccountStore,
  AgentLink,
  AgentState,
  AgentStateStore,
  AuditInput,
  AuditStore,
  DirectoryStore,
  RateBucketStore,
  StatusModeStore,
  StoredAccount,
} from '../store/port';
import type { AccountCache } from './accounts';
import { syncSettings } from '../../shared/sync/direction';
import { directionFor } from './direction';
import { decideForAgent } from './source-change';
import { writeZendeskStatus } from './status-mode';
import type { DirectionInForce } from '../../shared/app-api';
import type { SyncDeps } from './deps';
import { callHoldStep } from './call-hold';
import { RetryLaterError, SyncError } from './errors';
import { cachedConnectionPause, forgetPauseCheck } from '../credentials/connection';
import { linkByEmail } from './link-cache';

export type SyncAgentResult =
  | { result: 'decided'; decision: Decision }
  | { result: 'write_failed'; decision: Decision; error: string }
  | { result: 'skipped'; reason: 'unknown_account' | 'nothing_observed' | 'needs_reconnect' | 'on_call' | 'talk_mode_off' };

/** How much of the invocation's remaining time the worker keeps for a write and its bookkeeping after a wait. */
export const DEADLINE_MARGIN_MS = 3_000;

/**
 * Syncs one agent. Reads what is known, lets the core decide, and writes at most once. A flapping agent (or any
 * agent while the Aircall budget is low) is held until it has been quiet for a while, re-reading its newest status,
 * so a storm of flips costs one write; an Aircall write is also held until the budget has a token, so what it writes
 * is decided when it can go out. No hold goes past `maxHoldMs` nor the invocation's deadline less a margin
 * (`withDeadline`). Throws `RetryLaterError` when the work must come back later (rate limit, 5xx, still flapping,
 * `notBefore` not reached); permanent failures are audited and not retried.
 */
export async function syncAgent(
  deps: SyncDeps<AccountStore & DirectoryStore & AgentStateStore & AuditStore & RateBucketStore & StatusModeStore>,
  accounts: AccountCache,
  message: AgentSyncMessage,
): Promise<SyncAgentResult> {
  if (message.notBefore !== undefined && message.notBefore - deps.now() > NOT_BEFORE_SLACK_MS) {
    throw new RetryLaterError(`sync of ${message.agent} is scheduled for later`, message.notBefore - deps.now());
  }
  const account = await accounts.get(message.account, deps.now());
  if (!account) {
    deps.log.warn('sync message for an unknown account dropped', { account: message.account });
    return { result: 'skipped', reason: 'unknown_account' };
  }
  // A side that needs a reconnect pauses the account: the change stays recorded (its webhook stored it) and the sweep
  // after the reconnect syncs it (onReconnected); nothing is read from or written to either side meanwhile.
  const paused = await cachedConnectionPause(deps, account.id, deps.now());
  if (paused) {
    await audit(deps, account, message.agent, {
      kind: 'decision',
      decision: 'skip',
      reason: 'needs_reconnect',
      detail: { side: paused.side, since: paused.since },
    });
    return { result: 'skipped', reason: 'needs_reconnect' };
  }
  // The direction in force from the app's settings: the stored snapshot while fresh, so no Zendesk read per message.
  const direction = await directionFor(deps, account, deps.now());
  const inForce = syncSettings(direction, account.mapping, deps.config.echoWindowMs);
  // Call-aware status (issue 14 §1, call-hold.ts): holds Zendesk during a call, acts on a hold's end; nothing while off.
  const onCall = (await callHoldStep(deps, account, message.agent, direction)) === 'held';
  // Only the sweep's initial-sync message may do the period's initial sync: a change-triggered run could otherwise
  // write over the very change of a person that triggered it.
  const { period, ...changesOnly } = inForce;
  const settings = message.initial ? inForce : changesOnly;
  const heldSince = deps.now();
  let failedWrites = 0;
  for (;;) {
    // One round trip (issue 15): the state (a read; the outcome write marks the change taken, record.ts), and the link
    // from this process's cache.
    const [state, link] = await Promise.all([deps.store.takeAgentState(account.id, message.agent), linkByEmail(deps, account.id, message.agent, deps.now())]);
    // The newest change of the source side, or with two-way sync of whichever side needs acting on (issue 14).
    const decided = decideForAgent(settings, state, message.agent, link !== undefined);
    const source: Side | undefined = decided?.change.side;
    const observed = source && state.observed[source];
    if (!decided || !source || !observed) return { result: 'skipped', reason: 'nothing_observed' };
    const { change, decision } = decided;

    if (decision.action === 'skip') {
      await deps.store.recordOutcome(account.id, message.agent, change, decision, deps.now(), seenVersions(state));
      await audit(deps, account, message.agent, { kind: 'decision', decision: 'skip', reason: decision.reason, detail: { version: change.version } });
      return { result: 'decided', decision };
    }
    // On a call Zendesk stays at callStatus: the change is left unused, and the hold's end applies the newest one.
    if (onCall && decision.side === 'zendesk') return { result: 'skipped', reason: 'on_call' };

    const budget = await aircallBudget(deps, account, decision.side);
    const wait = Math.max(
      settleDelay(
        {
          now: deps.now(),
          newestObservedAt: observed.observedAt,
          previousObservedAt: state.previousObservedAt[source],
          budgetLow: budget.low,
        },
        deps.settle,
      ),
      // Decide again once the write can go out: deciding now and then queueing for a token would write whatever the
      // agent was when it went into the queue, seconds or minutes later.
      budget.tokenInMs,
    );
    if (wait > 0) {
      if (deps.now() - heldSince + wait > deps.maxHoldMs || wait > timeLeftMs(deps.now()) - DEADLINE_MARGIN_MS) {
        throw new RetryLaterError(`agent ${message.agent} is still changing, or the Aircall budget is spent: sync deferred`, wait);
      }
      await deps.sleep(wait);
      continue; // re-read: the agent may have moved on, or someone else synced it
    }

    try {
      // No wait inside the write: it goes out on this decision or not at all (asDecidedWrite).
      await asDecidedWrite(() => write(deps, account, link as AgentLink, decision, direction));
    } catch (error) {
      // No omnichannel routing and `talkAgentState` off (issue 14 §3): nothing was sent; the change stays unapplied,
      // so turning the setting on lets the next sweep apply it.
      if ((error as Error).name === 'TalkModeOffError') {
        await audit(deps, account, message.agent, {
          kind: 'decision',
          decision: 'skip',
          reason: 'talk_mode_off',
          detail: { side: 'zendesk', status: decision.status, version: change.version, setting: 'talkAgentState' },
        });
        return { result: 'skipped', reason: 'talk_mode_off' };
      }
      // The credential failed for good just now (a refresh refused): paused like any later message, not a failure.
      if ((error as Error).name === 'NeedsReconnectError') {
        forgetPauseCheck(deps, account.id); // this process's other messages read the mark, not its old "not paused"
        const side = (error as { side?: string }).side ?? 'zendesk';
        await audit(deps, account, message.agent, { kind: 'decision', decision: 'skip', reason: 'needs_reconnect', detail: { side } });
        return { result: 'skipped', reason: 'needs_reconnect' };
      }
      const retryable = error instanceof ApiError ? error.retryable : !(error instanceof SyncError);
      await audit(deps, account, message.agent, {
        kind: error instanceof ApiError && error.status === 429 ? 'rate_limited' : 'write_failed',
        decision: 'write',
        reason: (error as Error).name,
        detail: { side: decision.side, status: decision.status, message: (error as Error).message, retryable },
      });
      if (retryable) {
        // Wait here when it fits (a short backoff, a short Retry-After), then decide again on what is known then;
        // else the message comes back after the wait.
        const wait = error instanceof RateLimitedError ? error.retryAfterMs : writeBackoffMs(++failedWrites);
        if (failedWrites <= MAX_WRITE_ATTEMPTS && deps.now() - heldSince + wait <= deps.maxHoldMs && wait <= timeLeftMs(deps.now()) - DEADLINE_MARGIN_MS) {
          await deps.sleep(wait);
          continue;
        }
        throw new RetryLaterError(
          `write to ${decision.side} failed: ${(error as Error).message}`,
          error instanceof RateLimitedError ? error.retryAfterMs : undefined,
        );
      }
      return { result: 'write_failed', decision, error: (error as Error).message };
    }
    const now = deps.now();
    await deps.store.recordOutcome(account.id, message.agent, change, decision, now, seenVersions(state));
    await audit(deps, account, message.agent, {
      kind: 'write',
      decision: 'write',
      detail: { side: decision.side, status: decision.status, version: change.version, ...(decision.initial !== undefined && { initial: true }) },
    });
    return { result: 'decided', decision };
  }
}

/** The version of each side's observation a decision was made on (marked taken with its outcome). */
function seenVersions(state: AgentState): Partial<Record<Side, number>> {
  return { aircall: state.observed.aircall?.version, zendesk: state.observed.zendesk?.version };
}

/** Write attempts within one invocation before the message goes back to the queue. */
const MAX_WRITE_ATTEMPTS = 4;

/** Full-jitter backoff before deciding again after a failed write: up to 200, 400, 800… ms, at most 5 s. */
function writeBackoffMs(attempt: number): number {
  return Math.round(Math.random() * Math.min(5_000, 200 * 2 ** (attempt - 1)));
}

/** A message due within this much is run now rather than put back. */
const NOT_BEFORE_SLACK_MS = 500;

// Only the Aircall budget is tight enough to matter (60/min per company); Zendesk's limits are 200+/min per account.
// `low`: more than a twelfth of the minute's limit went out in the budget's window (lambdas/store/dynamo-core.ts), the
// point at which the old bucket (a burst of a sixth) was half spent: from there a flapping storm is written once per
// agent when it goes quiet, and the whole window's budget is left for those writes. `tokenInMs`: 0 when a token is free, else about when the next one is (a little early
// rather than late: the caller reads again), spread by up to one token's time so that waiting agents do not all
// wake for the same token.
async function aircallBudget(deps: SyncDeps<RateBucketStore>, account: StoredAccount, target: Side): Promise<{ low: boolean; tokenInMs: number }> {
  if (target !== 'aircall') return { low: false, tokenInMs: 0 };
  const perMinute = account.aircall.rateLimitPerMinute;
  const level = await deps.store.bucketLevel(aircallCompanyKey(account), perMinute, deps.now());
  const perToken = 60_000 / perMinute;
  const tokenInMs = level.tokens >= 1 ? 0 : Math.ceil((1 - level.tokens) * perToken + Math.random() * perToken);
  return { low: level.capacity - level.tokens > level.capacity / 12, tokenInMs };
}

async function write(
  deps: SyncDeps<AccountStore & AuditStore & StatusModeStore>,
  account: StoredAccount,
  link: AgentLink,
  decision: Extract<Decision, { action: 'write' }>,
  inForce: DirectionInForce,
): Promise<void> {
  if (decision.side === 'aircall') {
    await deps.clients.aircall(account).setAvailabilityStatus(Number(link.aircallUserId), decision.status as AircallAvailabilityStatus);
    return;
  }
  // Unified status or Talk agent_state, per the account's mode (issue 14 §3): lambdas/sync/status-mode.ts.
  await writeZendeskStatus(deps, account, link.zendeskUserId, decision.status, inForce);
}

async function audit(deps: SyncDeps<AuditStore>, account: StoredAccount, agent: string, entry: AuditInput): Promise<void> {
  // In the worker, with the invocation's other entries at its end (audit-batch.ts); else at once.
  if (deps.auditBatch) deps.auditBatch.add(account.id, agent, entry, deps.now());
  else await deps.store.appendAudit(account.id, agent, entry, deps.now());
}
