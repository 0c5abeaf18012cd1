// Starts the Zendesk sandbox: options, wiring onto ../common, and the programmatic helpers tests use.
import {
  addCommonControlRoutes,
  createSandboxHandler,
  FaultInjector,
  RequestJournal,
  Router,
  SandboxInputError,
  startServer,
  WebhookDeliveryQueue,
  type DeliveryLogEntry,
  type DeliveryMode,
  type FaultSettings,
  type JournalEntry,
  type JournalFilter,
  type SandboxCore,
} from '../common';
import type { ZendeskDefaultStatus } from '../../../shared/zendesk/vocabulary';
import { ZendeskAccount, type AgentState, type InstallationResponseShape, type StatusBodyShape, type StatusResponseShape } from './account';
import { createZendeskApi, zendeskFaultResponse } from './api';
import type { ApiTokenSeed, OAuthClientSeed, OAuthTokenSeed } from './auth';
import { addZendeskControlRoutes, installationResponseShape, statusBodyShape } from './control';
import { invocationLog } from './invocations';
import { addZendeskOnboardingControls } from './onboarding-control';
import { SANDBOX_APP_ID, type Installation, type InstallationInput, type InstallationPatch } from './installations';
import type { StatusEntry, StatusReason, ZendeskCustomStatusSeed, ZendeskUser, ZendeskUserSeed } from './model';
import { DEFAULT_RATE_LIMIT, type RateLimitSettings } from './rate-limit';
import type { Webhook } from './webhooks';
import { configureApiVariants, DEFAULT_API_VARIANTS, type ApiVariants } from './variants';
import { resetRouting, routingOf, seedRouting, setRouting, setTalkStateAsAgent } from './routing';
import { signedUrlsOf, type SignedUrlForms, type SignedUrlRequest, type SignedUrlToken } from './signed-urls';

export interface ZendeskSandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  subdomain?: string;
  /** The numeric account id sent in events (`account_id`) and the `x-zendesk-account-id` header. Default 1000001. */
  accountId?: number;
  /** Valid bearer tokens. A string acts as the first admin. Default `['zendesk-sandbox-token']`. */
  oauthTokens?: OAuthTokenSeed[];
  /** Legacy API tokens for `Basic base64("{email}/token:{api_token}")`. None by default (off on new accounts, §2.2). */
  apiTokens?: ApiTokenSeed[];
  /** OAuth clients for `POST /oauth/tokens`. Default one confidential client `sandbox-client` / `sandbox-client-secret`. */
  oauthClients?: OAuthClientSeed[];
  /** Default one admin, `admin@example.com`. */
  admins?: Omit<ZendeskUserSeed, 'role'>[];
  /** Default `demoZendeskAgents(5)`. */
  agents?: Omit<ZendeskUserSeed, 'role'>[];
  /** Default two customers. They must never be listed as agents. */
  endUsers?: Omit<ZendeskUserSeed, 'role'>[];
  /** Ids of the default statuses. Default online 31, offline 32, away 33, transfers_only 34 (not Zendesk's 2–5). */
  statusIds?: Partial<Record<ZendeskDefaultStatus, number>>;
  /** Default "In a meeting" (36, every group) and "Training" (37, group 360000000002 only). */
  customStatuses?: ZendeskCustomStatusSeed[];
  /** Which set-status bodies are accepted. Default `both`. */
  statusBodyShape?: StatusBodyShape;
  /** Whether the set-status PUT answers `{data: item}` (default) or the bare item. */
  statusResponseShape?: StatusResponseShape;
  /** Whether the installation show answers the bare installation (default) or `{installation: …}` (§10 UNCONFIRMED). */
  installationResponseShape?: InstallationResponseShape;
  /** Status list naming, largest availability `page[size]`, webhook signature order (variants.ts; issue 11). */
  variants?: Partial<ApiVariants>;
  /** Per-minute limit, `Retry-After` of scheduled 429s, and "every Nth request is a 429". */
  rateLimit?: Partial<RateLimitSettings>;
  /** Per-attempt webhook timeout. Default 10000 (Zendesk's, per a secondary source, §9.8). */
  webhookTimeoutMs?: number;
  /** Retries after a failed delivery. Default 2. */
  webhookRetries?: number;
  /** Backoff before retry n: `webhookBackoffMs * 2^(n-1)`. Default 10. */
  webhookBackoffMs?: number;
  /** Default `expires_in` of minted OAuth access tokens. Default 1800. */
  accessTokenTtlSeconds?: number;
  /** Default 30 days. */
  refreshTokenTtlSeconds?: number;
  /** The clock (epoch ms) for every timestamp, token expiry and rate window. Default `Date.now`. */
  now?: () => number;
  /** Seed of the fault injector's PRNG. Default 1. */
  faultSeed?: number;
  /** Omnichannel routing (issue 14 §3, routing.ts): off means no unified status, a writable Talk `agent_state`. Default on. */
  omnichannelRouting?: boolean;
}

