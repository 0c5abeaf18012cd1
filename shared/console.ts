// The contract between the admin console (the app's `nav_bar` location) and the backend's onboarding routes
// (lambdas/oauth, issue 12): routes, request and answer bodies, and the messages the OAuth popup posts back.
// Every admin route needs `Authorization: Bearer <admin session>` (the session the OAuth popup hands over).
import type { ApiShapesView, AuditEntryView, CallStatusView, DirectionInForce } from './app-api';
import type { Side } from './sync/types';

/** The admin routes (JSON in and out). */
export const CONSOLE_ROUTES = {
  /** GET: everything the console shows (`ConsoleResponse`). */
  console: '/api/admin/console',
  /** POST `SetupRequest` → `SetupResponse`: runs or retries the onboarding steps. */
  setup: '/api/admin/setup',
  /** POST `AircallCredentialsRequest` → `ConnectResponse`: self-hosted, the pasted API ID and token (checked first). */
  aircallCredentials: '/api/admin/aircall/credentials',
  /** POST (no body) → `AircallConnectResponse`: the URL to open in a popup for Aircall's partner OAuth. */
  aircallConnect: '/api/admin/aircall/connect',
  /** POST `DisconnectRequest` → `DisconnectResponse`. */
  disconnect: '/api/admin/disconnect',
} as const;

/** The browser routes of the OAuth flows (HTML and redirects; opened in a popup or by Aircall). */
export const OAUTH_ROUTES = {
  /** `?subdomain=SUB[&purpose=signin]` → 302 to Zendesk's authorize page. */
  zendeskStart: '/oauth/zendesk/start',
  zendeskCallback: '/oauth/zendesk/callback',
  /** Aircall's install URI (Dashboard install button), or the URL from `aircallConnect` → 302 to Aircall's authorize page. */
  aircallInstall: '/oauth/aircall/install',
  aircallCallback: '/oauth/aircall/callback',
} as const;

/** `purpose=connect` (default): grants `read write` and connects the account; `signin` only identifies the admin. */
export type ZendeskOAuthPurpose = 'connect' | 'signin';

// ---------------------------------------------------------------------------------------------------------------
// What the popup posts to `window.opener` (target origin: the backend's PUBLIC_URL origin)
// ---------------------------------------------------------------------------------------------------------------

export const ADMIN_SESSION_MESSAGE = 'agent-status-sync:admin-session';
export const OAUTH_ERROR_MESSAGE = 'agent-status-sync:oauth-error';
/** Posted after an Aircall connect started from the console (the admin already has a session). */
export const AIRCALL_CONNECTED_MESSAGE = 'agent-status-sync:aircall-connected';

/** A Zendesk sign-in or Connect succeeded: the admin session for the console (bearer token, at most 1 hour). */
export interface AdminSessionMessage {
  type: typeof ADMIN_SESSION_MESSAGE;
  token: string;
  /** Epoch ms. */
  expiresAt: number;
  accountId: string;
}

export interface OAuthErrorMessage {
  type: typeof OAUTH_ERROR_MESSAGE;
  /** For people; holds no secret. */
  message: string;
}

export interface AircallConnectedMessage {
  type: typeof AIRCALL_CONNECTED_MESSAGE;
  accountId: string;
}

export type ConsolePopupMessage = AdminSessionMessage | OAuthErrorMessage | AircallConnectedMessage;

// ---------------------------------------------------------------------------------------------------------------
// GET /api/admin/console
// ---------------------------------------------------------------------------------------------------------------

/**
 * `connected`: the backend holds a working credential. `needs_reconnect`: it holds one that failed for good (refresh
 * revoked or expired, admin removed): sync is paused, changes are still recorded. `disconnected`: none.
 */
export type ConnectionState = 'connected' | 'needs_reconnect' | 'disconnected';

/** Who granted a credential (Zendesk `users/me` at grant time). */
export interface GrantorView {
  id: string;
  name?: string;
  email?: string;
  role?: string;
}

export interface ZendeskConnectionView {
  state: ConnectionState;
  subdomain: string;
  /** `oauth`: an admin's grant; `client_credentials`: self-hosted confidential client; `api_token`: legacy file import. */
  kind?: 'oauth' | 'client_credentials' | 'api_token';
  grantor?: GrantorView;
  scopes: string[];
  /** Epoch ms of the grant (the last Connect). */
  grantedAt?: number;
  /** Epoch ms when the access token expires (refreshed before); absent when it never expires. */
  tokenExpiresAt?: number;
  /** Epoch ms when the refresh token expires (renewed by each refresh). */
  refreshTokenExpiresAt?: number;
  /** Set in `needs_reconnect`: since when and why (credential-free). */
  needsReconnect?: { since: number; reason: string };
}

export interface AircallConnectionView {
  state: ConnectionState;
  /** `oauth`: partner OAuth (hosted); `basic`: a pasted API ID and token (self-hosted). */
  kind?: 'oauth' | 'basic';
  grantor?: GrantorView;
  grantedAt?: number;
  needsReconnect?: { since: number; reason: string };
}

/** How Aircall can be connected on this backend: partner OAuth needs AIRCALL_OAUTH_CLIENT_ID/SECRET. */
export interface AircallConnectModes {
  oauth: boolean;
  /** Pasting an API ID and token (always offered; the way for self-hosted deployments). */
  paste: boolean;
}

