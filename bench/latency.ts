// Benchmark 1: service-added sync latency, Aircall → Zendesk, at steady webhook rates over many calm agents.
//
// Latency of one change = when the Zendesk sandbox received the stack's write (request journal `at`) minus when the
// stack answered the Aircall sandbox's webhook delivery (delivery log `finishedAt`). Changes are spread round-robin
// over many agents so none changes twice within the settle policy's flap window (a flapping agent waits on purpose).
import { DEFAULT_SETTLE_POLICY } from '../shared/sync/settle';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { connectSandboxes, type SandboxPair } from '../local/demo';
import type { PeerChange, PeerDelivery, PeerPut } from './peer';
import { startStack } from '../local/stack';
import type { StackLogFile } from './stack-log';
import { awsCallCounter, diffCounts, instrumentStack, latestAtOrBefore, queueWatcher } from './probes';
import { percentiles, resourceMeter, round, until, type Percentiles, type ResourceUsage } from './stats';
import { costMeter, diffMeter, invocationLog, type MeterSnapshot } from './metering';
import { costPerMillion, type CostPerMillion } from './cost';
import { measureCallCpu, type CallCpu } from './floor';

export interface LatencyOptions {
  /** Where the stack's log goes (never between the bench's lines). */
  stackLog: StackLogFile;
  agents: number;
  rates: number[];
  phaseMs: number;
  /** A phase length for some rates (ms), e.g. a shorter burst at the highest rate. */
  phaseMsByRate?: Record<number, number>;
  warmup: { rate: number; ms: number };
  /** The target: p99 of service-added latency at `target.rate`. */
  target: { rate: number; p99Ms: number };
  /** The stack's worker concurrency (poller loops); default the stack's own (8). For experiments. */
  workerConcurrency?: number;
  /** Aircall webhook deliveries in flight at once per URL (default 1; real Aircall delivery is unordered, §8.7). */
  webhookConcurrency?: number;
  print: (line: string) => void;
}

export const STAGES = {
  received: 'HEADLINE: webhook request received → write received by Zendesk (our handler included)',
  changeToAccepted: 'change → webhook accepted (sandbox queue + delivery; not service-added)',
  sandboxQueue: '  sandbox delivery queue (waiting for a delivery slot of the URL)',
  webhookRequest: '  webhook request: connect + gateway + handler + response',
  webhookToSqsSent: '    of which handler until SQS SendMessage done',
  accepted: 'webhook accepted (answered) → write received by Zendesk',
  acceptedToWorker: '  accepted → worker starts the agent (SQS + poller)',
  sqsSentToWorker: '  (SQS SendMessage done → worker starts)',
  worker: '  worker: reads, decide, budget, until Zendesk PUT sent',
  writeHttp: '  Zendesk PUT sent → received by the sandbox',
} as const;
export type Stage = keyof typeof STAGES;

export interface LatencyPhase {
  name: string;
  rate: number;
  seconds: number;
  changes: number;
  /** Changes matched to a write of the right status. */
  matched: number;
  missing: number;
  wrongStatus: number;
  failedWrites: number;
  /** Webhooks accepted per second during the phase (what the sandbox could deliver). */
  acceptedPerSecond: number;
  /** Whether the stack took the offered rate: webhooks accepted during the phase ≥ 95% of the changes driven. */
  sustained: boolean;
  driverMaxLateMs: number;
  /** From the end of the phase to the last write of its changes. */
  drainMs: number;
  /** CPU time of the stack's process per change (resources window), ms. */
  cpuMsPerChange: number;
  /** CPU time of the peer process (sandboxes + driver) per change, ms. */
  peerCpuMsPerChange: number;
  /** The stack's AWS SDK calls per change over the resources window, by command. */
  awsCallsPerChange: Record<string, number>;
  /** What AWS would bill over the same window: units, KMS requests, per-change invocations and their durations. */
  metered: MeterSnapshot;
  /** The AWS cost per million changes at this rate (bench/cost.ts). */
  cost: CostPerMillion;
  stages: Record<Stage, Percentiles | null>;
  /** The stack's process (HTTP API, poller, workers, dynalite, fauxqs). */
  resources: ResourceUsage;
  /** The peer process (both sandboxes + load driver), from the phase's start until its drive ended (+ drain). */
  peerResources: ResourceUsage | null;
}

