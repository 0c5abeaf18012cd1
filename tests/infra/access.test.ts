// Least privilege, checked against the code: each function's DynamoDB, KMS and SQS grants in the template must be
// exactly what its handler's code path calls (derived from the source by tests/infra/code-access.ts).
import type { Template } from 'aws-cdk-lib/assertions';
import {
  AIRCALL_CREDENTIAL_FIELDS,
  FUNCTION_ACCESS,
  leadingKeyPatterns,
  partitionsOf,
  WEBHOOK_SECRET_FIELDS,
  type TablePartition,
  ZENDESK_CREDENTIAL_FIELDS,
  type FunctionKey,
} from '../../infra/lib/access';
import { keys } from '../../lambdas/store/keys';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { credentialStoreFields, deriveAccess, partitionFamily, ROOT } from './code-access';
import { TEST_REGION, actionsOf, getAtt, logicalId, statementsOf, synth, type Json } from './template';

// Construct id prefix of each function in the template.
const FUNCTION_IDS: Record<FunctionKey, string> = {
  aircallWebhook: 'AircallWebhookFn',
  zendeskWebhook: 'ZendeskWebhookFn',
  syncWorker: 'SyncWorkerFn',
  directory: 'DirectoryFn',
  reconcile: 'ReconcileFn',
  appApi: 'AppApiFn',
  appPage: 'AppPageFn',
  oauth: 'OAuthFn',
  admin: 'AdminFn',
};

// What the worker's SQS event source needs; CDK grants it with the mapping (grantConsumeMessages), not our code.
const EVENT_SOURCE_ACTIONS = ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'];

let template: Template;
let tableId: string;
let keyId: string;
let secretsKeyId: string;
let queueId: string;
const secretIds: Record<string, string> = {};

beforeAll(() => {
  template = synth();
  tableId = logicalId(template, 'AWS::DynamoDB::GlobalTable', 'Table');
  keyId = logicalId(template, 'AWS::KMS::Key', 'DataKey');
  secretsKeyId = logicalId(template, 'AWS::KMS::Key', 'SecretsKey');
  secretIds.zendesk = logicalId(template, 'AWS::SecretsManager::Secret', 'ZendeskOAuthClient');
  secretIds.aircall = logicalId(template, 'AWS::SecretsManager::Secret', 'AircallOAuthClient');
  queueId = logicalId(template, 'AWS::SQS::Queue', 'SyncQueue');
});

/** The index name of a resource `${tableArn}/index/<name>`, or undefined for anything else. */
function indexOf(resource: Json): string | undefined {
  const parts = resource['Fn::Join']?.[1] as unknown[] | undefined;
  if (!parts || JSON.stringify(parts[0]) !== JSON.stringify(getAtt(tableId))) return undefined;
  return /^\/index\/([^*/]+)$/.exec(String(parts[1]))?.[1];
}

/** Logical id of the log group the function writes to. */
function ownLogGroup(key: FunctionKey): string {
  const fn = template.findResources('AWS::Lambda::Function')[logicalId(template, 'AWS::Lambda::Function', FUNCTION_IDS[key])]!;
  return fn.Properties.LoggingConfig.LogGroup.Ref;
}

/** A function's grants, sorted into the table, its indexes, the key and the queue; anything else is returned apart. */
function grantsOf(key: FunctionKey) {
  const table = new Set<string>();
  const indexes = new Set<string>();
  const kms: Json[] = [];
  const queue = new Set<string>();
  const secretsKey: Json[] = [];
  const oauthClients: string[] = [];
  const other: Json[] = [];
  for (const s of statementsOf(template, FUNCTION_IDS[key])) {
    expect(s.Effect).toBe('Allow');
    const resources = [s.Resource].flat() as Json[];
    const actions = [s.Action].flat() as string[];
    if (resources.every((r) => JSON.stringify(r) === JSON.stringify(getAtt(tableId)))) {
      actions.forEach((a) => {
        table.add(a);
      });
    } else if (resources.every((r) => indexOf(r) !== undefined) && actions.every((a) => a === 'dynamodb:Query'))
      resources.forEach((r) => {
        indexes.add(indexOf(r)!);
      });
    else if (resources.every((r) => JSON.stringify(r) === JSON.stringify(getAtt(keyId)))) kms.push(s);
    else if (resources.every((r) => JSON.stringify(r) === JSON.stringify(getAtt(secretsKeyId)))) secretsKey.push(s);
    else if (JSON.stringify(actions) === JSON.stringify(['secretsmanager:GetSecretValue']) && resources.length === 1) {
      const client = Object.entries(secretIds).find(([, id]) => JSON.stringify(resources[0]) === JSON.stringify({ Ref: id }))?.[0];
      if (client) oauthClients.push(client);
      else other.push(s);
    } else if (resources.every((r) => JSON.stringify(r) === JSON.stringify(getAtt(queueId))))
      actions.forEach((a) => {
        queue.add(a);
      });
    // Its own log group only (stack.test.ts checks the actions): anything wider lands in `other`.
    else if (actions.every((a) => a.startsWith('logs:')) && JSON.stringify(resources) === JSON.stringify([getAtt(ownLogGroup(key))])) continue;
    else other.push(s);
  }
  return {
    table: [...table].sort(),
    indexes: [...indexes].sort(),
    kms,
    queue: [...queue].sort(),
    secretsKey,
    oauthClients: oauthClients.sort(),
    other,
  };
}

