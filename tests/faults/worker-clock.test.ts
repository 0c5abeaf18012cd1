// Issue 10 §2: the worker's clock (no hold past the invocation's deadline) and one clock for ordering Aircall changes
// against our own writes. On the real runtime over dynalite and fauxqs, deliveries posted through the webhook handler.
import { withDeadline } from '../../lambdas/http/deadline';
import { RetryLaterError } from '../../lambdas/sync/errors';
import { syncAgent } from '../../lambdas/sync/sync-agent';
import { decide } from '../../shared/sync/decide';
import { syncSettings } from '../../shared/sync/direction';
import { DEFAULT_MAPPING } from '../../shared/sync/mapping';
import { aircallStatusBody, startBackend, testAccount, type Backend } from './backend';

const EMAIL = 'ann@example.com';
let backend: Backend;
const sleeps: number[] = [];

beforeAll(async () => {
  backend = await startBackend('clock', {
    accounts: [{ ...testAccount(), direction: 'aircall_to_zendesk' }],
    deps: { sleep: async (ms: number) => void sleeps.push(ms) },
  });
  const { store } = backend.runtime.deps;
  await store.putLink('acme', { email: EMAIL, aircallUserId: '456', zendeskUserId: '10011' }, Date.now());
});
beforeEach(async () => {
  sleeps.length = 0;
  // The direction in force, freshly read: no Zendesk read in these tests.
  const now = Date.now();
  await backend.runtime.deps.store.putDirectionSnapshot('acme', {
    direction: 'aircall_to_zendesk',
    source: 'accounts_file',
    keepInStep: false,
    checkedAt: now,
    attemptedAt: now,
  });
  backend.runtime.accounts.forget('acme');
});

describe('the worker never waits past its invocation', () => {
  test('a flapping agent that needs 7 s of quiet, 4 s before the deadline, goes back to the queue with that wait instead of sleeping', async () => {
    // Prepare: two Aircall changes one second apart, just now (a flapping agent is settled for 8 s).
    const second = Math.floor(Date.now() / 1000);
    expect((await backend.post('aircall', 'acme', aircallStatusBody({ timestampSeconds: second - 1, status: 'unavailable' }))).statusCode).toBe(200);
    expect((await backend.post('aircall', 'acme', aircallStatusBody({ timestampSeconds: second, status: 'available' }))).statusCode).toBe(200);
    await backend.purge();
    // Act
    const run = withDeadline(Date.now() + 4_000, () => syncAgent(backend.runtime.deps, backend.runtime.accounts, { account: 'acme', agent: EMAIL }));
    // Assess
    const error = await run.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RetryLaterError);
    expect((error as RetryLaterError).retryAfterMs).toBeGreaterThan(4_000);
    expect((error as RetryLaterError).retryAfterMs).toBeLessThanOrEqual(8_000);
    expect(sleeps).toEqual([]);
  });

  test('a message scheduled for later by the sweep goes back until then, without reading anything', async () => {
    const error = await syncAgent(backend.runtime.deps, backend.runtime.accounts, { account: 'acme', agent: EMAIL, notBefore: Date.now() + 30_000 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RetryLaterError);
    expect((error as RetryLaterError).retryAfterMs).toBeGreaterThan(29_000);
  });
});

describe('one clock for ordering: a person’s Aircall change in the same second as our write is newer than the write', () => {
  test('Zendesk → Aircall: after our write of available, the agent sets unavailable 200 ms later; their next Zendesk online is written', async () => {
    // Prepare: our write to Aircall (available) at W, well inside its second.
    const { store } = backend.runtime.deps;
    const agent = 'bob@example.com';
    await store.putLink('acme', { email: agent, aircallUserId: '457', zendeskUserId: '10012' }, Date.now());
    let w = Date.now();
    if (w % 1000 > 600) {
      await new Promise((r) => setTimeout(r, 1000 - (w % 1000) + 50));
      w = Date.now();
    }
    const zendeskChange = { side: 'zendesk' as const, agent, status: { kind: 'default' as const, name: 'online' as const }, version: 5, observedAt: w - 2_000 };
    await store.recordObservation('acme', agent, 'zendesk', zendeskChange);
    await store.recordOutcome('acme', agent, zendeskChange, { action: 'write', side: 'aircall', agent, status: 'available', sourceVersion: 5 }, w);
    // Act: the agent's own Aircall change, stamped with the same whole second, received after the write.
    await new Promise((r) => setTimeout(r, 200));
    expect(
      (await backend.post('aircall', 'acme', aircallStatusBody({ timestampSeconds: Math.floor(w / 1000), status: 'unavailable', email: agent, userId: 457 })))
        .statusCode,
    ).toBe(200);
    // Assess: the stack knows Aircall is unavailable, so the agent's next Zendesk online is written, not skipped.
    const known = await store.loadKnowledge('acme', agent);
    expect(known.current.aircall?.availabilityStatus).toBe('unavailable');
    const settings = syncSettings({ direction: 'zendesk_to_aircall', source: 'accounts_file' }, DEFAULT_MAPPING, 120_000);
    const next = decide({ ...settings, period: undefined }, { ...zendeskChange, version: 6, observedAt: Date.now() }, known);
    expect(next).toMatchObject({ action: 'write', side: 'aircall', status: 'available' });
  });
});
