// The latency benchmark's peer process: the Aircall and Zendesk sandboxes and the load driver, in a process of their
// own (Aircall and Zendesk are remote services in reality), so the stack's process only runs the stack.
//
// Protocol: one JSON request per stdin line `{id, cmd, ...args}`, one JSON answer per stdout line `{id, ok, result}`
// or `{id, ok: false, error}`. Nothing else is written to stdout. Started by bench/latency.ts with tsx.
import { createInterface } from 'node:readline';
import type { AircallAvailabilityStatus } from '../shared/aircall/vocabulary';
import { startSandboxes, type SandboxPair } from '../local/demo';
import { startDynalite, startFauxqs, type RunningDynalite, type RunningFauxqs } from '../local/aws/emulators';
import { resourceMeter, steadyRate } from './stats';

export interface PeerChange {
  phase: string;
  email: string;
  status: AircallAvailabilityStatus;
  at: number;
}

export interface PeerDelivery {
  seq: number;
  label?: string;
  email: string;
  outcome: string;
  enqueuedAt: number;
  startedAt?: number;
  finishedAt?: number;
}

export interface PeerPut {
  path: string;
  status: number;
  at: number;
  body: unknown;
}

const ZENDESK_STATUS_PUT = /\/agent_statuses\/agents\/(\d+)$/;

let pair: SandboxPair | undefined;
// The AWS stand-ins (DynamoDB, SQS) run here too: in production they are services, not the stack's process.
let aws: { ddb: RunningDynalite; sqs: RunningFauxqs } | undefined;
let emails: string[] = [];
const current = new Map<string, AircallAvailabilityStatus>();
const changes: PeerChange[] = [];
let pointer = 0;
let meter: ReturnType<typeof resourceMeter> | undefined;

const need = (): SandboxPair => {
  if (!pair) throw new Error('not started');
  return pair;
};
const goodWrites = () =>
  need()
    .zendesk.requests({ methods: ['PUT'] })
    .filter((r) => r.status < 300 && ZENDESK_STATUS_PUT.test(r.path)).length;

const commands: Record<string, (args: Record<string, unknown>) => Promise<unknown> | unknown> = {
  async start(args) {
    pair = await startSandboxes({
      agents: Number(args.agents),
      aircallRateLimitPerMinute: 1_000_000,
      webhookConcurrency: Number(args.webhookConcurrency ?? 1),
    });
    pair.zendesk.setRateLimit({ limit: 1_000_000 });
    emails = pair.aircall.users().map((u) => u.email.toLowerCase());
    for (const e of emails) current.set(e, 'available');
    // Both sides start in step (Aircall available = Zendesk online), before any webhook exists: no events.
    const agents: Array<{ id: string; email: string }> = [];
    for (const agent of pair.zendesk.agents()) {
      pair.zendesk.setStatus(agent.id, 'online');
      agents.push({ id: String(agent.id), email: agent.email.toLowerCase() });
    }
    aws = { ddb: await startDynalite(), sqs: await startFauxqs() };
    return {
      dynamoEndpoint: aws.ddb.endpoint,
      sqsEndpoint: aws.sqs.endpoint,
      aircallUrl: pair.aircall.url,
      zendeskUrl: pair.zendesk.url,
      agents,
      statusIds: { available: String(pair.zendesk.statusId('online')), unavailable: String(pair.zendesk.statusId('offline')) },
    };
  },
  /** Drives `rate` changes/s for `ms` through aircall.setStatus(), round-robin; starts the peer's resource meter. */
  async drive(args) {
    const p = need();
    const name = String(args.name);
    meter = resourceMeter();
    const start = Date.now();
    const driven = await steadyRate(Number(args.rate), Number(args.ms), () => {
      const email = emails[pointer++ % emails.length] as string;
      const status: AircallAvailabilityStatus = current.get(email) === 'available' ? 'unavailable' : 'available';
      current.set(email, status);
      const at = Date.now();
      p.aircall.setStatus(email, status);
      changes.push({ phase: name, email, status, at });
    });
    return { ...driven, start, end: Date.now(), changes: changes.length };
  },
  /** Stops the meter started by `drive`: the peer process's CPU and RSS over the phase. */
  meter() {
    const usage = meter?.stop();
    meter = undefined;
    return usage;
  },
  progress() {
    const p = need();
    return {
      goodWrites: goodWrites(),
      changes: changes.length,
      pending: [...p.aircall.deliveries(), ...p.zendesk.deliveries()].some((x) => x.outcome === 'pending'),
    };
  },
  now() {
    return Date.now();
  },
  /** The API requests both sandboxes answered since `since` (epoch ms), reads (GET) and writes (others), by side. */
  apiCalls(args) {
    const p = need();
    const since = Number(args.since);
    const count = (requests: Array<{ method: string; at: number }>) => {
      const inWindow = requests.filter((r) => r.at >= since);
      return { reads: inWindow.filter((r) => r.method === 'GET').length, writes: inWindow.filter((r) => r.method !== 'GET').length };
    };
    const aircall = count(p.aircall.requests());
    const zendesk = count(p.zendesk.requests());
    return { reads: { aircall: aircall.reads, zendesk: zendesk.reads }, writes: { aircall: aircall.writes, zendesk: zendesk.writes } };
  },
  collect() {
    const p = need();
    const deliveries: PeerDelivery[] = p.aircall
      .deliveries()
      .filter((d) => d.label === 'user.opened' || d.label === 'user.closed')
      .map((d) => ({
        seq: d.seq,
        label: d.label,
        email: String((d.body as { data?: { email?: string } }).data?.email ?? '').toLowerCase(),
        outcome: d.outcome,
        enqueuedAt: d.enqueuedAt,
        startedAt: d.startedAt,
        finishedAt: d.finishedAt,
      }));
    const puts: PeerPut[] = p.zendesk
      .requests({ methods: ['PUT'] })
      .filter((r) => ZENDESK_STATUS_PUT.test(r.path))
      .map((r) => ({ path: r.path, status: r.status, at: r.at, body: r.body }));
    return { changes, deliveries, puts };
  },
  async close() {
    await pair?.close();
    pair = undefined;
    await aws?.sqs.close();
    await aws?.ddb.close();
    aws = undefined;
    setImmediate(() => process.exit(0));
    return true;
  },
};

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  let id: unknown;
  void (async () => {
    try {
      const message = JSON.parse(line) as { id: unknown; cmd: string } & Record<string, unknown>;
      id = message.id;
      const command = commands[message.cmd];
      if (!command) throw new Error(`unknown command ${message.cmd}`);
      const result = await command(message);
      process.stdout.write(`${JSON.stringify({ id, ok: true, result: result ?? null })}\n`);
    } catch (error) {
      process.stdout.write(`${JSON.stringify({ id, ok: false, error: (error as Error).stack ?? String(error) })}\n`);
    }
  })();
});
lines.on('close', () => void pair?.close().finally(() => process.exit(0)));
