// The one-machine stack: dynalite, fauxqs, the Lambda handlers behind a local HTTP API, a queue poller, schedules.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Account } from '../lambdas/accounts/account';
import { loadConfig, type Config } from '../lambdas/config';
import { createRuntime, type Runtime } from '../lambdas/runtime';
import { credentialStoreFromConfig } from '../lambdas/credentials/from-config';
import { putAccountWithCredentials } from '../lambdas/credentials/import';
import { localCredentialKey } from '../lambdas/credentials/local-key';
import type { CredentialStore } from '../lambdas/credentials/port';
import { LocalKeyProvider } from '../lambdas/secrets/local-keys';
import { createTable } from '../lambdas/store/table';
import type { SyncDeps } from '../lambdas/sync/deps';
import { APP_API_ROUTES } from '../shared/app-api';
import { appApiHandler } from '../lambdas/handlers/app-api';
import { appPageHandler } from '../lambdas/handlers/app-page';
import { APP_ROUTES } from '../shared/app-boot';
import { oauthHandler } from '../lambdas/handlers/oauth';
import { adminHandler } from '../lambdas/handlers/admin';
import { OnboardingStore } from '../lambdas/oauth/store';
import { SecretBox } from '../lambdas/secrets/envelope';
import { documentClient } from '../lambdas/store/from-config';
import { ADMIN_ROUTE_KEYS, OAUTH_PAGE_ROUTE_KEYS } from '../infra/lib/api-throttles';
import { directoryHandler } from '../lambdas/handlers/directory';
import { webhookHandler } from '../lambdas/handlers/http-event';
import { reconcileHandler, talkPollHandler } from '../lambdas/handlers/reconcile';
import { workerHandler } from '../lambdas/handlers/sync-worker';
import { receiveAircallWebhook } from '../lambdas/sync/receive-aircall';
import { receiveZendeskWebhook } from '../lambdas/sync/receive-zendesk';
import { LOCAL_REGION, resolveLocalhostSubdomains, startDynalite, startFauxqs } from './aws/emulators';
import { startHttpApi, type LocalHttpApi } from './gateway/http-api';
import { startPoller, type Poller } from './queue/poller';

export interface StackOptions {
  /** HTTP port of the local API. 0 picks a free one. */
  port?: number;
  /** Where dynalite keeps its data; `null` keeps it in memory. */
  dataDir?: string | null;
  /** Accounts to load (upserted at start). */
  accounts?: Account[];
  /** Reconcile period; default 5 minutes. */
  reconcileIntervalMs?: number;
  /** Directory refresh period; default 1 hour. */
  directoryIntervalMs?: number;
  /** Talk poll period (accounts without omnichannel routing, issue 14 §3); default 1 minute. */
  talkPollIntervalMs?: number;
  /** Concurrent worker batches, like Lambda's maximum concurrency. Default 8. */
  workerConcurrency?: number;
  /** SQS visibility timeout: when a failed message comes back. Default 30 s (above the worker's hold). */
  visibilityTimeoutSeconds?: number;
  /** Receives before a message goes to the dead-letter queue. Default 10. */
  maxReceiveCount?: number;
  /** The built app's `assets` folder the app pages are served from; default `dist/app/assets` (see ensureAppBuilt). */
  appAssetsDir?: string;
  /** Extra configuration (e.g. LOG_LEVEL) as environment variables. */
  env?: Record<string, string>;
  /** Overrides for the use cases' dependencies (settle policy, hold…). */
  deps?: Partial<SyncDeps>;
  /** Where the stack reports what it does. */
  print?: (line: string) => void;
  /**
   * Told after each invocation of a function that runs per change (the two webhook functions and the worker), with
   * its duration: what the benchmark's cost per change counts as Lambda requests and GB-seconds.
   */
  onInvocation?: (fn: 'aircallWebhook' | 'zendeskWebhook' | 'syncWorker', ms: number) => void;
  /**
   * Use running emulators instead of starting them (tests: jest's global setup owns fauxqs, which is ESM-only and
   * cannot be imported inside a test worker). Names are then made unique so several stacks share them.
   */
  emulators?: { dynamoEndpoint: string; sqsEndpoint: string; namePrefix: string };
}