/** A running Zendesk sandbox. The methods mirror the control API for tests in the same process. */
export interface ZendeskSandbox {
  readonly url: string;
  readonly port: number;
  readonly subdomain: string;
  readonly accountId: number;
  /** The first configured bearer token (acts as the first admin when it is a plain string). */
  readonly adminToken: string;
  close(): Promise<void>;
  /** Same as `POST /_sandbox/reset`: seeded users and statuses, no webhooks, common state cleared. */
  reset(): Promise<void>;
  users(): ZendeskUser[];
  agents(): AgentState[];
  agent(idOrEmail: number | string): AgentState | undefined;
  addUser(seed: ZendeskUserSeed): ZendeskUser;
  /** Changes a user (by id or email) as an admin would: demote (`role`), suspend, deactivate (`active: false`). */
  updateUser(idOrEmail: number | string, patch: Partial<Pick<ZendeskUser, 'role' | 'suspended' | 'active'>>): ZendeskUser;
  statuses(): { default: StatusEntry[]; custom: StatusEntry[] };
  /** The id of a status by name ("online", "Transfers only", "In a meeting"); throws when there is none. */
  statusId(name: string): number;
  addCustomStatus(seed: ZendeskCustomStatusSeed): StatusEntry;
  removeCustomStatus(id: number): void;
  /** Changes an agent's status as the agent would (default reason `AGENT_STATUS_SWITCHER`) and emits the events. */
  setStatus(agentIdOrEmail: number | string, statusIdOrName: number | string, reason?: StatusReason): AgentState;
  /** Webhooks with their current signing secret. */
  webhooks(): Webhook[];
  /** App installations, secure settings included. */
  installations(): Installation[];
  /** Installs the app as an admin would (default app id `SANDBOX_APP_ID`, enabled). */
  install(input: InstallationInput): Installation;
  /** Changes an installation as an admin would in Admin Center: settings merge key by key (`null` clears one). */
  updateInstallation(id: number, patch: InstallationPatch): Installation;
  /** Uninstalls; `false` when there was no such installation. */
  uninstall(id: number): boolean;
  setStatusBodyShape(shape: StatusBodyShape): void;
  /** Switches the UNCONFIRMED shapes, e.g. `{ statusListNaming: 'default_statuses/custom_statuses' }`; answers them all. */
  setVariants(patch: Partial<ApiVariants>): ApiVariants;
  requests(filter?: JournalFilter): JournalEntry[];
  clearRequests(): void;
  setFaults(patch: Partial<FaultSettings>): FaultSettings;
  clearFaults(): void;
  setRateLimit(patch: Partial<RateLimitSettings>): RateLimitSettings;
  setDeliveryMode(mode: DeliveryMode | { mode: DeliveryMode['mode']; copies?: number; window?: number; delayMs?: number; count?: number }): DeliveryMode;
  deliveries(): DeliveryLogEntry[];
  /** Resolves when no webhook delivery is pending (events held by `reorder` are released first). */
  idle(): Promise<void>;
  /** An authorization code for `grant_type=authorization_code`, as if the user had approved in a browser. */
  issueAuthCode(input: {
    clientId: string;
    email?: string;
    scope?: string;
    redirectUri?: string;
    codeChallenge?: string;
    codeChallengeMethod?: 'S256' | 'plain';
  }): string;
  /** The signedUrls token Zendesk would POST when `user` loads `location` of an installation (README "signedUrls"). */
  signedUrlToken(request: SignedUrlRequest): SignedUrlToken;
  /** The app's public key (SPKI PEM), as `GET /api/v2/apps/{app_id}/public_key.pem` serves it. */
  appPublicKey(appId?: number): string;
  /** A new key pair for the app; returns the new public key. */
  rotateAppKey(appId?: number): string;
  /** Switches the UNCONFIRMED claim forms (`aud`, `sub`). */
  setSignedUrlForms(patch: Partial<SignedUrlForms>): SignedUrlForms;
  /** `claims` signed as they are with the app's key (RS256), for tests of a verifier's claim checks. */
  signAppClaims(claims: Record<string, unknown>, appId?: number): string;
  /** Whether omnichannel routing is on. */
  routing(): boolean;
  /** Turns omnichannel routing on or off as an admin would; a change sends `omnichannel_routing_feature_changed`. */
  setRouting(enabled: boolean): boolean;
  /** An agent sets their Talk `agent_state` (routing off only), as in the Talk widget: no webhook event. */
  setTalkState(agentIdOrEmail: number | string, state: 'online' | 'offline' | 'away' | 'transfers_only'): AgentState;
}

