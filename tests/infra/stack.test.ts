// SyncStack synthesised offline with bundling skipped: checks the properties the backend relies on, not a snapshot.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import sharedBundling from '../../infra/lambda-bundling.json';
import { ESBUILD_TARGET, HANDLER_BUNDLING, LAMBDA_RUNTIME, SyncStack, esbuildTargetFor, type SyncStackProps } from '../../infra/lib/sync-stack';
import { tableDefinition } from '../../lambdas/store';
import { TableDesignError, tableShapeFrom } from '../../infra/lib/table-design';

type Json = Record<string, any>;

// One scratch directory for the cloud assemblies, removed after the run (CDK's own temp dirs outlive jest workers).
const outdirs = mkdtempSync(join(tmpdir(), 'ass-cdk-'));
afterAll(() => rmSync(outdirs, { recursive: true, force: true }));

/**
 * Synthesises a SyncStack without running esbuild (aws-local.md §5.3: ~3 s instead of ~5 s) and without CDK's
 * built-in CloudFormation Validate plugin: its WASM engine multiplies synth time several times over and keeps the
 * jest worker busy after the tests (reported as "failed to exit gracefully"). `npx cdk synth` still runs it.
 */
function synth(props: SyncStackProps = {}): Template {
  const app = new App({
    outdir: mkdtempSync(join(outdirs, 'app-')),
    builtinCloudFormationValidation: false,
    context: { 'aws:cdk:bundling-stacks': [] },
  });
  return Template.fromStack(new SyncStack(app, 'Test', props));
}

/** Logical id of the single resource of `type` whose logical id starts with `prefix`. */
function logicalId(template: Template, type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1) throw new Error(`expected one ${type} named ${prefix}*, found ${ids.join(', ') || 'none'}`);
  return ids[0]!;
}

/** Every IAM statement attached (through its role) to the function `fnPrefix`. */
function statementsOf(template: Template, fnPrefix: string): Json[] {
  const fn = template.findResources('AWS::Lambda::Function')[logicalId(template, 'AWS::Lambda::Function', fnPrefix)]!;
  const roleId: string = fn.Properties.Role['Fn::GetAtt'][0];
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => p.Properties.Roles.some((r: Json) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Json[]);
}

const actionsOf = (statements: Json[]) => statements.flatMap((s) => [s.Action].flat() as string[]);
const getAtt = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });

describe('SyncStack', () => {
  let template: Template;
  let ids: Record<'table' | 'queue' | 'dlq' | 'aircall' | 'zendesk' | 'worker' | 'directory' | 'reconcile' | 'health', string>;

  beforeAll(() => {
    template = synth();
    ids = {
      table: logicalId(template, 'AWS::DynamoDB::GlobalTable', 'Table'),
      queue: logicalId(template, 'AWS::SQS::Queue', 'SyncQueue'),
      dlq: logicalId(template, 'AWS::SQS::Queue', 'SyncDlq'),
      aircall: logicalId(template, 'AWS::Lambda::Function', 'AircallWebhookFn'),
      zendesk: logicalId(template, 'AWS::Lambda::Function', 'ZendeskWebhookFn'),
      worker: logicalId(template, 'AWS::Lambda::Function', 'SyncWorkerFn'),
      directory: logicalId(template, 'AWS::Lambda::Function', 'DirectoryFn'),
      reconcile: logicalId(template, 'AWS::Lambda::Function', 'ReconcileFn'),
      health: logicalId(template, 'AWS::Lambda::Function', 'HealthFn'),
    };
  });

  describe('functions', () => {
    it('runs every function, handlers and health alike, on nodejs22.x arm64', () => {
      const functions = Object.values(template.findResources('AWS::Lambda::Function'));
      expect(functions).toHaveLength(6);
      for (const fn of functions) {
        expect(fn.Properties.Runtime).toBe('nodejs22.x');
        expect(fn.Properties.Architectures).toEqual(['arm64']);
      }
      expect(LAMBDA_RUNTIME).toBe(Runtime.NODEJS_22_X);
    });

    it('gives the five handlers the table, the queue and the log settings', () => {
      for (const id of [ids.aircall, ids.zendesk, ids.worker, ids.directory, ids.reconcile]) {
        const fn = template.findResources('AWS::Lambda::Function')[id]!;
        expect(fn.Properties.Handler).toBe('index.handler');
        expect(fn.Properties.Environment.Variables).toEqual(
          expect.objectContaining({
            TABLE_NAME: { Ref: ids.table },
            QUEUE_URL: { Ref: ids.queue },
            LOG_LEVEL: 'INFO',
            NODE_OPTIONS: '--enable-source-maps',
          }),
        );
        expect(fn.Properties.Environment.Variables).not.toHaveProperty('AIRCALL_API_URL');
      }
    });

    it('passes optional settings through: API URL, log level, maxReceiveCount, worker timeout → visibility', () => {
      const custom = synth({ aircallApiUrl: 'https://api.aircall.example', logLevel: 'DEBUG', maxReceiveCount: 3, workerTimeout: Duration.seconds(60) });
      custom.hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ AIRCALL_API_URL: 'https://api.aircall.example', LOG_LEVEL: 'DEBUG' }) },
      });
      custom.hasResourceProperties('AWS::SQS::Queue', { RedrivePolicy: Match.objectLike({ maxReceiveCount: 3 }), VisibilityTimeout: 360 });
      custom.hasResourceProperties('AWS::Lambda::Function', { Description: Match.stringLikeRegexp('Applies queued'), Timeout: 60 });
    });

    it('bundles as ESM for node22 with the require shim, minified, with source maps and the SDK inside', () => {
      expect(HANDLER_BUNDLING).toEqual(
        expect.objectContaining({
          format: OutputFormat.ESM,
          target: 'node22',
          minify: true,
          sourceMap: true,
          bundleAwsSDK: true,
          banner: expect.stringContaining('createRequire(import.meta.url)'),
        }),
      );
      // scripts/build.mjs reads the same file: the two bundles cannot drift apart.
      expect(sharedBundling.esbuildTarget).toBe(ESBUILD_TARGET);
      expect(HANDLER_BUNDLING.banner).toBe(sharedBundling.esmRequireBanner);
      expect(esbuildTargetFor(Runtime.NODEJS_24_X)).toBe('node24');
      expect(() => esbuildTargetFor(Runtime.PYTHON_3_12)).toThrow(/not a Node.js runtime/);
    });

    it('turns off Lambda async retries on reconcile and keeps one on directory', () => {
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { FunctionName: { Ref: ids.reconcile }, MaximumRetryAttempts: 0 });
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { FunctionName: { Ref: ids.directory }, MaximumRetryAttempts: 1 });
    });
  });

  describe('table', () => {
    it('has pk/sk string keys, on-demand billing, TTL on expiresAt and point-in-time recovery', () => {
      template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: Match.arrayWith([
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ]),
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
      });
    });

    it('is retained when the stack is deleted or the table replaced', () => {
      template.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    });

    it('has exactly the GSIs of the store definition, byAircallUser and byZendeskUser among them', () => {
      const table = template.findResources('AWS::DynamoDB::GlobalTable')[ids.table]!;
      const deployed = (table.Properties.GlobalSecondaryIndexes as Json[]).map((gsi) => ({
        IndexName: gsi.IndexName,
        KeySchema: gsi.KeySchema,
        Projection: gsi.Projection,
      }));
      const designed = (tableDefinition('any').GlobalSecondaryIndexes ?? []).map((gsi) => ({
        IndexName: gsi.IndexName,
        KeySchema: gsi.KeySchema,
        Projection: gsi.Projection ?? { ProjectionType: 'ALL' },
      }));
      expect(deployed).toEqual(designed);
      expect(deployed.map((gsi) => gsi.IndexName)).toEqual(expect.arrayContaining(['byAircallUser', 'byZendeskUser']));
    });

    it('refuses a definition it cannot map rather than deploying a different table', () => {
      expect(() =>
        tableShapeFrom({ KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [] }),
      ).toThrow(TableDesignError);
      expect(() =>
        tableShapeFrom({
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          LocalSecondaryIndexes: [{ IndexName: 'lsi', KeySchema: [], Projection: {} }],
        }),
      ).toThrow(/local secondary indexes/);
    });
  });

  describe('queue', () => {
    it('is FIFO without content-based dedup, redriving to a FIFO DLQ after 5 receives', () => {
      const queues = template.findResources('AWS::SQS::Queue');
      expect(queues[ids.queue]!.Properties).toEqual(
        expect.objectContaining({
          FifoQueue: true,
          ContentBasedDeduplication: false,
          RedrivePolicy: { deadLetterTargetArn: getAtt(ids.dlq), maxReceiveCount: 5 },
        }),
      );
      expect(queues[ids.dlq]!.Properties.FifoQueue).toBe(true);
      expect(queues[ids.dlq]!.Properties.MessageRetentionPeriod).toBe(14 * 86400);
    });

    it('keeps the visibility timeout at least 6× the worker timeout', () => {
      const worker = template.findResources('AWS::Lambda::Function')[ids.worker]!;
      const queue = template.findResources('AWS::SQS::Queue')[ids.queue]!;
      expect(worker.Properties.Timeout).toBe(30);
      expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * worker.Properties.Timeout);
    });

    it('feeds the worker in batches of 10 with partial batch responses and capped concurrency', () => {
      template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        EventSourceArn: getAtt(ids.queue),
        FunctionName: { Ref: ids.worker },
        BatchSize: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: 10 },
      });
    });

    it('alarms when anything reaches the DLQ', () => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Namespace: 'AWS/SQS',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [ids.dlq, 'QueueName'] } }],
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      });
    });
  });

  describe('HTTP API', () => {
    it('has exactly the two webhook routes and GET /health, each on its own function', () => {
      const integrations = template.findResources('AWS::ApiGatewayV2::Integration');
      const targetOf = (route: Json) => {
        const integrationId = (route.Properties.Target['Fn::Join'][1] as unknown[])[1] as Json;
        const integration = integrations[integrationId.Ref]!;
        expect(integration.Properties.PayloadFormatVersion).toBe('2.0');
        return integration.Properties.IntegrationUri['Fn::GetAtt'][0];
      };
      const routes = Object.fromEntries(
        Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => [r.Properties.RouteKey, targetOf(r)]),
      );
      expect(routes).toEqual({
        'POST /webhooks/aircall/{accountId}': ids.aircall,
        'POST /webhooks/zendesk/{accountId}': ids.zendesk,
        'GET /health': ids.health,
      });
    });

    it('deploys a throttled $default stage', () => {
      template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
      });
    });
  });

  describe('schedules', () => {
    const schedule = (fnId: string) => {
      const found = Object.values(template.findResources('AWS::Scheduler::Schedule')).filter(
        (s) => s.Properties.Target.Arn['Fn::GetAtt']?.[0] === fnId,
      );
      expect(found).toHaveLength(1);
      return found[0]!.Properties;
    };

    it('runs reconcile every 5 minutes with few retries that end before the next run', () => {
      const props = schedule(ids.reconcile);
      expect(props.ScheduleExpression).toBe('rate(5 minutes)');
      expect(props.State).toBe('ENABLED');
      expect(props.Target.RetryPolicy).toEqual({ MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 240 });
      expect(JSON.parse(props.Target.Input)).toEqual({ job: 'reconcile', scheduledTime: '<aws.scheduler.scheduled-time>' });
    });

    it('runs directory every hour with explicit retries (not the 185 × 24 h default)', () => {
      const props = schedule(ids.directory);
      expect(props.ScheduleExpression).toBe('rate(1 hour)');
      expect(props.Target.RetryPolicy).toEqual({ MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 1800 });
    });
  });

  describe('IAM', () => {
    it('never grants a wildcard resource or a wildcard action', () => {
      const policies = Object.values(template.findResources('AWS::IAM::Policy'));
      const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement as Json[]);
      expect(statements.length).toBeGreaterThan(0);
      for (const s of statements) {
        expect([s.Resource].flat()).not.toContain('*');
        for (const action of [s.Action].flat() as string[]) expect(action).not.toMatch(/\*/);
      }
      // Managed policies: only the basic execution role (logs), nothing broader.
      for (const role of Object.values(template.findResources('AWS::IAM::Role'))) {
        for (const arn of role.Properties.ManagedPolicyArns ?? []) {
          expect(JSON.stringify(arn)).toMatch(/service-role\/AWSLambdaBasicExecutionRole/);
        }
        expect(role.Properties.Policies).toBeUndefined();
      }
    });

    it('lets only the webhooks and reconcile send to the queue, only the worker consume it', () => {
      for (const fn of ['AircallWebhookFn', 'ZendeskWebhookFn', 'ReconcileFn']) {
        const send = statementsOf(template, fn).filter((s) => actionsOf([s]).includes('sqs:SendMessage'));
        expect(send.map((s) => s.Resource)).toEqual([getAtt(ids.queue)]);
        expect(actionsOf(statementsOf(template, fn))).not.toContain('sqs:ReceiveMessage');
      }
      const worker = actionsOf(statementsOf(template, 'SyncWorkerFn'));
      expect(worker).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility']));
      expect(worker).not.toContain('sqs:SendMessage');
      expect(actionsOf(statementsOf(template, 'DirectoryFn')).filter((a) => a.startsWith('sqs:'))).toEqual([]);
    });

    it('scopes table access to the table and its indexes, and gives health nothing', () => {
      for (const fn of ['AircallWebhookFn', 'ZendeskWebhookFn', 'SyncWorkerFn', 'DirectoryFn', 'ReconcileFn']) {
        const dynamo = statementsOf(template, fn).filter((s) => actionsOf([s]).some((a) => a.startsWith('dynamodb:')));
        expect(actionsOf(dynamo)).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query']));
        for (const s of dynamo) {
          expect(JSON.stringify(s.Resource)).toContain(ids.table);
        }
      }
      expect(statementsOf(template, 'HealthFn')).toEqual([]);
    });

    it('lets each schedule invoke only its own function', () => {
      const schedules = Object.values(template.findResources('AWS::Scheduler::Schedule'));
      expect(schedules).toHaveLength(2);
      for (const s of schedules) {
        const fnId: string = s.Properties.Target.Arn['Fn::GetAtt'][0];
        const roleId: string = s.Properties.Target.RoleArn['Fn::GetAtt'][0];
        const statements = Object.values(template.findResources('AWS::IAM::Policy'))
          .filter((p) => p.Properties.Roles.some((r: Json) => r.Ref === roleId))
          .flatMap((p) => p.Properties.PolicyDocument.Statement as Json[]);
        expect(actionsOf(statements)).toEqual(['lambda:InvokeFunction']);
        expect(JSON.stringify(statements.map((st) => st.Resource))).not.toMatch(
          new RegExp([ids.aircall, ids.zendesk, ids.worker, ids.health].join('|')),
        );
        expect(JSON.stringify(statements.map((st) => st.Resource))).toContain(fnId);
      }
    });
  });

  it('outputs the API URL, table name and queue URL', () => {
    const outputs = template.findOutputs('*');
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(['ApiUrl', 'TableName', 'QueueUrl']));
    expect(outputs.TableName!.Value).toEqual({ Ref: ids.table });
    expect(outputs.QueueUrl!.Value).toEqual({ Ref: ids.queue });
    expect(JSON.stringify(outputs.ApiUrl!.Value)).toContain('execute-api');
  });
});
