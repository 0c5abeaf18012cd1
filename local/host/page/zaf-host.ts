// The host side of the ZAF SDK's postMessage protocol (zaf.md §8), without the DOM: registration, get/set/invoke,
// events, instance routing and `request` through the host's proxy. main.ts wires it to iframes.

/** One app instance (an iframe) the host runs. */
export interface HostedInstance {
  guid: string;
  location: string;
  /** Delivers a message to the instance's window (JSON string, to the host's origin). */
  post(message: object): void;
}

/** What the host's server answered for a proxied request, or why it refused it. */
export type ProxyAnswer =
  | { kind: 'response'; status: number; statusText: string; contentType: string; body: string }
  | { kind: 'refused'; status: number; message: string };

export interface ZafHostDeps {
  /** `metadata` of the registration message: non-secure settings only. */
  metadata(): { appId: number; name: string; version: string; installationId: number; settings: Record<string, unknown> };
  account(): { subdomain: string };
  /** The signed-in user, as `get('currentUser')` answers. */
  currentUser(): Record<string, unknown>;
  /** Sends the app's request options to the host's proxy. */
  request(options: unknown): Promise<ProxyAnswer>;
  /** `client.set(key, value)` on `target`; return false for a key the host does not know. */
  set(target: HostedInstance, key: string, value: unknown): boolean;
  /** `client.invoke(action, ...args)` on `target`; return `undefined` for an action the host does not know. */
  invoke(target: HostedInstance, action: string, args: unknown[]): { result?: unknown } | undefined;
  /** Something worth showing in the page's activity log. */
  log(from: HostedInstance, line: string): void;
  /** Protocol milestones, for timing a load (the app bench's breakdown). */
  milestone?(from: HostedInstance, name: 'handshake' | 'request' | 'response'): void;
}

interface AppMessage {
  id?: number;
  request?: 'get' | 'set' | 'invoke';
  params?: unknown;
  key?: string;
  message?: unknown;
  appGuid?: string;
  instanceGuid?: string;
}

/** The registration context of an instance (zaf.md §8 "Host → app"). */
export function contextOf(instance: HostedInstance, account: { subdomain: string }): Record<string, unknown> {
  return { host: 'zendesk', product: 'support', location: instance.location, instanceGuid: instance.guid, account: { ...account } };
}

/**
 * Turns the proxy's answer into the arguments jQuery's callbacks get, which is what Zendesk passes on
 * (`responseArgs`): `[data, 'success', xhr]` or `[xhr, 'error', statusText]`. JSON bodies are parsed when the
 * response says JSON or `dataType: 'json'` was asked; `httpCompleteResponse` resolves the whole response.
 */
export function responseArgs(options: unknown, answer: ProxyAnswer): { done: boolean; args: unknown[] } {
  const o = (typeof options === 'object' && options !== null ? options : {}) as { dataType?: string; httpCompleteResponse?: boolean };
  if (answer.kind === 'refused') {
    return { done: false, args: [{ status: answer.status, statusText: 'error', responseText: answer.message }, 'error', answer.message] };
  }
  let json: unknown;
  if (o.dataType === 'json' || /json/i.test(answer.contentType)) {
    try {
      json = answer.body === '' ? undefined : JSON.parse(answer.body);
    } catch {
      json = undefined;
    }
  }
  const xhr = {
    status: answer.status,
    statusText: answer.statusText,
    responseText: answer.body,
    ...(json !== undefined && { responseJSON: json }),
    headers: { 'content-type': answer.contentType },
  };
  const ok = (answer.status >= 200 && answer.status < 300) || answer.status === 304;
  if (!ok) return { done: false, args: [xhr, 'error', answer.statusText] };
  return { done: true, args: [o.httpCompleteResponse ? xhr : (json ?? answer.body), 'success', xhr] };
}

/** Reads `path` (`currentUser.name`) out of `data`. */
function pick(data: Record<string, unknown>, path: string): { found: boolean; value?: unknown } {
  let value: unknown = data;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, part)) return { found: false };
    value = (value as Record<string, unknown>)[part];
  }
  return { found: true, value };
}

export class ZafHost {
  private readonly instances = new Map<string, HostedInstance>();

  constructor(private readonly deps: ZafHostDeps) {}

  add(instance: HostedInstance): void {
    this.instances.set(instance.guid, instance);
  }

  remove(guid: string): void {
    this.instances.delete(guid);
  }

  find(location: string): HostedInstance | undefined {
    return [...this.instances.values()].find((i) => i.location === location);
  }

