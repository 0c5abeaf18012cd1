// The whole backend as one CDK stack: KMS keys (table, secrets at rest), the OAuth clients' secrets, table, FIFO queue +
// DLQ, the handlers, HTTP API, schedules, alarms.
import * as path from 'node:path';
import { CfnOutput, Duration, RemovalPolicy, SecretValue, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { type CfnRoute, type CfnStage, HttpApi, type HttpMethod, HttpStage, LogGroupLogDestination, type HttpRoute } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, Metric, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Billing, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, Role, ServicePrincipal, type IRole } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import {
  Architecture,
  Code,
  Function as LambdaFunction,
  ParamsAndSecretsLayerVersion,
  ParamsAndSecretsLogLevel,
  ParamsAndSecretsVersions,
  Runtime,
  type IFunction,
} from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { FilterPattern, LogGroup, MetricFilter, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic, type ITopic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct, IConstruct } from 'constructs';
import sharedBundling from '../lambda-bundling.json';
import type { LogLevel } from '../../lambdas/config';
import { OAUTH_ROUTES } from '../../shared/console';
import { TTL_ATTRIBUTE, tableDefinition } from '../../lambdas/store/table';
import {
  DYNAMO_WRITE_ACTIONS,
  FUNCTION_ACCESS,
  leadingKeyPatterns,
  type DynamoAction,
  type FunctionAccess,
  type FunctionKey,
  type OAuthClient,
  type TablePartition,
} from './access';
import {
  AIRCALL_WEBHOOK_ROUTE,
  APP_API_ROUTE_KEYS,
  APP_PAGE_ROUTES,
  HEALTH_ROUTE,
  ADMIN_ROUTE_KEYS,
  OAUTH_PAGE_ROUTE_KEYS,
  ROUTE_THROTTLES,
  STAGE_DEFAULT_THROTTLE,
  ZENDESK_WEBHOOK_ROUTE,
} from './api-throttles';
import { tableShapeFrom } from './table-design';

/**
 * The one Lambda runtime of the project (aws-local.md §7: nodejs22.x is deprecated 2027-04-30, Node 24 is supported
 * into 2028). Changing it means changing `esbuildTarget` in infra/lambda-bundling.json too (the stack refuses to build
 * otherwise) and the `node` devDependency that npm scripts run on (tests/infra/stack.test.ts holds the three equal).
 */
export const LAMBDA_RUNTIME = Runtime.NODEJS_24_X;

/** The esbuild target matching a Node.js Lambda runtime: `nodejs24.x` → `node24`. */
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

/** The repository root: infra/lambda-bundling.json's paths are relative to it. */
const REPO_ROOT = path.join(__dirname, '..', '..');

/**
 * Bundling of every handler: ESM with a `require` shim for CJS dependencies, minified, with a source map,
 * and the AWS SDK bundled (import only the clients used; smaller cold start than the runtime's SDK, aws-local.md §10).
 * The aliases swap two SDK dependencies that cannot matter in Lambda for small stand-ins (infra/lambda-shims), and the
 * event-stream serde (no DynamoDB or SQS operation streams) stays out: together ~150 KB of the ~450 KB bundle. They
 * also map `node:process`, `node:fs` and `node:fs/promises` to shims: Node's ESM wrappers of those built-ins load
 * modules nobody uses at import (~8 ms of every cold start; bench/bundles.ts).
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
  // Loaded only by an event-stream operation, through a dynamic import that then fails loudly.
  externalModules: sharedBundling.external,
  esbuildArgs: {
    '--alias': Object.entries(sharedBundling.alias).map(([from, to]) => `${from}=${path.join(REPO_ROOT, to)}`),
    '--legal-comments': sharedBundling.legalComments,
  },
};

/** The folder beside the app page's bundle that holds the built app's `assets` (APP_ASSETS_DIR). */
export const APP_ASSETS_FOLDER = 'app-assets';

/**
 * The app page's bundling: the handler as every other, plus the built app (`scripts/build.mjs --only app`, the files
 * `npm run package` zips) copied beside it, so the pages Zendesk loads and their scripts come from the same deployment.
 */
export const APP_PAGE_BUNDLING: BundlingOptions = {
  ...HANDLER_BUNDLING,
  commandHooks: {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir: string, outputDir: string) => [
      `node "${inputDir}/scripts/build.mjs" --only app --outdir "${outputDir}/.app-build"`,
      `cp -R "${outputDir}/.app-build/app/assets" "${outputDir}/${APP_ASSETS_FOLDER}"`,
      `rm -rf "${outputDir}/.app-build"`,
    ],
  },
};

/** Where the handlers live, relative to the repository root. */
export const HANDLERS_DIR = path.join(__dirname, '..', '..', 'lambdas', 'handlers');

/** CloudWatch namespace of the handlers' own metrics (POWERTOOLS_METRICS_NAMESPACE; see lambdas/observability.ts). */
export const METRICS_NAMESPACE = 'AgentStatusSync';

/**
 * A log entry that must page someone carries `alarm: <name>` in its data (lambdas/json-log.ts writes data at the top
 * level of the JSON line). The stack turns each name into a metric of the handlers' namespace and an alarm on it.
 * `NeedsReconnect`: a refresh refused for good; the account's sync is paused until an admin connects again
 * (lambdas/credentials/clients.ts logs it once, from the process that marked the account).
 */
