// Local AWS emulators (dynalite for DynamoDB, fauxqs for SQS), shared by the jest global setup and `npm start`.
//
// What the emulators lack, checked against dynalite@4.0.0 and fauxqs@1.9.2 (see ../shared/reference/aws-local.md):
// - dynalite: no TransactWriteItems/TransactGetItems, no UpdateTimeToLive and no TTL deletion (reads must filter
//   `expiresAt`), no ALL_OLD on a failed condition, no PartiQL, no streams. `path` persists tables across restarts.
// - fauxqs: FIFO queues work (MessageGroupId ordering with at most ONE in-flight message per group per receive,
//   stricter than AWS, which may batch several of one group), MessageDeduplicationId over a 5-minute window,
//   VisibilityTimeout (queue attribute and per receive), ChangeMessageVisibility, long polling, and RedrivePolicy
//   (deadLetterTargetArn + maxReceiveCount: the receive after maxReceiveCount moves the message to the DLQ, FIFO
//   group kept). Missing: StartMessageMoveTask / ListDeadLetterSourceQueues (no redrive back from the DLQ),
//   RedriveAllowPolicy, the DLQ-must-be-FIFO check, MessageRetentionPeriod expiry (accepted, never enforced),
//   ReceiveRequestAttemptId, authentication.
// - fauxqs keeps EVERYTHING in memory ("No persistence" in its README; "Persistence across restarts" under
//   Limitations): queues and messages are gone after a restart, even though dynalite's `path` keeps the table.
//   A local stack that must keep messages across a restart has to snapshot them itself (`server.inspectQueue(name)`
//   lists ready, delayed and in-flight messages without consuming them) and send them again on start, or rely on
//   the reconcile sweep to catch up.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import dns from 'node:dns';
import dynalite from 'dynalite';
import type { FauxqsServer } from 'fauxqs';

export const LOCAL_REGION = 'us-east-1';

export interface RunningDynalite {
  /** e.g. `http://127.0.0.1:4567`: the value for `AWS_ENDPOINT_URL_DYNAMODB`. */
  readonly endpoint: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface RunningFauxqs {
  /** e.g. `http://sqs.us-east-1.localhost:4566`: the value for `AWS_ENDPOINT_URL_SQS` (queue URLs use this host). */
  readonly endpoint: string;
  readonly port: number;
  /** fauxqs's own handle: `createQueue`, `inspectQueue`, `purgeAll`… */
  readonly server: FauxqsServer;
  close(): Promise<void>;
}

/**
 * Starts dynalite on 127.0.0.1. In memory unless `path` is given (a LevelDB directory: tables and items survive a
 * restart). Tables become ACTIVE at once.
 *
 * @example const ddb = await startDynalite({ path: '.data/dynamodb', port: 4567 });
 */
export async function startDynalite(options: { path?: string; port?: number; host?: string } = {}): Promise<RunningDynalite> {
  const server: Server = dynalite({ path: options.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://${host}:${port}`,
    port,
    // dynalite's close() also closes its LevelDB store, which a persistent `path` needs to release its lock.
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

/**
 * Starts fauxqs (in memory only). Its queue URLs use the host `sqs.<region>.localhost`, which glibc does not resolve:
 * call `resolveLocalhostSubdomains()` in every process that talks to it (jest does it in tests/setup/dns-localhost.js).
 */
export async function startFauxqs(options: { port?: number } = {}): Promise<RunningFauxqs> {
  // fauxqs is ESM-only (its "exports" has only an "import" condition): load it with a real dynamic import.
  const { startFauxqs: start } = await import('fauxqs');
  const server = await start({ port: options.port ?? 0, logger: false, defaultRegion: LOCAL_REGION });
  return {
    endpoint: `http://sqs.${LOCAL_REGION}.localhost:${server.port}`,
    port: server.port,
    server,
    close: () => server.stop(),
  };
}

/** The environment that points the AWS SDK (v3 reads `AWS_ENDPOINT_URL_<SERVICE>`) at the emulators. */
export function emulatorEnv(ddb: Pick<RunningDynalite, 'endpoint'>, sqs: Pick<RunningFauxqs, 'endpoint'>): Record<string, string> {
  return {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: ddb.endpoint,
    AWS_ENDPOINT_URL_SQS: sqs.endpoint,
  };
}

let dnsPatched = false;

/** Makes `*.localhost` resolve to 127.0.0.1 in this process (fauxqs queue URLs). Idempotent. */
export function resolveLocalhostSubdomains(): void {
  if (dnsPatched) return;
  dnsPatched = true;
  const original = dns.lookup;
  const patched = (host: string, ...rest: unknown[]) =>
    (original as (...args: unknown[]) => void)(typeof host === 'string' && host.endsWith('.localhost') ? '127.0.0.1' : host, ...rest);
  (dns as { lookup: unknown }).lookup = patched;
}
