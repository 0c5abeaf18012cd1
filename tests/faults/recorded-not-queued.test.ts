// Issue 10 §2, recorded but not queued: when the agent's sync could not be queued after its change was recorded
// (the enqueue failed, or the process died in between), the provider's redelivery of the same change queues it again
// instead of answering `stale` or `duplicate` and leaving it to the sweep. An older change stays stale; a delivery
// that was queued is a duplicate. Real receivers and handlers on dynalite and fauxqs.
import type { SyncQueue } from '../../lambdas/queue/port';
import { waitFor } from '../e2e/harness';
import { aircallStatusBody, startBackend, zendeskHeaders, zendeskStatusBody, type Backend } from './backend';

const AGENT = 'ann@example.com';

/** The queue, except that the next `enqueueAgentSync` does `fault` instead. */
function faultyQueue(fault: 'fail' | 'hang') {
  let armed = false;
  const wrap = (real: SyncQueue): SyncQueue => ({
    enqueueAgentSync: (message, dedupeId) => {
      if (!armed) return real.enqueueAgentSync(message, dedupeId);
      armed = false;
      return fault === 'fail' ? Promise.reject(new Error('SQS is unavailable')) : new Promise<never>(() => {});
    },
    enqueueAgentSyncs: (entries) => real.enqueueAgentSyncs(entries),
    enqueueDirectoryRefresh: (account, dedupeId) => real.enqueueDirectoryRefresh(account, dedupeId),
    enqueueAccountSweep: (account, dedupeId) => real.enqueueAccountSweep(account, dedupeId),
    retryAfter: (handle, ms) => real.retryAfter(handle, ms),
  });
  return { wrap, arm: () => (armed = true) };
}

describe('the enqueue fails after the change was recorded', () => {
  const queue = faultyQueue('fail');
  let backend: Backend;
  beforeAll(async () => {
    backend = await startBackend('requeue-fail', { wrapQueue: queue.wrap });
  });

  it('answers 500, and the redelivery queues the agent', async () => {
    // Prepare: stamped in an earlier second, as a retry is (its order time is then the end of that second).
    const body = aircallStatusBody({ timestampSeconds: Math.floor(Date.now() / 1000) - 2, status: 'unavailable' });
    queue.arm();

    // Act
    const first = await backend.post('aircall', 'acme', body);
    const redelivery = await backend.post('aircall', 'acme', body);

    // Assess: the change was recorded by the first, and queued by the redelivery.
    expect(first.statusCode).toBe(500);
    expect((await backend.runtime.deps.store.getAgentState('acme', AGENT)).observed.aircall?.status).toEqual({ availabilityStatus: 'unavailable' });
    expect(redelivery).toMatchObject({ statusCode: 200, body: { status: 'accepted' } });
    expect(await backend.receive()).toEqual([expect.objectContaining({ account: 'acme', agent: AGENT })]);

    // A third copy, once queued, is a duplicate.
    expect(await backend.post('aircall', 'acme', body)).toMatchObject({ statusCode: 200, body: { status: 'duplicate' } });
  });

  it("the same for Zendesk, whose version is the event's own counter", async () => {
    // Prepare
    await backend.runtime.deps.store.putLink('acme', { email: 'zoe@example.com', aircallUserId: '900', zendeskUserId: '20022' }, Date.now());
    const body = zendeskStatusBody({ id: 'evt-1', agentId: '20022', version: 4, name: 'offline', updatedAt: new Date().toISOString() });
    queue.arm();

    // Act
    const first = await backend.post('zendesk', 'acme', body, zendeskHeaders(body));
    const redelivery = await backend.post('zendesk', 'acme', body, zendeskHeaders(body));

    // Assess
    expect(first.statusCode).toBe(500);
    expect(redelivery).toMatchObject({ statusCode: 200, body: { status: 'accepted' } });
    expect(await backend.receive()).toEqual([expect.objectContaining({ account: 'acme', agent: 'zoe@example.com' })]);
  });
});

describe('the process dies between recording and queueing', () => {
  const queue = faultyQueue('hang');
  let backend: Backend;
  beforeAll(async () => {
    backend = await startBackend('requeue-crash', { wrapQueue: queue.wrap });
  });

  it('the redelivery queues the agent; an older change stays stale and queues nothing', async () => {
    // Prepare: the first delivery records the change, then its process never gets to queue it.
    const now = Math.floor(Date.now() / 1000) - 2;
    const body = aircallStatusBody({ timestampSeconds: now, status: 'unavailable' });
    queue.arm();
    void backend.post('aircall', 'acme', body);
    await waitFor('the change to be recorded', async () => (await backend.runtime.deps.store.getAgentState('acme', AGENT)).observed.aircall !== undefined);

    // Act: the provider redelivers (no 2xx came back).
    const redelivery = await backend.post('aircall', 'acme', body);

    // Assess
    expect(redelivery).toMatchObject({ statusCode: 200, body: { status: 'accepted' } });
    expect(await backend.receive()).toEqual([expect.objectContaining({ account: 'acme', agent: AGENT })]);

    // An older change than the one recorded is stale, and queues nothing.
    const older = await backend.post('aircall', 'acme', aircallStatusBody({ timestampSeconds: now - 5, status: 'available' }));
    expect(older).toMatchObject({ statusCode: 200, body: { status: 'stale' } });
    expect(await backend.queued()).toBe(1); // only the message received above, in flight
  });
});
