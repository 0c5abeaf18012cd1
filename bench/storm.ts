// Benchmark 2: a flap storm, Zendesk → Aircall under a 60/min Aircall budget, the product beside a naive syncer.
//
// Both get the same change sequence at the same moments, each on its own pair of sandboxes: the product (local
// stack, default settle policy) and a naive receiver that writes once per event (./naive.ts).
import { seededRandom } from '../local/sandbox/common';
import { connectSandboxes, startSandboxes, type SandboxPair } from '../local/demo';
import { startStack } from '../local/stack';
import type { StackLogFile } from './stack-log';
import { DEFAULT_SETTLE_POLICY } from '../shared/sync/settle';
import { startNaiveSyncer } from './naive';
import { instrumentStack, queueWatcher } from './probes';
import { percentiles, resourceMeter, round, sleep, type Percentiles, type ResourceUsage } from './stats';

export const ZENDESK_STATES = ['online', 'away', 'offline', 'transfers_only'] as const;
type ZendeskState = (typeof ZENDESK_STATES)[number];
type Availability = 'available' | 'unavailable';
const mapped = (s: ZendeskState): Availability => (s === 'online' ? 'available' : 'unavailable');

export interface StormOptions {
  /** Where the stack's log goes (never between the bench's lines). */
  stackLog: StackLogFile;
  agents: number;
  changesPerAgent: number;
  durationMs: number;
  /** Aircall sandbox limit and the account's budget, per minute. */
  budgetPerMinute: number;
  seed: number;
  /** The stack's SQS visibility timeout; default the local stack's own (30 s). */
  visibilityTimeoutSeconds?: number;
  targets: { convergeWithinS: number; writesPerNeededChange: number };
  print: (line: string) => void;
}

export interface SyncerOutcome {
  /** Successful Aircall status writes (PUT /v1 or /v2/users/:id answered 200) from the storm's start. */
  writes: number;
  /** Aircall answers 429, any request, from the storm's start. */
  rateLimited: number;
  /** Every Aircall API request from the storm's start (reads included). */
  aircallRequests: number;
  writesDuringStorm: number;
  writesAfterLastChange: number;
  /** Seconds from the last change until every agent's Aircall state equals the mapping of its final Zendesk state (and stays so); null if never. */
  convergedAfterS: number | null;
  wrongFinalStates: number;
}

export interface StormResult {
  agents: number;
  changes: number;
  changesPerAgent: number;
  seconds: number;
  budgetPerMinute: number;
  seed: number;
  visibilityTimeoutSeconds: number;
  settle: typeof DEFAULT_SETTLE_POLICY;
  /** Agents whose final mapped Aircall state differs from their initial one (available). */
  distinctFinalChangesNeeded: number;
  observedForS: number;
  product: SyncerOutcome & { deadLettered: number; workerPasses: number };
  naive: SyncerOutcome & { putsSent: number };
  targets: { wrong: boolean; rateLimited: boolean; writes: { limit: number; pass: boolean }; converged: { withinS: number; pass: boolean } };
  resources: ResourceUsage;
  writeAnalysis: {
    callToReceivedMs: Percentiles | null;
    firstWriteOfAvailableToAnAlreadyAvailableAgent: number;
    sameStatusWrittenAgain: number;
    writeCalledBeforeThePreviousWriteOfTheAgentLanded: number;
  };
  productWrites: Array<{ t: number; calledT: number | null; agent: string; status: string }>;
}

interface StormEvent {
  t: number;
  email: string;
  status: ZendeskState;
}

/** Every agent starts online; each change moves to one of the three other states, ~every slot with ±1/3 slot jitter. */
export function stormSchedule(emails: readonly string[], changesPerAgent: number, durationMs: number, seed: number) {
  const random = seededRandom(seed);
  const slot = durationMs / changesPerAgent;
  const events: StormEvent[] = [];
  const finals = new Map<string, ZendeskState>();
  for (const email of emails) {
    let current: ZendeskState = 'online';
    for (let k = 0; k < changesPerAgent; k++) {
      const t = Math.round((k + 0.5) * slot + (random() * 2 - 1) * (slot / 3));
      const others = ZENDESK_STATES.filter((s) => s !== current);
      current = others[Math.floor(random() * others.length)] as ZendeskState;
      events.push({ t, email, status: current });
    }
    finals.set(email, current);
  }
  events.sort((a, b) => a.t - b.t);
  return { events, finals };
}

const AIRCALL_STATUS_PUT = /^\/v[12]\/users\/\d+$/;

function ids(pair: SandboxPair) {
  const aircall = new Map(pair.aircall.users().map((u) => [u.email.toLowerCase(), u.id]));
  const zendesk = new Map(pair.zendesk.agents().map((a) => [a.email.toLowerCase(), a.id]));
  return { aircall, zendesk };
}

