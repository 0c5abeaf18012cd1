// The chaos suite, short: scenarios 1, 5 and 6 of `npm run chaos` (bench/chaos), the same code on fewer agents and
// a shorter drive. Both directions, the stack in its own process, the seed's semantics judged per agent.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shortRunOptions } from '../../bench/chaos/options';
import { SCENARIOS } from '../../bench/chaos/scenarios';
import { runScenario, type ScenarioResult } from '../../bench/chaos/suite';

const workDir = mkdtempSync(join(tmpdir(), 'chaos-'));
const options = shortRunOptions(workDir, () => {});

let keepLog = false;
// The stack's log and DATA_DIRs stay when a scenario failed (the failure message names the log).
afterAll(() => {
  if (!keepLog) rmSync(workDir, { recursive: true, force: true });
});

/** What the oracle found, readable in a failure message. */
function verdict(result: ScenarioResult): string {
  const wrong = result.wrong
    .slice(0, 5)
    .map((w) => `${w.direction} ${w.email}: ${w.final.target}, accepted ${w.accepted.join('|')}, ${w.reverted} reverted: ${w.timeline.join(' · ')}`);
  return [`scenario ${result.id} (seed ${result.seed}): ${result.misses.join('; ') || 'ok'}`, ...wrong, `stack log: ${options.logFile}`].join('\n');
}

describe.each([1, 5, 6])('chaos scenario %i (short)', (id) => {
  it('ends with every agent as the seed requires: nothing lost, no own change reverted, converged within one period', async () => {
    // Prepare
    const scenario = SCENARIOS.find((s) => s.id === id);
    if (!scenario) throw new Error(`no scenario ${id}`);

    // Act
    const result = await runScenario(scenario, options);
    keepLog ||= !result.passed;

    // Assert
    expect(result.changes).toBeGreaterThan(2 * options.agents * options.changesPerAgent.min * 0.8);
    // The fault did happen.
    if (id === 1) expect(result.evidence.extraCopiesDelivered).toBeGreaterThan(result.changes);
    if (id === 5) expect(result.evidence.webhooksLost).toBeGreaterThan(0);
    if (id === 6) expect(result.evidence.restarts).toBe(1);
    expect({ verdict: verdict(result), passed: result.passed }).toEqual({ verdict: verdict({ ...result, misses: [] }), passed: true });
    expect(result.correct).toBe(result.agents);
    expect(result.lost).toBe(0);
    expect(result.reverted).toBe(0);
    expect(result.convergedS).not.toBeNull();
  }, 120_000);
});
