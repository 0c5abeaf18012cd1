// One sandboxed Zendesk account: the model, webhooks, auth and rate limit together, and the events status changes emit.
import type { SandboxCore } from '../common';
import { ZendeskAuth, type ApiTokenSeed, type OAuthClientSeed, type OAuthTokenSeed } from './auth';
import { InstallationRegistry } from './installations';
import { eventsForChange, webhookHeaders } from './events';
import { microIso } from './formats';
import {
  CHANNELS,
  ZendeskAccountModel,
  ZendeskModelError,
  type Channel,
  type ChannelState,
  type StatusChange,
  type StatusReason,
  type ZendeskCustomStatusSeed,
  type ZendeskUser,
  type ZendeskUserSeed,
} from './model';
import { ZendeskRateLimiter, type RateLimitSettings } from './rate-limit';
import { DEFAULT_API_VARIANTS, type ApiVariants } from './variants';
import { authenticationHeader, WebhookRegistry } from './webhooks';
import type { ZendeskDefaultStatus } from '../../../shared/zendesk/vocabulary';

/** Which bodies `PUT …/agent_statuses/agents/{id}` accepts (zendesk-api.md §6.2: the real one is UNCONFIRMED). */
export type StatusBodyShape = 'both' | 'id' | 'jsonapi';
/** Whether that PUT answers `{data: item}` or the bare item (§6.2: both are possible, UNCONFIRMED). */
export type StatusResponseShape = 'data' | 'bare';
/** Whether `GET /api/v2/apps/installations/{id}` answers the bare installation or `{installation: …}` (§10: UNCONFIRMED). */
export type InstallationResponseShape = 'bare' | 'wrapped';

/** The resolved settings of a sandbox. */
export interface AccountSettings {
  subdomain: string;
  accountId: number;
  oauthTokens: OAuthTokenSeed[];
  apiTokens: ApiTokenSeed[];
  oauthClients: OAuthClientSeed[];
  users: ZendeskUserSeed[];
  statusIds?: Partial<Record<ZendeskDefaultStatus, number>>;
  customStatuses: ZendeskCustomStatusSeed[];
  statusBodyShape: StatusBodyShape;
  statusResponseShape: StatusResponseShape;
  installationResponseShape: InstallationResponseShape;
  /** Status list naming, availability page size, signature order (variants.ts). */
  variants: ApiVariants;
  rateLimit: RateLimitSettings;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
}

/** An agent's state as the control API shows it. */
export interface AgentState {
  id: number;
  name: string;
  email: string;
  role: 'agent' | 'admin';
  group_ids: number[];
  status: { id: number; name: string; reason: StatusReason; updated_at: string };
  version: number;
  channels: Record<Channel, ChannelState>;
}

const FIRST_INVOCATION_ID = 8_350_205_582;

/** The state behind one sandbox, and what a status change sets off. */
export class ZendeskAccount {
  readonly model: ZendeskAccountModel;
  readonly webhooks: WebhookRegistry;
  readonly auth: ZendeskAuth;
  readonly rate: ZendeskRateLimiter;
  readonly installations: InstallationRegistry;
  statusBodyShape: StatusBodyShape;
  installationResponseShape: InstallationResponseShape;
  variants: ApiVariants;
  private invocation = FIRST_INVOCATION_ID;
  private eventSub = 0;

  constructor(
    readonly settings: AccountSettings,
    readonly core: SandboxCore,
    readonly now: () => number,
  ) {
    this.model = new ZendeskAccountModel({ now, statusIds: settings.statusIds, customStatuses: settings.customStatuses, users: settings.users });
    this.webhooks = new WebhookRegistry(now);
    this.rate = new ZendeskRateLimiter(settings.rateLimit, now);
    this.statusBodyShape = settings.statusBodyShape;
    this.variants = { ...DEFAULT_API_VARIANTS, ...settings.variants };
    this.installations = new InstallationRegistry(now);
    this.installationResponseShape = settings.installationResponseShape;
    this.auth = new ZendeskAuth({
      oauthTokens: settings.oauthTokens,
      apiTokens: settings.apiTokens,
      oauthClients: settings.oauthClients,
      accessTokenTtlSeconds: settings.accessTokenTtlSeconds,
      refreshTokenTtlSeconds: settings.refreshTokenTtlSeconds,
      now,
      findUser: (id) => this.model.findUser(id),
      findUserByEmail: (email) => this.model.findUserByEmail(email),
      defaultAdmin: () => this.model.listUsers().find((u) => u.role === 'admin' && u.active && !u.suspended),
    });
  }