/** Per table action, the LeadingKeys patterns the function's statements allow it (one statement may carry several actions). */
function tableReach(key: FunctionKey): Record<string, string[]> {
  const reach: Record<string, string[]> = {};
  for (const s of statementsOf(template, FUNCTION_IDS[key])) {
    const resources = [s.Resource].flat() as Json[];
    if (!resources.every((r) => JSON.stringify(r) === JSON.stringify(getAtt(tableId)))) continue;
    // Every table statement is bound to partitions, and names each action once (a second one would widen it unseen).
    expect(Object.keys(s.Condition ?? {})).toEqual(['ForAllValues:StringLike']);
    const patterns = s.Condition['ForAllValues:StringLike']['dynamodb:LeadingKeys'] as string[];
    for (const action of [s.Action].flat() as string[]) {
      expect(reach[action]).toBeUndefined();
      reach[action] = [...patterns].sort();
    }
  }
  return Object.fromEntries(Object.entries(reach).sort(([a], [b]) => a.localeCompare(b)));
}

/** The fields a function may open and seal with the secrets key, read from its statements' conditions. */
function sealedFields(key: FunctionKey): { open: string[]; seal: string[] } {
  const fields = { open: [] as string[], seal: [] as string[] };
  for (const s of grantsOf(key).secretsKey) {
    const actions = [s.Action].flat() as string[];
    // Every statement on the key is bound to named fields and to exactly the context keys lambdas/secrets writes.
    expect(s.Condition['ForAllValues:StringEquals']).toEqual({ 'kms:EncryptionContextKeys': ['accountId', 'field'] });
    const named = [s.Condition.StringEquals['kms:EncryptionContext:field']].flat() as string[];
    expect(named.length).toBeGreaterThan(0);
    if (JSON.stringify(actions) === JSON.stringify(['kms:Decrypt'])) fields.open.push(...named);
    else if (JSON.stringify(actions) === JSON.stringify(['kms:GenerateDataKey'])) fields.seal.push(...named);
    else throw new Error(`unexpected actions on the secrets key: ${actions.join(', ')}`);
  }
  return { open: fields.open.sort(), seal: fields.seal.sort() };
}

