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
export type TablePartition = 'ACCOUNT#' | 'ACCOUNTS' | 'DEDUPE#' | 'AUDIT#' | 'BUCKET#';

/** The `dynamodb:LeadingKeys` patterns of some partition families: `ACCOUNT#` → `ACCOUNT#*`. */
export function leadingKeyPatterns(partitions: readonly TablePartition[]): string[] {
  return partitions.map((p) => (p.endsWith('#') ? `${p}*` : p));
}

/** The table actions that change items: they need the KMS key for encryption too. */
export const DYNAMO_WRITE_ACTIONS: readonly DynamoAction[] = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

export interface FunctionAccess {
  /** Handler file in lambdas/handlers (without `.ts`). */
  readonly entry: string;
  /** Actions on the table's items (resource: the table ARN only). */
  readonly table: readonly DynamoAction[];
  /**
   * The partitions those actions may reach (`dynamodb:LeadingKeys`). A function serves every account, so the account
   * cannot be pinned in IAM; what is pinned is which kinds of partition it touches: e.g. no webhook can list the
   * account registry, no worker can claim or forget a webhook event.
   */
  readonly partitions: readonly TablePartition[];
  /** GSIs the function queries (`dynamodb:Query` on each index's own ARN, never `index/*`). */
  readonly indexes: readonly string[];
  /**
   * Actions on the sync queue. The worker's receive/delete rights come from its SQS event source, which CDK grants
   * itself; `ChangeMessageVisibility` is listed because the worker's code calls it (retryAfter).
   */
  readonly queue: readonly SqsAction[];
}

export type FunctionKey = 'aircallWebhook' | 'zendeskWebhook' | 'syncWorker' | 'directory' | 'reconcile' | 'appApi';

/**
 * Per function, the store and queue calls its code makes (traced through lambdas/sync into lambdas/store/dynamo.ts and
 * lambdas/queue/sqs.ts), turned into actions. Every handler reads its account (GetItem) and every Aircall call takes
 * a token from the shared bucket (GetItem, then PutItem or UpdateItem).
 */
export const FUNCTION_ACCESS: Readonly<Record<FunctionKey, FunctionAccess>> = {
  // getAccount, getLinkByAircallUser (GSI), eventSeen / claimEvent, recordObservation, appendAudit; enqueue.
  aircallWebhook: {
    entry: 'aircall-webhook',
    table: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    partitions: ['ACCOUNT#', 'AUDIT#', 'BUCKET#', 'DEDUPE#'],
    indexes: [BY_AIRCALL_USER_INDEX],
    queue: ['sqs:SendMessage'],
  },
  // getAccount, getLinkByZendeskUser (GSI), eventSeen / claimEvent, recordObservation, appendAudit; enqueue.
  zendeskWebhook: {
    entry: 'zendesk-webhook',
    table: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    partitions: ['ACCOUNT#', 'AUDIT#', 'BUCKET#', 'DEDUPE#'],
    indexes: [BY_ZENDESK_USER_INDEX],
    queue: ['sqs:SendMessage'],
  },
  // syncAgent (state, link by email, outcome, audit, bucket, catalog cache), refreshDirectory (listLinks,
  // putLinks, deleteLink, report) and the sweep of an account whose direction just took effect (queues its agents'
  // initial syncs, and a new period's sweep); reschedules its own messages.
  syncWorker: {
    entry: 'sync-worker',
    table: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
    partitions: ['ACCOUNT#', 'AUDIT#', 'BUCKET#'],
    indexes: [],
    queue: ['sqs:SendMessage', 'sqs:ChangeMessageVisibility'],
  },
  // listAccounts (Query + BatchGetItem) and refreshDirectory for each; queues nothing.
  directory: {
    entry: 'directory',
    table: [
      'dynamodb:GetItem',
      'dynamodb:BatchGetItem',
      'dynamodb:Query',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
    ],
    partitions: ['ACCOUNT#', 'ACCOUNTS', 'AUDIT#', 'BUCKET#'],
    indexes: [],
    queue: [],
  },
  // listAccounts, listLinks, agent states, readings (recordObservation), catalog cache, bucket, audit; queues agents.
  reconcile: {
    entry: 'reconcile',
    table: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    partitions: ['ACCOUNT#', 'ACCOUNTS', 'AUDIT#', 'BUCKET#'],
    indexes: [],
    queue: ['sqs:SendMessage'],
  },
  // GET /api/me/status and /api/admin/overview: finds the account by subdomain (listAccounts), the agent by Zendesk
  // id (GSI), its state and audit, the directory report, health and budget level, the account-wide audit (GSI);
  // Aircall reads take tokens. Calls Zendesk and Aircall over HTTPS otherwise; no queue. Its GETs store no direction
  // snapshot and write no audit entry (issue 10): no PutItem.
  appApi: {
    entry: 'app-api',
    table: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
    partitions: ['ACCOUNT#', 'ACCOUNTS', 'AUDIT#', 'BUCKET#'],
    indexes: [BY_ZENDESK_USER_INDEX, AUDIT_BY_ACCOUNT_INDEX],
    queue: [],
  },
};