export interface LatencyResult {
  agents: number;
  settle: typeof DEFAULT_SETTLE_POLICY;
  minSecondsBetweenChangesOfOneAgent: number;
  phases: LatencyPhase[];
  target: { rate: number; p99Ms: number; measuredP99Ms: number | null; sustained: boolean; pass: boolean };
  setupMs: number;
  /** One reconcile sweep after the phases, the account in step: the API calls it made, by side, and its duration. */
  sweep: { agents: number; ms: number; reads: Record<string, number>; writes: Record<string, number> };
  /** One AWS call's CPU in the stack's process, through the SDK and at least (bench/floor.ts); null if it failed. */
  callCpu: CallCpu | null;
}

type Change = PeerChange;

/** The peer process (bench/peer.ts): the sandboxes and the load driver, over stdin/stdout JSON lines. */
interface Peer {
  call<T>(cmd: string, args?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

function startPeer(): Peer {
  const tsx = join(__dirname, '..', 'node_modules', '.bin', 'tsx');
  // BENCH_CPU_PROF_DIR: the peer writes a V8 CPU profile there too (run the bench itself with `node --cpu-prof`).
  const profileDir = process.env.BENCH_CPU_PROF_DIR;
  const child = profileDir
    ? spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--import', 'tsx', join(__dirname, 'peer.ts')], {
        stdio: ['pipe', 'pipe', 'inherit'],
      })
    : spawn(tsx, [join(__dirname, 'peer.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 0;
  let exited = false;
  createInterface({ input: child.stdout }).on('line', (line) => {
    const m = JSON.parse(line) as { id: number; ok: boolean; result?: unknown; error?: string };
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.ok) w?.resolve(m.result);
    else w?.reject(new Error(`peer: ${m.error}`));
  });
  child.on('exit', (code) => {
    exited = true;
    for (const w of waiting.values()) w.reject(new Error(`peer exited (${code})`));
    waiting.clear();
  });
  return {
    call: <T>(cmd: string, args: Record<string, unknown> = {}) =>
      new Promise<T>((resolve, reject) => {
        if (exited) return reject(new Error('peer exited'));
        const id = ++next;
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.stdin.write(`${JSON.stringify({ ...args, id, cmd })}\n`);
      }),
    close: async () => {
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await Promise.race([
        (async () => {
          try {
            await new Promise<unknown>((resolve, reject) => {
              const id = ++next;
              waiting.set(id, { resolve, reject });
              child.stdin.write(`${JSON.stringify({ id, cmd: 'close' })}\n`);
            });
          } catch {
            /* exited */
          }
          await gone;
        })(),
        new Promise<void>((resolve) => setTimeout(resolve, 5000)),
      ]);
      if (!exited) child.kill();
    },
  };
}

const ZENDESK_STATUS_PUT = /\/agent_statuses\/agents\/(\d+)$/;

function statusIdOfBody(body: unknown): string | undefined {
  const b = body as { id?: unknown; data?: { attributes?: { agent_status_id?: unknown } } } | undefined;
  const id = b?.id ?? b?.data?.attributes?.agent_status_id;
  return id === undefined ? undefined : String(id);
}

export async function runLatency(options: LatencyOptions): Promise<LatencyResult> {
  const { print } = options;
  const setupStart = Date.now();
  // The sandboxes and the load driver run in a child process; rate limits high on both sides (only the sync's speed).
  const peer = startPeer();
  const started = await peer.call<{
    dynamoEndpoint: string;
    sqsEndpoint: string;
    aircallUrl: string;
    zendeskUrl: string;
    agents: Array<{ id: string; email: string }>;
    statusIds: Record<string, string>;
  }>('start', {
    agents: options.agents,
    webhookConcurrency: options.webhookConcurrency ?? 1,
  });
  const zendeskIdByEmail = new Map<string, string>();
  const emailByZendeskId = new Map<string, string>();
  for (const agent of started.agents) {
    zendeskIdByEmail.set(agent.email, agent.id);
    emailByZendeskId.set(agent.id, agent.email);
  }
  const statusIds = started.statusIds;
  // connectSandboxes only needs the sandboxes' URLs (it talks to their APIs over HTTP).
  const pair = { aircall: { url: started.aircallUrl }, zendesk: { url: started.zendeskUrl } } as unknown as SandboxPair;

  const invocations = invocationLog();
  const stack = await startStack({
    onInvocation: invocations.record,
    port: 0,
    dataDir: null,
    reconcileIntervalMs: 3_600_000,
    directoryIntervalMs: 3_600_000,
    ...(options.workerConcurrency !== undefined && { workerConcurrency: options.workerConcurrency }),
    // dynalite and fauxqs stand in for AWS services: they run in the peer process, not in the stack's.
    emulators: { dynamoEndpoint: started.dynamoEndpoint, sqsEndpoint: started.sqsEndpoint, namePrefix: 'bench' },
    deps: { log: options.stackLog.log },
    print: options.stackLog.print,
  });
  const probes = instrumentStack(stack);
  const aws = awsCallCounter(stack);
  const billing = costMeter(stack, invocations.totals);
  const queue = queueWatcher(stack);
  try {
    const account = await connectSandboxes(pair, {
      stackUrl: stack.url,
      accountId: 'bench',
      direction: 'aircall_to_zendesk',
      aircallRateLimitPerMinute: 1_000_000,
    });
    await stack.loadAccounts([account]);
    // As `npm start` does: links, then one sweep (it records both sides' present status).
    const directory = await stack.refreshDirectory();
    const sweep = await stack.reconcile();
    print(
      `  latency: ${options.agents} agents, directory ${JSON.stringify(directory)}, reconcile ${JSON.stringify(sweep)}, setup ${Date.now() - setupStart} ms`,
    );
    const setupMs = Date.now() - setupStart;

    type Progress = { goodWrites: number; changes: number; pending: boolean };
    let changesDriven = 0;
    const quiet = async () =>
      until(
        async () => {
          const d = await queue.depth();
          return d.visible + d.inFlight === 0 && !(await peer.call<Progress>('progress')).pending;
        },
        60_000,
        100,
      );

    const runs: Array<{
      name: string;
      rate: number;
      start: number;
      end: number;
      drive: { fired: number; maxLateMs: number };
      resources: ResourceUsage;
      peerResources: ResourceUsage | null;
      aws: Record<string, number>;
      metered: MeterSnapshot;
    }> = [];
    const drive = async (name: string, rate: number, ms: number) => {
      const meter = resourceMeter();
      const aws0 = aws.snapshot();
      const metered0 = billing.snapshot();
      const driven = await peer.call<{ fired: number; maxLateMs: number; start: number; end: number; changes: number }>('drive', { name, rate, ms });
      const { start, end: drivenAt } = driven;
      changesDriven = driven.changes;
      let written = 0;
      const drained = await until(
        async () => {
          written = (await peer.call<Progress>('progress')).goodWrites;
          return written >= changesDriven;
        },
        120_000,
        20,
      );
      const resources = meter.stop();
      const peerResources = await peer.call<ResourceUsage | null>('meter');
      if (!drained) print(`  ${name}: not every change was written 120 s after the phase (${written}/${changesDriven})`);
      await quiet(); // the echoes of our own writes (Zendesk webhooks) are worked off before the next phase
      // Calls and billed units are counted until then: an echo is part of what a change costs, even when it comes
      // back after the last write (under load the Zendesk sandbox delivers them late).
      const awsCalls = diffCounts(aws0, aws.snapshot());
      const metered = diffMeter(metered0, billing.snapshot());
      runs.push({ name, rate, start, end: drivenAt, drive: driven, resources, peerResources, aws: awsCalls, metered });
      print(
        `  ${name}: ${driven.fired} changes at ${rate}/s in ${drivenAt - start} ms, all written ${Date.now() - drivenAt} ms after, cpu stack ${resources.cpuPctOfOneCore}% / peer ${peerResources?.cpuPctOfOneCore}% of one core`,
      );
    };

    await drive('warm-up', options.warmup.rate, options.warmup.ms);
    for (const rate of options.rates) await drive(`${rate}/s`, rate, options.phaseMsByRate?.[rate] ?? options.phaseMs);
    // A sweep of an account in step (issue 15: reconcile of 1,000 agents ≤ 35 API reads): its reads and writes.
    const sweepSince = await peer.call<number>('now');
    const sweepStarted = Date.now();
    await stack.reconcile();
    const sweepMs = Date.now() - sweepStarted;
    const sweepApi = await peer.call<{ reads: Record<string, number>; writes: Record<string, number> }>('apiCalls', { since: sweepSince });
    // The floor of one AWS call's CPU in this process (bench/floor.ts), with the stack idle.
    const callCpu = await measureCallCpu(started.dynamoEndpoint).catch((error: Error) => {
      print(`  floor: could not measure an AWS call's CPU (${error.message})`);
      return null;
    });

    // ---- Correlation: the k-th change of an agent ↔ its k-th webhook delivery ↔ its k-th Zendesk write. ----
    const collected = await peer.call<{ changes: Change[]; deliveries: PeerDelivery[]; puts: PeerPut[] }>('collect');
    const changes = collected.changes;
    const deliveries = collected.deliveries.sort((a, b) => a.seq - b.seq);
    const deliveriesByEmail = new Map<string, Array<{ enqueuedAt: number; startedAt: number; finishedAt: number; ok: boolean }>>();
    for (const d of deliveries) {
      const finishedAt = d.finishedAt ?? Number.NaN;
      const startedAt = d.startedAt ?? d.enqueuedAt;
      const email = d.email;
      const list = deliveriesByEmail.get(email) ?? [];
      list.push({ enqueuedAt: d.enqueuedAt, startedAt, finishedAt, ok: d.outcome === 'delivered' });
      deliveriesByEmail.set(email, list);
    }
    const puts = collected.puts;
    const failedWrites = puts.filter((r) => r.status >= 300);
    const writesByEmail = new Map<string, Array<{ at: number; statusId: string | undefined }>>();
    for (const r of puts) {
      if (r.status >= 300) continue;
      const id = ZENDESK_STATUS_PUT.exec(r.path)?.[1] ?? '';
      const email = emailByZendeskId.get(id) ?? `?${id}`;
      const list = writesByEmail.get(email) ?? [];
      list.push({ at: r.at, statusId: statusIdOfBody(r.body) });
      writesByEmail.set(email, list);
    }
    for (const m of [probes.enqueued, probes.workerReads, probes.zendeskWrites]) for (const list of m.values()) list.sort((a, b) => a - b);

    const perPhase = new Map<
      string,
      { samples: Record<Stage, number[]>; matched: number; missing: number; wrong: number; failed: number; lastWrite: number }
    >();
    const seen = new Map<string, number>();
    for (const c of changes) {
      const k = seen.get(c.email) ?? 0;
      seen.set(c.email, k + 1);
      let p = perPhase.get(c.phase);
      if (!p) {
        p = {
          samples: Object.fromEntries(Object.keys(STAGES).map((s) => [s, []])) as unknown as Record<Stage, number[]>,
          matched: 0,
          missing: 0,
          wrong: 0,
          failed: 0,
          lastWrite: 0,
        };
        perPhase.set(c.phase, p);
      }
      const delivery = deliveriesByEmail.get(c.email)?.[k];
      const write = writesByEmail.get(c.email)?.[k];
      if (!delivery || !write || !delivery.ok || Number.isNaN(delivery.finishedAt)) {
        p.missing++;
        continue;
      }
      if (write.statusId !== statusIds[c.status]) {
        p.wrong++;
        continue;
      }
      p.matched++;
      p.lastWrite = Math.max(p.lastWrite, write.at);
      const s = p.samples;
      const accepted = delivery.finishedAt;
      s.changeToAccepted.push(accepted - c.at);
      s.sandboxQueue.push(delivery.startedAt - delivery.enqueuedAt);
      s.webhookRequest.push(accepted - delivery.startedAt);
      s.accepted.push(write.at - accepted);
      // The headline (issue 15): from the moment the delivery's request went out to us, our handler included.
      s.received.push(write.at - delivery.startedAt);
      const zendeskId = zendeskIdByEmail.get(c.email) ?? '';
      const writeCall = latestAtOrBefore(probes.zendeskWrites.get(zendeskId), write.at);
      const workerStart = writeCall === undefined ? undefined : latestAtOrBefore(probes.workerReads.get(c.email), writeCall);
      // The latest SendMessage of this agent before the delivery was answered is this change's (echoes come later).
      const sqsSent = latestAtOrBefore(probes.enqueued.get(c.email), accepted);
      if (sqsSent !== undefined && sqsSent >= delivery.startedAt) s.webhookToSqsSent.push(sqsSent - delivery.startedAt);
      if (workerStart !== undefined) {
        s.acceptedToWorker.push(workerStart - accepted);
        if (sqsSent !== undefined) s.sqsSentToWorker.push(workerStart - sqsSent);
      }
      if (writeCall !== undefined) {
        if (workerStart !== undefined) s.worker.push(writeCall - workerStart);
        s.writeHttp.push(write.at - writeCall);
      }
    }

    const phases: LatencyPhase[] = runs.map((run) => {
      const p = perPhase.get(run.name);
      const inPhase = deliveries.filter((d) => d.finishedAt !== undefined && d.finishedAt >= run.start && d.finishedAt <= run.end).length;
      const drainMs = p && p.lastWrite > 0 ? Math.max(0, p.lastWrite - run.end) : Number.NaN;
      return {
        name: run.name,
        rate: run.rate,
        seconds: round((run.end - run.start) / 1000, 1),
        changes: run.drive.fired,
        matched: p?.matched ?? 0,
        missing: p?.missing ?? 0,
        wrongStatus: p?.wrong ?? 0,
        failedWrites: failedWrites.filter((r) => r.at >= run.start && r.at <= run.end + (Number.isNaN(drainMs) ? 0 : drainMs)).length,
        acceptedPerSecond: round(inPhase / ((run.end - run.start) / 1000), 1),
        sustained: inPhase >= 0.95 * run.drive.fired,
        driverMaxLateMs: run.drive.maxLateMs,
        drainMs,
        cpuMsPerChange: round(run.resources.cpuMs / run.drive.fired, 1),
        peerCpuMsPerChange: run.peerResources ? round(run.peerResources.cpuMs / run.drive.fired, 1) : Number.NaN,
        awsCallsPerChange: Object.fromEntries(Object.entries(run.aws).map(([k, v]) => [k, round(v / run.drive.fired, 2)])),
        metered: run.metered,
        cost: costPerMillion(
          run.metered,
          Object.entries(run.aws)
            .filter(([k]) => k.startsWith('SQS'))
            .reduce((n, [, v]) => n + v, 0),
          run.drive.fired,
        ),
        stages: Object.fromEntries(Object.keys(STAGES).map((s) => [s, percentiles(p?.samples[s as Stage] ?? [])])) as Record<Stage, Percentiles | null>,
        resources: run.resources,
        peerResources: run.peerResources,
      };
    });
    const atTarget = phases.find((p) => p.rate === options.target.rate && p.name !== 'warm-up');
    const measuredP99Ms = atTarget?.stages.received?.p99 ?? null;
    return {
      agents: options.agents,
      settle: DEFAULT_SETTLE_POLICY,
      minSecondsBetweenChangesOfOneAgent: round(options.agents / Math.max(...options.rates, options.warmup.rate), 1),
      phases,
      target: {
        ...options.target,
        measuredP99Ms,
        sustained: atTarget?.sustained ?? false,
        // The figure only counts if the stack actually took the target rate, and every change was written right.
        pass:
          measuredP99Ms !== null &&
          measuredP99Ms <= options.target.p99Ms &&
          (atTarget?.sustained ?? false) &&
          (atTarget?.missing ?? 1) === 0 &&
          (atTarget?.wrongStatus ?? 1) === 0,
      },
      setupMs,
      sweep: { agents: options.agents, ms: sweepMs, ...sweepApi },
      callCpu,
    };
  } finally {
    queue.close();
    await stack.stop();
    await peer.close();
  }
}