export const LOG_ALARMS = {
  NeedsReconnect: 'A connection needs reconnecting (a token refresh was refused for good): the account is paused until an admin connects again in the console',
} as const;

/**
 * Default cap on concurrent worker invocations (reserved concurrency and the event source's maximum concurrency).
 * Aircall allows about 60 requests a minute per company, shared with every other integration (aircall-api.md §3),
 * and every worker takes its tokens from one DynamoDB bucket per account. An Aircall write takes well under a second,
 * so a handful of workers already spends a minute's budget in seconds; more workers only wait on the bucket (holding
 * a message up to 20 s, billed) and retry the bucket's optimistic lock. Ten keeps Zendesk-bound agents (no Aircall
 * budget) flowing in parallel while bounding the contention; it also bounds Zendesk's per-account rate (≥ 200/min).
 */
export const DEFAULT_WORKER_CONCURRENCY = 10;

export interface SyncStackProps extends StackProps {
  /** Receives before a message goes to the DLQ. Default 5. */
  readonly maxReceiveCount?: number;
  /** Most concurrent worker invocations (reserved concurrency and the SQS event source's maximum, 2–1,000). Default 10. */
  readonly workerMaxConcurrency?: number;
  /**
   * Reserve concurrency for the worker (its cap) and for the two scheduled jobs (one run at a time). Default true.
   * Turn off in an AWS account whose concurrency quota is still the new-account 10: Lambda refuses any reservation
   * that leaves fewer than 10 unreserved, and the worker is then capped by the event source's maximum only.
   */
  readonly reserveConcurrency?: boolean;
  /** Worker timeout; the queue's visibility timeout is 6× this. Default 30 s. */
  readonly workerTimeout?: Duration;
  /** Aircall API base URL for the handlers (AIRCALL_API_URL); unset means the handlers' default. */
  readonly aircallApiUrl?: string;
  /** Powertools log level (LOG_LEVEL, validated by lambdas/config). Default INFO. */
  readonly logLevel?: LogLevel;
  /** Where the alarms send notifications; by default a topic of the stack's own (output AlarmTopicArn). */
  readonly alarmTopic?: ITopic;
  /** An e-mail address subscribed to the stack's alarm topic (the address must confirm AWS's e-mail). Ignored with `alarmTopic`. */
  readonly alarmEmail?: string;
  /** Log retention of every function. Default one month. */
  readonly logRetention?: RetentionDays;
  /**
   * The backend's public base URL (PUBLIC_URL: OAuth redirect URIs, webhook URLs, the app's location pages), without a
   * trailing slash. Default: the HTTP API's own URL; set it when a custom domain fronts the API (the hosted backend).
   */
  readonly publicUrl?: string;
}

/** The environment variable naming each OAuth client's secret (read by lambdas/secrets/oauth-clients.ts). */
export const OAUTH_CLIENT_SECRET_ARN_VARIABLES: Readonly<Record<OAuthClient, string>> = {
  zendesk: 'ZENDESK_OAUTH_CLIENT_SECRET_ARN',
  aircall: 'AIRCALL_OAUTH_CLIENT_SECRET_ARN',
};

/**
 * LambdaInvoke whose role may invoke the function's unqualified ARN only: the stock target also grants `<arn>:*`
 * (every version and alias), a wildcard the schedules never need since they invoke $LATEST.
 */
class InvokeLatest extends LambdaInvoke {
  constructor(
    private readonly target: IFunction,
    props: ConstructorParameters<typeof LambdaInvoke>[1],
  ) {
    super(target, props);
  }

  protected override addTargetActionToRole(role: IRole): void {
    role.addToPrincipalPolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: ['lambda:InvokeFunction'], resources: [this.target.functionArn] }));
  }
}

/** The JSON of one access-log line: who asked what and how it went, never a body, a header or a query string. */
export const ACCESS_LOG_FORMAT = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTimeEpoch',
  routeKey: '$context.routeKey',
  status: '$context.status',
  latencyMs: '$context.responseLatency',
  integrationLatencyMs: '$context.integrationLatency',
  responseLength: '$context.responseLength',
} as const;

/**
 * A cdk-nag finding this stack accepts, written beside the resource it concerns: `rules` are cdk-nag rule ids, and
 * `reason` says why the rule does not fit there (tests/infra/nag.test.ts fails on any finding without one).
 */
function accept(scope: IConstruct, rules: string[], reason: string): void {
  NagSuppressions.addResourceSuppressions(
    scope,
    rules.map((id) => ({ id, reason })),
    true,
  );
}

/** The Agent Status Sync backend. */
export class SyncStack extends Stack {
  readonly dataKey: Key;
  /** Wraps the data keys of envelope encryption (lambdas/secrets): every stored credential is sealed under it. */
  readonly secretsKey: Key;
  readonly table: TableV2;
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  /** Our OAuth clients, filled in by the operator after deployment: Zendesk's (global) client and Aircall's partner app. */
  readonly oauthClientSecrets: Record<OAuthClient, Secret>;
  readonly api: HttpApi;
  /** PUBLIC_URL of the functions: the API's URL or the custom domain's. */
  readonly publicUrl: string;
  readonly alarmTopic: ITopic;
  readonly accessLogs: LogGroup;
  readonly functions: Record<FunctionKey, NodejsFunction> & { health: LambdaFunction };

