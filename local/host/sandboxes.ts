// The host's view of the demo account's people, and the status switches, through both sandboxes' control APIs.
// The page cannot call the sandboxes itself (other origins, no CORS), so the host's server relays.

/** One Zendesk agent or admin, with what each sandbox says of them now. */
export interface Person {
  zendeskId: number;
  name: string;
  email: string;
  role: string;
  locale: string;
  /** The Zendesk unified status name; absent for a user without availability (e.g. a light agent). */
  zendeskStatus?: string;
  /** The Aircall user with the same email (case-insensitive), when there is one. */
  aircall?: { id: number; availabilityStatus: string; substatus?: string; availability?: string };
}

export interface SandboxStatuses {
  /** Zendesk's default statuses, by name (`online`, `away`, `transfers_only`, `offline`). */
  zendesk: string[];
  /** What an Aircall agent can pick: `available`, `unavailable`, `custom` ("Auto"). */
  aircall: string[];
}

/** A control call a sandbox refused; its message is the sandbox's own. */
export class SandboxControlError extends Error {
  override name = 'SandboxControlError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface SandboxControl {
  people(): Promise<Person[]>;
  statuses(): Promise<SandboxStatuses>;
  subdomain(): Promise<string>;
  /** As the agent would in Aircall's phone app. */
  setAircallStatus(zendeskId: number, availabilityStatus: string, substatus?: string): Promise<Person>;
  /** As the agent would with Zendesk's status switcher. */
  setZendeskStatus(zendeskId: number, status: string): Promise<Person>;
  /**
   * An inbound Aircall call to the agent, answered and held there (the Aircall sandbox's `pauseAt: in_call`):
   * `call.created`, `call.ringing_on_agent`, `call.answered`. `endCall` plays the rest: `call.hungup`, the wrap-up's
   * `user.wut_*` (when the user has a wrap-up time), `call.ended`.
   */
  startCall(zendeskId: number): Promise<Person>;
  endCall(zendeskId: number): Promise<Person>;
}

async function call<T>(url: string, init?: { method: string; body: unknown }): Promise<T> {
  const response = await fetch(url, init && { method: init.method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.body) });
  const text = await response.text();
  if (!response.ok) {
    let message = text;
    try {
      message = (JSON.parse(text) as { error?: string; message?: string }).error ?? message;
    } catch {
      // not JSON: keep the text
    }
    throw new SandboxControlError(`${new URL(url).pathname}: ${message}`, response.status);
  }
  return JSON.parse(text) as T;
}

interface ZendeskUserView {
  id: number;
  name: string;
  email: string;
  role: string;
  locale?: string;
  active?: boolean;
}
interface ZendeskAgentView {
  id: number;
  status: { name: string };
}
interface AircallUserView {
  id: number;
  email: string;
  availability_status: string;
  substatus?: string;
  availability?: string;
}

/** The control client over the two sandboxes' URLs. */
export function sandboxControl(urls: { aircall: string; zendesk: string }): SandboxControl {
  const people = async (): Promise<Person[]> => {
    const [{ users }, { agents }, aircall] = await Promise.all([
      call<{ users: ZendeskUserView[] }>(`${urls.zendesk}/_sandbox/users`),
      call<{ agents: ZendeskAgentView[] }>(`${urls.zendesk}/_sandbox/agents`),
      call<{ users: AircallUserView[] }>(`${urls.aircall}/_sandbox/users`),
    ]);
    const statusOf = new Map(agents.map((a) => [a.id, a.status.name]));
    const aircallByEmail = new Map(aircall.users.map((u) => [u.email.toLowerCase(), u]));
    return users
      .filter((u) => (u.role === 'agent' || u.role === 'admin') && u.active !== false)
      .map((u) => {
        const a = aircallByEmail.get(u.email.toLowerCase());
        const zendeskStatus = statusOf.get(u.id);
        return {
          zendeskId: u.id,
          name: u.name,
          email: u.email,
          role: u.role,
          locale: u.locale ?? 'en-US',
          ...(zendeskStatus !== undefined && { zendeskStatus }),
          ...(a && {
            aircall: {
              id: a.id,
              availabilityStatus: a.availability_status,
              ...(a.substatus !== undefined && { substatus: a.substatus }),
              ...(a.availability !== undefined && { availability: a.availability }),
            },
          }),
        };
      });
  };
  const person = async (zendeskId: number): Promise<Person> => {
    const found = (await people()).find((p) => p.zendeskId === zendeskId);
    if (!found) throw new SandboxControlError(`no agent or admin with Zendesk id ${zendeskId}`, 404);
    return found;
  };
  return {
    people,
    async statuses() {
      const catalog = await call<{ default: Array<{ attributes: { name: string } }> }>(`${urls.zendesk}/_sandbox/statuses`);
      return { zendesk: catalog.default.map((s) => s.attributes.name), aircall: ['available', 'unavailable', 'custom'] };
    },
    async subdomain() {
      return (await call<{ subdomain: string }>(`${urls.zendesk}/_sandbox/info`)).subdomain;
    },
    async setAircallStatus(zendeskId, availabilityStatus, substatus) {
      const p = await person(zendeskId);
      if (!p.aircall) throw new SandboxControlError(`${p.name} has no Aircall user with the email ${p.email}`, 409);
      await call(`${urls.aircall}/_sandbox/users/${p.aircall.id}/status`, {
        method: 'PUT',
        body: { availability_status: availabilityStatus, ...(substatus !== undefined && { substatus }) },
      });
      return person(zendeskId);
    },
    async setZendeskStatus(zendeskId, status) {
      await call(`${urls.zendesk}/_sandbox/agents/${zendeskId}/status`, { method: 'PUT', body: { status } });
      return person(zendeskId);
    },
    async startCall(zendeskId) {
      const p = await person(zendeskId);
      if (!p.aircall) throw new SandboxControlError(`${p.name} has no Aircall user with the email ${p.email}`, 409);
      await call(`${urls.aircall}/_sandbox/users/${p.aircall.id}/call`, { method: 'POST', body: { outcome: 'answered', pauseAt: 'in_call', sendEnded: true } });
      return person(zendeskId);
    },
    async endCall(zendeskId) {
      const p = await person(zendeskId);
      if (!p.aircall) throw new SandboxControlError(`${p.name} has no Aircall user with the email ${p.email}`, 409);
      await call(`${urls.aircall}/_sandbox/users/${p.aircall.id}/call/continue`, { method: 'POST', body: {} });
      return person(zendeskId);
    },
  };
}
