// Issue 14 §2: two-way sync under chaos (scenario 8 of `npm run chaos`, short): duplicates, 5xx, 429 bursts, an
// outage, lost webhooks and a killed stack at once, people changing both sides. The two-way oracle
// (bench/chaos/two-way-oracle.ts) judges each agent: both sides agree with the newest human change (or, when the two
// latest cannot be ordered, the other one), and no write changed a side whose own change was the newest, known one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shortRunOptions } from '../../bench/chaos/options';
import { SCENARIOS } from '../../bench/chaos/scenarios';
import { runScenario } from '../../bench/chaos/suite';

const workDir = mkdtempSync(join(tmpdir(), 'chaos-two-way-'));
const options = shortRunOptions(workDir, () => {});
let keepLog = false;
afterAll(() => {
  if (!keepLog) rmSync(workDir, { recursive: true, force: true });
});

it('two-way sync under every fault at once: every agent agrees with the newest change, nothing reverted, converged', async () => {
  const scenario = SCENARIOS.find((s) => s.id === 8);
  if (!scenario) throw new Error('no scenario 8');

  const result = await runScenario(scenario, options);
  keepLog ||= !result.passed;

  const wrong = result.wrong
    .slice(0, 5)
    .map((w) => `${w.email}: ${w.final.source}/${w.final.target}, accepted ${w.accepted.join('|')}: ${w.timeline.join(' · ')}`);
  expect({ misses: result.misses, wrong, log: options.logFile }).toEqual({ misses: [], wrong: [], log: options.logFile });
  expect(result.changes).toBeGreaterThan(options.agents * options.changesPerAgent.min * 0.8);
  expect(result.evidence.restarts).toBe(1);
  expect(result.evidence.webhooksLost).toBeGreaterThan(0);
  expect(result.evidence.extraCopiesDelivered).toBeGreaterThan(0);
  expect(result.correct).toBe(result.agents);
  expect(result.reverted).toBe(0);
}, 180_000);
