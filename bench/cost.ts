// The AWS cost of one million status changes, from what the latency benchmark measured per change and the list
// prices below (the price table, its date and its sources are in bench/README.md, "Cost").
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MeterSnapshot, PerChangeFunction } from './metering';
import { round } from './stats';

/**
 * AWS list prices, us-east-1, on-demand, free tiers left out. As published by AWS and known to us on `asOf`, not
 * read online by the bench: check the sources in bench/README.md before quoting a figure.
 */
export const PRICES = {
  asOf: '2026-12-03',
  region: 'us-east-1',
  /** Lambda: per million requests. */
  lambdaRequestsPerMillion: 0.2,
  /** Lambda duration per GB-second, Arm (first 7.5 billion GB-s a month) and x86 (first 6 billion). */
  lambdaGbSecondArm: 0.0000133334,
  lambdaGbSecondX86: 0.0000166667,
  /** API Gateway HTTP API: per million requests (first 300 million a month; each 512 KB counts as one). */
  httpApiRequestsPerMillion: 1.0,
  /** DynamoDB on-demand, Standard table class: per million write / read request units. */
  dynamoWruPerMillion: 0.625,
  dynamoRruPerMillion: 0.125,
  /** SQS FIFO: per million requests (each 64 KB chunk of a payload is one; a batch of 10 small messages is one). */
  sqsFifoRequestsPerMillion: 0.5,
  /** KMS: $0.03 per 10,000 requests. */
  kmsRequestsPerMillion: 3.0,
} as const;

/** The stack's functions that run per change, by the construct id `infra/lib/sync-stack.ts` gives them. */
const FUNCTION_IDS: Record<PerChangeFunction, string> = {
  aircallWebhook: 'AircallWebhookFn',
  zendeskWebhook: 'ZendeskWebhookFn',
  syncWorker: 'SyncWorkerFn',
};

export interface FunctionConfig {
  memoryMb: number;
  arm: boolean;
}

/** Each per-change function's configured memory and architecture, read from the CDK stack's source. */
export function functionConfigFromInfra(file = join(__dirname, '..', 'infra', 'lib', 'sync-stack.ts')): Record<PerChangeFunction, FunctionConfig> {
  const text = readFileSync(file, 'utf8');
  // The stack's `handler(...)` factory sets the architecture of every function it builds.
  const factory = text.slice(text.indexOf('const handler = ('), text.indexOf('const handler = (') + 3000);
  const arm = /architecture:\s*Architecture\.ARM_64/.test(factory);
  const out = {} as Record<PerChangeFunction, FunctionConfig>;
  for (const [fn, id] of Object.entries(FUNCTION_IDS) as Array<[PerChangeFunction, string]>) {
    const memory = new RegExp(`handler\\('${id}'[\\s\\S]*?memorySize:\\s*(\\d+)`).exec(text)?.[1];
    if (!memory) throw new Error(`bench/cost.ts: no memorySize for ${id} in ${file}`);
    out[fn] = { memoryMb: Number(memory), arm };
  }
  return out;
}

export interface CostPerMillion {
  /** Dollars per million changes, by line of the bill. */
  lambdaRequests: number;
  lambdaDuration: number;
  httpApi: number;
  dynamoWrites: number;
  dynamoReads: number;
  sqs: number;
  kms: number;
  total: number;
  /** What it was computed from, per change. */
  perChange: {
    lambdaRequests: number;
    gbSeconds: number;
    httpApiRequests: number;
    wru: number;
    rru: number;
    sqsRequests: number;
    kmsRequests: number;
    /** Mean measured duration per invocation (ms), by function. */
    meanMs: Record<string, number>;
  };
}

/**
 * Cost per million changes from a phase's measured totals over `changes`: every SQS request (sends, the poller's
 * receives, deletes, visibility changes; Lambda's event source polls SQS the same way and is billed for it), each
 * webhook request (API Gateway + one Lambda request), each worker batch (one Lambda request), durations as measured
 * locally (rounded up to 1 ms, as Lambda bills) at the configured memory.
 */
