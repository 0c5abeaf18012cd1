// `npm run chaos [-- 1 5 6]`: the chaos suite (issue 10 §3). Both directions, 50 agents each, seeded changes on both
// sides, one scenario after another; one table row per scenario, then `chaos: N passed, N failed`. Exit 1 on any miss.
// The stack's logs go to a file (named at the start and the end), never between the rows.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { table } from '../stats';
import { pickScenarios } from './scenarios';
import { fullRunOptions } from './options';
import { resultRows, runScenario, type ScenarioResult } from './suite';

async function main(): Promise<void> {
  const print = (line: string) => console.log(line);
  const scenarios = pickScenarios(process.argv.slice(2));
  const workDir = join(process.cwd(), '.data', 'chaos', new Date().toISOString().replace(/[:.]/g, '-'));
  mkdirSync(workDir, { recursive: true });
  const options = fullRunOptions(workDir, print);
  const log = relative(process.cwd(), options.logFile);
  print(
    `chaos: ${scenarios.length} scenario(s), ${options.directions.length} directions × ${options.agents} agents, seed ${options.seed}, reconcile every ${options.reconcileIntervalMs / 1000} s`,
  );
  print(`chaos: the stack's logs go to ${log}`);
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    const result = await runScenario(scenario, options);
    results.push(result);
    const e = result.evidence;
    print(
      `  [${scenario.id}] ${result.passed ? 'passed' : `FAILED: ${result.misses.join('; ')}`} (faults seen: ${e.webhooksLost} webhooks lost, ${e.extraCopiesDelivered} extra copies, ${e.serverErrors} API 5xx, ${result.tooManyRequests} API 429, ${e.restarts} restarts)`,
    );
    for (const agent of result.wrong.slice(0, 3)) print(`      ${agent.direction} ${agent.email}: ${agent.timeline.join(' · ')}`);
  }
  writeFileSync(
    join(workDir, 'results.json'),
    `${JSON.stringify({ when: new Date().toISOString(), options: { ...options, print: undefined }, results }, null, 2)}\n`,
  );
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
