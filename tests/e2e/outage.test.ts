// Issue 3, scenario 8: the target is down (every API request answers 503), changes keep coming, nothing is written;
// once it is back, the failed queue messages return after the visibility timeout (2 s in the harness) and every
// agent converges to its final state, each written once at most, with nothing left on the dead-letter queue.
import { nextSecond, startHarness, waitFor, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ agents: 8, direction: 'aircall_to_zendesk', zendeskInitialStatus: 'online' });
  await h.stack.reconcile(); // the stack learns both sides; everything is in step
  await h.drained();
});
afterAll(async () => h?.close());

const agent = (n: number) => `agent0${n}@example.com`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('Zendesk down: Aircall changes are not written (503), then all converge once it is back', async () => {
  const [a1, a2, a3, a4] = [1, 2, 3, 4].map(agent) as [string, string, string, string];
  const since = Date.now();
  h.sandboxes.zendesk.setFaults({ outage: true });

  for (const a of [a1, a2, a3, a4]) h.sandboxes.aircall.setStatus(a, 'unavailable');
  await nextSecond();
  h.sandboxes.aircall.setStatus(a4, 'available'); // back where it started: nothing to write for agent04 in the end
  await sleep(2_500);

  const refused = h.writeLog(since);
  expect(refused.length).toBeGreaterThanOrEqual(3);
  expect(refused.every((w) => w.side === 'zendesk' && w.code === 503)).toBe(true);
  expect(h.writes(since)).toMatchObject({ zendesk: 0, aircall: 0 });
  for (const a of [a1, a2, a3, a4]) expect(h.zendeskStatus(a)).toBe('online');

  const back = Date.now();
  h.sandboxes.zendesk.clearFaults();
  await waitFor('Zendesk offline for agents 1-3', () => [a1, a2, a3].every((a) => h.zendeskStatus(a) === 'offline'), 20_000);
  await h.drained();

  expect(h.zendeskStatus(a4)).toBe('online');
  const written = h.writeLog(back).filter((w) => w.code === 200);
  expect(written.map((w) => [w.agent, w.status]).sort()).toEqual([a1, a2, a3].map((a) => [a, 'offline']));
  expect(h.writes(since)).toMatchObject({ zendesk: 3, aircall: 0 });
  expect(await h.deadLetters()).toBe(0);
});

test('Aircall down: Zendesk changes are not written (503), then all converge once it is back', async () => {
  await h.setDirection('zendesk_to_aircall');
  const [a5, a6, a7, a8] = [5, 6, 7, 8].map(agent) as [string, string, string, string];
  const since = Date.now();
  h.sandboxes.aircall.setFaults({ outage: true });

  h.sandboxes.zendesk.setStatus(a5, 'away');
  h.sandboxes.zendesk.setStatus(a6, 'offline');
  h.sandboxes.zendesk.setStatus(a7, 'transfers_only');
  h.sandboxes.zendesk.setStatus(a8, 'away');
  h.sandboxes.zendesk.setStatus(a8, 'online'); // back where it started
  await sleep(2_500);

  const refused = h.writeLog(since);
  expect(refused.length).toBeGreaterThanOrEqual(3);
  expect(refused.every((w) => w.side === 'aircall' && w.code === 503)).toBe(true);
  expect(h.writes(since)).toMatchObject({ zendesk: 0, aircall: 0 });
  for (const a of [a5, a6, a7, a8]) expect(h.aircallStatus(a).availability_status).toBe('available');

  const back = Date.now();
  h.sandboxes.aircall.clearFaults();
  await waitFor('Aircall unavailable for agents 5-7', () => [a5, a6, a7].every((a) => h.aircallStatus(a).availability_status === 'unavailable'), 20_000);
  await h.drained();

  expect(h.aircallStatus(a8).availability_status).toBe('available');
  const written = h.writeLog(back).filter((w) => w.code === 200);
  expect(written.map((w) => [w.agent, w.status]).sort()).toEqual([a5, a6, a7].map((a) => [a, 'unavailable']));
  expect(h.writes(since)).toMatchObject({ zendesk: 0, aircall: 3, aircall429: 0 });
  expect(await h.deadLetters()).toBe(0);
});
