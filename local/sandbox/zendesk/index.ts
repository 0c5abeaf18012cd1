// The Zendesk sandbox: a faithful HTTP fake of the Zendesk APIs the sync uses, for tests and the local stack.
export { startZendeskSandbox, demoZendeskAgents, DEFAULT_ADMIN_EMAIL, DEFAULT_OAUTH_TOKEN, DEFAULT_GROUP_ID, TRAINING_GROUP_ID } from './sandbox';
export type { ZendeskSandbox, ZendeskSandboxOptions } from './sandbox';
export type { AgentState, InstallationResponseShape, StatusBodyShape, StatusResponseShape } from './account';
export { SANDBOX_APP_ID } from './installations';
export type { Installation, InstallationInput, InstallationPatch, SettingValue } from './installations';
export type { ApiTokenSeed, OAuthClientSeed, OAuthTokenSeed } from './auth';
export type { Channel, ChannelState, StatusEntry, StatusReason, ZendeskCustomStatusSeed, ZendeskRole, ZendeskUser, ZendeskUserSeed } from './model';
export { SANDBOX_DEFAULT_STATUS_IDS, STATUS_REASONS } from './model';
export type { RateLimitSettings } from './rate-limit';
export type { Webhook } from './webhooks';
export type { ApiVariants } from './variants';
export { signWebhook, UNIFIED_STATE_CHANGED, STATE_CHANGED } from './events';
export { SIGNED_URL_TTL_SECONDS, queryStringHash } from './signed-urls';
export type { SignedUrlAudience, SignedUrlForms, SignedUrlRequest, SignedUrlSubject, SignedUrlToken } from './signed-urls';
export { ROUTING_FEATURE_CHANGED } from './routing';
