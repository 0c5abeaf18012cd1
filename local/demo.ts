// The demo back ends of `npm start`: both sandboxes, seeded with the same agents, their webhooks pointed at the stack.
import type { Account } from '../lambdas/accounts/account';
import type { ZendeskCredential } from '../lambdas/credentials/port';
import { REFRESH_TTL_SECONDS } from '../lambdas/zendesk/token-source';
import { createAircallClient } from '../lambdas/aircall/client';
import { AIRCALL_SUBSCRIBED_EVENTS } from '../lambdas/aircall/webhook';
import { createZendeskClient, UNIFIED_STATE_CHANGED } from '../lambdas/zendesk/client';
import { ROUTING_FEATURE_CHANGED } from '../lambdas/zendesk/routing-event';
import type { SyncDirection } from '../shared/sync/types';
import { demoAircallUsers, startAircallSandbox, type AircallSandbox, type AircallSandboxOptions } from './sandbox/aircall';
import {
  DEFAULT_ADMIN_EMAIL,
  DEFAULT_OAUTH_TOKEN,
  SANDBOX_APP_ID,
  demoZendeskAgents,
  startZendeskSandbox,
  type ZendeskSandbox,
  type ZendeskSandboxOptions,
} from './sandbox/zendesk';

/** The Aircall events the sync subscribes to: the product's list (lambdas/aircall/webhook.ts). */
export { AIRCALL_SUBSCRIBED_EVENTS };

export interface SandboxPair {
  aircall: AircallSandbox;
  zendesk: ZendeskSandbox;
  close(): Promise<void>;
}

const DEMO_API_ID = 'demo-api-id';
const DEMO_API_TOKEN = 'demo-api-token';

/**
 * Starts both sandboxes with `agents` agents present on both sides under the same emails. `aircall` and `zendesk`
 * are passed through to the sandboxes over the demo defaults (e.g. `{ substatusesEnabled: true }`, other seeds).
 */
export async function startSandboxes(options: {
  agents: number;
  aircallPort?: number;
  zendeskPort?: number;
  aircallRateLimitPerMinute?: number;
  /** Aircall webhook deliveries in flight at once per receiver URL (default 1, in order; see `webhookConcurrency`). */
  webhookConcurrency?: number;
  aircall?: Partial<Omit<AircallSandboxOptions, 'apiId' | 'apiToken'>>;
  zendesk?: Partial<Omit<ZendeskSandboxOptions, 'subdomain'>>;
}): Promise<SandboxPair> {
  const aircall = await startAircallSandbox({
    port: options.aircallPort ?? 0,
    users: demoAircallUsers(options.agents),
    rateLimitPerMinute: options.aircallRateLimitPerMinute ?? 60,
    ...(options.webhookConcurrency !== undefined && { webhookConcurrency: options.webhookConcurrency }),
    ...options.aircall,
    apiId: DEMO_API_ID,
    apiToken: DEMO_API_TOKEN,
  });
  const zendesk = await startZendeskSandbox({
    port: options.zendeskPort ?? 0,
    agents: demoZendeskAgents(options.agents),
    ...options.zendesk,
    subdomain: 'demo',
  });
  return { aircall, zendesk, close: async () => void (await Promise.all([aircall.close(), zendesk.close()])) };
}

/**
 * Registers webhooks on both sandboxes, through the product's own clients and the APIs' real endpoints, pointing
 * at the stack, installs the app in the Zendesk sandbox as an admin would (settings `syncDirection` = `direction`,
 * `keepInStep` (default false)), and returns the account that ties them together. The installation's
 * `syncDirection` is then the direction in force; the account's `direction` is only the fallback (issue 6).
 */
