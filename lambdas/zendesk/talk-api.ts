// The Zendesk calls of accounts without omnichannel routing (issue 14 §3): the account setting that tells the mode,
// and the Talk availability (`agent_state`), zendesk-api.md §7 and onboarding.md §6.
import { InvalidInputError, InvalidResponseError, NotFoundError } from '../http/errors';
import { field, isObject, readString } from '../http/read';
import { apiUrl, segment } from '../http/url';
import type { ZendeskCall } from './webhooks-api';

/** The Talk `agent_state` values (§7); the same words as the default unified status keys. */
export const TALK_AGENT_STATES = ['online', 'offline', 'away', 'transfers_only'] as const;
export type TalkAgentState = (typeof TALK_AGENT_STATES)[number];

export function isTalkAgentState(value: unknown): value is TalkAgentState {
  return typeof value === 'string' && (TALK_AGENT_STATES as readonly string[]).includes(value);
}

/** One agent's Talk availability (§7). `callStatus`: `on_call`, `wrap_up` or absent (`null`). */
export interface TalkAvailability {
  agentState: TalkAgentState;
  /** The client or phone the agent is registered to, as sent. */
  via?: string;
  callStatus?: string;
}

/** `settings.agents.unified_agent_statuses`, when the answer carries a boolean there (UNCONFIRMED semantics, onboarding.md §6). */
export interface ZendeskAccountSettings {
  unifiedAgentStatuses?: boolean;
}

export interface ZendeskTalkApi {
  /** `GET /api/v2/account/settings`: the one setting the sync reads. */
  getAccountSettings(): Promise<ZendeskAccountSettings>;
  /** `GET /api/v2/channels/voice/availabilities/{agent_id}`; `undefined` on 404. */
  getTalkAvailability(agentId: string): Promise<TalkAvailability | undefined>;
  /** `PUT /api/v2/channels/voice/availabilities/{agent_id}` (PUT, not PATCH) with `agent_state`; 400 while routing is on. */
  setTalkAgentState(agentId: string, state: TalkAgentState, via: string): Promise<TalkAvailability>;
}

/** Builds the Talk operations over the client's `call`. */
export function zendeskTalkApi({ baseUrl, call }: ZendeskCall): ZendeskTalkApi {
  const availabilityUrl = (agentId: string) => {
    const id = String(agentId ?? '').trim();
    if (id === '') throw new InvalidInputError('zendesk', 'Refusing to call Zendesk without an agent id');
    return apiUrl(baseUrl, `/api/v2/channels/voice/availabilities/${segment(id)}`);
  };
  return {
    async getAccountSettings() {
      const url = apiUrl(baseUrl, '/api/v2/account/settings');
      const body = await call('GET', url);
      if (!isObject(field(body, 'settings')))
        throw new InvalidResponseError('zendesk', 'account settings without "settings"', { method: 'GET', path: url.pathname });
      const value = field(field(field(body, 'settings'), 'agents'), 'unified_agent_statuses');
      return typeof value === 'boolean' ? { unifiedAgentStatuses: value } : {};
    },

    async getTalkAvailability(agentId) {
      const url = availabilityUrl(agentId);
      try {
        return readTalkAvailability(await call('GET', url), { method: 'GET', path: url.pathname });
      } catch (err) {
        if (err instanceof NotFoundError) return undefined;
        throw err;
      }
    },

    async setTalkAgentState(agentId, state, via) {
      if (!isTalkAgentState(state))
        throw new InvalidInputError('zendesk', `Refusing to set Talk agent_state "${String(state)}": not one of ${TALK_AGENT_STATES.join(', ')}`);
      const url = availabilityUrl(agentId);
      return readTalkAvailability(await call('PUT', url, talkAvailabilityBody(state, via)), { method: 'PUT', path: url.pathname });
    },
  };
}

/**
 * The only code that knows the Talk write body: `{"availability": {"agent_state": …, "via": …}}` (§7's request). `via`
 * is "client/phone the agent is registered to" (§7) and which values Zendesk accepts is not listed: the caller sends
 * back the agent's own `via` as last read, so a write of the state never moves an agent off their phone; `client`
 * (the reference's example) only when none is known.
 */
export function talkAvailabilityBody(state: TalkAgentState, via: string | undefined): { availability: { agent_state: TalkAgentState; via: string } } {
  return { availability: { agent_state: state, via: via && via.trim() !== '' ? via : 'client' } };
}

function readTalkAvailability(raw: unknown, target: { method: string; path: string }): TalkAvailability {
  const availability = field(raw, 'availability');
  const state = field(availability, 'agent_state');
  if (!isTalkAgentState(state)) throw new InvalidResponseError('zendesk', `a Talk availability without a known agent_state`, target);
  const via = readString(field(availability, 'via'));
  const callStatus = readString(field(availability, 'call_status'));
  return { agentState: state, ...(via !== undefined && { via }), ...(callStatus !== undefined && { callStatus }) };
}
