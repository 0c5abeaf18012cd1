// Issue 15's floors: what this design and this machine leave reachable, measured in the same run as the targets, so
// a target that is not met says why in figures (bench/README.md "The floors").
import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import { CreateTableCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { SignatureV4 } from '@smithy/signature-v4';
import { PRICES } from './cost';
import { round } from './stats';

export interface CallCpu {
  /** CPU of this process per DynamoDB `GetItem` through the AWS SDK (the client the stack uses), ms. */
  sdkMs: number;
  /** The same request signed with SigV4 and sent with node:http (keep-alive), its JSON answer parsed, ms. */
  rawMs: number;
  calls: number;
}

const TABLE = 'bench-floor';

const bytes = (data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array =>
  typeof data === 'string' ? data : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);

/** A SHA-256 (HMAC-SHA-256 with a secret) in the shape SignatureV4 asks for, over node:crypto. */
class NodeSha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return this.hash.digest();
  }
}

/**
 * CPU per DynamoDB call in this process, through the AWS SDK and through the least any client must do (sign, send,
 * parse), against `endpoint` (dynalite): `calls` sequential `GetItem`s of a missing key each, measured twice in
 * turns, the lower figure kept (another process's burst only ever adds).
 */
export async function measureCallCpu(endpoint: string, calls = 1000): Promise<CallCpu> {
  const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' };
  const sdk = new DynamoDBClient({ endpoint, region: PRICES.region, credentials });
  await sdk
    .send(
      new CreateTableCommand({
        TableName: TABLE,
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    )
    .catch((error: Error) => {
      if (error.name !== 'ResourceInUseException') throw error;
    });
  const url = new URL(endpoint);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const signer = new SignatureV4({ service: 'dynamodb', region: PRICES.region, credentials, sha256: NodeSha256 });
  const body = (i: number) => JSON.stringify({ TableName: TABLE, Key: { pk: { S: `absent-${i}` } } });

  const viaSdk = async (i: number) => {
    await sdk.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: `absent-${i}` } } }));
  };
  const viaHttp = async (i: number) => {
    const data = body(i);
    const signed = await signer.sign({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      query: {},
      headers: {
        host: url.host,
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.GetItem',
        'content-length': String(Buffer.byteLength(data)),
      },
      body: data,
    });
    await new Promise<void>((resolve, reject) => {
      const req = http.request({ host: url.hostname, port: url.port, method: 'POST', path: '/', agent, headers: signed.headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const answer = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { message?: string };
          if (res.statusCode === 200) resolve();
          else reject(new Error(`GetItem answered ${res.statusCode}: ${answer.message ?? ''}`));
        });
      });
      req.on('error', reject);
      req.end(data);
    });
  };
  const cpuPerCall = async (call: (i: number) => Promise<void>) => {
    const start = process.cpuUsage();
    for (let i = 0; i < calls; i++) await call(i);
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000 / calls;
  };
  try {
    // A warm-up of each, then two measured turns.
    await cpuPerCall(viaSdk);
    await cpuPerCall(viaHttp);
    const sdkMs = Math.min(await cpuPerCall(viaSdk), await cpuPerCall(viaSdk));
    const rawMs = Math.min(await cpuPerCall(viaHttp), await cpuPerCall(viaHttp));
    return { sdkMs: round(sdkMs, 2), rawMs: round(rawMs, 2), calls };
  } finally {
    sdk.destroy();
    agent.destroy();
  }
}

/** The HTTP requests a change makes the stack serve or send besides its AWS calls: the webhook, the echo, the write. */
export const HTTP_EXCHANGES_PER_CHANGE = 3;

/** What a phase measured that the floors are computed from. */
export interface FloorInputs {
  /** DynamoDB and SQS calls per change, and the worker invocations (batches) per change. */
  dynamoCalls: number;
  sqsCalls: number;
  batchesPerChange: number;
  /** The stack's CPU per change, ms. */
  cpuMs: number;
}

/**
 * The printed floors at one rate (the batch: "Batching window is not supported for FIFO queues",
 * docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html, so a worker batch holds what one receive finds): the calls the design cannot go below at the batch size measured (the webhook's
 * record, the echo's record, the worker's read and outcome: 4 DynamoDB calls, plus the audit batch per worker
 * invocation; SQS: the send, plus receive and delete per batch), the CPU those calls cost through the SDK and at
 * least, and the two bill lines every change pays (2 HTTP API requests, 5 write units).
 */
export function floorLines(rate: number, m: FloorInputs, cpu: CallCpu | null): string[] {
  const b = m.batchesPerChange > 0 ? 1 / m.batchesPerChange : Number.NaN;
  const calls = m.dynamoCalls + m.sqsCalls;
  const lines = [
    `FLOOR at ${rate}/s: worker batches of ${round(b, 2)} messages (Lambda has no batching window for FIFO queues): ` +
      `DynamoDB ≥ 4 + 1/batch = ${round(4 + m.batchesPerChange, 2)}, SQS ≥ 1 + 2/batch = ${round(1 + 2 * m.batchesPerChange, 2)} calls per change`,
  ];
  if (cpu) {
    // Besides its AWS calls a change is 3 HTTP exchanges in the stack (the webhook and the echo served, the write sent),
    // none cheaper than the raw request measured.
    const http = HTTP_EXCHANGES_PER_CHANGE * cpu.rawMs;
    lines.push(
      `FLOOR CPU: one AWS call costs this process ${cpu.sdkMs} ms through the AWS SDK, ${cpu.rawMs} ms signed and sent with node:http; ` +
        `${round(calls, 1)} calls + ${HTTP_EXCHANGES_PER_CHANGE} HTTP exchanges (webhook, echo, write) per change ≥ ${round(calls * cpu.sdkMs + http, 1)} ms through the SDK ` +
        `(${round(calls * cpu.rawMs + http, 1)} ms with no SDK at all) of the ${m.cpuMs} ms measured`,
    );
  }
  const fixed = 2 * PRICES.httpApiRequestsPerMillion + 5 * PRICES.dynamoWruPerMillion;
  lines.push(
    `FLOOR cost: 2 HTTP API requests (the webhook, and Zendesk's echo of our write) + 5 write units (2 records, the outcome, the audit entry and its index) = $${fixed.toFixed(2)} per million before Lambda and SQS`,
  );
  return lines;
}

/** The CPU 300/s needs on this machine: both processes' CPU per change at that rate, against the cores there are. */
export function coresNeeded(rate: number, stackMsPerChange: number, peerMsPerChange: number): number {
  return round((rate * (stackMsPerChange + peerMsPerChange)) / 1000, 2);
}
