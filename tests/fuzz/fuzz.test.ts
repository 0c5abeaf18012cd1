// The short form of `npm run fuzz` (issue 13): 250 generated bad inputs against every served route of the local
// stack, same seed and judges as the full run (bench/fuzz). A miss prints its route, class and index to replay.
import { DEFAULT_SEED, resultTable, runFuzz } from '../../bench/fuzz/suite';
import { startWorld, type FuzzWorld } from '../../bench/fuzz/world';

const INPUTS = 250;
let world: FuzzWorld;

beforeAll(async () => {
  world = await startWorld();
}, 60_000);
afterAll(async () => {
  await world?.close();
});

it(`${INPUTS} bad inputs: no 5xx, no crash, no sandbox write, no table change but counters, the expected 4xx`, async () => {
  const result = await runFuzz(world, { seed: DEFAULT_SEED, inputs: INPUTS });
  const sent = result.rows.reduce((s, r) => s + r.sent, 0);
  if (result.failed > 0) {
    console.log(`${resultTable(result)}\n\nreplay: npm run fuzz -- --seed ${result.seed} --inputs ${INPUTS}\n${result.misses.slice(0, 30).join('\n')}`);
  }
  expect(sent).toBeGreaterThanOrEqual(200);
  // Every class ran on at least the webhook and session routes (the served table is not empty).
  expect(result.rows.filter((r) => r.sent > 0).length).toBeGreaterThan(30);
  expect(result.misses).toEqual([]);
  expect(result.failed).toBe(0);
}, 90_000);