export async function runStorm(options: StormOptions): Promise<StormResult> {
  const { print } = options;
  const product = await startSandboxes({ agents: options.agents, aircallRateLimitPerMinute: options.budgetPerMinute });
  const naivePair = await startSandboxes({ agents: options.agents, aircallRateLimitPerMinute: options.budgetPerMinute });
  const stack = await startStack({
    port: 0,
    dataDir: null,
    reconcileIntervalMs: 3_600_000, // no sweep during the storm: convergence is the webhook path's alone
    directoryIntervalMs: 3_600_000,
    ...(options.visibilityTimeoutSeconds !== undefined && { visibilityTimeoutSeconds: options.visibilityTimeoutSeconds }),
    deps: { log: options.stackLog.log },
    print: options.stackLog.print,
  });
  const probes = instrumentStack(stack);
  const queue = queueWatcher(stack);
  const productIds = ids(product);
  const naiveIds = ids(naivePair);
  const emails = [...productIds.aircall.keys()];
  // Start: every agent online in Zendesk and available in Aircall, set before any webhook exists (no events).
  for (const pair of [product, naivePair]) for (const agent of pair.zendesk.agents()) pair.zendesk.setStatus(agent.id, 'online');

  const availabilityByStatusId = new Map<string, Availability>(ZENDESK_STATES.map((s) => [String(naivePair.zendesk.statusId(s)), mapped(s)]));
  const aircallUserByZendeskAgent = new Map<string, number>();
  for (const [email, zid] of naiveIds.zendesk) {
    const aid = naiveIds.aircall.get(email);
    if (aid !== undefined) aircallUserByZendeskAgent.set(String(zid), aid);
  }
  let naive: Awaited<ReturnType<typeof startNaiveSyncer>> | undefined;
  try {
    const account = await connectSandboxes(product, {
      stackUrl: stack.url,
      accountId: 'storm',
      direction: 'zendesk_to_aircall',
      aircallRateLimitPerMinute: options.budgetPerMinute,
    });
    await stack.loadAccounts([account]);
    // As `npm start` does: links, then one sweep (it records both sides' present status, 1 Aircall read).
    await stack.refreshDirectory();
    await stack.reconcile();
    naive = await startNaiveSyncer({
      aircallUrl: naivePair.aircall.url,
      apiId: account.aircall.apiId,
      apiToken: account.aircall.apiToken,
      aircallUserByZendeskAgent,
      availabilityByStatusId,
    });
    await connectSandboxes(naivePair, { stackUrl: naive.url, accountId: 'naive', direction: 'zendesk_to_aircall' });

    const { events, finals } = stormSchedule(emails, options.changesPerAgent, options.durationMs, options.seed);
    const needed = emails.filter((e) => mapped(finals.get(e) as ZendeskState) !== 'available').length;
    // Set-up requests (webhook registration, directory read) are not counted in the storm's rate windows.
    product.aircall.setRateLimit({ reset: true });
    naivePair.aircall.setRateLimit({ reset: true });

    const meter = resourceMeter();
    const stormStart = Date.now() + 100;
    print(
      `  storm: ${events.length} changes over ${options.durationMs / 1000} s on ${emails.length} agents; ${needed} agents end in another mapped state than they started`,
    );
    for (const event of events) {
      const wait = stormStart + event.t - Date.now();
      if (wait > 0) await sleep(wait);
      product.zendesk.setStatus(productIds.zendesk.get(event.email) as number, event.status);
      naivePair.zendesk.setStatus(naiveIds.zendesk.get(event.email) as number, event.status);
    }
    const lastChangeAt = Date.now();
    print(`  storm: last change at ${round((lastChangeAt - stormStart) / 1000, 1)} s; watching convergence for up to ${options.targets.convergeWithinS} s`);

    const matches = (pair: SandboxPair, idMap: Map<string, number>) =>
      emails.filter((e) => pair.aircall.user(idMap.get(e) as number).availability_status === mapped(finals.get(e) as ZendeskState)).length;
    const pending = (pair: SandboxPair) => [...pair.aircall.deliveries(), ...pair.zendesk.deliveries()].some((d) => d.outcome === 'pending');
    const watch = { product: { at: null as number | null, done: false }, naive: { at: null as number | null, done: false } };
    const deadline = lastChangeAt + (options.targets.convergeWithinS + 10) * 1000;
    let lastProgress = 0;
    for (;;) {
      const now = Date.now();
      const productAll = matches(product, productIds.aircall) === emails.length;
      const naiveAll = matches(naivePair, naiveIds.aircall) === emails.length;
      watch.product.at = productAll ? (watch.product.at ?? now) : null;
      watch.naive.at = naiveAll ? (watch.naive.at ?? now) : null;
      const depth = await queue.depth();
      // Done: nothing queued, in flight or being delivered can change a state any more.
      watch.product.done = depth.visible + depth.inFlight === 0 && !pending(product);
      watch.naive.done = !pending(naivePair);
      if (watch.product.done && watch.naive.done) break;
      if (now > deadline) break;
      if (now - lastProgress >= 10_000) {
        lastProgress = now;
        print(
          `  storm +${round((now - lastChangeAt) / 1000)} s: product ${matches(product, productIds.aircall)}/${emails.length} agents right, queue ${depth.visible} ready ${depth.inFlight} in flight`,
        );
      }
      await sleep(100);
    }
    const observedForS = round((Date.now() - lastChangeAt) / 1000, 1);
    const resources = meter.stop();
    const dlq = (await queue.depth()).dlq;

    const outcome = (pair: SandboxPair, idMap: Map<string, number>, convergedAt: number | null): SyncerOutcome => {
      const requests = pair.aircall.requests().filter((r) => r.at >= stormStart);
      const writes = requests.filter((r) => r.method === 'PUT' && AIRCALL_STATUS_PUT.test(r.path) && r.status === 200);
      return {
        writes: writes.length,
        rateLimited: requests.filter((r) => r.status === 429).length,
        aircallRequests: requests.length,
        writesDuringStorm: writes.filter((r) => r.at <= lastChangeAt).length,
        writesAfterLastChange: writes.filter((r) => r.at > lastChangeAt).length,
        convergedAfterS: convergedAt === null ? null : round(Math.max(0, convergedAt - lastChangeAt) / 1000, 1),
        wrongFinalStates: emails.length - matches(pair, idMap),
      };
    };
    const productOutcome = outcome(product, productIds.aircall, watch.product.at);
    const naiveOutcome = outcome(naivePair, naiveIds.aircall, watch.naive.at);
    const emailByAircallId = new Map([...productIds.aircall].map(([e, id]) => [String(id), e]));
    // Each write received is paired with the earliest unpaired call of the client for that user (probe), which
    // shows how long the call waited (mostly for a budget token) and whether two writes of one agent overlapped.
    const calls = new Map([...probes.aircallWrites].map(([id, list]) => [id, [...list].sort((a, b) => a - b)]));
    const productWrites = product.aircall
      .requests({ methods: ['PUT'] })
      .filter((r) => r.at >= stormStart && AIRCALL_STATUS_PUT.test(r.path) && r.status === 200)
      .map((r) => {
        const userId = r.path.split('/').pop() ?? '';
        const calledAt = calls.get(userId)?.shift();
        return {
          t: round((r.at - stormStart) / 1000, 2),
          calledT: calledAt === undefined ? null : round((calledAt - stormStart) / 1000, 2),
          agent: emailByAircallId.get(userId) ?? r.path,
          status: String((r.body as { availability_status?: string })?.availability_status),
        };
      });
    const waits = productWrites.filter((w) => w.calledT !== null).map((w) => (w.t - (w.calledT as number)) * 1000);
    const byAgent = new Map<string, typeof productWrites>();
    for (const w of productWrites) byAgent.set(w.agent, [...(byAgent.get(w.agent) ?? []), w]);
    let overlapping = 0;
    let repeated = 0;
    let redundantInitial = 0;
    for (const list of byAgent.values()) {
      list.forEach((w, i) => {
        const prev = list[i - 1];
        if (i === 0 && w.status === 'available') redundantInitial++;
        if (prev && prev.status === w.status) repeated++;
        if (prev && w.calledT !== null && w.calledT < prev.t) overlapping++;
      });
    }
    const writeLimit = Math.floor(options.targets.writesPerNeededChange * needed);
    return {
      agents: emails.length,
      changes: events.length,
      changesPerAgent: options.changesPerAgent,
      seconds: options.durationMs / 1000,
      budgetPerMinute: options.budgetPerMinute,
      seed: options.seed,
      visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 30,
      settle: DEFAULT_SETTLE_POLICY,
      distinctFinalChangesNeeded: needed,
      observedForS,
      product: { ...productOutcome, deadLettered: dlq, workerPasses: [...probes.workerReads.values()].reduce((n, l) => n + l.length, 0) },
      naive: { ...naiveOutcome, putsSent: naive.counts.puts },
      targets: {
        wrong: productOutcome.wrongFinalStates === 0,
        rateLimited: productOutcome.rateLimited === 0,
        writes: { limit: writeLimit, pass: productOutcome.writes <= writeLimit },
        converged: {
          withinS: options.targets.convergeWithinS,
          pass: productOutcome.convergedAfterS !== null && productOutcome.convergedAfterS <= options.targets.convergeWithinS,
        },
      },
      resources,
      writeAnalysis: {
        callToReceivedMs: percentiles(waits),
        firstWriteOfAvailableToAnAlreadyAvailableAgent: redundantInitial,
        sameStatusWrittenAgain: repeated,
        writeCalledBeforeThePreviousWriteOfTheAgentLanded: overlapping,
      },
      productWrites,
    };
  } finally {
    queue.close();
    await stack.stop();
    await naive?.close();
    await product.close();
    await naivePair.close();
  }
}