  constructor(scope: Construct, id: string, props: SyncStackProps = {}) {
    super(scope, id, props);
    const workerTimeout = props.workerTimeout ?? Duration.seconds(30);
    const workerConcurrency = props.workerMaxConcurrency ?? DEFAULT_WORKER_CONCURRENCY;
    const reserve = props.reserveConcurrency ?? true;
    const maxReceiveCount = props.maxReceiveCount ?? 5;
    const logRetention = props.logRetention ?? RetentionDays.ONE_MONTH;

    // ---- Secrets ------------------------------------------------------------------------------------------------
    // The table is encrypted at rest with this key (DynamoDB uses it on the functions' behalf, kms:ViaService).
    this.dataKey = new Key(this, 'DataKey', {
      description: 'Agent Status Sync: encrypts the table holding account credentials',
      enableKeyRotation: true,
      // Deleting the key would make the retained table unreadable.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // On top of that, every credential field is sealed in the item itself (AES-256-GCM under a data key this key wraps,
    // with the encryption context {accountId, field}): a function may open only the fields its IAM statement names
    // (kms:EncryptionContext:field), so a webhook function can open its webhook secret and no access token.
    this.secretsKey = new Key(this, 'SecretsKey', {
      description: 'Agent Status Sync: wraps the data keys sealing each stored credential (encryption context accountId, field)',
      enableKeyRotation: true,
      // Every sealed credential names this key: deleting it would make them all unreadable.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Our OAuth clients, registered with Zendesk and Aircall by the operator and filled in by hand after deployment
    // (npm run deploy prints where). Read at cold start by the functions that refresh or exchange tokens.
    const oauthClient = (id: string, provider: string) => {
      const secret = new Secret(this, id, {
        description: `Agent Status Sync: ${provider} OAuth client credentials (client_id, client_secret), filled in by the operator`,
        secretObjectValue: { client_id: SecretValue.unsafePlainText(''), client_secret: SecretValue.unsafePlainText('') },
      });
      accept(
        secret,
        ['AwsSolutions-SMG4'],
        `${provider} issues this OAuth client secret: it is rotated in ${provider}'s developer console by the operator, and no rotation function could create a new one`,
      );
      return secret;
    };
    this.oauthClientSecrets = { zendesk: oauthClient('ZendeskOAuthClient', 'Zendesk'), aircall: oauthClient('AircallOAuthClient', 'Aircall') };

    // ---- Storage -------------------------------------------------------------------------------------------------
    // Keys and GSIs come from the store's own definition (also used to create the dynalite table in tests); the name
    // passed is ignored: CloudFormation names the table and the functions get it through TABLE_NAME.
    this.table = new TableV2(this, 'Table', {
      ...tableShapeFrom(tableDefinition('agent-status-sync')),
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.customerManagedKey(this.dataKey),
      timeToLiveAttribute: TTL_ATTRIBUTE,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Neither a stack deletion (RETAIN) nor a console or API call deletes the accounts' data by accident.
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.deadLetterQueue = new Queue(this, 'SyncDlq', {
      fifo: true,
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    accept(
      this.deadLetterQueue,
      ['Serverless-SQSRedrivePolicy'],
      'This is the dead-letter queue of the sync queue: its messages wait here for an operator (DlqNotEmptyAlarm), with nowhere further to go',
    );
    this.queue = new Queue(this, 'SyncQueue', {
      fifo: true,
      // The webhooks set MessageDeduplicationId from the provider's event id: body hashing would merge distinct events.
      contentBasedDeduplication: false,
      // AWS guidance for Lambda consumers: at least 6× the function timeout, so retries of a slow batch don't overlap.
      visibilityTimeout: Duration.seconds(workerTimeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount },
    });

    // The API first: its URL is every function's PUBLIC_URL (routes are added after the functions).
    this.api = new HttpApi(this, 'HttpApi', {
      description: 'Agent Status Sync: webhooks, the app pages and API, the OAuth pages and health',
      // The default stage is created below, with throttling (the built-in one has none).
      createDefaultStage: false,
    });
    // Built by hand rather than from `stage.url`, which ends with a slash: this one is pasted as is.
    const apiUrl = `https://${this.api.apiId}.execute-api.${this.region}.${this.urlSuffix}`;
    if (props.publicUrl !== undefined && !/^https:\/\/[^/\s]+(\/[^\s]*[^/\s])?$/.test(props.publicUrl)) {
      throw new Error(`publicUrl must be an https:// URL without a trailing slash, got ${JSON.stringify(props.publicUrl)}`);
    }
    this.publicUrl = props.publicUrl ?? apiUrl;

    // ---- Functions -----------------------------------------------------------------------------------------------
    // Every function gets the same variables: the handlers share one config schema read at cold start.
    // Least privilege is enforced by IAM grants below, not by hiding names. Only the key and the secrets a function
    // uses are named in its own variables (handler() below).
    const environment: Record<string, string> = {
      TABLE_NAME: this.table.tableName,
      QUEUE_URL: this.queue.queueUrl,
      LOG_LEVEL: props.logLevel ?? 'INFO',
      POWERTOOLS_SERVICE_NAME: 'agent-status-sync',
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      // The worker counts a failure on the last receive as bound for the DLQ.
      SYNC_MAX_RECEIVE_COUNT: String(maxReceiveCount),
      // Readable stack traces from the minified bundle; the map is only parsed when an error is thrown.
      NODE_OPTIONS: '--enable-source-maps',
      PUBLIC_URL: this.publicUrl,
      ...(props.aircallApiUrl ? { AIRCALL_API_URL: props.aircallApiUrl } : {}),
    };
    // The extension that serves Secrets Manager reads on localhost (lambdas/secrets/oauth-clients.ts): read once per
    // container, so its cache is off; errors only in its log.
    const secretsExtension = ParamsAndSecretsLayerVersion.fromVersion(ParamsAndSecretsVersions.V1_0_103, {
      cacheEnabled: false,
      logLevel: ParamsAndSecretsLogLevel.WARN,
    });
    // Each function's role writes its own log group and nothing else: no AWS-managed policy, whose logs:* grants
    // reach every log group of the account.
    const loggingRole = (id: string, logGroup: LogGroup) => {
      const role = new Role(this, id, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
      logGroup.grantWrite(role);
      return role;
    };
    const TRACING_REASON =
      'No X-Ray: the handlers emit metrics (EMF) and structured logs with request ids, and active tracing would need xray:PutTraceSegments on Resource "*", which this stack grants nowhere';
    const deployed = new Set<string>();
    const handlerLogGroups: Array<[string, LogGroup]> = [];
    const handler = (
      id: string,
      key: FunctionKey,
      extra: {
        timeout: Duration;
        memorySize: number;
        description: string;
        retryAttempts?: number;
        maxEventAge?: Duration;
        reservedConcurrentExecutions?: number;
        environment?: Record<string, string>;
        bundling?: BundlingOptions;
      },
    ) => {
      const file = FUNCTION_ACCESS[key].entry;
      if (!sharedBundling.handlers.includes(file)) {
        throw new Error(`${file} is not listed in infra/lambda-bundling.json "handlers": scripts/build.mjs would not bundle it`);
      }
      deployed.add(file);
      const logGroup = new LogGroup(this, `${id}Logs`, { retention: logRetention });
      handlerLogGroups.push([id, logGroup]);
      const access = FUNCTION_ACCESS[key];
      const opensSecrets = access.secrets.open.length > 0 || access.secrets.seal.length > 0;
      const fn = new NodejsFunction(this, id, {
        entry: path.join(HANDLERS_DIR, `${file}.ts`),
        handler: 'handler',
        runtime: LAMBDA_RUNTIME,
        architecture: Architecture.ARM_64,
        bundling: HANDLER_BUNDLING,
        ...extra,
        environment: {
          ...environment,
          ...extra.environment,
          ...(opensSecrets && { SECRETS_KMS_KEY_ID: this.secretsKey.keyArn }),
          ...Object.fromEntries(access.oauthClients.map((c) => [OAUTH_CLIENT_SECRET_ARN_VARIABLES[c], this.oauthClientSecrets[c].secretArn])),
        },
        ...(access.oauthClients.length > 0 && { paramsAndSecrets: secretsExtension }),
        role: loggingRole(`${id}Role`, logGroup),
        logGroup,
      });
      this.grantAccess(fn, FUNCTION_ACCESS[key]);
      accept(fn, ['Serverless-LambdaTracing'], TRACING_REASON);
      return fn;
    };

    // Webhooks must answer fast (Aircall ~5 s, Zendesk ~10 s, gateway 30 s): they only verify, dedupe and enqueue.
    // No reserved concurrency: a throttled webhook is a failed delivery, and they make no Aircall calls.
    const aircallWebhook = handler('AircallWebhookFn', 'aircallWebhook', {
      timeout: Duration.seconds(10),
      memorySize: 512,
      description: 'Verifies Aircall webhooks and queues status changes per agent',
    });
    const zendeskWebhook = handler('ZendeskWebhookFn', 'zendeskWebhook', {
      timeout: Duration.seconds(10),
      memorySize: 512,
      description: 'Verifies Zendesk webhooks and queues status changes per agent',
    });
    for (const fn of [aircallWebhook, zendeskWebhook]) {
      accept(
        fn,
        ['Serverless-LambdaDLQ'],
        'Invoked synchronously by the HTTP API: a failure answers 5xx and the provider retries the delivery; a Lambda DLQ only serves asynchronous invocations',
      );
    }
    const syncWorker = handler('SyncWorkerFn', 'syncWorker', {
      timeout: workerTimeout,
      memorySize: 512,
      description: 'Applies queued status changes to Aircall and Zendesk, in order per agent',
      // The Aircall budget guard (see DEFAULT_WORKER_CONCURRENCY); equal to the event source's maximum so the
      // pollers never hand the function more batches than it may run (which would throttle and count receives).
      ...(reserve && { reservedConcurrentExecutions: workerConcurrency }),
    });

    // Scheduled jobs are invoked asynchronously: Lambda's own async retries (default 2) would stack on the
    // Scheduler's. Reconcile runs again in 5 minutes anyway; the hourly directory sync gets one retry. One run at a
    // time each: both read every Aircall user, and an overlapping run would spend the budget twice for nothing. A run
    // throttled by that cap is retried by Lambda only until `maxEventAge`, before the next scheduled run.
    const directory = handler('DirectoryFn', 'directory', {
      timeout: Duration.minutes(5),
      memorySize: 512,
      retryAttempts: 1,
      maxEventAge: Duration.minutes(30),
      description: 'Hourly: matches Aircall users to Zendesk agents',
      ...(reserve && { reservedConcurrentExecutions: 1 }),
    });
    const reconcile = handler('ReconcileFn', 'reconcile', {
      timeout: Duration.minutes(2),
      memorySize: 512,
      retryAttempts: 0,
      maxEventAge: Duration.minutes(4),
      description: 'Every 5 minutes: queues corrections where Aircall and Zendesk disagree',
      ...(reserve && { reservedConcurrentExecutions: 1 }),
    });
    for (const fn of [directory, reconcile]) {
      accept(
        fn,
        ['Serverless-LambdaDLQ', 'Serverless-LambdaAsyncFailureDestination'],
        'A scheduled job: a failed run is replaced by the next scheduled one (5 minutes, 1 hour), which reads the current state afresh, so a kept event would be nothing to replay; the Errors alarm reports the failure',
      );
    }
    // The app's backend: called same-origin by the app page the backend serves, so no CORS; answers within the gateway's 30 s.
    const appApi = handler('AppApiFn', 'appApi', {
      timeout: Duration.seconds(15),
      memorySize: 512,
      description: 'The Zendesk app backend: GET /api/me/status and /api/admin/overview, POST /api/session/renew',
    });
    // The app's location pages (Zendesk's signedUrls POST) and the built app's files, bundled beside the handler.
    const appPage = handler('AppPageFn', 'appPage', {
      timeout: Duration.seconds(15),
      memorySize: 512,
      description: "The app's pages: POST|GET /app/{location} (signedUrls, then an agent session) and GET /app/assets/{file+}",
      environment: { APP_ASSETS_DIR: `/var/task/${APP_ASSETS_FOLDER}` },
      bundling: APP_PAGE_BUNDLING,
    });
    // The OAuth pages: code exchanges, account creation, the onboarding steps after a connect, the admin session.
    const oauth = handler('OAuthFn', 'oauth', {
      timeout: Duration.seconds(29),
      memorySize: 512,
      description: 'Onboarding: the OAuth pages (Zendesk and Aircall connect)',
    });
    // The admin console's routes: the console view, onboarding steps (webhooks, directory), pasted keys, disconnect.
    const admin = handler('AdminFn', 'admin', {
      timeout: Duration.seconds(29),
      memorySize: 512,
      description: 'Onboarding: the admin console routes (/api/admin: console, setup, Aircall keys and link, disconnect)',
    });
    for (const fn of [appApi, appPage, oauth, admin]) {
      accept(
        fn,
        ['Serverless-LambdaDLQ'],
        'Invoked synchronously by the HTTP API: the browser sees the error and asks again; a Lambda DLQ only serves asynchronous invocations',
      );
    }
    // GET /health is a liveness probe of the gateway → Lambda path only: an inline function with no bundle,
    // no grants and no dependencies, so it says nothing about (and cannot be broken by) the handlers' code.
    const healthLogs = new LogGroup(this, 'HealthFnLogs', { retention: logRetention });
    const health = new LambdaFunction(this, 'HealthFn', {
      runtime: LAMBDA_RUNTIME,
      architecture: Architecture.ARM_64,
      handler: 'index.handler',
      code: Code.fromInline(
        "exports.handler = async () => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'ok' }) });",
      ),
      timeout: Duration.seconds(3),
      memorySize: 128,
      role: loggingRole('HealthFnRole', healthLogs),
      logGroup: healthLogs,
      description: 'GET /health liveness probe',
    });
    accept(health, ['Serverless-LambdaTracing'], TRACING_REASON);
    accept(health, ['Serverless-LambdaDLQ'], 'Invoked synchronously by the HTTP API as a liveness probe: nothing to keep when it fails');
    this.functions = { aircallWebhook, zendeskWebhook, syncWorker, directory, reconcile, appApi, appPage, oauth, admin, health };
    const undeployed = sharedBundling.handlers.filter((file) => !deployed.has(file));
    if (undeployed.length) {
      throw new Error(`infra/lambda-bundling.json lists ${undeployed.join(', ')} but the stack deploys no function for it`);
    }

    syncWorker.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 10, // FIFO maximum; no batching window on FIFO queues
        reportBatchItemFailures: true,
        // FIFO concurrency is already capped by the number of message groups (agents); this caps API pressure.
        maxConcurrency: workerConcurrency,
      }),
    );
    // After addEventSource: the suppression reaches the children that exist when it is added.
    accept(
      syncWorker,
      ['Serverless-LambdaDLQ', 'Serverless-LambdaEventSourceMappingDestination'],
      "Fed by the SQS event source: a message that keeps failing goes to the queue's own DLQ after maxReceiveCount receives (redrive policy, DlqNotEmptyAlarm); SQS event sources take no on-failure destination",
    );

    // ---- HTTP API ------------------------------------------------------------------------------------------------
    // One JSON line per request (ACCESS_LOG_FORMAT), kept as long as the functions' logs.
    this.accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: logRetention });
    const stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: STAGE_DEFAULT_THROTTLE,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FORMAT)),
      },
    });
    const routes: HttpRoute[] = [];
    // Each route key (`METHOD /path`) to its function: only the methods a handler answers are routed, so anything
    // else gets the gateway's 404.
    const route = (routeKey: string, integration: HttpLambdaIntegration) => {
      const [method, path] = routeKey.split(' ') as [HttpMethod, string];
      routes.push(...this.api.addRoutes({ path, methods: [method], integration }));
    };
    route(AIRCALL_WEBHOOK_ROUTE, new HttpLambdaIntegration('AircallWebhookIntegration', aircallWebhook));
    route(ZENDESK_WEBHOOK_ROUTE, new HttpLambdaIntegration('ZendeskWebhookIntegration', zendeskWebhook));
    const appApiIntegration = new HttpLambdaIntegration('AppApiIntegration', appApi);
    for (const key of APP_API_ROUTE_KEYS) route(key, appApiIntegration);
    const appPageIntegration = new HttpLambdaIntegration('AppPageIntegration', appPage);
    for (const key of APP_PAGE_ROUTES) route(key, appPageIntegration);
    const oauthIntegration = new HttpLambdaIntegration('OAuthIntegration', oauth);
    for (const key of OAUTH_PAGE_ROUTE_KEYS) route(key, oauthIntegration);
    const adminIntegration = new HttpLambdaIntegration('AdminIntegration', admin);
    for (const key of ADMIN_ROUTE_KEYS) route(key, adminIntegration);
    route(HEALTH_ROUTE, new HttpLambdaIntegration('HealthIntegration', health));
    // Every route gets its own bucket from api-throttles.ts, the definition the local gateway enforces too. HttpStage
    // has no prop for route settings, hence the escape hatch: RouteSettings is untyped JSON, so CloudFormation's casing.
    const keyOf = (r: HttpRoute) => (r.node.defaultChild as CfnRoute).routeKey;
    const routeKeys = routes.map(keyOf);
    const unthrottled = routeKeys.filter((key) => !ROUTE_THROTTLES[key]);
    const unrouted = Object.keys(ROUTE_THROTTLES).filter((key) => !routeKeys.includes(key));
    if (unthrottled.length || unrouted.length) {
      throw new Error(
        `infra/lib/api-throttles.ts and the routes differ: no throttle for ${unthrottled.join(', ') || '-'}; no route for ${unrouted.join(', ') || '-'}`,
      );
    }
    (stage.node.defaultChild as CfnStage).routeSettings = Object.fromEntries(
      routeKeys.map((key) => [key, { ThrottlingRateLimit: ROUTE_THROTTLES[key]!.rateLimit, ThrottlingBurstLimit: ROUTE_THROTTLES[key]!.burstLimit }]),
    );
    const routeReasons: Record<string, string> = {
      [AIRCALL_WEBHOOK_ROUTE]:
        'Aircall cannot present our credentials: the handler authenticates each delivery by the token Aircall signs it with, per account, before anything is stored',
      [ZENDESK_WEBHOOK_ROUTE]:
        "Zendesk cannot present our credentials: the handler checks each delivery's HMAC signature with the account's signing secret, before anything is stored",
      [HEALTH_ROUTE]: 'A public liveness probe: the inline function answers a constant and reads nothing',
      ...Object.fromEntries(
        APP_PAGE_ROUTES.map((key) => [
          key,
          "Zendesk loads the app's pages in the agent's browser, which has no AWS identity: the page verifies the RS256 token Zendesk posts (signedUrls) with the app's public key before it issues a session, and the app's files are public",
        ]),
      ),
      ...Object.fromEntries(
        Object.values(OAUTH_ROUTES).map((path) => [
          `GET ${path}`,
          'An OAuth page a browser opens before anyone is signed in: the handler binds each flow to a single-use state (10 minutes, PKCE for Zendesk) and checks the grantor with the provider',
        ]),
      ),
    };
    for (const r of routes) {
      accept(
        r,
        ['AwsSolutions-APIG4'],
        routeReasons[keyOf(r)] ??
          "Called by the app page in a browser, which has no AWS identity: the handler requires the backend's own session (issued after Zendesk's signed token or the admin's OAuth sign-in) and re-checks the user with Zendesk (docs/security.md)",
      );
    }

