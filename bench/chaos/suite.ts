// Runs chaos scenarios: both directions at once (one account and sandbox pair each), the stack in its own process,
// seeded changes on both sides, the scenario's faults, then the oracle's verdict per agent.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_MAPPING, mapStatus } from '../../shared/sync/mapping';
import type { SettlePolicy } from '../../shared/sync/settle';
import { inStep, judge, type AgentHistory, type AgentVerdict } from './oracle';
import { INITIAL, planChanges, type ChangeSide, type ChaosDirection, type PlannedChange } from './plan';
import { FAULTS, type Scenario } from './scenarios';
import { freePort } from '../../local/free-port';
import { startStackChild, type StackChild } from './stack-child';
import { changesOf, connectLane, deliveredSeqs, deliveriesPending, personChanges, startLane, statusOn, tooManyRequests, writesOf, type Lane } from './world';

export interface SuiteOptions {
  /** Agents per direction. */
  agents: number;
  seed: number;
  directions: readonly ChaosDirection[];
  /** How long changes are driven, per scenario. */
  driveMs: number;
  changesPerAgent: { min: number; max: number };
  sourceShare: number;
  minGapMs: number;
  /** The stack's reconcile period: short, so a missed webhook is repaired within the run. */
  reconcileIntervalMs: number;
  visibilityTimeoutSeconds: number;
  settle: SettlePolicy;
  maxHoldMs: number;
  /** Aircall sandbox limit and the accounts' Aircall budget, per minute. */
  aircallRateLimitPerMinute: number;
  /** Seconds after the fault ends within which every agent must be right (one reconcile period plus the work it queues). */
  convergeWithinS: number;
  /** The longest the suite watches after the fault ends. */
  maxObserveMs: number;
  /** Where the stack's DATA_DIRs go (one per scenario). */
  workDir: string;
  /** The stack's log (its stdout and stderr), appended to. */
  logFile: string;
  logLevel: string;
  print: (line: string) => void;
}

export interface ScenarioResult {
  id: number;
  name: string;
  seed: number;
  changes: number;
  agents: number;
  correct: number;
  lost: number;
  reverted: number;
  unorderable: number;
  redundant: number;
  sourceWrites: number;
  tooManyRequests: number;
  /** Seconds from the end of the fault (and of the drive) until every agent was right for good; null = never. */
  convergedS: number | null;
  passed: boolean;
  misses: string[];
  /** That the faults happened: webhooks lost, extra copies delivered, API answers 5xx, stack restarts. */
  evidence: { webhooksLost: number; extraCopiesDelivered: number; serverErrors: number; restarts: number };
  /** The agents the oracle faults, for the report. */
  wrong: Array<Pick<AgentVerdict, 'email' | 'direction' | 'accepted' | 'lost' | 'reverted'> & { final: Record<ChangeSide, string>; timeline: string[] }>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Every agent's history as the oracle reads it. */
function histories(lanes: readonly Lane[], since: number, withWrites: boolean): AgentHistory[] {
  return lanes.flatMap((lane) => {
    const delivered = deliveredSeqs(lane);
    const writes = withWrites ? writesOf(lane, since) : new Map();
    return lane.emails.map((email) => ({
      direction: lane.direction,
      email,
      initial: INITIAL[lane.direction],
      changes: changesOf(lane, email, delivered),
      writes: writes.get(email) ?? [],
      final: { source: statusOn(lane, 'source', email), target: statusOn(lane, 'target', email) },
    }));
  });
}

/** The person's pick: the first preferred status that changes something (and, on the target, is not what the sync would show anyway). */
function pick(lane: Lane, change: PlannedChange, email: string, idealTarget: string): string {
  const current = statusOn(lane, change.side, email);
  return (
    change.preference.find((s) => s !== current && (change.side === 'source' || s !== idealTarget)) ?? change.preference.find((s) => s !== current) ?? current
  );
}

/** Runs one scenario from fresh sandboxes and a fresh DATA_DIR to the verdict. */
export async function runScenario(scenario: Scenario, options: SuiteOptions): Promise<ScenarioResult> {
  const { print } = options;
  const seed = options.seed + scenario.id;
  const has = (fault: (typeof scenario.faults)[number]) => scenario.faults.includes(fault);
  const lanes: Lane[] = [];
  let stack: StackChild | undefined;
  const timers: NodeJS.Timeout[] = [];
  try {
    const world = { agents: options.agents, seed, aircallRateLimitPerMinute: options.aircallRateLimitPerMinute, webhookRetries: 6, webhookBackoffMs: 250 };
    const directions = scenario.directions ?? options.directions;
    for (const [i, direction] of directions.entries()) lanes.push(await startLane(direction, i, world));
    const port = await freePort();
    const accounts = [];
    for (const lane of lanes) accounts.push(await connectLane(lane, `http://127.0.0.1:${port}`, options.aircallRateLimitPerMinute));
    const dataDir = join(options.workDir, `scenario-${scenario.id}`);
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true });
    stack = await startStackChild(
      {
        port,
        dataDir,
        accounts,
        reconcileIntervalMs: options.reconcileIntervalMs,
        visibilityTimeoutSeconds: options.visibilityTimeoutSeconds,
        settle: options.settle,
        maxHoldMs: options.maxHoldMs,
        logLevel: options.logLevel,
      },
      options.logFile,
    );
    const child = stack;
    await child.swept();
    await Promise.all(lanes.flatMap((lane) => [lane.pair.aircall.idle(), lane.pair.zendesk.idle()]));