  /** Back to the seeded account: users, statuses, no webhooks, no app installed, no minted tokens, a fresh rate window. */
  reset(): void {
    this.model.reset();
    this.webhooks.clear();
    this.installations.clear();
    this.installationResponseShape = this.settings.installationResponseShape;
    this.auth.reset();
    this.rate.reset();
    this.statusBodyShape = this.settings.statusBodyShape;
    this.variants = { ...DEFAULT_API_VARIANTS, ...this.settings.variants };
    this.invocation = FIRST_INVOCATION_ID;
  }

  /** A user by id (number or digits) or email. */
  findUser(idOrEmail: number | string): ZendeskUser | undefined {
    if (typeof idOrEmail === 'number') return this.model.findUser(idOrEmail);
    return /^\d+$/.test(idOrEmail) ? this.model.findUser(Number(idOrEmail)) : this.model.findUserByEmail(idOrEmail);
  }

  /** Sets an agent's status and emits the webhook events of the change (none when nothing changed). */
  setStatus(idOrEmail: number | string, statusIdOrName: number | string, reason: StatusReason): AgentState {
    const user = this.findUser(idOrEmail);
    if (!user || user.role === 'end-user') throw new ZendeskModelError('not_found', `no agent ${String(idOrEmail)}`);
    const change = this.model.setStatus(user.id, statusIdOrName, reason);
    if (change) this.emit([change]);
    return this.agentState(user.id) as AgentState;
  }

  /** Deletes a custom status; agents holding it go offline (`AGENT_STATUS_DELETED`) and their events are emitted. */
  removeCustomStatus(id: number): void {
    this.emit(this.model.removeCustomStatus(id));
  }

  agentState(id: number): AgentState | undefined {
    const user = this.model.findUser(id);
    const a = this.model.availability(id);
    if (!user || !a || user.role === 'end-user') return undefined;
    const channels = {} as Record<Channel, ChannelState>;
    for (const channel of CHANNELS) channels[channel] = a.channels[channel].state;
    return {
      id: user.id,
      name: user.name,
      email: user.email,
      role: user.role,
      group_ids: [...user.group_ids],
      status: { id: a.statusId, name: a.statusName, reason: a.reason, updated_at: microIso(a.updatedAt, a.updatedAtSub) },
      version: a.version,
      channels,
    };
  }

  agentStates(): AgentState[] {
    return this.model.listAvailabilities().flatMap((a) => this.agentState(a.agentId) ?? []);
  }

  /**
   * Queues the events of each change to every active webhook subscribed to their type, signed per webhook.
   * The body is signed as `JSON.stringify(body)`, the exact bytes the common delivery queue sends for an object.
   */
  emit(changes: StatusChange[]): void {
    for (const change of changes) {
      const time = this.now();
      this.eventSub = (this.eventSub + 1) % 1_000_000;
      for (const event of eventsForChange(change, this.settings.accountId, { ms: time, sub: this.eventSub })) this.deliver(event, time);
    }
  }

  /** Queues one event to every active webhook subscribed to its type, signed per webhook (also routing.ts's event). */
  deliver(event: { type: string; body: Record<string, unknown> }, time = this.now()): void {
    for (const hook of this.webhooks.subscribers(event.type)) {
      const rawBody = JSON.stringify(event.body);
      const headers = {
        ...hook.custom_headers,
        ...authenticationHeader(hook.authentication),
        ...webhookHeaders({
          accountId: this.settings.accountId,
          webhookId: hook.id,
          invocationId: String(this.invocation++),
          secret: hook.secret,
          rawBody,
          nowMs: time,
          signatureOrder: this.variants.signatureOrder,
        }),
      };
      this.core.deliveries.enqueue({ url: hook.endpoint, body: event.body, headers, label: event.type, target: hook.id });
    }
  }
}
