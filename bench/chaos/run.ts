// `npm run chaos [-- 1 5 6]`: the chaos suite (issue 10 §3). Both directions, 50 agents each, seeded changes on both
// sides, one scenario after another; one table row per scenario, then `chaos: N passed, N failed`. Exit 1 on any miss.
// The stack's logs go to a file (named at the start and the end), never between the rows.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { table } from '../stats';
import { pickScenarios } from './scenarios';
import { resultRows, runScenario, type ScenarioResult, type SuiteOptions } from './suite';

/** The full run's settings: a short reconcile period and fast settling, so a run takes minutes, not hours. */
export function fullRunOptions(workDir: string, print: (line: string) => void): SuiteOptions {
  return {
    agents: 50,
    seed: Number(process.env.CHAOS_SEED ?? 20261203),
    directions: ['aircall_to_zendesk', 'zendesk_to_aircall'],
    driveMs: 30_000,
    changesPerAgent: { min: 2, max: 5 },
    sourceShare: 0.6,
    minGapMs: 1_300,
    reconcileIntervalMs: 10_000,
    visibilityTimeoutSeconds: 10,
    settle: { flapWindowMs: 1_500, quietMs: 700 },
    maxHoldMs: 5_000,
    aircallRateLimitPerMinute: 600,
    convergeWithinS: 13,
    maxObserveMs: 90_000,
    workDir,
    logFile: join(workDir, 'stack.log'),
    logLevel: process.env.LOG_LEVEL ?? 'INFO',
    print,
  };
}

async function main(): Promise<void> {
  const print = (line: string) => console.log(line);
  const scenarios = pickScenarios(process.argv.slice(2));
  const workDir = join(process.cwd(), '.data', 'chaos', new Date().toISOString().replace(/[:.]/g, '-'));
  mkdirSync(workDir, { recursive: true });
  const options = fullRunOptions(workDir, print);
  const log = relative(process.cwd(), options.logFile);
  print(`chaos: ${scenarios.length} scenario(s), ${options.directions.length} directions × ${options.agents} agents, seed ${options.seed}, reconcile every ${options.reconcileIntervalMs / 1000} s`);
  print(`chaos: the stack's logs go to ${log}`);
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    const result = await runScenario(scenario, options);
    results.push(result);
    print(`  [${scenario.id}] ${result.passed ? 'passed' : `FAILED: ${result.misses.join('; ')}`}`);
  }
  writeFileSync(join(workDir, 'results.json'), JSON.stringify({ when: new Date().toISOString(), options: { ...options, print: undefined }, results }, null, 2) + '\n');
  const passed = results.filter((r) => r.passed).length;
  print('');
  print(table(resultRows(results, options.convergeWithinS)));
  print(`\nstack log: ${log}; every figure and the wrong agents: ${relative(process.cwd(), join(workDir, 'results.json'))}`);
  print(`chaos: ${passed} passed, ${results.length - passed} failed`);
  process.exitCode = passed === results.length ? 0 : 1;
}

main().catch((error: Error) => {
  console.error(`chaos failed: ${error.stack ?? error.message}`);
  process.exit(2);
});