    const plan = planChanges({
      seed,
      agents: options.agents,
      directions,
      durationMs: options.driveMs,
      changesPerAgent: options.changesPerAgent,
      sourceShare: options.sourceShare,
      minGapMs: options.minGapMs,
    });
    const sandboxes = lanes.flatMap((lane) => [lane.pair.aircall, lane.pair.zendesk]);
    const start = Date.now();
    print(`  [${scenario.id}] ${plan.length} changes over ${options.driveMs / 1000} s, seed ${seed}, faults: ${scenario.faults.join(', ')}`);

    // The faults. Each returns when it is over; the drive's end clears the rest.
    const faultEnds: Array<Promise<number>> = [];
    let restarts = 0;
    if (has('duplicates') || has('loss')) {
      for (const [i, sandbox] of sandboxes.entries()) {
        sandbox.setDeliveryMode({
          mode: 'unreliable',
          copies: has('duplicates') ? FAULTS.duplicates.copies : 1,
          windowMs: has('duplicates') ? FAULTS.duplicates.windowMs : 0,
          lossRate: has('loss') ? FAULTS.loss.lossRate : 0,
          seed: seed * 10 + i,
        });
      }
    }
    if (has('errors')) for (const sandbox of sandboxes) sandbox.setFaults({ errorRate: FAULTS.errors.errorRate });
    if (has('bursts429')) {
      const burst = () => {
        for (const sandbox of sandboxes) sandbox.setFaults({ burst429: FAULTS.bursts429.size, retryAfterSeconds: FAULTS.bursts429.retryAfterSeconds });
      };
      burst();
      timers.push(setInterval(burst, FAULTS.bursts429.everyMs));
    }
    if (has('outage')) {
      faultEnds.push(
        (async () => {
          await sleep(options.driveMs * FAULTS.outage.startsAt);
          const until = Date.now() + FAULTS.outage.seconds * 1000;
          for (const lane of lanes) (lane.direction === 'aircall_to_zendesk' ? lane.pair.zendesk : lane.pair.aircall).setFaults({ outageUntil: until });
          print(`  [${scenario.id}] target APIs down for ${FAULTS.outage.seconds} s`);
          await sleep(until - Date.now());
          return until;
        })(),
      );
    }
    if (has('kill')) {
      faultEnds.push(
        (async () => {
          await sleep(options.driveMs * (scenario.faults.length > 1 ? FAULTS.kill.atWhenCombined : FAULTS.kill.at));
          const killedAt = Date.now();
          await child.kill();
          await child.restart();
          restarts++;
          print(`  [${scenario.id}] stack killed (SIGKILL) and restarted on ${dataDir} in ${((Date.now() - killedAt) / 1000).toFixed(1)} s`);
          return Date.now();
        })(),
      );
    }

    // The people: each change at its planned moment, on the side it is planned.
    const ideal = new Map<string, string>();
    for (const change of plan) {
      const wait = start + change.at - Date.now();
      if (wait > 0) await sleep(wait);
      const lane = lanes.find((l) => l.direction === change.direction) as Lane;
      const email = lane.emails[change.agent] as string;
      const key = `${lane.direction}:${email}`;
      const idealTarget = ideal.get(key) ?? INITIAL[lane.direction].target;
      const status = pick(lane, change, email, idealTarget);
      personChanges(lane, change.side, email, status);
      ideal.set(key, change.side === 'target' ? status : (mapTarget(lane.direction, status) ?? idealTarget));
    }
    await sleep(start + options.driveMs - Date.now());
    const faultEnd = Math.max(Date.now(), ...(await Promise.all(faultEnds)));
    for (const timer of timers) clearInterval(timer);
    for (const sandbox of sandboxes) {
      sandbox.setDeliveryMode({ mode: 'normal' });
      sandbox.clearFaults();
    }
    print(`  [${scenario.id}] faults over at +${((faultEnd - start) / 1000).toFixed(1)} s; watching the agents converge`);