describe.each(Object.keys(FUNCTION_IDS) as FunctionKey[])('%s', (key) => {
  const derived = () => deriveAccess(FUNCTION_ACCESS[key].entry);

  it('gets exactly the table actions its code calls, on the table ARN only', () => {
    const { table, calls } = derived();
    // `calls` rides along so a failure names the store methods behind the expectation.
    expect({ table: grantsOf(key).table, calls }).toEqual({ table, calls });
  });

  it('reaches, action by action, only the kinds of table partition its code addresses (dynamodb:LeadingKeys on every table statement)', () => {
    const { tableByAction, calls } = derived();
    const declared = Object.fromEntries(
      Object.entries(FUNCTION_ACCESS[key].table)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([action, partitions]) => [action, [...partitions!].sort()]),
    );
    expect({ declared, calls }).toEqual({ declared: tableByAction, calls });
    expect(tableReach(key)).toEqual(
      Object.fromEntries(Object.entries(declared).map(([action, partitions]) => [action, leadingKeyPatterns(partitions as TablePartition[]).sort()])),
    );
  });

  it('queries only the GSIs its code queries, each by its own ARN', () => {
    expect(grantsOf(key).indexes).toEqual(derived().indexes);
  });

  it('gets exactly the queue actions its code calls (the worker also what its event source needs)', () => {
    const expected = new Set(derived().queue);
    if (key === 'syncWorker')
      EVENT_SOURCE_ACTIONS.forEach((a) => {
        expected.add(a);
      });
    expect(grantsOf(key).queue).toEqual([...expected].sort());
  });

  it('uses the table key only through DynamoDB, and encrypts only if it writes', () => {
    const { kms, table, indexes } = grantsOf(key);
    if (table.length === 0 && indexes.length === 0) {
      expect(kms).toEqual([]);
      return;
    }
    expect(kms).toHaveLength(1);
    const writes = table.some((a) => /PutItem|UpdateItem|DeleteItem|BatchWriteItem/.test(a));
    expect(([kms[0]!.Action].flat() as string[]).sort()).toEqual(
      ['kms:Decrypt', 'kms:DescribeKey', ...(writes ? ['kms:Encrypt', 'kms:GenerateDataKey'] : [])].sort(),
    );
    expect(kms[0]!.Condition).toEqual({ StringEquals: { 'kms:ViaService': `dynamodb.${TEST_REGION}.amazonaws.com` } });
  });

  it('opens (kms:Decrypt) and seals (kms:GenerateDataKey) exactly the sealed fields its code does, by encryption-context field', () => {
    const { secrets, calls } = derived();
    const declared = { open: [...FUNCTION_ACCESS[key].secrets.open].sort(), seal: [...FUNCTION_ACCESS[key].secrets.seal].sort() };
    expect({ declared, calls }).toEqual({ declared: secrets, calls });
    expect(sealedFields(key)).toEqual(declared);
  });

  it('reads only the OAuth clients it declares, each by its own secret ARN and named in its environment', () => {
    expect(grantsOf(key).oauthClients).toEqual([...FUNCTION_ACCESS[key].oauthClients].sort());
    const fn = template.findResources('AWS::Lambda::Function')[logicalId(template, 'AWS::Lambda::Function', FUNCTION_IDS[key])]!;
    const variables = fn.Properties.Environment.Variables as Json;
    for (const client of ['zendesk', 'aircall'] as const) {
      const name = `${client.toUpperCase()}_OAUTH_CLIENT_SECRET_ARN`;
      if (FUNCTION_ACCESS[key].oauthClients.includes(client)) expect(variables[name]).toEqual({ Ref: secretIds[client] });
      else expect(variables[name]).toBeUndefined();
    }
    // The secrets key only where something is sealed or opened; no secret value in any variable.
    const usesSecrets = FUNCTION_ACCESS[key].secrets.open.length + FUNCTION_ACCESS[key].secrets.seal.length > 0;
    expect(variables.SECRETS_KMS_KEY_ID).toEqual(usesSecrets ? getAtt(secretsKeyId) : undefined);
    expect(Object.keys(variables).filter((v) => /_CLIENT_(ID|SECRET)$|^SECRETS_KEY$/.test(v))).toEqual([]);
  });

  it('has no other grant', () => {
    expect(grantsOf(key).other).toEqual([]);
  });

  it('loads its OAuth clients before the first invocation if it reads any (withOAuthClients around the export)', () => {
    const source = readFileSync(join(ROOT, 'lambdas', 'handlers', `${FUNCTION_ACCESS[key].entry}.ts`), 'utf8');
    expect(/export const handler = withOAuthClients\(/.test(source)).toBe(FUNCTION_ACCESS[key].oauthClients.length > 0);
  });
});