export const DEFAULT_ADMIN_EMAIL = 'admin@example.com';
export const DEFAULT_OAUTH_TOKEN = 'zendesk-sandbox-token';
export const TRAINING_GROUP_ID = 360_000_000_002;
export const DEFAULT_GROUP_ID = 360_000_000_001;

/**
 * Demo agents for the local stack, matching the Aircall sandbox's `agent01@example.com`… by email. Every third one
 * is written with other letter case (`Agent03@Example.com`), so matching must ignore case.
 *
 * @example await startZendeskSandbox({ agents: demoZendeskAgents(20) });
 */
export function demoZendeskAgents(n: number): Omit<ZendeskUserSeed, 'role'>[] {
  return Array.from({ length: n }, (_, index) => {
    const number = String(index + 1).padStart(2, '0');
    const email = (index + 1) % 3 === 0 ? `Agent${number}@Example.com` : `agent${number}@example.com`;
    return { name: `Agent ${number}`, email, group_ids: [DEFAULT_GROUP_ID], status: 'offline' };
  });
}

const DEFAULT_CUSTOM_STATUSES: ZendeskCustomStatusSeed[] = [
  {
    id: 36,
    name: 'In a meeting',
    description: 'Temporarily unavailable but accepting emails',
    channels: { messaging: 'away', support: 'online', talk: 'away' },
    group_ids: [],
  },
  {
    id: 37,
    name: 'Training',
    description: 'Training session',
    channels: { messaging: 'offline', support: 'offline', talk: 'offline' },
    group_ids: [TRAINING_GROUP_ID],
  },
];

/**
 * Starts a faithful fake of the Zendesk APIs the sync uses (zendesk-api.md): users, unified statuses, agent
 * availabilities, webhooks with signed deliveries, OAuth tokens; plus the `/_sandbox` control API.
 *
 * @example
 * const zendesk = await startZendeskSandbox({ accountId: 42 });
 * await fetch(`${zendesk.url}/api/v2/agent_availabilities/agent_statuses`, { headers: { Authorization: `Bearer ${zendesk.adminToken}` } });
 */