export interface Stack {
  url: string;
  runtime: Runtime;
  queueUrl: string;
  dlqUrl: string;
  /** One reconcile sweep now, over every account with sync on. */
  reconcile(input?: { accountId?: string; read?: boolean }): ReturnType<ReturnType<typeof reconcileHandler>>;
  /** One Talk poll now (accounts without omnichannel routing). */
  pollTalk(input?: { accountId?: string }): ReturnType<ReturnType<typeof talkPollHandler>>;
  /** One directory refresh now, over every account. */
  refreshDirectory(input?: { accountId?: string }): ReturnType<ReturnType<typeof directoryHandler>>;
  /** Upserts accounts (e.g. once sandboxes know the stack's webhook URL). */
  loadAccounts(accounts: Account[]): Promise<void>;
  stop(): Promise<void>;
}

const QUEUE_NAME = 'agent-status-sync.fifo';
const DLQ_NAME = 'agent-status-sync-dlq.fifo';

async function createQueues(sqs: SQSClient, prefix: string, visibility: number, maxReceiveCount: number): Promise<{ queueUrl: string; dlqUrl: string }> {
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: prefix + DLQ_NAME, Attributes: { FifoQueue: 'true' } }));
  const dlqUrl = dlq.QueueUrl as string;
  const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }));
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: prefix + QUEUE_NAME,
      Attributes: {
        FifoQueue: 'true',
        VisibilityTimeout: String(visibility),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: attrs.Attributes?.QueueArn, maxReceiveCount }),
      },
    }),
  );
  return { queueUrl: queue.QueueUrl as string, dlqUrl };
}

