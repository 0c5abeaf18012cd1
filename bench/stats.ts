// Small helpers of the benchmarks: percentiles, a resource sampler (CPU, RSS, event-loop delay), timing, formatting.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { availableParallelism } from 'node:os';

export interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles (ms); `null` when there is no sample. */
export function percentiles(samples: readonly number[]): Percentiles | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
  const mean = sorted.reduce((sum, x) => sum + x, 0) / sorted.length;
  return { n: sorted.length, p50: rank(50), p95: rank(95), p99: rank(99), max: sorted[sorted.length - 1] as number, mean: round(mean, 1) };
}

export function round(x: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` every `everyMs` until it is true (returns true) or `timeoutMs` passes (returns false). */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(everyMs);
  }
}

export const CORES = availableParallelism();

export interface ResourceUsage {
  wallMs: number;
  cpuMs: number;
  /** CPU time over wall time: 100 = one core fully busy. */
  cpuPctOfOneCore: number;
  /** The same over every core of the machine. */
  cpuPctOfMachine: number;
  cores: number;
  /** Highest RSS sampled every 100 ms during the window (MB). */
  peakRssMb: number;
  /** process.resourceUsage().maxRSS at the end: the process's lifetime peak (MB). */
  processMaxRssMb: number;
  /** Event-loop delay over the window (ms): how long ready work waited for the one JS thread. */
  eventLoopDelayP50Ms: number;
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
}

/** Measures CPU, RSS and event-loop delay between `start()` and `stop()`. */
export function resourceMeter(): { stop(): ResourceUsage } {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let peakRss = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 100);
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  return {
    stop() {
      clearInterval(timer);
      loop.disable();
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
      const cpu = process.cpuUsage(cpu0);
      const wallMs = performance.now() - t0;
      const cpuMs = (cpu.user + cpu.system) / 1000;
      const ns = (x: number) => round(x / 1e6, 1);
      return {
        wallMs: round(wallMs),
        cpuMs: round(cpuMs),
        cpuPctOfOneCore: round((100 * cpuMs) / wallMs, 1),
        cpuPctOfMachine: round((100 * cpuMs) / wallMs / CORES, 1),
        cores: CORES,
        peakRssMb: round(peakRss / 2 ** 20, 1),
        processMaxRssMb: round(process.resourceUsage().maxRSS / 1024, 1),
        eventLoopDelayP50Ms: ns(loop.percentile(50)),
        eventLoopDelayP99Ms: ns(loop.percentile(99)),
        eventLoopDelayMaxMs: ns(loop.max),
      };
    },
  };
}

/**
 * Runs `fire(i)` at `ratePerSecond` for `durationMs`, on a drift-free schedule (a late tick fires what is due at
 * once). Returns how many were fired and the largest lateness seen (ms).
 */
export async function steadyRate(ratePerSecond: number, durationMs: number, fire: (i: number) => void): Promise<{ fired: number; maxLateMs: number }> {
  const interval = 1000 / ratePerSecond;
  const total = Math.round((durationMs / 1000) * ratePerSecond);
  const start = performance.now();
  let i = 0;
  let maxLateMs = 0;
  while (i < total) {
    const now = performance.now();
    while (i < total && start + i * interval <= now) {
      maxLateMs = Math.max(maxLateMs, now - (start + i * interval));
      fire(i);
      i++;
    }
    if (i < total) await sleep(Math.max(0, start + i * interval - performance.now()));
  }
  return { fired: i, maxLateMs: round(maxLateMs, 1) };
}

/** A plain text table: first row is the header. */
export function table(rows: ReadonlyArray<ReadonlyArray<string>>): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  const line = (r: ReadonlyArray<string>) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  ');
  const sep = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(rows[0] ?? []), sep, ...rows.slice(1).map(line)].join('\n');
}

export const mark = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
export const ms = (x: number | undefined | null) => (x === undefined || x === null ? '-' : `${round(x)}`);
