// Issue 10 §2, reconcile throughput: what the sweep queues is bounded by the Aircall budget per minute, not by the
// tokens left at that moment. A backlog of missed source changes larger than the bucket's burst converges within
// ⌈backlog ÷ budget per minute⌉ minutes of one sweep, instead of one bucketful per sweep period. Accounts are swept
// independently.
import type { Account } from '../../lambdas/accounts/account';
import { startZendeskSandbox } from '../../local/sandbox/zendesk';
import { startHarness, waitFor, type Harness } from './harness';

const AGENTS = 40;
const BUDGET_PER_MINUTE = 120; // the bucket's burst is a sixth of it (20): the old sweep queued at most that many

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ agents: AGENTS, direction: 'zendesk_to_aircall', zendeskInitialStatus: 'online', accountBudgetPerMinute: BUDGET_PER_MINUTE });
  await h.refreshSettings(); // the direction takes effect: its initial sweep first (everything is in step)
  await h.drained(60_000);
}, 90_000);
afterAll(async () => h?.close());

test('40 missed Zendesk changes at 120 Aircall requests a minute: one sweep queues them all, spread over the budget, and they converge', async () => {
  // Prepare: every agent goes away in Zendesk, and every webhook is lost.
  const since = Date.now();
  h.sandboxes.zendesk.setDeliveryMode({ mode: 'drop', count: AGENTS });
  for (const email of h.emails) h.sandboxes.zendesk.setStatus(email, 'away');
  await h.drained();
  expect(h.writes(since).aircall).toBe(0);

  // Act: one sweep.
  const result = await h.stack.reconcile({ accountId: h.account.id });

  // Assess: all 40 are queued now (none left for the next period), and they converge at the budget's pace:
  // ⌈40 ÷ 120⌉ = 1 minute at most; 40 writes at 2 a second take about 20 s.
  expect(result[h.account.id]).toMatchObject({ agents: AGENTS, missedChanges: AGENTS, queued: AGENTS, deferred: 0 });
  await waitFor('every agent unavailable in Aircall', () => h.emails.every((email) => h.aircallStatus(email).availability_status === 'unavailable'), 60_000);
  await h.drained();
  const writes = h.writes(since);
  expect(writes.aircall).toBe(AGENTS);
  expect(writes.aircall429).toBe(0);
}, 90_000);

test('accounts are swept independently: one whose Zendesk answers slowly does not hold back the others', async () => {
  // Prepare: an account sorted first whose Zendesk takes 4.5 s to answer anything (within the client's 5 s timeout).
  const slowZendesk = await startZendeskSandbox({ port: 0, subdomain: 'aaa-slow', agents: [] });
  try {
    slowZendesk.setFaults({ latencyMs: 4_500 });
    const slow: Account = { ...h.account, id: 'aaa-slow', zendesk: { ...h.account.zendesk, subdomain: 'aaa-slow', baseUrl: slowZendesk.url } };
    await h.stack.loadAccounts([slow]);
    const since = Date.now();

    // Act: one sweep of every account.
    const sweep = h.stack.reconcile();

    // Assess: the demo account's sweep is done (audited) well before the slow account's Zendesk has answered.
    await h.waitForAudit('the demo account swept', '*', since, (e) => e.kind === 'reconcile', 4_000);
    expect(Date.now() - since).toBeLessThan(4_500);
    const results = await sweep;
    expect(results[h.account.id]).toMatchObject({ agents: AGENTS });
  } finally {
    await slowZendesk.close();
  }
}, 60_000);