export async function connectSandboxes(
  pair: SandboxPair,
  options: { stackUrl: string; accountId: string; direction: SyncDirection; keepInStep?: boolean; aircallRateLimitPerMinute?: number },
): Promise<Account> {
  const aircall = createAircallClient({ apiId: DEMO_API_ID, apiToken: DEMO_API_TOKEN, baseUrl: pair.aircall.url, budgetKey: `setup:${pair.aircall.url}` });
  const zendesk = createZendeskClient({ subdomain: 'demo', baseUrl: pair.zendesk.url, auth: { kind: 'oauth', accessToken: DEFAULT_OAUTH_TOKEN } });
  const hook = await aircall.createWebhook({
    url: `${options.stackUrl}/webhooks/aircall/${options.accountId}`,
    events: AIRCALL_SUBSCRIBED_EVENTS,
    customName: 'agent-status-sync',
  });
  const zendeskHook = await zendesk.createWebhook({
    name: 'agent-status-sync',
    endpoint: `${options.stackUrl}/webhooks/zendesk/${options.accountId}`,
    // The routing switch too (issue 14 §3), as the product's own registration subscribes (lambdas/onboarding/webhooks.ts).
    subscriptions: [UNIFIED_STATE_CHANGED, ROUTING_FEATURE_CHANGED],
  });
  await installApp(pair.zendesk.url, { syncDirection: options.direction, keepInStep: options.keepInStep ?? false }, {});
  return {
    id: options.accountId,
    direction: options.direction,
    aircall: {
      apiId: DEMO_API_ID,
      apiToken: DEMO_API_TOKEN,
      webhookToken: hook.token ?? '',
      rateLimitPerMinute: options.aircallRateLimitPerMinute ?? 60,
      baseUrl: pair.aircall.url,
    },
    zendesk: {
      subdomain: 'demo',
      oauthAccessToken: DEFAULT_OAUTH_TOKEN,
      webhookSigningSecret: await zendesk.getSigningSecret(zendeskHook.id),
      baseUrl: pair.zendesk.url,
    },
    // The app's id: its public key verifies the signedUrls tokens the sandbox signs (issue 13).
    app: { appId: SANDBOX_APP_ID },
  };
}

/** The sandbox's seeded confidential OAuth client (local/sandbox/zendesk/sandbox.ts); `npm start` configures the stack with it. */
export const DEMO_ZENDESK_OAUTH_CLIENT = { clientId: 'sandbox-client', clientSecret: 'sandbox-client-secret' };
/** The demo grant's access token lifetime: Zendesk's default for new clients (30 min), so the demo refreshes it. */
export const DEMO_ACCESS_TTL_SECONDS = 1800;

/**
 * The admin's grant to the demo's OAuth client, as Connect would obtain it (authorization code, then the token
 * endpoint), with who granted it and the token's id: an access token that expires, and a refresh token. `npm start`
 * stores it as the demo account's Zendesk credential (in place of the file form's static token), so the stack
 * refreshes it as it would a customer's.
 */
export async function demoZendeskGrant(sandbox: ZendeskSandbox, options: { accessTtlSeconds?: number } = {}): Promise<ZendeskCredential & { kind: 'oauth' }> {
  const code = sandbox.issueAuthCode({ clientId: DEMO_ZENDESK_OAUTH_CLIENT.clientId, email: DEFAULT_ADMIN_EMAIL, scope: 'read write' });
  const grantedAt = Date.now();
  const res = await fetch(`${sandbox.url}/oauth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'authorization_code',
      code,
      client_id: DEMO_ZENDESK_OAUTH_CLIENT.clientId,
      client_secret: DEMO_ZENDESK_OAUTH_CLIENT.clientSecret,
      expires_in: options.accessTtlSeconds ?? DEMO_ACCESS_TTL_SECONDS,
      refresh_token_expires_in: REFRESH_TTL_SECONDS,
    }),
  });
  if (res.status !== 200) throw new Error(`the Zendesk sandbox refused the demo's OAuth grant (${res.status})`);
  const body = (await res.json()) as { access_token: string; refresh_token: string; expires_in: number; refresh_token_expires_in: number; scope: string };
  const bearer = { authorization: `Bearer ${body.access_token}` };
  const me = (await (await fetch(`${sandbox.url}/api/v2/users/me`, { headers: bearer })).json()) as {
    user: { id: number; name: string; email: string; role: string };
  };
  const current = (await (await fetch(`${sandbox.url}/api/v2/oauth/tokens/current`, { headers: bearer })).json()) as { token: { id: number } };
  return {
    kind: 'oauth',
    accessToken: body.access_token,
    refreshToken: body.refresh_token,
    expiresAt: grantedAt + body.expires_in * 1000,
    refreshExpiresAt: grantedAt + body.refresh_token_expires_in * 1000,
    tokenId: String(current.token.id),
    scopes: body.scope.split(/\s+/).filter(Boolean),
    grantor: { id: String(me.user.id), name: me.user.name, email: me.user.email, role: me.user.role },
    grantedAt,
    version: 0,
  };
}

/** Installs the app through the Zendesk sandbox's control API (Admin Center's stand-in); returns the installation id. */
export async function installApp(zendeskUrl: string, settings: Record<string, string | boolean>, secureSettings: Record<string, string>): Promise<number> {
  const res = await fetch(`${zendeskUrl}/_sandbox/installations`, { method: 'POST', body: JSON.stringify({ settings, secure_settings: secureSettings }) });
  if (res.status !== 201) throw new Error(`the Zendesk sandbox refused to install the app (${res.status})`);
  return ((await res.json()) as { installation: { id: number } }).installation.id;
}
