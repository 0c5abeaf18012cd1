// The whole backend as one CDK stack: table, FIFO queue + DLQ, five handlers, HTTP API, schedules, alarms.
import * as path from 'node:path';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { HttpApi, HttpMethod, HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Billing, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Architecture, Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import sharedBundling from '../lambda-bundling.json';
import type { LogLevel } from '../../lambdas/config';
import { TTL_ATTRIBUTE, tableDefinition } from '../../lambdas/store';
import { tableShapeFrom } from './table-design';

/**
 * The one Lambda runtime of the project (aws-local.md §7: nodejs22.x is deprecated 2027-04-30; next is NODEJS_24_X).
 * Changing it means changing `esbuildTarget` in infra/lambda-bundling.json too; the stack refuses to build otherwise.
 */
export const LAMBDA_RUNTIME = Runtime.NODEJS_22_X;

/** The esbuild target matching a Node.js Lambda runtime: `nodejs22.x` → `node22`. */
export function esbuildTargetFor(runtime: Runtime): string {
  const major = /^nodejs(\d+)\.x$/.exec(runtime.name)?.[1];
  if (!major) throw new Error(`Runtime ${runtime.name} is not a Node.js runtime: no esbuild target for it`);
  return `node${major}`;
}

/** esbuild target of every bundle, derived from {@link LAMBDA_RUNTIME}. */
export const ESBUILD_TARGET = esbuildTargetFor(LAMBDA_RUNTIME);

if (sharedBundling.esbuildTarget !== ESBUILD_TARGET) {
  throw new Error(
    `infra/lambda-bundling.json says esbuildTarget ${sharedBundling.esbuildTarget} but LAMBDA_RUNTIME is ${LAMBDA_RUNTIME.name} ` +
      `(${ESBUILD_TARGET}): update both so scripts/build.mjs and the CDK bundles agree`,
  );
}

/**
 * Bundling of every handler: ESM with a `require` shim for CJS dependencies, minified, with a source map,
 * and the AWS SDK bundled (import only the clients used; smaller cold start than the runtime's SDK, aws-local.md §10).
 */
export const HANDLER_BUNDLING: BundlingOptions = {
  format: OutputFormat.ESM,
  target: ESBUILD_TARGET,
  banner: sharedBundling.esmRequireBanner,
  // Prefer ESM builds of dependencies, as scripts/build.mjs does (esbuild's default for platform node is main first).
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  // The map is for stack traces, not for reading sources in the console: keep it small.
  sourcesContent: false,
  bundleAwsSDK: true,
};

/** Where the five handlers live, relative to the repository root. */
export const HANDLERS_DIR = path.join(__dirname, '..', '..', 'lambdas', 'handlers');

export interface SyncStackProps extends StackProps {
  /** Receives before a message goes to the DLQ. Default 5. */
  readonly maxReceiveCount?: number;
  /** Most concurrent worker invocations the SQS event source may run (2–1,000). Default 10. */
  readonly workerMaxConcurrency?: number;
  /** Worker timeout; the queue's visibility timeout is 6× this. Default 30 s. */
  readonly workerTimeout?: Duration;
  /** Aircall API base URL for the handlers (AIRCALL_API_URL); unset means the handlers' default. */
  readonly aircallApiUrl?: string;
  /** Powertools log level (LOG_LEVEL, validated by lambdas/config). Default INFO. */
  readonly logLevel?: LogLevel;
  /** Steady-state requests per second across all routes of the HTTP API. Default 100. */
  readonly apiRateLimit?: number;
  /** Burst allowance of the HTTP API. Default 200. */
  readonly apiBurstLimit?: number;
  /** Where the alarms send notifications; none by default (the alarms still show in CloudWatch). */
  readonly alarmTopic?: ITopic;
  /** Log retention of every function. Default one month. */
  readonly logRetention?: RetentionDays;
}

/** The Agent Status Sync backend. */
export class SyncStack extends Stack {
  readonly table: TableV2;
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly api: HttpApi;
  readonly functions: {
    aircallWebhook: NodejsFunction;
    zendeskWebhook: NodejsFunction;
    syncWorker: NodejsFunction;
    directory: NodejsFunction;
    reconcile: NodejsFunction;
    health: LambdaFunction;
  };

  constructor(scope: Construct, id: string, props: SyncStackProps = {}) {
    super(scope, id, props);
    const workerTimeout = props.workerTimeout ?? Duration.seconds(30);
    const logRetention = props.logRetention ?? RetentionDays.ONE_MONTH;

    // ---- Storage -------------------------------------------------------------------------------------------------
    // Keys and GSIs come from the store's own definition (also used to create the dynalite table in tests); the name
    // passed is ignored: CloudFormation names the table and the functions get it through TABLE_NAME.
    this.table = new TableV2(this, 'Table', {
      ...tableShapeFrom(tableDefinition('agent-status-sync')),
      billing: Billing.onDemand(),
      timeToLiveAttribute: TTL_ATTRIBUTE,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.deadLetterQueue = new Queue(this, 'SyncDlq', {
      fifo: true,
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.queue = new Queue(this, 'SyncQueue', {
      fifo: true,
      // The webhooks set MessageDeduplicationId from the provider's event id: body hashing would merge distinct events.
      contentBasedDeduplication: false,
      // AWS guidance for Lambda consumers: at least 6× the function timeout, so retries of a slow batch don't overlap.
      visibilityTimeout: Duration.seconds(workerTimeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 5 },
    });

    // ---- Functions -----------------------------------------------------------------------------------------------
    // Every function gets the same variables: the handlers share one config schema read at cold start.
    // Least privilege is enforced by IAM grants below, not by hiding names.
    const environment: Record<string, string> = {
      TABLE_NAME: this.table.tableName,
      QUEUE_URL: this.queue.queueUrl,
      LOG_LEVEL: props.logLevel ?? 'INFO',
      POWERTOOLS_SERVICE_NAME: 'agent-status-sync',
      // Readable stack traces from the minified bundle; the map is only parsed when an error is thrown.
      NODE_OPTIONS: '--enable-source-maps',
      ...(props.aircallApiUrl ? { AIRCALL_API_URL: props.aircallApiUrl } : {}),
    };
    const deployed = new Set<string>();
    const handler = (id: string, file: string, extra: { timeout: Duration; memorySize: number; description: string; retryAttempts?: number }) => {
      if (!sharedBundling.handlers.includes(file)) {
        throw new Error(`${file} is not listed in infra/lambda-bundling.json "handlers": scripts/build.mjs would not bundle it`);
      }
      deployed.add(file);
      return new NodejsFunction(this, id, {
        entry: path.join(HANDLERS_DIR, `${file}.ts`),
        handler: 'handler',
        runtime: LAMBDA_RUNTIME,
        architecture: Architecture.ARM_64,
        bundling: HANDLER_BUNDLING,
        environment,
        logGroup: new LogGroup(this, `${id}Logs`, { retention: logRetention }),
        ...extra,
      });
    };

    // Webhooks must answer fast (Aircall ~5 s, Zendesk ~10 s, gateway 30 s): they only verify, dedupe and enqueue.
    const aircallWebhook = handler('AircallWebhookFn', 'aircall-webhook', {
      timeout: Duration.seconds(10),
      memorySize: 512,
      description: 'Verifies Aircall webhooks and queues status changes per agent',
    });
    const zendeskWebhook = handler('ZendeskWebhookFn', 'zendesk-webhook', {
      timeout: Duration.seconds(10),
      memorySize: 512,
      description: 'Verifies Zendesk webhooks and queues status changes per agent',
    });
    const syncWorker = handler('SyncWorkerFn', 'sync-worker', {
      timeout: workerTimeout,
      memorySize: 512,
      description: 'Applies queued status changes to Aircall and Zendesk, in order per agent',
    });
    // Scheduled jobs are invoked asynchronously: Lambda's own async retries (default 2) would stack on the
    // Scheduler's. Reconcile runs again in 5 minutes anyway; the hourly directory sync gets one retry.
    const directory = handler('DirectoryFn', 'directory', {
      timeout: Duration.minutes(5),
      memorySize: 512,
      retryAttempts: 1,
      description: 'Hourly: matches Aircall users to Zendesk agents',
    });
    const reconcile = handler('ReconcileFn', 'reconcile', {
      timeout: Duration.minutes(2),
      memorySize: 512,
      retryAttempts: 0,
      description: 'Every 5 minutes: queues corrections where Aircall and Zendesk disagree',
    });
    // GET /health is a liveness probe of the gateway → Lambda path only: an inline function with no bundle,
    // no grants and no dependencies, so it says nothing about (and cannot be broken by) the handlers' code.
    const health = new LambdaFunction(this, 'HealthFn', {
      runtime: LAMBDA_RUNTIME,
      architecture: Architecture.ARM_64,
      handler: 'index.handler',
      code: Code.fromInline(
        "exports.handler = async () => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'ok' }) });",
      ),
      timeout: Duration.seconds(3),
      memorySize: 128,
      logGroup: new LogGroup(this, 'HealthFnLogs', { retention: logRetention }),
      description: 'GET /health liveness probe',
    });
    this.functions = { aircallWebhook, zendeskWebhook, syncWorker, directory, reconcile, health };
    const undeployed = sharedBundling.handlers.filter((file) => !deployed.has(file));
    if (undeployed.length) {
      throw new Error(`infra/lambda-bundling.json lists ${undeployed.join(', ')} but the stack deploys no function for it`);
    }

    // ---- Grants (least privilege) --------------------------------------------------------------------------------
    // Webhooks: dedupe markers and account lookups in the table; send to the queue.
    for (const fn of [aircallWebhook, zendeskWebhook]) {
      this.table.grantReadWriteData(fn);
      this.queue.grantSendMessages(fn);
    }
    // Worker: state and rate-limit buckets in the table; consume rights come from the event source below.
    this.table.grantReadWriteData(syncWorker);
    // Directory: rewrites the agent mapping items; sends nothing.
    this.table.grantReadWriteData(directory);
    // Reconcile: reads state, records its run, queues corrections through the same path as the webhooks.
    this.table.grantReadWriteData(reconcile);
    this.queue.grantSendMessages(reconcile);

    syncWorker.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 10, // FIFO maximum; no batching window on FIFO queues
        reportBatchItemFailures: true,
        // FIFO concurrency is already capped by the number of message groups (agents); this caps API pressure.
        maxConcurrency: props.workerMaxConcurrency ?? 10,
      }),
    );

    // ---- HTTP API ------------------------------------------------------------------------------------------------
    this.api = new HttpApi(this, 'HttpApi', {
      description: 'Agent Status Sync webhooks and health',
      // The default stage is created below, with throttling (the built-in one has none).
      createDefaultStage: false,
    });
    const stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.apiRateLimit ?? 100, burstLimit: props.apiBurstLimit ?? 200 },
    });
    this.api.addRoutes({
      path: '/webhooks/aircall/{accountId}',
      methods: [HttpMethod.POST],
      integration: new HttpLambdaIntegration('AircallWebhookIntegration', aircallWebhook),
    });
    this.api.addRoutes({
      path: '/webhooks/zendesk/{accountId}',
      methods: [HttpMethod.POST],
      integration: new HttpLambdaIntegration('ZendeskWebhookIntegration', zendeskWebhook),
    });
    this.api.addRoutes({
      path: '/health',
      methods: [HttpMethod.GET],
      integration: new HttpLambdaIntegration('HealthIntegration', health),
    });

    // ---- Schedules -----------------------------------------------------------------------------------------------
    // Scheduler's defaults are 185 retries over 24 h (aws-local.md §5.4): far too many for jobs that run again soon.
    // The input carries the scheduled time so a job can key its idempotency on the slot, not on the wall clock.
    new Schedule(this, 'ReconcileSchedule', {
      description: 'Reconcile Aircall and Zendesk statuses every 5 minutes',
      schedule: ScheduleExpression.rate(Duration.minutes(5)),
      target: new LambdaInvoke(reconcile, {
        input: ScheduleTargetInput.fromObject({ job: 'reconcile', scheduledTime: ContextAttribute.scheduledTime }),
        retryAttempts: 2,
        maxEventAge: Duration.minutes(4), // never still retrying when the next run starts
      }),
    });
    new Schedule(this, 'DirectorySchedule', {
      description: 'Refresh the Aircall ↔ Zendesk agent directory every hour',
      schedule: ScheduleExpression.rate(Duration.hours(1)),
      target: new LambdaInvoke(directory, {
        input: ScheduleTargetInput.fromObject({ job: 'directory', scheduledTime: ContextAttribute.scheduledTime }),
        retryAttempts: 3,
        maxEventAge: Duration.minutes(30),
      }),
    });

    // ---- Alarms --------------------------------------------------------------------------------------------------
    const alarms = [
      new Alarm(this, 'DlqNotEmptyAlarm', {
        alarmDescription: 'Status changes gave up after maxReceiveCount attempts and sit in the DLQ: those agents are out of sync',
        metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      new Alarm(this, 'QueueBacklogAlarm', {
        alarmDescription: 'The oldest queued status change is over 15 minutes old: sync is lagging or an agent group is stuck',
        metric: this.queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: 'Maximum' }),
        threshold: 15 * 60,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    ];
    if (props.alarmTopic) {
      for (const alarm of alarms) alarm.addAlarmAction(new SnsAction(props.alarmTopic));
    }

    // ---- Outputs -------------------------------------------------------------------------------------------------
    new CfnOutput(this, 'ApiUrl', { value: stage.url, description: 'Base URL of the HTTP API (webhooks and /health)' });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'QueueUrl', { value: this.queue.queueUrl });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.deadLetterQueue.queueUrl });
  }
}