describe('least privilege inside the table (issue 13)', () => {
  const webhooks = [
    ['aircallWebhook', 'aircall'],
    ['zendeskWebhook', 'zendesk'],
  ] as const;

  it.each(webhooks)("%s reads only webhook-secret items of the credentials, and opens only its own provider's webhook secret", (key, side) => {
    const { secretsKey, oauthClients } = grantsOf(key);
    const reach = tableReach(key);
    expect(reach['dynamodb:GetItem']).toContain('WEBHOOK_SECRETS#*');
    // No read of any kind reaches a credential, a session, an OAuth flow or the account registry.
    for (const read of ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query']) {
      for (const forbidden of ['CREDENTIALS#*', 'SESSION#*', 'SESSIONS#*', 'OAUTH_FLOW#*', 'AIRCALL_PENDING#*', 'ACCOUNTS']) {
        expect({ read, reach: reach[read] ?? [] }).not.toEqual({ read, reach: expect.arrayContaining([forbidden]) });
      }
    }
    // Nor does a write hand one back (UpdateItem can return the item): no Put or Update on a credential item.
    for (const write of ['dynamodb:PutItem', 'dynamodb:UpdateItem']) expect(reach[write] ?? []).not.toContain('CREDENTIALS#*');
    expect(sealedFields(key)).toEqual({ open: [WEBHOOK_SECRET_FIELDS[side]], seal: [] });
    expect(secretsKey).toHaveLength(1);
    expect(oauthClients).toEqual([]);
  });

  it('lets no function but onboarding touch a pending Aircall token, and only those that register or heal webhooks seal a webhook secret', () => {
    const registrars = ['oauth', 'admin', 'reconcile'];
    for (const key of Object.keys(FUNCTION_IDS) as FunctionKey[]) {
      const { open, seal } = sealedFields(key);
      if (key !== 'oauth') expect([...open, ...seal]).not.toContain('aircall.pendingAccessToken');
      const webhookSeals = seal.filter((f) => (Object.values(WEBHOOK_SECRET_FIELDS) as string[]).includes(f));
      expect({ key, webhookSeals: webhookSeals.length > 0 }).toEqual({ key, webhookSeals: registrars.includes(key) });
    }
  });

  it('names the fields exactly as the credential store seals them (lambdas/credentials/dynamo.ts)', () => {
    const store = credentialStoreFields();
    expect(store.credential.zendesk!.sort()).toEqual([...ZENDESK_CREDENTIAL_FIELDS].sort());
    expect(store.credential.aircall!.sort()).toEqual([...AIRCALL_CREDENTIAL_FIELDS].sort());
    expect(store.webhook).toEqual(WEBHOOK_SECRET_FIELDS);
  });

  it('the trace sees the credential store calls it must (a blind trace would pass any stack)', () => {
    const oauth = deriveAccess('oauth');
    expect(oauth.calls).toEqual(expect.arrayContaining(['credentials.putZendeskCredential', 'sessions.issue', 'store.takeFlow']));
    expect(oauth.partitions).toEqual(expect.arrayContaining(['CREDENTIALS#', 'SESSION#', 'OAUTH_FLOW#']));
    expect(oauth.secrets.seal).toEqual(expect.arrayContaining(['zendesk.refreshToken', 'aircall.pendingAccessToken']));
  });
});

describe('every role and policy of the stack', () => {
  it('holds no wildcard action, no wildcard resource and no managed policy', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement as Json[]);
    expect(statements.length).toBeGreaterThan(0);
    for (const s of statements) {
      for (const action of actionsOf([s])) expect(action).not.toMatch(/\*/);
      // Index ARNs are named one by one, so no resource needs a `*` either.
      for (const r of [s.Resource].flat()) expect(JSON.stringify(r)).not.toContain('*');
    }
    for (const role of Object.values(template.findResources('AWS::IAM::Role'))) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      expect(role.Properties.Policies).toBeUndefined();
    }
  });

  it('keeps the webhooks out of the account registry and the worker away from webhook claims', () => {
    for (const key of ['aircallWebhook', 'zendeskWebhook'] as const) expect(partitionsOf(FUNCTION_ACCESS[key])).not.toContain('ACCOUNTS');
    expect(partitionsOf(FUNCTION_ACCESS.syncWorker)).not.toContain('DEDUPE#');
    expect(partitionsOf(FUNCTION_ACCESS.appApi)).not.toContain('DEDUPE#');
    expect(leadingKeyPatterns(['ACCOUNT#', 'ACCOUNTS'])).toEqual(['ACCOUNT#*', 'ACCOUNTS']);
  });

  it('the partition trace reads the key builders as the store spells them', () => {
    expect(partitionFamily('settings')).toBe('ACCOUNT#');
    expect(partitionFamily('registry')).toBe('ACCOUNTS');
    expect(partitionFamily('dedupe')).toBe('DEDUPE#');
    expect(partitionFamily('auditPk')).toBe('AUDIT#');
    expect(partitionFamily('bucket')).toBe('BUCKET#');
    expect(Object.keys(keys).length).toBeGreaterThan(5);
    // The webhooks claim events; the worker never does.
    expect(deriveAccess('aircall-webhook').partitions).toContain('DEDUPE#');
    expect(deriveAccess('directory').partitions).toContain('ACCOUNTS');
  });

  it('the trace itself sees the calls it must (a blind trace would pass any stack)', () => {
    const webhook = deriveAccess('aircall-webhook');
    expect(webhook.calls).toEqual(expect.arrayContaining(['store.claimEvent', 'store.getLinkByAircallUser', 'queue.enqueueAgentSync']));
    expect(webhook.indexes).toEqual(['byAircallUser']);
    const worker = deriveAccess('sync-worker');
    expect(worker.calls).toEqual(expect.arrayContaining(['store.recordOutcome', 'store.takeToken', 'queue.retryAfter']));
    expect(worker.queue).toEqual(['sqs:ChangeMessageVisibility', 'sqs:SendMessage']);
    expect(deriveAccess('directory').queue).toEqual([]);
  });
});