/** One side's webhook, as registered by the backend and last checked. */
export interface WebhookView {
  side: Side;
  /** Whether the backend holds a webhook for this side (it registered or adopted one). */
  registered: boolean;
  /** The provider's status (`active`/`inactive`); absent when not checked yet or the check failed. */
  active?: boolean;
  /** The provider's webhook id. */
  webhookId?: string;
  /** `PUBLIC_URL/webhooks/{side}/{accountId}`. */
  url?: string;
  /** Epoch ms of the last delivery: Zendesk's invocation history, else the last verified webhook received. */
  lastDeliveryAt?: number;
  /** Status of that delivery when the provider reports it (Zendesk invocation statuses, e.g. `success`, `failed`). */
  lastDeliveryStatus?: string;
  /** Failed deliveries in the provider's history (Zendesk: up to 7 days). */
  failures?: number;
  /** Epoch ms of the last check with the provider. */
  checkedAt?: number;
  /** Why the check failed (credential-free). */
  error?: string;
}

/** The onboarding steps, in order. */
export const ONBOARDING_STEPS = ['zendesk_webhook', 'aircall_webhook', 'directory', 'first_sync'] as const;
export type OnboardingStepName = (typeof ONBOARDING_STEPS)[number];

/**
 * `pending`: not run yet; `blocked`: waits for a side to be connected (`detail` says which); `done`; `failed`
 * (`error` says why, retry with `POST /api/admin/setup`).
 */
export type OnboardingStepStatus = 'pending' | 'blocked' | 'done' | 'failed';

export interface OnboardingStepView {
  step: OnboardingStepName;
  status: OnboardingStepStatus;
  /** Epoch ms of the last run. */
  at?: number;
  /** What was done or why it waits, e.g. `adopted webhook 123`, `connect Aircall first`. */
  detail?: string;
  /** Why it failed: for people, credential-free. */
  error?: string;
}

/** An agent present on both sides. */
export interface LinkedAgentView {
  email: string;
  aircallUserId: string;
  zendeskUserId: string;
  name?: string;
}

export interface DirectoryUserView {
  id: string;
  email?: string;
  name?: string;
}

export interface ConsoleResponse {
  account: { id: string; subdomain: string };
  /** The signed-in admin (from the session). */
  admin: { userId: string; name?: string; email?: string };
  /** Epoch ms when the console's session ends: sign in again then. */
  sessionExpiresAt: number;
  connections: { zendesk: ZendeskConnectionView; aircall: AircallConnectionView };
  aircallConnectModes: AircallConnectModes;
  webhooks: Record<Side, WebhookView>;
  steps: OnboardingStepView[];
  direction: DirectionInForce;
  agents: {
    linkedCount: number;
    /** Up to 200, by email. */
    linked: LinkedAgentView[];
    linkedTruncated?: boolean;
    unmatched: { aircall: DirectoryUserView[]; zendesk: DirectoryUserView[]; builtAt?: number; truncated?: boolean };
  };
  /** The Aircall request budget: tokens used of the per-minute capacity (shared by the company's accounts). */
  budget: { used: number; capacity: number; perMinute: number };
  /**
   * Linked agents who changed the target side themselves since the last source change (as `AdminOverviewResponse`
   * counts them); absent when not counted.
   */
  otherSideChangedCount?: number;
  /** Newest first, up to 50. */
  audit: AuditEntryView[];
  apiShapes?: ApiShapesView;
  /**
   * Which Zendesk API holds agent statuses (issue 14 §3): `unified` (omnichannel routing) or `talk` (the Talk
   * `agent_state`, no routing), with what decided it (`default`: not detected yet) and since when. Absent from an
   * older backend.
   */
  zendeskStatusMode?: { mode: 'unified' | 'talk'; source: 'account_setting' | 'availability' | 'webhook' | 'default'; since?: number; checkedAt?: number };
  /** Call-aware status (issue 14 §1): the `callStatus` setting as applied; absent when empty (off). */
  callStatus?: CallStatusView;
}

// ---------------------------------------------------------------------------------------------------------------
// The actions
// ---------------------------------------------------------------------------------------------------------------

/** `steps` absent: every step not done yet, in order. A listed step runs even when done (retry). */
export interface SetupRequest {
  steps?: OnboardingStepName[];
}

/** Every step's state after the run (the whole list, in order). */
export interface SetupResponse {
  steps: OnboardingStepView[];
}

export interface AircallCredentialsRequest {
  apiId: string;
  apiToken: string;
}

/** A side was connected: its connection and the onboarding steps run right after. */
export interface ConnectResponse {
  connection: AircallConnectionView;
  steps: OnboardingStepView[];
}

export interface AircallConnectResponse {
  /** `PUBLIC_URL/oauth/aircall/install?...`, bound to this account, single use, valid 10 minutes. */
  url: string;
}

export interface DisconnectRequest {
  side: Side;
}

export interface DisconnectResponse {
  side: Side;
  /** `disconnected` once done. */
  state: ConnectionState;
  /** What was done, e.g. `webhook deleted`, `token revoked` (credential-free). */
  detail?: string[];
}

/** The error body of every non-2xx answer of the admin routes. `code` is stable; `message` is for people. */
export interface ConsoleError {
  error: {
    code: 'bad_request' | 'unauthorized' | 'forbidden' | 'not_found' | 'method_not_allowed' | 'conflict' | 'rate_limited' | 'bad_gateway' | 'unavailable';
    message: string;
    /** The request field at fault (`apiId`, `side`, `steps`…). */
    field?: string;
  };
}
