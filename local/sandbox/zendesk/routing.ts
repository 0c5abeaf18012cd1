// Omnichannel routing on or off (issue 14 §3): the account setting, the Talk availability API in both modes, and the
// `omnichannel_routing_feature_changed` event a flip sends. Facts: zendesk-api.md §4.1, §4.3, §7, §9.2; onboarding.md §6.
import { json, parseJsonBody, SandboxInputError, type SandboxResponse } from '../common';
import type { ZendeskAccount } from './account';
import { nanoIso, ulid } from './formats';
import { CHANNEL_STATES, ZendeskModelError, type Availability, type ChannelState } from './model';

export const ROUTING_FEATURE_CHANGED = 'zen:event-type:omnichannel_config.omnichannel_routing_feature_changed';

/** One account's routing switch; `seeded` is what `reset` goes back to. */
export class RoutingMode {
  enabled: boolean;
  constructor(readonly seeded: boolean) {
    this.enabled = seeded;
  }
}

const modes = new WeakMap<ZendeskAccount, RoutingMode>();

/** The routing switch of `account` (on unless `configure` said otherwise). */
export function routingOf(account: ZendeskAccount): RoutingMode {
  let mode = modes.get(account);
  if (!mode) {
    mode = new RoutingMode(true);
    modes.set(account, mode);
  }
  return mode;
}

/** Sets the seeded mode at start (`startZendeskSandbox({ omnichannelRouting })`). */
export function seedRouting(account: ZendeskAccount, enabled: boolean): void {
  modes.set(account, new RoutingMode(enabled));
}

export function resetRouting(account: ZendeskAccount): void {
  const mode = routingOf(account);
  mode.enabled = mode.seeded;
}

/**
 * Flips routing as an admin would in Admin Center, and sends the event to subscribed webhooks (§9.2:
 * `event = {previous_value, current_value}`, `subject = zen:account:<id>`). Turning it on makes every channel follow
 * the unified status again. Returns whether anything changed (the same value again sends nothing).
 */
export function setRouting(account: ZendeskAccount, enabled: boolean): boolean {
  const mode = routingOf(account);
  if (mode.enabled === enabled) return false;
  mode.enabled = enabled;
  if (enabled) account.model.followUnifiedStatus();
  const time = account.now();
  account.deliver(
    {
      type: ROUTING_FEATURE_CHANGED,
      body: {
        account_id: account.settings.accountId,
        event: { previous_value: !enabled, current_value: enabled },
        id: ulid(time),
        subject: `zen:account:${account.settings.accountId}`,
        time: nanoIso(time),
        type: ROUTING_FEATURE_CHANGED,
      },
    },
    time,
  );
  return true;
}

/**
 * `GET /api/v2/account/settings`: only the part the sync reads, `settings.agents.unified_agent_statuses` (a boolean in
 * Zendesk's OAS `AccountSettingsAgentObject`, onboarding.md §6), true exactly when routing is on (a sandbox choice:
 * its semantics are undocumented).
 */
export function accountSettingsResponse(account: ZendeskAccount): SandboxResponse {
  return json(200, { settings: { agents: { unified_agent_statuses: routingOf(account).enabled } } });
}

/** A Talk availability answer (§7). */
export function talkAvailabilityView(a: Availability): Record<string, unknown> {
  return { availability: { agent_state: a.channels.talk.state, via: a.talkVia, call_status: null } };
}

/**
 * `PUT /api/v2/channels/voice/availabilities/{id}` (§7): with routing on, a body carrying `agent_state` is refused 400
 * ("agent_state can not be updated through the API … only via can be updated"); without routing `agent_state` is one of
 * online, offline, away, transfers_only and sets the Talk state. `via` is accepted in both modes.
 */
export function putTalkAvailability(account: ZendeskAccount, agentId: number, rawBody: Buffer): SandboxResponse {
  const body = parseJsonBody(rawBody);
  const value = body.ok ? body.value : undefined;
  const availability = isObject(value) && isObject(value.availability) ? value.availability : undefined;
  if (!availability) return json(400, { error: 'bad_request', description: 'Body must be {"availability": {...}}' });
  const state = availability.agent_state;
  if (state !== undefined) {
    if (routingOf(account).enabled) {
      return json(400, { error: 'bad_request', description: 'agent_state can not be updated through the API when omnichannel routing is enabled' });
    }
    if (typeof state !== 'string' || !(CHANNEL_STATES as readonly string[]).includes(state)) {
      return json(400, { error: 'bad_request', description: `agent_state must be one of ${CHANNEL_STATES.join(', ')}` });
    }
  }
  if (availability.via !== undefined && typeof availability.via !== 'string') return json(400, { error: 'bad_request', description: 'via must be a string' });
  if (typeof availability.via === 'string') account.model.setTalkVia(agentId, availability.via);
  if (typeof state === 'string') account.model.setTalkState(agentId, state as ChannelState);
  return json(200, talkAvailabilityView(account.model.availability(agentId) as Availability));
}

/** An agent changes their own Talk state (routing off only), as in the Talk widget; no webhook event (UNCONFIRMED, §9.2). */
export function setTalkStateAsAgent(account: ZendeskAccount, idOrEmail: number | string, state: unknown): void {
  if (routingOf(account).enabled) throw new SandboxInputError('omnichannel routing is on: the Talk state follows the unified status');
  if (typeof state !== 'string' || !(CHANNEL_STATES as readonly string[]).includes(state)) {
    throw new SandboxInputError(`agent_state must be one of ${CHANNEL_STATES.join(', ')}`);
  }
  const user = account.findUser(idOrEmail);
  if (!user || user.role === 'end-user') throw new ZendeskModelError('not_found', `no agent ${String(idOrEmail)}`);
  account.model.setTalkState(user.id, state as ChannelState);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
