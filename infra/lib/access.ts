// What each Lambda may do to the table and the queue: the IAM grants of the stack, written out action by action.
// tests/infra/access.test.ts derives the same lists from the code (handler → use cases → store/queue adapters) and
// fails when the two differ, so a new store call shows up as a failing test, not as an AccessDenied in production.
import { AUDIT_BY_ACCOUNT_INDEX, BY_AIRCALL_USER_INDEX, BY_ZENDESK_USER_INDEX } from '../../lambdas/store/table';

export type DynamoAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:BatchGetItem'
  | 'dynamodb:Query'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:DeleteItem'
  | 'dynamodb:BatchWriteItem';

export type SqsAction = 'sqs:SendMessage' | 'sqs:ChangeMessageVisibility';

/**
 * A family of the table's partition keys (lambdas/store/keys.ts), as `dynamodb:LeadingKeys` sees them: a prefix ending
 * in `#` covers every key it starts (`ACCOUNT#` → `ACCOUNT#acme`), anything else is one exact key (the registry).
 */
export type TablePartition =
  | 'ACCOUNT#'
  | 'ACCOUNTS'
  | 'DEDUPE#'
  | 'AUDIT#'
  | 'BUCKET#'
  // Sealed credentials and webhook secrets in their own items (lambdas/credentials/dynamo.ts `credentialKeys`).
  | 'CREDENTIALS#'
  | 'WEBHOOK_SECRETS#'
  // Sessions by token hash, and each account's not-before of disconnect (lambdas/sessions/dynamo.ts `sessionKeys`).
  | 'SESSION#'
  | 'SESSIONS#'
  // The OAuth flows: pending state, exchanged codes, an Aircall install waiting for the Zendesk sign-in.
  | 'OAUTH_FLOW#'
  | 'OAUTH_CODE#'
  | 'AIRCALL_PENDING#';

/**
 * The encryption-context `field` of every sealed secret (lambdas/secrets README): KMS conditions on
 * `kms:EncryptionContext:field` decide which function may open (Decrypt) or seal (GenerateDataKey) which kind.
 */
export const ZENDESK_CREDENTIAL_FIELDS = ['zendesk.accessToken', 'zendesk.refreshToken', 'zendesk.apiToken', 'zendesk.clientSecret'] as const;
export const AIRCALL_CREDENTIAL_FIELDS = ['aircall.accessToken', 'aircall.apiId', 'aircall.apiToken'] as const;
export const WEBHOOK_SECRET_FIELDS = { zendesk: 'zendesk.webhookSigningSecret', aircall: 'aircall.webhookToken' } as const;
/** An Aircall token between Aircall's install and the admin's Zendesk sign-in (lambdas/oauth/deps.ts). */
export const PENDING_AIRCALL_FIELD = 'aircall.pendingAccessToken';
export type SecretField =
  | (typeof ZENDESK_CREDENTIAL_FIELDS)[number]
  | (typeof AIRCALL_CREDENTIAL_FIELDS)[number]
  | (typeof WEBHOOK_SECRET_FIELDS)[keyof typeof WEBHOOK_SECRET_FIELDS]
  | typeof PENDING_AIRCALL_FIELD;

/** Our OAuth clients, each a Secrets Manager secret read at cold start (lambdas/secrets/oauth-clients.ts). */
export type OAuthClient = 'zendesk' | 'aircall';

/** The `dynamodb:LeadingKeys` patterns of some partition families: `ACCOUNT#` → `ACCOUNT#*`. */
export function leadingKeyPatterns(partitions: readonly TablePartition[]): string[] {
  return partitions.map((p) => (p.endsWith('#') ? `${p}*` : p));
}

/** The table actions that change items: they need the table's KMS key for encryption too. */
export const DYNAMO_WRITE_ACTIONS: readonly DynamoAction[] = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