    // ---- Schedules -----------------------------------------------------------------------------------------------
    // Scheduler's defaults are 185 retries over 24 h (aws-local.md §5.4): far too many for jobs that run again soon.
    // The input carries the scheduled time so a job can key its idempotency on the slot, not on the wall clock.
    new Schedule(this, 'ReconcileSchedule', {
      description: 'Reconcile Aircall and Zendesk statuses every 5 minutes',
      schedule: ScheduleExpression.rate(Duration.minutes(5)),
      target: new InvokeLatest(reconcile, {
        input: ScheduleTargetInput.fromObject({ job: 'reconcile', scheduledTime: ContextAttribute.scheduledTime }),
        retryAttempts: 2,
        maxEventAge: Duration.minutes(4), // never still retrying when the next run starts
      }),
    });
    // Accounts without omnichannel routing (issue 14 §3): no agent webhook is confirmed there, so each minute the same
    // function reads their agents' Talk availability (lambdas/sync/talk-poll.ts; accounts with routing cost nothing).
    // One run at a time with the sweep (its concurrency of 1): a poll throttled by a running sweep waits its turn.
    new Schedule(this, 'TalkPollSchedule', {
      description: 'Read Talk availability every minute for accounts without omnichannel routing',
      schedule: ScheduleExpression.rate(Duration.minutes(1)),
      target: new InvokeLatest(reconcile, {
        input: ScheduleTargetInput.fromObject({ job: 'reconcile', poll: 'talk', scheduledTime: ContextAttribute.scheduledTime }),
        retryAttempts: 0,
        maxEventAge: Duration.minutes(1), // the next minute's poll reads afresh
      }),
    });
    new Schedule(this, 'DirectorySchedule', {
      description: 'Refresh the Aircall ↔ Zendesk agent directory every hour',
      schedule: ScheduleExpression.rate(Duration.hours(1)),
      target: new InvokeLatest(directory, {
        input: ScheduleTargetInput.fromObject({ job: 'directory', scheduledTime: ContextAttribute.scheduledTime }),
        retryAttempts: 3,
        maxEventAge: Duration.minutes(30),
      }),
    });

