// The onboarding steps run on connect and on the console's retry (issue 12 "On connect, the backend does the rest"):
// both webhooks (lambdas/onboarding/webhooks.ts), the directory, then the first sync (the initial sync of the
// semantics issue, queued as one sweep of the account). Each outcome is stored and shown with a clear error.
import { ONBOARDING_STEPS, type OnboardingStepName, type OnboardingStepView } from '../../shared/console';
import type { AircallCredential, ZendeskCredential } from '../credentials/port';
import { ensureAircallWebhook, ensureZendeskWebhook } from '../onboarding/webhooks';
import type { StepResult } from '../onboarding/step-result';
import type { StoredAccount } from '../store/port';
import { refreshDirectory } from '../sync/directory';
import { statusModeFor } from '../sync/status-mode';
import type { Onboarding } from './deps';
import type { StepRecord } from './store';

/** Whether a side's credential is usable: present and not waiting for a reconnect. */
export function isConnected(credential: ZendeskCredential | AircallCredential | undefined): boolean {
  return credential !== undefined && !(credential as { needsReconnect?: unknown }).needsReconnect;
}

/** Errors shown to admins are cut short: they come from our own messages or the clients' masked errors. */
const errorText = (error: unknown) => ((error as Error).message || (error as Error).name || 'failed').slice(0, 300);

/**
 * Runs `requested` steps (default: every step not done yet), in order, and returns every step's state. A step whose
 * side is not connected is `blocked`; `first_sync` also waits for the directory. Never throws for a step's failure.
 */
export async function runSteps(
  ob: Onboarding,
  account: StoredAccount,
  requested: readonly OnboardingStepName[] | undefined,
  now: number,
): Promise<OnboardingStepView[]> {
  const { deps } = ob;
  const [zendesk, aircall, stored] = await Promise.all([
    deps.credentials.getZendeskCredential(account.id),
    deps.credentials.getAircallCredential(account.id),
    ob.store.getSteps(account.id),
  ]);
  const connected = { zendesk: isConnected(zendesk), aircall: isConnected(aircall) };
  const records: Partial<Record<OnboardingStepName, StepRecord>> = { ...stored };
  const wanted = (step: OnboardingStepName) => (requested ? requested.includes(step) : records[step]?.status !== 'done');

  for (const step of ONBOARDING_STEPS) {
    if (!wanted(step)) continue;
    const waitsFor = blocker(step, connected, records);
    let record: StepRecord;
    if (waitsFor) record = { status: 'blocked', at: now, detail: waitsFor };
    else {
      try {
        const result = await runStep(ob, account, step, now);
        record = result.ok
          ? { status: 'done', at: now, ...(result.detail && { detail: result.detail }) }
          : { status: 'failed', at: now, error: result.error ?? 'failed', ...(result.detail && { detail: result.detail }) };
      } catch (error) {
        record = { status: 'failed', at: now, error: errorText(error) };
      }
    }
    records[step] = record;
    await ob.store.putStep(account.id, step, record);
    if (record.status === 'failed') deps.log.warn('onboarding step failed', { account: account.id, step, error: record.error });
    else deps.log.info('onboarding step', { account: account.id, step, status: record.status });
  }
  return stepViews(records, connected);
}

/** Every step in order, as the console shows it: stored outcomes, else pending or blocked. */
export function stepViews(records: Partial<Record<OnboardingStepName, StepRecord>>, connected: { zendesk: boolean; aircall: boolean }): OnboardingStepView[] {
  return ONBOARDING_STEPS.map((step) => {
    const record = records[step];
    if (record && !(record.status === 'done' && blocker(step, connected, records))) return { step, ...record };
    const waitsFor = blocker(step, connected, records);
    return waitsFor ? { step, status: 'blocked' as const, detail: waitsFor } : { step, status: 'pending' as const };
  });
}

/** What a step waits for, or `undefined` when it can run. */
function blocker(
  step: OnboardingStepName,
  connected: { zendesk: boolean; aircall: boolean },
  records: Partial<Record<OnboardingStepName, StepRecord>>,
): string | undefined {
  const needs = step === 'zendesk_webhook' ? ['zendesk'] : step === 'aircall_webhook' ? ['aircall'] : ['zendesk', 'aircall'];
  const missing = needs.filter((side) => !connected[side as 'zendesk' | 'aircall']);
  if (missing.length > 0) return `connect ${missing.map((s) => (s === 'zendesk' ? 'Zendesk' : 'Aircall')).join(' and ')} first`;
  if (step === 'first_sync' && records.directory?.status !== 'done') return 'the directory must be built first';
  return undefined;
}

async function runStep(ob: Onboarding, account: StoredAccount, step: OnboardingStepName, now: number): Promise<StepResult> {
  const { deps } = ob;
  switch (step) {
    case 'zendesk_webhook':
      return ensureZendeskWebhook(deps, account, now);
    case 'aircall_webhook':
      return ensureAircallWebhook(deps, account, now);
    case 'directory': {
      const result = await refreshDirectory(deps, account);
      return {
        step,
        ok: true,
        detail: `${result.linked} agents linked, ${result.unmatchedAircall} Aircall and ${result.unmatchedZendesk} Zendesk users unmatched`,
      };
    }
    case 'first_sync': {
      // Which Zendesk status API the account uses (issue 14 §3), detected at connect: the sweep then reads through it.
      const links = await deps.store.listLinks(account.id);
      const mode = await statusModeFor(deps, account, { force: true, ...(links[0] && { sampleAgentId: links[0].zendeskUserId }) });
      // One sweep of the account: each linked agent gets the direction's single initial sync (issue 7).
      await deps.queue.enqueueAccountSweep(account.id, `first-sync-${account.id}-${now}`);
      const statuses = mode === 'talk' ? 'Talk agent_state (no omnichannel routing)' : 'unified agent status';
      return { step, ok: true, detail: `initial sync queued for every linked agent; Zendesk statuses: ${statuses}` };
    }
  }
}
