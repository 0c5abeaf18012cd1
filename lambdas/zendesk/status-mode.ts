// Which Zendesk API holds an account's agent statuses (issue 14 §3): `unified` (omnichannel routing, zendesk-api.md §5–6)
// or `talk` (no routing: the Talk availability `agent_state`, §7). The signals and the one rule that weighs them.
import { ApiError } from '../http/errors';
import type { ZendeskClient } from './client';

export type ZendeskStatusMode = 'unified' | 'talk';

/** What the reads said; `undefined` where a read failed or said nothing. */
export interface StatusModeSignals {
  /** `settings.agents.unified_agent_statuses` (`GET /api/v2/account/settings`). */
  setting?: boolean;
  /** Whether an availability answer carried `agent_status` (`GET /api/v2/agent_availabilities/{id}`). */
  availabilityHasStatus?: boolean;
}

/**
 * The mode the signals point to, with what decided it; `undefined` when they say nothing (keep the last known mode).
 *
 * Sources and their limits (onboarding.md §6, in its order of confidence; zendesk-api.md §4.1, §4.3):
 * - the setting is a boolean in Zendesk's OAS but its semantics are undocumented (UNCONFIRMED);
 * - `agent_status` is "Returned only if Omnichannel Contact Center is enabled".
 * A live unified status is the strongest evidence: an answer carrying `agent_status` means `unified` whatever the
 * setting says. Otherwise a `false` setting means `talk`; with no setting, an availability answer without
 * `agent_status` means `talk`. A `true` setting with an answer lacking `agent_status` stays `unified`: writing the
 * unified status is what the account was set up for, and a wrong `talk` would be refused 400 on every write (§7).
 */
export function decideStatusMode(signals: StatusModeSignals): { mode: ZendeskStatusMode; source: 'account_setting' | 'availability' } | undefined {
  if (signals.availabilityHasStatus === true) return { mode: 'unified', source: 'availability' };
  if (signals.setting === false) return { mode: 'talk', source: 'account_setting' };
  if (signals.setting === true) return { mode: 'unified', source: 'account_setting' };
  if (signals.availabilityHasStatus === false) return { mode: 'talk', source: 'availability' };
  return undefined;
}

/**
 * Reads the signals: the account setting and, when an agent is given, that agent's availability. A failed read is
 * no signal (logged by the caller through `failures`), never an error: the last known mode then stays.
 */
export async function readStatusModeSignals(
  client: Pick<ZendeskClient, 'getAccountSettings' | 'getAvailability'>,
  sampleAgentId: string | undefined,
): Promise<{ signals: StatusModeSignals; failures: string[] }> {
  const failures: string[] = [];
  const noted = (what: string) => (error: unknown) => {
    failures.push(`${what}: ${error instanceof ApiError ? error.message : ((error as Error)?.name ?? 'Error')}`);
    return undefined;
  };
  const [settings, availability] = await Promise.all([
    client.getAccountSettings().catch(noted('account settings')),
    sampleAgentId === undefined ? undefined : client.getAvailability(sampleAgentId).catch(noted('agent availability')),
  ]);
  return {
    signals: {
      ...(settings?.unifiedAgentStatuses !== undefined && { setting: settings.unifiedAgentStatuses }),
      ...(availability !== undefined && { availabilityHasStatus: availability.statusId !== undefined }),
    },
    failures,
  };
}