    // Convergence: the first moment from which every agent stays right, watched for one reconcile period more
    // (so a sweep that would revert something gets its chance) until nothing is pending.
    let convergedAt: number | null = null;
    for (;;) {
      const now = Date.now();
      const ok = inStep(histories(lanes, start, true)); // with the writes: some accepted values depend on them (oracle.ts cannotOrder)
      if (!ok) convergedAt = null;
      else convergedAt ??= now;
      const calm = ok && now - (convergedAt ?? now) >= options.reconcileIntervalMs + 2_000 && !lanes.some(deliveriesPending);
      if (calm && (await child.queued().catch(() => 1)) === 0) break;
      if (now - faultEnd > options.maxObserveMs) break;
      await sleep(250);
    }
    const all = histories(lanes, start, true);
    const verdicts = all.map(judge);
    const sum = (f: (v: AgentVerdict) => number) => verdicts.reduce((n, v) => n + f(v), 0);
    const result: ScenarioResult = {
      id: scenario.id,
      name: scenario.name,
      seed,
      changes: plan.length,
      agents: verdicts.length,
      correct: verdicts.filter((v) => v.correct).length,
      lost: verdicts.filter((v) => v.lost).length,
      reverted: sum((v) => v.reverted),
      unorderable: sum((v) => v.unorderable),
      redundant: sum((v) => v.redundant),
      sourceWrites: sum((v) => v.sourceWrites),
      tooManyRequests: lanes.reduce((n, lane) => n + tooManyRequests(lane, start), 0),
      convergedS: convergedAt === null ? null : Math.round((convergedAt - faultEnd) / 100) / 10,
      passed: false,
      misses: [],
      evidence: {
        webhooksLost: sandboxes.reduce((n, s) => n + s.deliveries().filter((d) => d.outcome === 'dropped' && d.enqueuedAt >= start).length, 0),
        extraCopiesDelivered: sandboxes.reduce(
          (n, s) => n + s.deliveries().filter((d) => d.copy > 1 && d.outcome === 'delivered' && d.enqueuedAt >= start).length,
          0,
        ),
        serverErrors: sandboxes.reduce((n, s) => n + s.requests().filter((r) => r.status >= 500 && r.at >= start).length, 0),
        restarts,
      },
      wrong: verdicts
        .filter((v) => !v.correct || v.reverted > 0)
        .map((v) => {
          const history = all.find((h) => h.email === v.email && h.direction === v.direction) as AgentHistory;
          return {
            email: v.email,
            direction: v.direction,
            accepted: v.accepted,
            lost: v.lost,
            reverted: v.reverted,
            final: history.final,
            timeline: timeline(history, start, faultEnd),
          };
        }),
    };
    if (result.correct < result.agents) result.misses.push(`${result.agents - result.correct} agents wrong`);
    if (result.lost > 0) result.misses.push(`${result.lost} changes lost`);
    if (result.reverted > 0) result.misses.push(`${result.reverted} own changes reverted`);
    if (result.sourceWrites > 0) result.misses.push(`${result.sourceWrites} writes to a source side`);
    if (result.convergedS === null) result.misses.push('never converged');
    else if (result.convergedS > options.convergeWithinS) result.misses.push(`converged after ${result.convergedS} s (> ${options.convergeWithinS} s)`);
    result.passed = result.misses.length === 0;
    return result;
  } finally {
    for (const timer of timers) clearInterval(timer);
    await stack?.stop();
    for (const lane of lanes) await lane.pair.close();
  }
}

/** One agent's story for the report: who changed what when, and what the stack wrote, in seconds from the drive's start. */
function timeline(history: AgentHistory, start: number, faultEnd: number): string[] {
  const s = (at: number) => `+${((at - start) / 1000).toFixed(2)}s`;
  const lines = [
    ...history.changes.map((c) => ({
      at: c.at,
      text: `${s(c.at)} person on ${c.side}: ${c.status} (webhook ${c.arrivedAt === undefined ? 'never delivered' : `in at ${s(c.arrivedAt)}`})`,
    })),
    ...history.writes.map((w) => ({ at: w.at, text: `${s(w.at)} stack wrote ${w.side}: ${w.status}` })),
    { at: faultEnd, text: `${s(faultEnd)} faults over` },
  ];
  return lines.sort((a, b) => a.at - b.at).map((line) => line.text);
}

function mapTarget(direction: ChaosDirection, status: string): string | null {
  // A two-way lane names Zendesk `source` and Aircall `target` (world.ts): its source changes map by zendesk_to_aircall.
  return mapStatus(DEFAULT_MAPPING, direction === 'both' ? 'zendesk_to_aircall' : direction, status);
}

/** The table: one row per scenario. */
export function resultRows(results: readonly ScenarioResult[], convergeWithinS: number): string[][] {
  return [
    [
      '#',
      'scenario',
      'changes driven',
      'agents correct',
      'changes lost',
      'own changes reverted',
      'unorderable (not failures)',
      'redundant writes',
      '429s received',
      `s to converge (≤ ${convergeWithinS})`,
      '',
    ],
    ...results.map((r) => [
      String(r.id),
      r.name,
      String(r.changes),
      `${r.correct}/${r.agents}`,
      String(r.lost),
      String(r.reverted),
      String(r.unorderable),
      String(r.redundant),
      String(r.tooManyRequests),
      r.convergedS === null ? 'never' : r.convergedS.toFixed(1),
      r.passed ? 'PASS' : 'FAIL',
    ]),
  ];
}
