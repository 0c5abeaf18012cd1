// The JSON shapes the sandbox answers: users, status catalog entries, agent availabilities (JSON:API), channels.
import { microIso, secondIso } from './formats';
import { CHANNELS, type Availability, type StatusEntry, type ZendeskUser } from './model';

/** A user as `GET /api/v2/users/{id}` shows it (fields of a real response, zendesk-api.md §8). */
export function userView(user: ZendeskUser, baseUrl: string): Record<string, unknown> {
  return {
    id: user.id,
    url: `${baseUrl}/api/v2/users/${user.id}.json`,
    name: user.name,
    email: user.email,
    created_at: secondIso(user.created_at),
    updated_at: secondIso(user.updated_at),
    time_zone: user.time_zone,
    iana_time_zone: user.time_zone,
    phone: null,
    shared_phone_number: null,
    photo: null,
    locale_id: 1,
    locale: user.locale,
    organization_id: null,
    role: user.role,
    verified: user.verified,
    external_id: null,
    tags: [],
    alias: '',
    active: user.active,
    shared: false,
    shared_agent: false,
    last_login_at: null,
    two_factor_auth_enabled: false,
    signature: null,
    details: '',
    notes: '',
    role_type: user.role_type,
    custom_role_id: null,
    moderator: user.role !== 'end-user',
    ticket_restriction: user.role === 'end-user' ? 'requested' : null,
    only_private_comments: false,
    restricted_agent: false,
    suspended: user.suspended,
    default_group_id: user.group_ids[0] ?? null,
    report_csv: false,
    user_fields: {},
  };
}

/** A status of the catalog (§6.1): defaults carry name and description; custom ones also channels and groups. */
export function statusView(status: StatusEntry): Record<string, unknown> {
  if (status.kind === 'default') {
    return { attributes: { description: status.description, name: status.name }, id: status.id, type: 'agent_status' };
  }
  return {
    attributes: { channels: { ...status.channels }, description: status.description, name: status.name, group_ids: [...status.group_ids] },
    id: status.id,
    type: 'agent_status',
    updated_at: secondIso(status.updated_at),
  };
}

/** One agent availability item (§5, official example), without the `data` wrapper. */
export function availabilityView(a: Availability, groupIds: number[], baseUrl: string): Record<string, unknown> {
  return {
    attributes: {
      agent_id: a.agentId,
      agent_status: { id: a.statusId, name: a.statusName, reason: a.reason, updated_at: microIso(a.updatedAt, a.updatedAtSub) },
      group_ids: [...groupIds],
      skills: [],
      version: a.version,
    },
    id: `agent_availabilities|${a.agentId}`,
    links: { self: `${baseUrl}/api/v2/agent_availabilities/${a.agentId}` },
    relationships: {
      channels: { data: CHANNELS.map((channel) => ({ id: `agent_availabilities|${a.agentId}|channels|${channel}`, type: 'channels' })) },
    },
    type: 'agent_availabilities',
  };
}

/** The `included` channel resources of an availability (§5, channel attributes). */
export function channelViews(a: Availability): Array<Record<string, unknown>> {
  return CHANNELS.map((channel) => ({
    attributes: {
      max_capacity: channel === 'talk' ? 1 : 5,
      name: channel,
      status: a.channels[channel].state,
      updated_at: microIso(a.channels[channel].updatedAt),
      work_item_count: 0,
    },
    id: `agent_availabilities|${a.agentId}|channels|${channel}`,
    type: 'channels',
  }));
}
