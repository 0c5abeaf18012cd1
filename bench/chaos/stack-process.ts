// The chaos suite's stack process: the local stack as `npm start` runs it (its own dynalite on DATA_DIR, its own
// fauxqs), in a process of its own so a scenario can kill it mid-stream and start it again on the same data.
//
// Started by ./stack-child.ts with `node --import tsx` and an IPC channel; stdout and stderr (the stack's logs) go
// to the log file the parent names. Messages: in `{start: StackProcessConfig}` → out `{ready: url}` (the API takes
// webhooks, the worker polls) or `{failed}`, then `{swept: true}` once the start-up directory refresh and sweep are
// done; in `{id, cmd: 'queued'}` → out `{id, result: number}`. Nothing else.
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Account } from '../../lambdas/accounts/account';
import type { SettlePolicy } from '../../shared/sync/settle';
import { startStack, type Stack } from '../../local/stack';

export interface StackProcessConfig {
  port: number;
  dataDir: string;
  accounts: Account[];
  reconcileIntervalMs: number;
  visibilityTimeoutSeconds: number;
  settle: SettlePolicy;
  maxHoldMs: number;
  logLevel: string;
}

let stack: Stack | undefined;
let sqs: SQSClient | undefined;

async function start(config: StackProcessConfig): Promise<void> {
  const log = (line: string) => console.log(`[stack ${new Date().toISOString()}] ${line}`);
  stack = await startStack({
    port: config.port,
    dataDir: config.dataDir,
    reconcileIntervalMs: config.reconcileIntervalMs,
    visibilityTimeoutSeconds: config.visibilityTimeoutSeconds,
    env: { LOG_LEVEL: config.logLevel },
    deps: { settle: config.settle, maxHoldMs: config.maxHoldMs },
    print: log,
  });
  await stack.loadAccounts(config.accounts);
  log(`ready at ${stack.url}, data in ${config.dataDir}`);
  send({ ready: stack.url });
  // As `npm start` does: links first, then one sweep, which also re-queues what a killed run recorded but had not synced.
  try {
    await stack.refreshDirectory();
    await stack.reconcile();
    log('start-up directory refresh and sweep done');
  } catch (error) {
    log(`start-up directory refresh or sweep failed (the periodic sweep takes over): ${(error as Error).message}`);
  }
  send({ swept: true });
}

/** Messages on the sync queue: visible, in flight or delayed. */
async function queued(): Promise<number> {
  if (!stack) return 0;
  const endpoint = new URL(stack.queueUrl).origin;
  sqs ??= new SQSClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const out = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: stack.queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
    }),
  );
  const a = out.Attributes ?? {};
  return Number(a.ApproximateNumberOfMessages ?? 0) + Number(a.ApproximateNumberOfMessagesNotVisible ?? 0) + Number(a.ApproximateNumberOfMessagesDelayed ?? 0);
}

const send = (message: unknown) => process.send?.(message);

process.on('message', (message: { start?: StackProcessConfig; id?: number; cmd?: string }) => {
  if (message.start) {
    start(message.start).catch((error: Error) => {
      console.error(`stack failed to start: ${error.stack ?? error.message}`);
      send({ failed: error.message });
    });
    return;
  }
  if (message.cmd === 'queued') {
    queued().then(
      (result) => send({ id: message.id, result }),
      (error: Error) => send({ id: message.id, error: error.message }),
    );
    return;
  }
  if (message.cmd === 'stop') {
    void (async () => {
      await stack?.stop();
      sqs?.destroy();
      send({ id: message.id, result: true });
      process.exit(0);
    })();
  }
});
// The parent gone (killed or done): nothing of ours may linger.
process.on('disconnect', () => process.exit(0));
