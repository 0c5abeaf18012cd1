// Least privilege, checked against the code: each function's DynamoDB, KMS and SQS grants in the template must be
// exactly what its handler's code path calls (derived from the source by tests/infra/code-access.ts).
import type { Template } from 'aws-cdk-lib/assertions';
import { FUNCTION_ACCESS, leadingKeyPatterns, type FunctionKey } from '../../infra/lib/access';
import { keys } from '../../lambdas/store/keys';
import { deriveAccess, partitionFamily } from './code-access';
import { TEST_REGION, actionsOf, getAtt, logicalId, statementsOf, synth, type Json } from './template';

// Construct id prefix of each function in the template.
const FUNCTION_IDS: Record<FunctionKey, string> = {
  aircallWebhook: 'AircallWebhookFn',
  zendeskWebhook: 'ZendeskWebhookFn',
  syncWorker: 'SyncWorkerFn',
  directory: 'DirectoryFn',
  reconcile: 'ReconcileFn',
  appApi: 'AppApiFn',
};

// What the worker's SQS event source needs; CDK grants it with the mapping (grantConsumeMessages), not our code.
const EVENT_SOURCE_ACTIONS = ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'];

let template: Template;
let tableId: string;
let keyId: string;
let queueId: string;

beforeAll(() => {
  template = synth();
  tableId = logicalId(template, 'AWS::DynamoDB::GlobalTable', 'Table');
  keyId = logicalId(template, 'AWS::KMS::Key', 'DataKey');
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
  const tableConditions: Json[] = [];
  const indexes = new Set<string>();
  const kms: Json[] = [];
  const queue = new Set<string>();
  const other: Json[] = [];
  for (const s of statementsOf(template, FUNCTION_IDS[key])) {
    expect(s.Effect).toBe('Allow');
    const resources = [s.Resource].flat() as Json[];
    const actions = [s.Action].flat() as string[];
    if (resources.every((r) => JSON.stringify(r) === JSON.stringify(getAtt(tableId)))) {
      actions.forEach((a) => {
        table.add(a);
      });
      tableConditions.push(s.Condition);
    } else if (resources.every((r) => indexOf(r) !== undefined) && actions.every((a) => a === 'dynamodb:Query'))
      resources.forEach((r) => {
        indexes.add(indexOf(r)!);
      });
    else if (resources.every((r) => JSON.stringify(r) === JSON.stringify(getAtt(keyId)))) kms.push(s);
    else if (resources.every((r) => JSON.stringify(r) === JSON.stringify(getAtt(queueId))))
      actions.forEach((a) => {
        queue.add(a);
      });
    // Its own log group only (stack.test.ts checks the actions): anything wider lands in `other`.
    else if (actions.every((a) => a.startsWith('logs:')) && JSON.stringify(resources) === JSON.stringify([getAtt(ownLogGroup(key))])) continue;
    else other.push(s);
  }
  return { table: [...table].sort(), tableConditions, indexes: [...indexes].sort(), kms, queue: [...queue].sort(), other };
}

describe.each(Object.keys(FUNCTION_IDS) as FunctionKey[])('%s', (key) => {
  const derived = () => deriveAccess(FUNCTION_ACCESS[key].entry);

  it('gets exactly the table actions its code calls, on the table ARN only', () => {
    const { table, calls } = derived();
    // `calls` rides along so a failure names the store methods behind the expectation.
    expect({ table: grantsOf(key).table, calls }).toEqual({ table, calls });
  });

  it('reaches only the kinds of table partition its code addresses (dynamodb:LeadingKeys on every table statement)', () => {
    const { partitions, calls } = derived();
    expect({ declared: [...FUNCTION_ACCESS[key].partitions].sort(), calls }).toEqual({ declared: partitions, calls });
    const { tableConditions } = grantsOf(key);
    expect(tableConditions.length).toBeGreaterThan(0);
    for (const condition of tableConditions) {
      expect(condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': leadingKeyPatterns(FUNCTION_ACCESS[key].partitions) } });
    }
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

  it('has no other grant', () => {
    expect(grantsOf(key).other).toEqual([]);
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
    for (const key of ['aircallWebhook', 'zendeskWebhook'] as const) expect(FUNCTION_ACCESS[key].partitions).not.toContain('ACCOUNTS');
    expect(FUNCTION_ACCESS.syncWorker.partitions).not.toContain('DEDUPE#');
    expect(FUNCTION_ACCESS.appApi.partitions).not.toContain('DEDUPE#');
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