    // ---- Alarms --------------------------------------------------------------------------------------------------
    const alarm = (alarmId: string, description: string, metric: IMetric, threshold = 0) =>
      new Alarm(this, alarmId, {
        alarmDescription: description,
        metric,
        threshold,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    const alarms = [
      alarm(
        'DlqNotEmptyAlarm',
        'Status changes gave up after maxReceiveCount attempts and sit in the DLQ: those agents are out of sync',
        this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      ),
      alarm(
        'QueueBacklogAlarm',
        'The oldest queued status change is over 15 minutes old: sync is lagging or an agent group is stuck',
        this.queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: 'Maximum' }),
        15 * 60,
      ),
      // The webhook handlers answer 500 themselves on unexpected errors (so the provider retries) without failing
      // the invocation: only the gateway's count sees those. It counts every route, the app API's too.
      // Issue 11: V2 refuses availability_status and V1 users are gone for an account (lambdas/aircall/api-shapes.ts).
      alarm(
        'AircallStatusUnwritableAlarm',
        'An account cannot write Aircall statuses (PUT /v2/users refuses availability_status and V1 users are gone): nothing syncs to Aircall for it; the admin overview names it',
        new Metric({
          namespace: METRICS_NAMESPACE,
          metricName: 'AircallStatusUnwritable',
          dimensionsMap: { service: 'agent-status-sync' },
          period: Duration.minutes(5),
          statistic: 'Sum',
        }),
      ),
      // Entries logged with `alarm: <name>` by any handler (LOG_ALARMS), counted by a metric filter on each log group.
      ...Object.entries(LOG_ALARMS).map(([name, description]) => {
        for (const [id, group] of handlerLogGroups) {
          new MetricFilter(this, `${id}${name}Filter`, {
            logGroup: group,
            filterPattern: FilterPattern.stringValue('$.alarm', '=', name),
            metricNamespace: METRICS_NAMESPACE,
            metricName: name,
            metricValue: '1',
          });
        }
        return alarm(
          `${name}Alarm`,
          description,
          new Metric({ namespace: METRICS_NAMESPACE, metricName: name, period: Duration.minutes(5), statistic: 'Sum' }),
        );
      }),
      alarm(
        'Api5xxAlarm',
        'The HTTP API answered 5xx (webhooks or app API): deliveries are being retried by Aircall/Zendesk, or the app shows an error',
        stage.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
      ),
    ];
    const watched: Array<[string, IFunction]> = [
      ['AircallWebhook', aircallWebhook],
      ['ZendeskWebhook', zendeskWebhook],
      ['SyncWorker', syncWorker],
      ['Directory', directory],
      ['Reconcile', reconcile],
      ['AppApi', appApi],
      ['AppPage', appPage],
      ['OAuth', oauth],
      ['Admin', admin],
    ];
    for (const [name, fn] of watched) {
      alarms.push(
        alarm(
          `${name}ErrorsAlarm`,
          `${name} failed invocations (uncaught errors or timeouts)`,
          fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        ),
        alarm(
          `${name}ThrottlesAlarm`,
          `${name} invocations throttled by Lambda (concurrency cap or account quota)`,
          fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }),
        ),
      );
    }
    // Always a topic, so every alarm notifies someone once a subscriber is added (output AlarmTopicArn), with or
    // without --alarm-email at deployment.
    if (props.alarmTopic) {
      this.alarmTopic = props.alarmTopic;
    } else {
      const topic = new Topic(this, 'AlarmTopic', { displayName: 'Agent Status Sync alarms', enforceSSL: true });
      if (props.alarmEmail) topic.addSubscription(new EmailSubscription(props.alarmEmail));
      accept(
        topic,
        ['Serverless-SNSRedrivePolicy'],
        'An e-mail subscription to alarms: an undeliverable alarm e-mail has no consumer a dead-letter queue could hand it to, and the alarm stays visible in CloudWatch',
      );
      this.alarmTopic = topic;
    }
    for (const a of alarms) a.addAlarmAction(new SnsAction(this.alarmTopic));

    // ---- Outputs -------------------------------------------------------------------------------------------------
    new CfnOutput(this, 'ApiUrl', { value: apiUrl, description: 'Base URL of the HTTP API (webhooks, app pages and API, OAuth pages, /health)' });
    new CfnOutput(this, 'PublicUrl', { value: this.publicUrl, description: 'PUBLIC_URL: the URL the app package and the OAuth clients are registered with' });
    new CfnOutput(this, 'ZendeskOAuthRedirectUri', {
      value: `${this.publicUrl}${OAUTH_ROUTES.zendeskCallback}`,
      description: "Redirect URL of the Zendesk OAuth client (Zendesk's Admin Center, or Zendesk's global client request)",
    });
    new CfnOutput(this, 'AircallOAuthRedirectUri', {
      value: `${this.publicUrl}${OAUTH_ROUTES.aircallCallback}`,
      description: "Redirect URI of the Aircall partner app (Aircall's Technology Partner programme)",
    });
    new CfnOutput(this, 'AircallInstallUri', {
      value: `${this.publicUrl}${OAUTH_ROUTES.aircallInstall}`,
      description: "Install URI of the Aircall partner app: where the Aircall Dashboard's install button sends the admin",
    });
    new CfnOutput(this, 'AircallWebhookUrl', {
      value: `${apiUrl}/webhooks/aircall/{accountId}`,
      description: 'Aircall webhook URL; replace {accountId} with the account id',
    });
    new CfnOutput(this, 'ZendeskWebhookUrl', {
      value: `${apiUrl}/webhooks/zendesk/{accountId}`,
      description: 'Zendesk webhook URL; replace {accountId} with the account id',
    });
    new CfnOutput(this, 'HealthUrl', { value: `${apiUrl}/health` });
    new CfnOutput(this, 'TableName', { value: this.table.tableName, description: 'TABLE_NAME for npm run accounts' });
    new CfnOutput(this, 'QueueUrl', { value: this.queue.queueUrl });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn, description: 'Subscribe to get the alarms (e-mail, chat, paging)' });
    new CfnOutput(this, 'ZendeskOAuthClientSecretArn', {
      value: this.oauthClientSecrets.zendesk.secretArn,
      description: 'Fill in with put-secret-value (client_id, client_secret) once Zendesk has issued the client',
    });
    new CfnOutput(this, 'AircallOAuthClientSecretArn', {
      value: this.oauthClientSecrets.aircall.secretArn,
      description: 'Fill in with put-secret-value (client_id, client_secret) once Aircall has issued the partner app; leave empty for self-hosted paste-in',
    });
    new CfnOutput(this, 'SecretsKeyArn', {
      value: this.secretsKey.keyArn,
      description: 'SECRETS_KMS_KEY_ID for npm run accounts -- import (it seals credentials)',
    });
  }

  /**
   * Grants `fn` exactly what `access` lists: each table action only on its kinds of partition, the indexes, the queue,
   * the sealed fields it may open or seal with the secrets key, and the OAuth clients' secrets it reads. The table's
   * key is usable only through DynamoDB (kms:ViaService), so the role cannot decrypt anything with it directly.
   */
  private grantAccess(fn: IFunction, access: FunctionAccess): void {
    // One statement per set of partitions: actions that reach the same kinds of item share it.
    const byPartitions = new Map<string, { actions: string[]; partitions: readonly TablePartition[] }>();
    for (const [action, partitions] of Object.entries(access.table) as Array<[DynamoAction, readonly TablePartition[]]>) {
      const key = [...partitions].sort().join(' ');
      const group = byPartitions.get(key) ?? { actions: [], partitions: [...partitions].sort() };
      group.actions.push(action);
      byPartitions.set(key, group);
    }
    for (const { actions, partitions } of byPartitions.values()) {
      fn.addToRolePolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: actions.sort(),
          resources: [this.table.tableArn],
          // Only the kinds of partition its code addresses with these actions (infra/lib/access.ts); every key of a
          // batch must match.
          conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': leadingKeyPatterns(partitions) } },
        }),
      );
    }
    if (access.indexes.length) {
      fn.addToRolePolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: ['dynamodb:Query'],
          resources: access.indexes.map((name) => `${this.table.tableArn}/index/${name}`),
        }),
      );
    }
    const tableActions = Object.keys(access.table) as DynamoAction[];
    if (tableActions.length || access.indexes.length) {
      const writes = tableActions.some((a) => DYNAMO_WRITE_ACTIONS.includes(a));
      fn.addToRolePolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: ['kms:Decrypt', 'kms:DescribeKey', ...(writes ? ['kms:Encrypt', 'kms:GenerateDataKey'] : [])],
          resources: [this.dataKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${this.region}.amazonaws.com` } },
        }),
      );
    }
    if (access.queue.length) {
      fn.addToRolePolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: [...access.queue], resources: [this.queue.queueArn] }));
    }
    // Sealed credentials: open (Decrypt) and seal (GenerateDataKey) only the fields named, each call's encryption
    // context carrying exactly the two keys lambdas/secrets puts there.
    const onFields = (actions: string[], fields: readonly string[]) =>
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions,
        resources: [this.secretsKey.keyArn],
        conditions: {
          StringEquals: { 'kms:EncryptionContext:field': [...fields].sort() },
          'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['accountId', 'field'] },
        },
      });
    if (access.secrets.open.length) fn.addToRolePolicy(onFields(['kms:Decrypt'], access.secrets.open));
    if (access.secrets.seal.length) fn.addToRolePolicy(onFields(['kms:GenerateDataKey'], access.secrets.seal));
    for (const client of access.oauthClients) {
      fn.addToRolePolicy(
        new PolicyStatement({ effect: Effect.ALLOW, actions: ['secretsmanager:GetSecretValue'], resources: [this.oauthClientSecrets[client].secretArn] }),
      );
    }
  }
}
