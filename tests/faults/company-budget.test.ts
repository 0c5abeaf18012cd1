// Issue 10 §2, budget per Aircall company: Aircall counts requests per company (aircall-api.md §3), so two accounts
// on one company share one token bucket, and a 429 pauses every process of that company through the stored bucket.
// The real Aircall clients of the runtime against the Aircall sandbox (one company, its own rate limit and 429s).
import type { Account } from '../../lambdas/accounts/account';
import { aircallCompanyKey } from '../../lambdas/aircall/rate-budget';
import { putAccountWithCredentials } from '../../lambdas/credentials/import';
import { RateLimitedError } from '../../lambdas/http/errors';
import { DynamoRequestBudget } from '../../lambdas/sync/shared-budget';
import { startAircallSandbox, type AircallSandbox } from '../../local/sandbox/aircall';
import { startBackend, testAccount, type Backend } from './backend';

const API_ID = 'company-api-id';
let sandbox: AircallSandbox;
let backend: Backend;

/** An account of the sandbox's company; a budget of 30 requests per minute. */
function companyAccount(id: string, apiId = API_ID): Account {
  const account = testAccount(id, apiId);
  return { ...account, aircall: { ...account.aircall, apiToken: 'company-api-token', rateLimitPerMinute: 30, baseUrl: sandbox.url } };
}

beforeAll(async () => {
  sandbox = await startAircallSandbox({ apiId: API_ID, apiToken: 'company-api-token', rateLimitPerMinute: 600, users: [{ email: 'ann@example.com' }] });
  backend = await startBackend('company-budget', { accounts: [companyAccount('east'), companyAccount('west')] });
});
afterAll(async () => sandbox?.close());

const account = async (id: string) => (await backend.runtime.deps.store.getAccount(id))!;

test('the key is the company (the API ID), never the API ID itself', () => {
  expect(aircallCompanyKey(companyAccount('east'))).toBe(aircallCompanyKey(companyAccount('west')));
  expect(aircallCompanyKey(companyAccount('other', 'another-api-id'))).not.toBe(aircallCompanyKey(companyAccount('east')));
  expect(aircallCompanyKey(companyAccount('east'))).not.toContain(API_ID);
});

test('two accounts on one company share one budget', async () => {
  // Prepare: account east spends the company's whole minute.
  const east = backend.runtime.deps.clients.aircall(await account('east'));
  for (let i = 0; i < 30; i++) await east.listUsers();

  // Act: account west, same company, in another process, will wait at most 300 ms for a token.
  const other = backend.otherProcess();
  const west = await other.deps.store.getAccount('west');
  const budget = new DynamoRequestBudget(other.deps.store, aircallCompanyKey(west!), 30);

  // Assess: none is left; the worker's view of the budget says so too.
  await expect(budget.acquire(300)).rejects.toBeInstanceOf(RateLimitedError);
  expect((await other.deps.store.bucketLevel(aircallCompanyKey(west!), 30, Date.now())).tokens).toBeLessThan(1);
});

test('a 429 pauses every process of the company until Aircall says', async () => {
  // Prepare: a fresh company (its own sandbox), and Aircall answering the next request 429 for 2 s.
  const company = await startAircallSandbox({
    apiId: 'paused-company',
    apiToken: 'company-api-token',
    rateLimitPerMinute: 600,
    users: [{ email: 'bob@example.com' }],
  });
  try {
    const north = {
      ...companyAccount('north', 'paused-company'),
      aircall: { ...companyAccount('north', 'paused-company').aircall, rateLimitPerMinute: 600, baseUrl: company.url },
    };
    const south = { ...north, id: 'south' };
    for (const a of [north, south])
      await putAccountWithCredentials({ store: backend.runtime.deps.store, credentials: backend.runtime.deps.credentials! }, a, Date.now());
    company.setFaults({ burst429: 1, retryAfterSeconds: 2 });

    // Act: north's process meets the 429 (and waits it out); then south's process, another account, asks.
    const northCall = backend.runtime.deps.clients.aircall(await account('north')).listUsers();
    await waitForRequest(company, 429);
    const pausedAt = Date.now();
    const other = backend.otherProcess();
    await other.deps.clients.aircall((await other.deps.store.getAccount('south'))!).listUsers();
    await northCall;

    // Assess: south's request went out only once the pause was over.
    const answered = company.requests().filter((r) => r.status === 200);
    expect(answered).toHaveLength(2);
    for (const r of answered) expect(r.at).toBeGreaterThanOrEqual(pausedAt + 1_500);
  } finally {
    await company.close();
  }
});

async function waitForRequest(sandbox: AircallSandbox, status: number): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!sandbox.requests().some((r) => r.status === status)) {
    if (Date.now() > deadline) throw new Error(`no ${status} answered`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