export async function startZendeskSandbox(options: ZendeskSandboxOptions = {}): Promise<ZendeskSandbox> {
  const now = options.now ?? Date.now;
  const accountId = options.accountId ?? 1_000_001;
  if (!Number.isSafeInteger(accountId) || accountId <= 0) throw new SandboxInputError('accountId must be a positive integer');
  const oauthTokens = options.oauthTokens ?? [DEFAULT_OAUTH_TOKEN];
  const firstToken = oauthTokens[0];
  const users: ZendeskUserSeed[] = [
    ...(options.admins ?? [{ name: 'Sandbox Admin', email: DEFAULT_ADMIN_EMAIL }]).map((u) => ({ ...u, role: 'admin' as const })),
    ...(options.agents ?? demoZendeskAgents(5)).map((u) => ({ ...u, role: 'agent' as const })),
    ...(
      options.endUsers ?? [
        { name: 'Customer One', email: 'customer1@example.com' },
        { name: 'Customer Two', email: 'customer2@example.com' },
      ]
    ).map((u) => ({ ...u, role: 'end-user' as const })),
  ];
  const core: SandboxCore = {
    journal: new RequestJournal(),
    faults: new FaultInjector({ seed: options.faultSeed ?? 1 }),
    deliveries: new WebhookDeliveryQueue({
      timeoutMs: options.webhookTimeoutMs ?? 10_000,
      retries: options.webhookRetries ?? 2,
      backoffMs: options.webhookBackoffMs ?? 10,
      now,
      // Feeds `GET /api/v2/webhooks/{id}/invocations` (invocations.ts).
      onAttempt: (report) => invocationLog(account).record(report),
    }),
  };
  const account = new ZendeskAccount(
    {
      subdomain: options.subdomain ?? 'sandbox',
      accountId,
      oauthTokens,
      apiTokens: options.apiTokens ?? [],
      oauthClients: options.oauthClients ?? [{ identifier: 'sandbox-client', secret: 'sandbox-client-secret', kind: 'confidential' }],
      users,
      statusIds: options.statusIds,
      customStatuses: options.customStatuses ?? DEFAULT_CUSTOM_STATUSES,
      statusBodyShape: statusBodyShape(options.statusBodyShape ?? 'both'),
      statusResponseShape: options.statusResponseShape ?? 'data',
      installationResponseShape: installationResponseShape(options.installationResponseShape ?? 'bare'),
      variants: configureApiVariants({ ...DEFAULT_API_VARIANTS }, options.variants ?? {}),
      rateLimit: { ...DEFAULT_RATE_LIMIT, ...(options.rateLimit ?? {}) },
      accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 1800,
      refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? 30 * 24 * 3600,
    },
    core,
    now,
  );

  seedRouting(account, options.omnichannelRouting ?? true);
  let serverUrl = '';
  const signedUrls = signedUrlsOf(account); // generates the default app's key pair now
  const controlRouter = addCommonControlRoutes(new Router(), core, () => {
    account.reset();
    resetRouting(account);
    invocationLog(account).clear();
    signedUrls.reset();
  });
  addZendeskControlRoutes(controlRouter, account, () => serverUrl);
  addZendeskOnboardingControls(controlRouter, account);
  const server = await startServer(
    { port: options.port ?? 0, host: options.host },
    createSandboxHandler({
      core,
      control: controlRouter,
      api: createZendeskApi(account, () => serverUrl),
      faultResponse: (fault) => zendeskFaultResponse(account, fault),
      now,
    }),
  );
  serverUrl = server.url;

  return {
    url: server.url,
    port: server.port,
    subdomain: account.settings.subdomain,
    accountId,
    adminToken: firstToken === undefined ? '' : typeof firstToken === 'string' ? firstToken : firstToken.token,
    close: async () => {
      await core.deliveries.idle();
      await server.close();
    },
    reset: async () => {
      core.journal.clear();
      core.faults.clear();
      core.deliveries.reset();
      account.reset();
      resetRouting(account);
      invocationLog(account).clear();
      signedUrls.reset();
    },
    users: () => account.model.listUsers(),
    agents: () => account.agentStates(),
    agent: (idOrEmail) => {
      const user = account.findUser(idOrEmail);
      return user ? account.agentState(user.id) : undefined;
    },
    addUser: (seed) => account.model.addUser(seed),
    updateUser: (idOrEmail, patch) => {
      const user = account.findUser(idOrEmail);
      if (!user) throw new Error(`no Zendesk user ${String(idOrEmail)}`);
      return account.model.updateUser(user.id, patch);
    },
    statuses: () => account.model.catalog(),
    statusId: (name) => {
      const status = account.model.statusByName(name);
      if (!status) throw new SandboxInputError(`no status named ${name}`);
      return status.id;
    },
    addCustomStatus: (seed) => account.model.addCustomStatus(seed),
    removeCustomStatus: (id) => account.removeCustomStatus(id),
    setStatus: (agent, status, reason = 'AGENT_STATUS_SWITCHER') => account.setStatus(agent, status, reason),
    webhooks: () => account.webhooks.list(),
    installations: () => account.installations.list(),
    install: (input) => account.installations.create(input),
    updateInstallation: (id, patch) => account.installations.update(id, patch),
    uninstall: (id) => account.installations.delete(id),
    setStatusBodyShape: (shape) => {
      account.statusBodyShape = statusBodyShape(shape);
    },
    setVariants: (patch) => configureApiVariants(account.variants, patch),
    requests: (filter) => core.journal.list(filter),
    clearRequests: () => core.journal.clear(),
    setFaults: (patch) => core.faults.configure(patch),
    clearFaults: () => core.faults.clear(),
    setRateLimit: (patch) => account.rate.configure(patch),
    setDeliveryMode: (mode) => core.deliveries.setMode(mode),
    deliveries: () => core.deliveries.log(),
    idle: () => core.deliveries.idle(),
    issueAuthCode: (input) => {
      const code = account.auth.issueCode(input);
      if (!code) throw new SandboxInputError(`unknown OAuth client ${input.clientId} or user ${input.email ?? ''}`);
      return code;
    },
    signedUrlToken: (request) => signedUrls.mint(request, serverUrl),
    appPublicKey: (appId = SANDBOX_APP_ID) => {
      const pem = signedUrls.publicKeyPem(appId);
      if (pem === undefined) throw new SandboxInputError(`no app ${appId} is installed`);
      return pem;
    },
    rotateAppKey: (appId = SANDBOX_APP_ID) => signedUrls.rotate(appId),
    setSignedUrlForms: (patch) => signedUrls.configure(patch),
    signAppClaims: (claims, appId) => signedUrls.signClaims(claims, appId),
    routing: () => routingOf(account).enabled,
    setRouting: (enabled) => setRouting(account, enabled),
    setTalkState: (agent, state) => {
      setTalkStateAsAgent(account, agent, state);
      return account.agentState(account.findUser(agent)?.id ?? 0) as AgentState;
    },
  };
}