export function costPerMillion(
  measured: MeterSnapshot,
  sqsRequests: number,
  changes: number,
  functions: Record<PerChangeFunction, FunctionConfig> = functionConfigFromInfra(),
): CostPerMillion {
  const per = (x: number) => x / changes;
  let lambdaRequests = 0;
  let gbSeconds = 0;
  let httpApiRequests = 0;
  const meanMs: Record<string, number> = {};
  for (const [fn, { count, ms }] of Object.entries(measured.invocations)) {
    const config = functions[fn as PerChangeFunction];
    if (!config) continue;
    lambdaRequests += count;
    if (fn !== 'syncWorker') httpApiRequests += count;
    const mean = ms / count;
    meanMs[fn] = round(mean, 1);
    gbSeconds += count * (Math.ceil(mean) / 1000) * (config.memoryMb / 1024);
  }
  const gbPrice = Object.values(functions).every((f) => f.arm) ? PRICES.lambdaGbSecondArm : PRICES.lambdaGbSecondX86;
  const perChange = {
    lambdaRequests: per(lambdaRequests),
    gbSeconds: per(gbSeconds),
    httpApiRequests: per(httpApiRequests),
    wru: per(measured.wru),
    rru: per(measured.rru),
    sqsRequests: per(sqsRequests),
    kmsRequests: per(measured.kms),
    meanMs,
  };
  const million = (perChangeCount: number, pricePerMillion: number) => perChangeCount * pricePerMillion;
  const lines = {
    lambdaRequests: million(perChange.lambdaRequests, PRICES.lambdaRequestsPerMillion),
    lambdaDuration: perChange.gbSeconds * 1e6 * gbPrice,
    httpApi: million(perChange.httpApiRequests, PRICES.httpApiRequestsPerMillion),
    dynamoWrites: million(perChange.wru, PRICES.dynamoWruPerMillion),
    dynamoReads: million(perChange.rru, PRICES.dynamoRruPerMillion),
    sqs: million(perChange.sqsRequests, PRICES.sqsFifoRequestsPerMillion),
    kms: million(perChange.kmsRequests, PRICES.kmsRequestsPerMillion),
  };
  const total = Object.values(lines).reduce((a, b) => a + b, 0);
  return { ...lines, total, perChange };
}

/** A call centre's month: `agents` × `changesPerAgentPerDay` × 30 days, at the cost per million changes. */
export function monthlyCost(perMillion: number, agents = 200, changesPerAgentPerDay = 100): { changes: number; dollars: number } {
  const changes = agents * changesPerAgentPerDay * 30;
  return { changes, dollars: (perMillion * changes) / 1e6 };
}

const usd = (x: number) => `$${x.toFixed(2)}`;

/** The printed lines: the cost per million (with `per million` and a `$` figure on one line) and its parts. */
export function costLines(rate: number, c: CostPerMillion): string[] {
  const p = c.perChange;
  const month = monthlyCost(c.total);
  return [
    `AWS cost per million status changes at ${rate}/s: ${usd(c.total)} (${PRICES.region} list prices as of ${PRICES.asOf}, bench/README.md "Cost")`,
    `   Lambda requests ${usd(c.lambdaRequests)} (${p.lambdaRequests.toFixed(2)}/change), Lambda GB-s ${usd(c.lambdaDuration)} (${(p.gbSeconds * 1000).toFixed(3)} GB-ms/change; mean ms ${JSON.stringify(p.meanMs)}),`,
    `   API Gateway HTTP API ${usd(c.httpApi)} (${p.httpApiRequests.toFixed(2)}/change), DynamoDB writes ${usd(c.dynamoWrites)} (${p.wru.toFixed(2)} WRU/change) and reads ${usd(c.dynamoReads)} (${p.rru.toFixed(2)} RRU/change),`,
    `   SQS ${usd(c.sqs)} (${p.sqsRequests.toFixed(2)} requests/change), KMS ${usd(c.kms)} (${p.kmsRequests.toFixed(4)} requests/change)`,
    `   a 200-agent call centre at 100 changes per agent per day (${month.changes.toLocaleString('en-US')} changes a month): ${usd(month.dollars)} a month in per-change costs`,
  ];
}
