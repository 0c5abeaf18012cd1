// SyncStack synthesised offline with bundling skipped: checks the properties the backend relies on, not a snapshot.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import sharedBundling from '../../infra/lambda-bundling.json';
import { ROUTE_THROTTLES } from '../../infra/lib/api-throttles';
import {
  APP_ASSETS_FOLDER,
  APP_PAGE_BUNDLING,
  ESBUILD_TARGET,
  HANDLER_BUNDLING,
  LAMBDA_RUNTIME,
  LOG_ALARMS,
  esbuildTargetFor,
} from '../../infra/lib/sync-stack';
import { jsonLog } from '../../lambdas/json-log';
import { ADMIN_ROUTE_KEYS as ADMIN_HANDLER_ROUTES } from '../../lambdas/oauth/admin-routes';
import { OAUTH_PAGE_ROUTE_KEYS as OAUTH_PAGE_HANDLER_ROUTES } from '../../lambdas/oauth/routes';
import { tableDefinition } from '../../lambdas/store/table';
import { TableDesignError, tableShapeFrom } from '../../infra/lib/table-design';
import { actionsOf, getAtt, logicalId, statementsOf, synth, type Json } from './template';

describe('SyncStack', () => {
  let template: Template;
  let ids: Record<
    'table' | 'key' | 'queue' | 'dlq' | 'aircall' | 'zendesk' | 'worker' | 'directory' | 'reconcile' | 'appApi' | 'appPage' | 'oauth' | 'admin' | 'health',
    string
  >;

  beforeAll(() => {
    template = synth();
    ids = {
      table: logicalId(template, 'AWS::DynamoDB::GlobalTable', 'Table'),
      key: logicalId(template, 'AWS::KMS::Key', 'DataKey'),
      queue: logicalId(template, 'AWS::SQS::Queue', 'SyncQueue'),
      dlq: logicalId(template, 'AWS::SQS::Queue', 'SyncDlq'),
      aircall: logicalId(template, 'AWS::Lambda::Function', 'AircallWebhookFn'),
      zendesk: logicalId(template, 'AWS::Lambda::Function', 'ZendeskWebhookFn'),
      worker: logicalId(template, 'AWS::Lambda::Function', 'SyncWorkerFn'),
      directory: logicalId(template, 'AWS::Lambda::Function', 'DirectoryFn'),
      reconcile: logicalId(template, 'AWS::Lambda::Function', 'ReconcileFn'),
      appApi: logicalId(template, 'AWS::Lambda::Function', 'AppApiFn'),
      appPage: logicalId(template, 'AWS::Lambda::Function', 'AppPageFn'),
      oauth: logicalId(template, 'AWS::Lambda::Function', 'OAuthFn'),
      admin: logicalId(template, 'AWS::Lambda::Function', 'AdminFn'),
      health: logicalId(template, 'AWS::Lambda::Function', 'HealthFn'),
    };
  });

  describe('functions', () => {
    it('runs every function, handlers and health alike, on nodejs24.x arm64', () => {
      const functions = Object.values(template.findResources('AWS::Lambda::Function'));
      expect(functions).toHaveLength(10);
      for (const fn of functions) {
        expect(fn.Properties.Runtime).toBe('nodejs24.x');
        expect(fn.Properties.Architectures).toEqual(['arm64']);
      }
      expect(LAMBDA_RUNTIME).toBe(Runtime.NODEJS_24_X);
    });

    it("runs npm scripts (and so the tests) on the Lambda runtime's Node major: the node devDependency, the runtime and esbuild agree", () => {
      const major = /^nodejs(\d+)\.x$/.exec(LAMBDA_RUNTIME.name)![1];
      const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
      // A caret range on the same major: `^24.21.0`, never `^22…` or `>=…`.
      expect(pkg.devDependencies.node).toMatch(new RegExp(`^\\^${major}\\.\\d+\\.\\d+$`));
      // What npm installed is what the lockfile resolved, and the tests run on it when started through npm.
      const installed = JSON.parse(readFileSync(join(__dirname, '..', '..', 'node_modules', 'node', 'package.json'), 'utf8'));
      expect(installed.version.split('.')[0]).toBe(major);
      expect(pkg.allowScripts.node).toBe(true); // its preinstall puts the binary in place
      expect(sharedBundling.esbuildTarget).toBe(`node${major}`);
    });

    it('gives the nine handlers the table, the queue, the log and metrics settings, and the public URL', () => {
      const apiUrl = {
        'Fn::Join': ['', ['https://', { Ref: logicalId(template, 'AWS::ApiGatewayV2::Api', 'HttpApi') }, '.execute-api.eu-west-1.', { Ref: 'AWS::URLSuffix' }]],
      };
      for (const id of [ids.aircall, ids.zendesk, ids.worker, ids.directory, ids.reconcile, ids.appApi, ids.appPage, ids.oauth, ids.admin]) {
        const fn = template.findResources('AWS::Lambda::Function')[id]!;
        expect(fn.Properties.Handler).toBe('index.handler');
        expect(fn.Properties.Environment.Variables).toEqual(
          expect.objectContaining({
            TABLE_NAME: { Ref: ids.table },
            QUEUE_URL: { Ref: ids.queue },
            LOG_LEVEL: 'INFO',
            POWERTOOLS_SERVICE_NAME: 'agent-status-sync',
            POWERTOOLS_METRICS_NAMESPACE: 'AgentStatusSync',
            SYNC_MAX_RECEIVE_COUNT: '5',
            NODE_OPTIONS: '--enable-source-maps',
            PUBLIC_URL: apiUrl,
          }),
        );
        expect(fn.Properties.Environment.Variables).not.toHaveProperty('AIRCALL_API_URL');
      }
    });

    it('uses a custom domain as PUBLIC_URL and in the URLs to register when given one, and refuses a malformed one', () => {
      const hosted = synth({ publicUrl: 'https://sync.agent-status-sync.org' });
      for (const fn of Object.values(hosted.findResources('AWS::Lambda::Function')).filter((f) => f.Properties.Handler === 'index.handler')) {
        if (fn.Properties.Environment) expect(fn.Properties.Environment.Variables.PUBLIC_URL).toBe('https://sync.agent-status-sync.org');
      }
      expect(hosted.findOutputs('ZendeskOAuthRedirectUri').ZendeskOAuthRedirectUri!.Value).toBe('https://sync.agent-status-sync.org/oauth/zendesk/callback');
      expect(hosted.findOutputs('AircallInstallUri').AircallInstallUri!.Value).toBe('https://sync.agent-status-sync.org/oauth/aircall/install');
      for (const bad of ['http://sync.agent-status-sync.org', 'https://sync.agent-status-sync.org/', 'sync.agent-status-sync.org']) {
        expect(() => synth({ publicUrl: bad })).toThrow(/publicUrl must be an https:\/\/ URL without a trailing slash/);
      }
    });

    it('ships the built app beside the app page handler, where APP_ASSETS_DIR points', () => {
      const fn = template.findResources('AWS::Lambda::Function')[ids.appPage]!;
      expect(fn.Properties.Environment.Variables.APP_ASSETS_DIR).toBe(`/var/task/${APP_ASSETS_FOLDER}`);
      const hooks = APP_PAGE_BUNDLING.commandHooks!;
      const commands = hooks.afterBundling('/repo', '/out');
      expect(commands).toEqual([
        'node "/repo/scripts/build.mjs" --only app --outdir "/out/.app-build"',
        `cp -R "/out/.app-build/app/assets" "/out/${APP_ASSETS_FOLDER}"`,
        'rm -rf "/out/.app-build"',
      ]);
      // No other function carries the app.
      for (const id of [ids.aircall, ids.zendesk, ids.worker, ids.directory, ids.reconcile, ids.appApi, ids.oauth, ids.admin]) {
        expect(template.findResources('AWS::Lambda::Function')[id]!.Properties.Environment.Variables.APP_ASSETS_DIR).toBeUndefined();
      }
    });

    it('adds the Parameters and Secrets extension only to the functions that read an OAuth client', () => {
      const functions = template.findResources('AWS::Lambda::Function');
      const layered = Object.entries(functions)
        .filter(([, fn]) => (fn.Properties.Layers ?? []).length > 0)
        .map(([id]) => id)
        .sort();
      expect(layered).toEqual([ids.worker, ids.directory, ids.reconcile, ids.appApi, ids.appPage, ids.oauth, ids.admin].sort());
      for (const id of layered) {
        expect(JSON.stringify(functions[id]!.Properties.Layers)).toContain('AWS-Parameters-and-Secrets-Lambda-Extension-Arm64');
        expect(functions[id]!.Properties.Environment.Variables).toEqual(expect.objectContaining({ PARAMETERS_SECRETS_EXTENSION_CACHE_ENABLED: 'false' }));
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

    it('bundles as ESM for node24 with the require shim, minified, with source maps and the SDK inside', () => {
      expect(HANDLER_BUNDLING).toEqual(
        expect.objectContaining({
          format: OutputFormat.ESM,
          target: 'node24',
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

    it('turns off Lambda async retries on reconcile, keeps one on directory, and drops events older than the next run', () => {
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: ids.reconcile },
        MaximumRetryAttempts: 0,
        MaximumEventAgeInSeconds: 240,
      });
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: ids.directory },
        MaximumRetryAttempts: 1,
        MaximumEventAgeInSeconds: 1800,
      });
    });

    it('reserves concurrency only where it guards the Aircall budget: the worker (= its event source maximum) and one run per job', () => {
      const functions = template.findResources('AWS::Lambda::Function');
      const reserved = (id: string) => functions[id]!.Properties.ReservedConcurrentExecutions;
      expect(reserved(ids.worker)).toBe(10);
      expect(reserved(ids.reconcile)).toBe(1);
      expect(reserved(ids.directory)).toBe(1);
      // Webhooks and the app must never be throttled by a cap of ours.
      for (const id of [ids.aircall, ids.zendesk, ids.appApi, ids.appPage, ids.oauth, ids.admin, ids.health]) expect(reserved(id)).toBeUndefined();
      const mapping = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'))[0]!;
      expect(mapping.Properties.ScalingConfig.MaximumConcurrency).toBe(reserved(ids.worker));
    });

    it('reserves nothing when told to (an AWS account still on the 10-execution quota)', () => {
      const small = synth({ reserveConcurrency: false, workerMaxConcurrency: 5 });
      for (const fn of Object.values(small.findResources('AWS::Lambda::Function'))) expect(fn.Properties.ReservedConcurrentExecutions).toBeUndefined();
      small.hasResourceProperties('AWS::Lambda::EventSourceMapping', { ScalingConfig: { MaximumConcurrency: 5 } });
    });

    it('keeps every log group (ten functions and the API access logs) for one month', () => {
      const groups = Object.values(template.findResources('AWS::Logs::LogGroup'));
      expect(groups).toHaveLength(11);
      for (const g of groups) expect(g.Properties.RetentionInDays).toBe(30);
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

    it('is retained when the stack is deleted or the table replaced, and protected from deletion by any call', () => {
      template.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      const table = template.findResources('AWS::DynamoDB::GlobalTable')[ids.table]!;
      expect(table.Properties.Replicas).toHaveLength(1);
      expect(table.Properties.Replicas[0].DeletionProtectionEnabled).toBe(true);
      expect(table.Properties.Replicas[0].PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    });

    it('is encrypted with its own rotating KMS key, which outlives the stack like the table', () => {
      template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
        Replicas: [Match.objectLike({ SSESpecification: { KMSMasterKeyId: getAtt(ids.key) } })],
      });
      template.hasResource('AWS::KMS::Key', { Properties: Match.objectLike({ EnableKeyRotation: true }), DeletionPolicy: 'Retain' });
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
      // No key or GSI attribute beyond the store's: CloudFormation would refuse an unused attribute definition.
      expect(table.Properties.AttributeDefinitions).toEqual(
        (tableDefinition('any').AttributeDefinitions ?? []).map((a) => ({ AttributeName: a.AttributeName, AttributeType: a.AttributeType })),
      );
    });

    it('refuses a definition it cannot map rather than deploying a different table', () => {
      expect(() => tableShapeFrom({ KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [] })).toThrow(TableDesignError);
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
    it('has exactly the two webhook routes, the app pages and API, the OAuth pages, the admin console routes and GET /health', () => {
      const integrations = template.findResources('AWS::ApiGatewayV2::Integration');
      const targetOf = (route: Json) => {
        const integrationId = (route.Properties.Target['Fn::Join'][1] as unknown[])[1] as Json;
        const integration = integrations[integrationId.Ref]!;
        expect(integration.Properties.PayloadFormatVersion).toBe('2.0');
        return integration.Properties.IntegrationUri['Fn::GetAtt'][0];
      };
      const routes = Object.fromEntries(Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => [r.Properties.RouteKey, targetOf(r)]));
      expect(routes).toEqual({
        'POST /webhooks/aircall/{accountId}': ids.aircall,
        'POST /webhooks/zendesk/{accountId}': ids.zendesk,
        'GET /api/me/status': ids.appApi,
        'GET /api/admin/overview': ids.appApi,
        'POST /api/session/renew': ids.appApi,
        'POST /app/{location}': ids.appPage,
        'GET /app/{location}': ids.appPage,
        'GET /app/assets/{file+}': ids.appPage,
        'GET /oauth/zendesk/start': ids.oauth,
        'GET /oauth/zendesk/callback': ids.oauth,
        'GET /oauth/aircall/install': ids.oauth,
        'GET /oauth/aircall/callback': ids.oauth,
        'GET /api/admin/console': ids.admin,
        'POST /api/admin/setup': ids.admin,
        'POST /api/admin/aircall/credentials': ids.admin,
        'POST /api/admin/aircall/connect': ids.admin,
        'POST /api/admin/disconnect': ids.admin,
        'GET /health': ids.health,
      });
      // Each onboarding handler's own list of what it serves (lambdas/oauth/routes.ts, admin-routes.ts) is what the
      // stack routes to it.
      const routedTo = (fn: string) =>
        Object.entries(routes)
          .filter(([, target]) => target === fn)
          .map(([key]) => key)
          .sort();
      expect(routedTo(ids.oauth)).toEqual([...OAUTH_PAGE_HANDLER_ROUTES].sort());
      expect(routedTo(ids.admin)).toEqual([...ADMIN_HANDLER_ROUTES].sort());
    });

    it('deploys a $default stage that throttles each route on its own: webhooks apart from the app, admin and OAuth tight', () => {
      const stages = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'));
      expect(stages).toHaveLength(1);
      const stage = stages[0]!.Properties;
      expect(stage).toEqual(
        expect.objectContaining({ StageName: '$default', AutoDeploy: true, DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 } }),
      );
      // The numbers are written out: a change of limits is a deliberate change of this test too.
      expect(stage.RouteSettings).toEqual({
        'POST /webhooks/aircall/{accountId}': { ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 },
        'POST /webhooks/zendesk/{accountId}': { ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 },
        'GET /api/me/status': { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
        'GET /api/admin/overview': { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
        'POST /api/session/renew': { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
        'POST /app/{location}': { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
        'GET /app/{location}': { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
        'GET /app/assets/{file+}': { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
        'GET /oauth/zendesk/start': { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 },
        'GET /oauth/zendesk/callback': { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 },
        'GET /oauth/aircall/install': { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 },
        'GET /oauth/aircall/callback': { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 },
        'GET /api/admin/console': { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
        'POST /api/admin/setup': { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
        'POST /api/admin/aircall/credentials': { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
        'POST /api/admin/aircall/connect': { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
        'POST /api/admin/disconnect': { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
        'GET /health': { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
      });
      // The same definition the local gateway enforces, and a route for each of its entries.
      expect(
        Object.fromEntries(Object.entries(ROUTE_THROTTLES).map(([key, t]) => [key, { ThrottlingRateLimit: t.rateLimit, ThrottlingBurstLimit: t.burstLimit }])),
      ).toEqual(stage.RouteSettings);
      const routeKeys = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties.RouteKey);
      expect(Object.keys(stage.RouteSettings).sort()).toEqual(routeKeys.sort());
    });

    it('logs every request as one JSON line (request id, IP, route, status, latency) and never a body', () => {
      const stage = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0]!.Properties;
      const logs = logicalId(template, 'AWS::Logs::LogGroup', 'ApiAccessLogs');
      expect(stage.AccessLogSettings.DestinationArn).toEqual(getAtt(logs));
      const format = JSON.parse(stage.AccessLogSettings.Format);
      expect(format).toEqual(
        expect.objectContaining({
          requestId: '$context.requestId',
          ip: '$context.identity.sourceIp',
          routeKey: '$context.routeKey',
          status: '$context.status',
          latencyMs: '$context.responseLatency',
        }),
      );
      // Bodies, headers (signatures, tokens), query strings and paths stay out.
      expect(stage.AccessLogSettings.Format).not.toMatch(/body|header|authorizer|querystring|\$context\.path|\$input/i);
      expect(template.findResources('AWS::Logs::LogGroup')[logs]!.Properties.RetentionInDays).toBe(30);
    });
  });

  describe('schedules', () => {
    const schedule = (fnId: string, poll?: string) => {
      const found = Object.values(template.findResources('AWS::Scheduler::Schedule')).filter(
        (s) => s.Properties.Target.Arn['Fn::GetAtt']?.[0] === fnId && JSON.parse(s.Properties.Target.Input).poll === poll,
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

    it('polls Talk availability every minute through the reconcile function (issue 14 §3), without retries', () => {
      const props = schedule(ids.reconcile, 'talk');
      expect(props.ScheduleExpression).toBe('rate(1 minute)');
      expect(props.Target.RetryPolicy).toEqual({ MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 });
      expect(JSON.parse(props.Target.Input)).toEqual({ job: 'reconcile', poll: 'talk', scheduledTime: '<aws.scheduler.scheduled-time>' });
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
      // No managed policy at all: AWSLambdaBasicExecutionRole would reach every log group of the account.
      for (const role of Object.values(template.findResources('AWS::IAM::Role'))) {
        expect(role.Properties.ManagedPolicyArns).toBeUndefined();
        expect(role.Properties.Policies).toBeUndefined();
      }
    });

    it('lets each function write its own log group and no other', () => {
      const groups = template.findResources('AWS::Logs::LogGroup');
      for (const [name, id] of Object.entries(ids).filter(([k]) => !['table', 'key', 'queue', 'dlq'].includes(k))) {
        const fn = template.findResources('AWS::Lambda::Function')[id]!;
        const own: string = fn.Properties.LoggingConfig.LogGroup.Ref;
        expect(groups[own]).toBeDefined();
        const prefix = id.replace(/[A-F0-9]{8}$/, '');
        const logStatements = statementsOf(template, prefix).filter((st) => actionsOf([st]).some((a) => a.startsWith('logs:')));
        expect({ name, statements: logStatements.map((st) => ({ Action: st.Action, Resource: st.Resource })) }).toEqual({
          name,
          statements: [{ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: getAtt(own) }],
        });
      }
    });

    it('lets only the webhooks, reconcile, the worker (its sweeps of a new direction) and onboarding (the first sync) send to the queue, only the worker consume it', () => {
      for (const fn of ['AircallWebhookFn', 'ZendeskWebhookFn', 'ReconcileFn', 'SyncWorkerFn', 'OAuthFn', 'AdminFn']) {
        const send = statementsOf(template, fn).filter((s) => actionsOf([s]).includes('sqs:SendMessage'));
        expect(send.map((s) => s.Resource)).toEqual([getAtt(ids.queue)]);
        if (fn !== 'SyncWorkerFn') expect(actionsOf(statementsOf(template, fn))).not.toContain('sqs:ReceiveMessage');
      }
      const worker = actionsOf(statementsOf(template, 'SyncWorkerFn'));
      expect(worker).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility']));
      expect(actionsOf(statementsOf(template, 'AppApiFn')).filter((a) => a.startsWith('sqs:'))).toEqual([]);
      expect(actionsOf(statementsOf(template, 'DirectoryFn')).filter((a) => a.startsWith('sqs:'))).toEqual([]);
    });

    it('gives health nothing but its log group, and the webhooks neither an OAuth client nor Secrets Manager at all', () => {
      expect(actionsOf(statementsOf(template, 'HealthFn')).sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
      for (const fn of ['AircallWebhookFn', 'ZendeskWebhookFn'])
        expect(JSON.stringify(statementsOf(template, fn))).not.toMatch(/secretsmanager:|ssm:|OAuthClient/);
      // Only the onboarding functions read Aircall's client (the code exchange; the console's link needs it set up;
      // Aircall tokens never expire).
      const aircallSecret = logicalId(template, 'AWS::SecretsManager::Secret', 'AircallOAuthClient');
      const readers = [
        'AircallWebhookFn',
        'ZendeskWebhookFn',
        'SyncWorkerFn',
        'DirectoryFn',
        'ReconcileFn',
        'AppApiFn',
        'AppPageFn',
        'OAuthFn',
        'AdminFn',
      ].filter((fn) => JSON.stringify(statementsOf(template, fn)).includes(aircallSecret));
      expect(readers).toEqual(['OAuthFn', 'AdminFn']);
    });

    it('lets each schedule invoke only its own function', () => {
      const schedules = Object.values(template.findResources('AWS::Scheduler::Schedule'));
      expect(schedules).toHaveLength(3);
      for (const s of schedules) {
        const fnId: string = s.Properties.Target.Arn['Fn::GetAtt'][0];
        const roleId: string = s.Properties.Target.RoleArn['Fn::GetAtt'][0];
        const statements = Object.values(template.findResources('AWS::IAM::Policy'))
          .filter((p) => p.Properties.Roles.some((r: Json) => r.Ref === roleId))
          .flatMap((p) => p.Properties.PolicyDocument.Statement as Json[]);
        expect(actionsOf(statements)).toEqual(['lambda:InvokeFunction']);
        expect(JSON.stringify(statements.map((st) => st.Resource))).not.toMatch(new RegExp([ids.aircall, ids.zendesk, ids.worker, ids.health].join('|')));
        expect(JSON.stringify(statements.map((st) => st.Resource))).toContain(fnId);
      }
    });
  });

  describe('secrets', () => {
    it("creates both OAuth clients' secrets empty, for the operator to fill in: no credential in the template", () => {
      const secrets = Object.values(template.findResources('AWS::SecretsManager::Secret'));
      expect(secrets).toHaveLength(2);
      for (const secret of secrets) expect(JSON.parse(secret.Properties.SecretString)).toEqual({ client_id: '', client_secret: '' });
    });

    it('seals credentials under a key of their own, rotating, kept after the stack like the sealed items', () => {
      const id = logicalId(template, 'AWS::KMS::Key', 'SecretsKey');
      expect(id).not.toBe(ids.key);
      template.hasResource('AWS::KMS::Key', {
        Properties: Match.objectLike({ EnableKeyRotation: true, Description: Match.stringLikeRegexp('encryption context') }),
        DeletionPolicy: 'Retain',
      });
      expect(template.findResources('AWS::KMS::Key')[id]!.DeletionPolicy).toBe('Retain');
      expect(template.findOutputs('SecretsKeyArn').SecretsKeyArn!.Value).toEqual(getAtt(id));
    });
  });

  describe('alarms', () => {
    const alarms = () => Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    const dimensionRef = (alarm: Json) => alarm.Dimensions?.[0]?.Value?.Ref;

    it('watches errors and throttles of every bundled function', () => {
      for (const id of [ids.aircall, ids.zendesk, ids.worker, ids.directory, ids.reconcile, ids.appApi, ids.appPage, ids.oauth, ids.admin]) {
        for (const metric of ['Errors', 'Throttles']) {
          const found = alarms().filter((a) => a.Namespace === 'AWS/Lambda' && a.MetricName === metric && dimensionRef(a) === id);
          expect({ id, metric, count: found.length }).toEqual({ id, metric, count: 1 });
          expect(found[0]).toEqual(expect.objectContaining({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching' }));
        }
      }
    });

    it('alarms when any handler logs that a connection needs reconnecting: a metric filter on every handler log group', () => {
      const filters = Object.values(template.findResources('AWS::Logs::MetricFilter')).map((f) => f.Properties);
      const groups = [ids.aircall, ids.zendesk, ids.worker, ids.directory, ids.reconcile, ids.appApi, ids.appPage, ids.oauth, ids.admin].map(
        (id) => template.findResources('AWS::Lambda::Function')[id]!.Properties.LoggingConfig.LogGroup.Ref as string,
      );
      expect(filters.map((f) => f.LogGroupName.Ref).sort()).toEqual(groups.sort());
      for (const f of filters) {
        expect(f.FilterPattern).toBe('{ $.alarm = "NeedsReconnect" }');
        expect(f.MetricTransformations).toEqual([{ MetricNamespace: 'AgentStatusSync', MetricName: 'NeedsReconnect', MetricValue: '1' }]);
      }
      const found = alarms().filter((a) => a.Namespace === 'AgentStatusSync' && a.MetricName === 'NeedsReconnect');
      expect(found).toHaveLength(1);
      expect(found[0]).toEqual(expect.objectContaining({ Threshold: 0, Statistic: 'Sum', ComparisonOperator: 'GreaterThanThreshold' }));
      expect(found[0]!.Dimensions).toBeUndefined();
    });

    it('the filtered field is where the handlers write it: the JSON log puts entry data at the top level, and the code logs it', () => {
      const lines: string[] = [];
      const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
        lines.push(String(chunk));
        return true;
      });
      try {
        jsonLog({ service: 'agent-status-sync', level: 'INFO' }).error('zendesk connection needs reconnect', { account: 'acme', alarm: 'NeedsReconnect' });
      } finally {
        write.mockRestore();
      }
      expect(JSON.parse(lines[0]!)).toEqual(expect.objectContaining({ level: 'ERROR', alarm: 'NeedsReconnect' }));
      for (const name of Object.keys(LOG_ALARMS)) {
        const logged = execFileSync('grep', ['-rl', `alarm: '${name}'`, join(__dirname, '..', '..', 'lambdas')], { encoding: 'utf8' });
        expect(logged.trim().length).toBeGreaterThan(0);
      }
    });

    it('watches 5xx answers of the HTTP API, where a webhook answering 500 shows', () => {
      const api = logicalId(template, 'AWS::ApiGatewayV2::Api', 'HttpApi');
      const found = alarms().filter((a) => a.Namespace === 'AWS/ApiGateway' && a.MetricName === '5xx');
      expect(found).toHaveLength(1);
      expect(found[0]!.Dimensions).toEqual(expect.arrayContaining([{ Name: 'ApiId', Value: { Ref: api } }, expect.objectContaining({ Name: 'Stage' })]));
      expect(found[0]!.Threshold).toBe(0);
    });

    it("always notifies the stack's TLS-only alarm topic, subscribed to by the operator (output AlarmTopicArn)", () => {
      const topic = logicalId(template, 'AWS::SNS::Topic', 'AlarmTopic');
      expect(alarms().length).toBeGreaterThan(0);
      for (const a of alarms()) expect(a.AlarmActions).toEqual([{ Ref: topic }]);
      template.resourceCountIs('AWS::SNS::Subscription', 0);
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [{ Ref: topic }],
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
        },
      });
      expect(template.findOutputs('AlarmTopicArn').AlarmTopicArn!.Value).toEqual({ Ref: topic });
    });

    it('subscribes an e-mail address to that topic when given', () => {
      const mailed = synth({ alarmEmail: 'ops@example.com' });
      mailed.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
      const topic = logicalId(mailed, 'AWS::SNS::Topic', 'AlarmTopic');
      const all = Object.values(mailed.findResources('AWS::CloudWatch::Alarm'));
      expect(all.length).toBe(alarms().length);
      for (const a of all) expect(a.Properties.AlarmActions).toEqual([{ Ref: topic }]);
    });
  });

  it('outputs the backend URL without a trailing slash, the webhook URL patterns and the names an operator needs', () => {
    const outputs = template.findOutputs('*');
    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining([
        'ApiUrl',
        'AircallWebhookUrl',
        'ZendeskWebhookUrl',
        'HealthUrl',
        'TableName',
        'QueueUrl',
        'DeadLetterQueueUrl',
        'ZendeskOAuthClientSecretArn',
        'AircallOAuthClientSecretArn',
        'PublicUrl',
        'ZendeskOAuthRedirectUri',
        'AircallOAuthRedirectUri',
        'AircallInstallUri',
        'SecretsKeyArn',
      ]),
    );
    expect(outputs.TableName!.Value).toEqual({ Ref: ids.table });
    expect(outputs.QueueUrl!.Value).toEqual({ Ref: ids.queue });
    const joined = (name: string) => (outputs[name]!.Value['Fn::Join'][1] as unknown[]).map((p) => (typeof p === 'string' ? p : '<token>')).join('');
    expect(joined('ApiUrl')).toBe('https://<token>.execute-api.eu-west-1.<token>');
    expect(joined('AircallWebhookUrl')).toBe('https://<token>.execute-api.eu-west-1.<token>/webhooks/aircall/{accountId}');
    expect(joined('ZendeskWebhookUrl')).toBe('https://<token>.execute-api.eu-west-1.<token>/webhooks/zendesk/{accountId}');
    // What to register with Zendesk and Aircall (npm run deploy prints them): PUBLIC_URL and the routes.
    expect(joined('PublicUrl')).toBe('https://<token>.execute-api.eu-west-1.<token>');
    expect(joined('ZendeskOAuthRedirectUri')).toBe('https://<token>.execute-api.eu-west-1.<token>/oauth/zendesk/callback');
    expect(joined('AircallOAuthRedirectUri')).toBe('https://<token>.execute-api.eu-west-1.<token>/oauth/aircall/callback');
    expect(joined('AircallInstallUri')).toBe('https://<token>.execute-api.eu-west-1.<token>/oauth/aircall/install');
  });
});