export interface FunctionAccess {
  /** Handler file in lambdas/handlers (without `.ts`). */
  readonly entry: string;
  /**
   * Actions on the table's items (resource: the table ARN only), each with the partitions it may reach
   * (`dynamodb:LeadingKeys`). A function serves every account, so the account cannot be pinned in IAM; what is pinned
   * is which kinds of partition each action touches: e.g. no webhook can read a credential item or list the account
   * registry, no worker can claim or forget a webhook event.
   */
  readonly table: Readonly<Partial<Record<DynamoAction, readonly TablePartition[]>>>;
  /** GSIs the function queries (`dynamodb:Query` on each index's own ARN, never `index/*`). */
  readonly indexes: readonly string[];
  /**
   * Actions on the sync queue. The worker's receive/delete rights come from its SQS event source, which CDK grants
   * itself; `ChangeMessageVisibility` is listed because the worker's code calls it (retryAfter).
   */
  readonly queue: readonly SqsAction[];
  /**
   * Secrets sealed with the secrets key: the fields it may open (`kms:Decrypt`) and seal (`kms:GenerateDataKey`), each
   * by its encryption-context `field`. A webhook function opens its own provider's webhook secret and nothing else.
   */
  readonly secrets: { readonly open: readonly SecretField[]; readonly seal: readonly SecretField[] };
  /** The OAuth clients it reads at cold start (Zendesk's: whoever refreshes a Zendesk token; Aircall's: the exchange). */
  readonly oauthClients: readonly OAuthClient[];
}

/** Every partition family the function's table statements name, whatever the action. */
export function partitionsOf(access: FunctionAccess): TablePartition[] {
  return [...new Set(Object.values(access.table).flat())].sort() as TablePartition[];
}

const ZENDESK = [...ZENDESK_CREDENTIAL_FIELDS];
const AIRCALL = [...AIRCALL_CREDENTIAL_FIELDS];
const WEBHOOKS = [WEBHOOK_SECRET_FIELDS.zendesk, WEBHOOK_SECRET_FIELDS.aircall];
/** Calls both providers with the account's credentials; a Zendesk token near expiry is refreshed, so resealed. */
const CALLS_PROVIDERS = { open: [...ZENDESK, ...AIRCALL], seal: ZENDESK };
/** And keeps both webhooks healthy (the sweep re-creates a missing one: a new secret, sealed) and disconnects. */
const KEEPS_WEBHOOKS = { open: [...ZENDESK, ...AIRCALL, ...WEBHOOKS], seal: [...ZENDESK, ...WEBHOOKS] };

export type FunctionKey = 'aircallWebhook' | 'zendeskWebhook' | 'syncWorker' | 'directory' | 'reconcile' | 'appApi' | 'appPage' | 'oauth' | 'admin';

/**
 * Per function, the store, credential, session and queue calls its code makes (traced from the handler's bundle into
 * lambdas/store/dynamo.ts, lambdas/credentials/dynamo.ts, lambdas/sessions/dynamo.ts, lambdas/oauth/store.ts and
 * lambdas/queue/sqs.ts), turned into actions per partition.
 */