  /** Sends framework event `name` (e.g. `pane.activated`) to an instance. */
  emit(instance: HostedInstance, name: string, payload: unknown = {}): void {
    instance.post({ key: `zaf.${name}`, message: payload });
  }

  /** Handles one message from `from`'s window (already checked to come from that iframe). */
  receive(from: HostedInstance, raw: unknown): void {
    let m: AppMessage;
    try {
      m = (typeof raw === 'string' ? JSON.parse(raw) : raw) as AppMessage;
    } catch {
      return;
    }
    if (typeof m !== 'object' || m === null) return;
    if (m.request && typeof m.id === 'number') {
      this.call(from, m);
      return;
    }
    const key = m.key ?? '';
    if (key === 'iframe.handshake') {
      this.register(from);
      return;
    }
    if (/^request:\d+$/.test(key)) return void this.proxy(from, key, m.message);
    if (key.startsWith('iframe.trigger:')) {
      // `client.instance(guid).trigger(name, data)`: the event goes to that instance.
      const target = this.instances.get(m.instanceGuid ?? from.guid);
      if (target) this.emit(target, key.slice('iframe.trigger:'.length), m.message);
      return;
    }
    if (key.startsWith('iframe.on:')) {
      this.deps.log(from, `listens to ${key.slice('iframe.on:'.length)}`);
      return;
    }
    // session.live, __track__, iframe.off:*, iframe.reply:*: nothing to answer.
  }

  private register(instance: HostedInstance): void {
    this.deps.milestone?.(instance, 'handshake');
    instance.post({ key: 'zaf.app.registered', message: { metadata: this.deps.metadata(), context: contextOf(instance, this.deps.account()) } });
    this.deps.log(instance, 'registered');
  }

  private data(): Record<string, unknown> {
    const account = this.deps.account();
    const instances = Object.fromEntries([...this.instances.values()].map((i) => [i.guid, contextOf(i, account)]));
    return { currentUser: this.deps.currentUser(), currentAccount: { subdomain: account.subdomain }, instances };
  }

  private call(from: HostedInstance, m: AppMessage): void {
    const reply = (body: Record<string, unknown>) => from.post({ id: m.id, ...body });
    // `client.instance(guid)` sends the other instance's guid: the call applies there, the answer comes back here.
    const target = this.instances.get(m.instanceGuid ?? from.guid);
    if (!target) {
      reply({ error: { name: 'InstanceError', message: `no app instance ${m.instanceGuid ?? ''}` } });
      return;
    }
    const result: Record<string, unknown> = {};
    const errors: Record<string, { message: string }> = {};
    if (m.request === 'get') {
      const paths = Array.isArray(m.params) ? (m.params as unknown[]).filter((p): p is string => typeof p === 'string') : [];
      const data = this.data();
      for (const path of paths) {
        const got = pick(data, path);
        if (got.found) result[path] = got.value;
        else errors[path] = { message: `"${path}" is not available in the local host` };
      }
    } else {
      const params = (typeof m.params === 'object' && m.params !== null ? m.params : {}) as Record<string, unknown>;
      for (const [name, value] of Object.entries(params)) {
        if (m.request === 'set') {
          if (this.deps.set(target, name, value)) result[name] = value;
          else errors[name] = { message: `"${name}" cannot be set in the local host` };
        } else {
          const answer = this.deps.invoke(target, name, Array.isArray(value) ? value : [value]);
          if (answer) result[name] = answer.result;
          else errors[name] = { message: `"${name}" is not an action the local host knows` };
        }
      }
    }
    reply({ result: { ...result, errors } });
  }

  private async proxy(from: HostedInstance, key: string, options: unknown): Promise<void> {
    let answer: ProxyAnswer;
    this.deps.milestone?.(from, 'request');
    try {
      answer = await this.deps.request(options);
    } catch (error) {
      answer = { kind: 'refused', status: 0, message: `the local host could not proxy the request: ${(error as Error).message}` };
    }
    const { done, args } = responseArgs(options, answer);
    const url = typeof options === 'object' && options !== null ? String((options as { url?: unknown }).url ?? '') : String(options);
    this.deps.log(from, `request ${url} → ${answer.status}${answer.kind === 'refused' ? ` (${answer.message})` : ''}`);
    this.deps.milestone?.(from, 'response');
    from.post({ key: `zaf.${key}.${done ? 'done' : 'fail'}`, message: { responseArgs: args } });
  }
}