/** Starts the stack. Everything it starts, `stop()` stops, in reverse order. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const print = options.print ?? (() => {});
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    resolveLocalhostSubdomains();
    let dataPath: string | undefined;
    if (options.dataDir) {
      dataPath = join(options.dataDir, 'dynamodb');
      mkdirSync(dataPath, { recursive: true });
    }
    let ddb: { endpoint: string } | undefined = options.emulators && { endpoint: options.emulators.dynamoEndpoint };
    let fauxqs: { endpoint: string } | undefined = options.emulators && { endpoint: options.emulators.sqsEndpoint };
    if (!ddb) {
      const started = await startDynalite({ path: dataPath });
      stops.push(() => started.close());
      ddb = started;
    }
    if (!fauxqs) {
      const started = await startFauxqs();
      stops.push(() => started.close());
      fauxqs = started;
    }
    const prefix = options.emulators ? `${options.emulators.namePrefix}-` : '';

    const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
    const dynamo = new DynamoDBClient({ region: LOCAL_REGION, endpoint: ddb.endpoint, credentials });
    const sqs = new SQSClient({ region: LOCAL_REGION, endpoint: fauxqs.endpoint, credentials });
    stops.push(async () => {
      dynamo.destroy();
      sqs.destroy();
    });
    const { queueUrl, dlqUrl } = await createQueues(sqs, prefix, options.visibilityTimeoutSeconds ?? 30, options.maxReceiveCount ?? 10);
    const cfg: Config = loadConfig({ LOG_LEVEL: 'WARN', ...options.env, QUEUE_URL: queueUrl, ...(prefix && { TABLE_NAME: `${prefix}sync` }) });
    await createTable(dynamo, cfg.tableName);

    // Secrets at rest: SECRETS_KEY when set, else the key file in the data directory; an in-memory stack (no data
    // directory) seals with a key of its own that dies with it, as its table does.
    const key =
      cfg.secretsKmsKeyId !== undefined || cfg.secretsKey !== undefined || options.dataDir
        ? await localCredentialKey(cfg, options.dataDir ?? undefined)
        : undefined;
    const credentialKey = key?.provider ?? new LocalKeyProvider(randomBytes(32));
    if (key) print(`secrets at rest: master key from ${key.source}${key.path ? ` (${key.path})` : ''}`);
    const rt = createRuntime(cfg, { dynamo, sqs }, { credentials: credentialStoreFromConfig(cfg, dynamo, credentialKey), ...options.deps });
    const provider = () => rt;
    const loadAccounts = async (accounts: Account[]) => {
      for (const account of accounts) {
        // Settings to the settings item, secrets sealed into their own items.
        await putAccountWithCredentials({ store: rt.deps.store, credentials: rt.deps.credentials as CredentialStore }, account, Date.now());
        rt.accounts.forget(account.id);
      }
    };
    await loadAccounts(options.accounts ?? []);

    // Each invocation's duration to `onInvocation` (the benchmark's cost per change); the handler itself unchanged.
    const timed = <A extends unknown[], R>(fn: Parameters<NonNullable<StackOptions['onInvocation']>>[0], handler: (...args: A) => Promise<R>) => {
      const told = options.onInvocation;
      if (!told) return handler;
      return async (...args: A): Promise<R> => {
        const started = performance.now();
        try {
          return await handler(...args);
        } finally {
          told(fn, performance.now() - started);
        }
      };
    };
    const appApi = appApiHandler(provider);
    // The app's pages (signedUrls POST) and files; the local host frames them from localhost.
    const appPage = appPageHandler(provider, {
      assetsDir: options.appAssetsDir ?? join(__dirname, '..', 'dist', 'app', 'assets'),
      frameAncestors: ['http://localhost:*', 'http://127.0.0.1:*'],
    });
    const onboardingParts = { store: new OnboardingStore(documentClient(dynamo), cfg.tableName), sealer: new SecretBox({ provider: credentialKey }) };
    const oauthPages = oauthHandler(provider, () => onboardingParts);
    const admin = adminHandler(provider, () => onboardingParts);
    const api: LocalHttpApi = await startHttpApi(
      [
        { routeKey: 'POST /webhooks/aircall/{accountId}', handler: timed('aircallWebhook', webhookHandler(receiveAircallWebhook, provider)) },
        { routeKey: 'POST /webhooks/zendesk/{accountId}', handler: timed('zendeskWebhook', webhookHandler(receiveZendeskWebhook, provider)) },
        {
          routeKey: 'GET /health',
          handler: async () => ({ statusCode: 200, body: JSON.stringify({ status: 'ok', accounts: (await rt.deps.store.listAccounts()).length }) }),
        },
        // The app API: GET only; other methods reach the same handler, which answers 405 (on AWS the gateway has the GET
        // routes only and answers 404 to the rest).
        ...[APP_API_ROUTES.meStatus, APP_API_ROUTES.adminOverview, APP_ROUTES.renewSession].flatMap((path) =>
          ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((method) => ({ routeKey: `${method} ${path}`, handler: appApi })),
        ),
        { routeKey: `GET ${APP_ROUTES.assets}`, handler: appPage },
        { routeKey: `POST ${APP_ROUTES.page}`, handler: appPage },
        { routeKey: `GET ${APP_ROUTES.page}`, handler: appPage },
        // Onboarding (issue 12): the OAuth pages (lambdas/handlers/oauth.ts) and the console's admin routes (admin.ts).
        ...OAUTH_PAGE_ROUTE_KEYS.map((routeKey) => ({ routeKey, handler: oauthPages })),
        ...ADMIN_ROUTE_KEYS.map((routeKey) => ({ routeKey, handler: admin })),
      ],
      { port: options.port ?? 3000 },
    );
    stops.push(() => api.close());

    const poller: Poller = startPoller({
      sqs,
      queueUrl,
      handler: timed('syncWorker', workerHandler(provider)),
      concurrency: options.workerConcurrency ?? 8,
      onError: (error) => print(`worker: ${error.message}`),
    });
    stops.push(() => poller.stop());

    const reconcile = reconcileHandler(provider);
    const pollTalk = talkPollHandler(provider);
    const refreshDirectory = directoryHandler(provider);
    const every = (ms: number, job: () => Promise<unknown>, name: string) => {
      let running = false;
      const timer = setInterval(() => {
        if (running) return; // a slow run is never overlapped by the next
        running = true;
        job()
          .catch((error: Error) => print(`${name}: ${error.message}`))
          .finally(() => (running = false));
      }, ms);
      timer.unref();
      stops.push(async () => clearInterval(timer));
    };
    // No schedule for the app's installation settings (issue 6): they are read through when stale
    // (`directionFor`, at most every SETTINGS_REFRESH_SECONDS, by whoever needs the direction) and at every sweep.
    every(options.reconcileIntervalMs ?? 300_000, () => reconcile(), 'reconcile');
    every(options.directoryIntervalMs ?? 3_600_000, () => refreshDirectory(), 'directory');
    every(options.talkPollIntervalMs ?? 60_000, () => pollTalk(), 'talk poll');

    return { url: api.url, runtime: rt, queueUrl, dlqUrl, reconcile, pollTalk, refreshDirectory, loadAccounts, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