export const FUNCTION_ACCESS: Readonly<Record<FunctionKey, FunctionAccess>> = {
  // Reads the account, its link (GSI) and its Aircall webhook token; claims the event, records the observation and
  // audit; enqueues. Never reads a credential: `integration.deleted` only wipes the Aircall side (deletes its items,
  // ends the account's sessions), since the install is already gone on Aircall's side.
  aircallWebhook: {
    entry: 'aircall-webhook',
    table: {
      'dynamodb:GetItem': ['ACCOUNT#', 'DEDUPE#', 'WEBHOOK_SECRETS#'],
      'dynamodb:PutItem': ['AUDIT#', 'DEDUPE#'],
      'dynamodb:UpdateItem': ['ACCOUNT#', 'SESSIONS#'],
      'dynamodb:DeleteItem': ['CREDENTIALS#', 'WEBHOOK_SECRETS#'],
    },
    indexes: [BY_AIRCALL_USER_INDEX],
    queue: ['sqs:SendMessage'],
    secrets: { open: [WEBHOOK_SECRET_FIELDS.aircall], seal: [] },
    oauthClients: [],
  },
  // The same for Zendesk, verified by the webhook's signing secret; nothing to wipe.
  zendeskWebhook: {
    entry: 'zendesk-webhook',
    table: {
      'dynamodb:GetItem': ['ACCOUNT#', 'DEDUPE#', 'WEBHOOK_SECRETS#'],
      // The account's links, listed once per few minutes per process (lambdas/sync/link-cache.ts).
      'dynamodb:Query': ['ACCOUNT#'],
      'dynamodb:PutItem': ['AUDIT#', 'DEDUPE#'],
      'dynamodb:UpdateItem': ['ACCOUNT#'],
    },
    indexes: [BY_ZENDESK_USER_INDEX],
    queue: ['sqs:SendMessage'],
    secrets: { open: [WEBHOOK_SECRET_FIELDS.zendesk], seal: [] },
    oauthClients: [],
  },
  // syncAgent (state, link by email, outcome, audit, bucket, catalog cache), refreshDirectory, the sweep of an account
  // whose direction just took effect or that was just connected (the first sync), without the account upkeep (webhooks,
  // disconnect: the scheduled reconcile's); reschedules its own messages.
  syncWorker: {
    entry: 'sync-worker',
    table: {
      'dynamodb:GetItem': ['ACCOUNT#', 'BUCKET#', 'CREDENTIALS#'],
      'dynamodb:Query': ['ACCOUNT#'],
      'dynamodb:PutItem': ['ACCOUNT#', 'AUDIT#'],
      'dynamodb:UpdateItem': ['ACCOUNT#', 'BUCKET#', 'CREDENTIALS#'],
      'dynamodb:DeleteItem': ['ACCOUNT#'],
      'dynamodb:BatchWriteItem': ['ACCOUNT#', 'AUDIT#'],
    },
    indexes: [],
    queue: ['sqs:SendMessage', 'sqs:ChangeMessageVisibility'],
    secrets: CALLS_PROVIDERS,
    oauthClients: ['zendesk'],
  },
  // listAccounts (Query + BatchGetItem) and refreshDirectory for each, with both providers' credentials; queues nothing.
  directory: {
    entry: 'directory',
    table: {
      'dynamodb:GetItem': ['ACCOUNT#', 'BUCKET#', 'CREDENTIALS#'],
      'dynamodb:BatchGetItem': ['ACCOUNT#', 'ACCOUNTS'],
      'dynamodb:Query': ['ACCOUNT#', 'ACCOUNTS'],
      'dynamodb:PutItem': ['ACCOUNT#', 'AUDIT#'],
      'dynamodb:UpdateItem': ['ACCOUNT#', 'BUCKET#', 'CREDENTIALS#'],
      'dynamodb:DeleteItem': ['ACCOUNT#'],
      'dynamodb:BatchWriteItem': ['ACCOUNT#'],
    },
    indexes: [],
    queue: [],
    secrets: CALLS_PROVIDERS,
    oauthClients: ['zendesk'],
  },
  // listAccounts, agent states, readings, catalog cache, bucket, audit; queues agents; heals both webhooks (audited)
  // and disconnects an installation gone for 24 hours.
  reconcile: {
    entry: 'reconcile',
    table: {
      'dynamodb:GetItem': ['ACCOUNT#', 'BUCKET#', 'CREDENTIALS#', 'WEBHOOK_SECRETS#'],
      'dynamodb:BatchGetItem': ['ACCOUNT#', 'ACCOUNTS'],
      'dynamodb:Query': ['ACCOUNT#', 'ACCOUNTS'],
      'dynamodb:PutItem': ['AUDIT#'],
      'dynamodb:UpdateItem': ['ACCOUNT#', 'BUCKET#', 'CREDENTIALS#', 'SESSIONS#', 'WEBHOOK_SECRETS#'],
      'dynamodb:DeleteItem': ['CREDENTIALS#', 'WEBHOOK_SECRETS#'],
    },
    indexes: [],
    queue: ['sqs:SendMessage'],
    secrets: KEEPS_WEBHOOKS,
    oauthClients: ['zendesk'],
  },
  // GET /api/me/status, /api/admin/overview, POST /api/session/renew: the session (checked, touched, renewed), the
  // agent by Zendesk id (GSI), its state and audit, the directory report, health and budget level, the account-wide
  // audit (GSI); Zendesk and Aircall reads with the account's credentials (the browser-call cap in the bucket items),
  // and what they teach about the APIs (the account's API_SHAPES item).
  appApi: {
    entry: 'app-api',
    table: {
      'dynamodb:GetItem': ['ACCOUNT#', 'BUCKET#', 'CREDENTIALS#', 'SESSION#', 'SESSIONS#'],
      'dynamodb:Query': ['ACCOUNT#', 'AUDIT#'],
      'dynamodb:PutItem': ['SESSION#'],
      'dynamodb:UpdateItem': ['ACCOUNT#', 'BUCKET#', 'CREDENTIALS#', 'SESSION#'],
      'dynamodb:DeleteItem': ['SESSION#'],
    },
    indexes: [BY_ZENDESK_USER_INDEX, AUDIT_BY_ACCOUNT_INDEX],
    queue: [],
    secrets: CALLS_PROVIDERS,
    oauthClients: ['zendesk'],
  },
  // POST|GET /app/{location} and the app's files: the account by subdomain (the registry), the app's public key and
  // the user from Zendesk with the account's credential (a refresh reseals it; every call takes from the browser cap),
  // then an agent session.
  appPage: {
    entry: 'app-page',
    table: {
      'dynamodb:GetItem': ['ACCOUNT#', 'BUCKET#', 'CREDENTIALS#'],
      'dynamodb:BatchGetItem': ['ACCOUNT#', 'ACCOUNTS'],
      'dynamodb:Query': ['ACCOUNT#', 'ACCOUNTS'],
      'dynamodb:PutItem': ['SESSION#'],
      'dynamodb:UpdateItem': ['ACCOUNT#', 'BUCKET#', 'CREDENTIALS#'],
    },
    indexes: [BY_ZENDESK_USER_INDEX],
    queue: [],
    secrets: CALLS_PROVIDERS,
    oauthClients: ['zendesk'],
  },
  // The OAuth pages: flows and codes, accounts created or matched by subdomain, both sides' credentials sealed, the
  // webhooks the onboarding steps register (a new secret, sealed), the admin session issued; the pending Aircall token
  // between Aircall's install and the Zendesk sign-in; the first sync's sweep. Both OAuth clients (the code exchanges).
  oauth: {
    entry: 'oauth',
    table: {
      'dynamodb:GetItem': ['ACCOUNT#', 'AIRCALL_PENDING#', 'BUCKET#', 'CREDENTIALS#'],
      'dynamodb:BatchGetItem': ['ACCOUNT#', 'ACCOUNTS'],
      'dynamodb:Query': ['ACCOUNT#', 'ACCOUNTS'],
      'dynamodb:PutItem': ['ACCOUNT#', 'ACCOUNTS', 'AIRCALL_PENDING#', 'AUDIT#', 'OAUTH_CODE#', 'OAUTH_FLOW#', 'SESSION#'],
      'dynamodb:UpdateItem': ['ACCOUNT#', 'ACCOUNTS', 'BUCKET#', 'CREDENTIALS#', 'WEBHOOK_SECRETS#'],
      'dynamodb:DeleteItem': ['ACCOUNT#', 'AIRCALL_PENDING#', 'OAUTH_FLOW#'],
      'dynamodb:BatchWriteItem': ['ACCOUNT#'],
    },
    indexes: [],
    queue: ['sqs:SendMessage'],
    secrets: { open: [...ZENDESK, ...AIRCALL, PENDING_AIRCALL_FIELD], seal: [...ZENDESK, ...AIRCALL, ...WEBHOOKS, PENDING_AIRCALL_FIELD] },
    oauthClients: ['zendesk', 'aircall'],
  },
  // The admin console's routes (admin session checked, touched, renewed): the console view (credentials, webhooks'
  // health, the account-wide audit by GSI), the onboarding steps (webhooks, directory, first sync's sweep), the pasted
  // Aircall keys, the one-time Aircall install link (a flow item), a disconnect (webhooks, secrets, sessions ended).
  // Aircall's OAuth client only to know the partner OAuth is set up before handing out a link.
  admin: {
    entry: 'admin',
    table: {
      'dynamodb:GetItem': ['ACCOUNT#', 'BUCKET#', 'CREDENTIALS#', 'SESSION#', 'SESSIONS#', 'WEBHOOK_SECRETS#'],
      'dynamodb:Query': ['ACCOUNT#'],
      'dynamodb:PutItem': ['ACCOUNT#', 'AUDIT#', 'OAUTH_FLOW#'],
      'dynamodb:UpdateItem': ['ACCOUNT#', 'BUCKET#', 'CREDENTIALS#', 'SESSION#', 'SESSIONS#', 'WEBHOOK_SECRETS#'],
      'dynamodb:DeleteItem': ['ACCOUNT#', 'CREDENTIALS#', 'SESSION#', 'WEBHOOK_SECRETS#'],
      'dynamodb:BatchWriteItem': ['ACCOUNT#'],
    },
    indexes: [AUDIT_BY_ACCOUNT_INDEX],
    queue: ['sqs:SendMessage'],
    secrets: { open: [...ZENDESK, ...AIRCALL, ...WEBHOOKS], seal: [...ZENDESK, ...AIRCALL, ...WEBHOOKS] },
    oauthClients: ['zendesk', 'aircall'],
  },
};
