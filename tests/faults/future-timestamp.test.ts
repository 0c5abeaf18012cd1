// Issue 10 §2, future timestamps: a delivery stamped more than MAX_FUTURE_SKEW_MS after its receipt is refused with
// 400 and counted, stores nothing, and so cannot make later real changes look stale. Real receivers and handlers on
// dynalite and fauxqs.
import { MAX_FUTURE_SKEW_MS, isTooFarAhead } from '../../shared/sync/clock';
import { aircallStatusBody, startBackend, zendeskHeaders, zendeskStatusBody, type Backend } from './backend';

const AGENT = 'ann@example.com';
let backend: Backend;

beforeAll(async () => {
  backend = await startBackend('future');
  await backend.runtime.deps.store.putLink('acme', { email: AGENT, aircallUserId: '456', zendeskUserId: '10011' }, Date.now());
});

describe('isTooFarAhead', () => {
  const now = Date.UTC(2026, 11, 3, 6);
  it('allows up to MAX_FUTURE_SKEW_MS ahead, and anything in the past', () => {
    expect(MAX_FUTURE_SKEW_MS).toBe(60_000);
    expect(isTooFarAhead(now + 60_000, now)).toBe(false);
    expect(isTooFarAhead(now - 86_400_000, now)).toBe(false);
    expect(isTooFarAhead(now + 60_001, now)).toBe(true);
    expect(isTooFarAhead(Number.NaN, now)).toBe(true);
  });
});

describe('Aircall', () => {
  it('refuses a forged future timestamp with 400, stores nothing, counts it; the next real change is accepted', async () => {
    // Prepare: a delivery with the right token, stamped an hour ahead.
    const nowSeconds = Math.floor(Date.now() / 1000);
    const forged = aircallStatusBody({ timestampSeconds: nowSeconds + 3600, status: 'unavailable' });

    // Act
    const refused = await backend.post('aircall', 'acme', forged);

    // Assess: refused and counted, and no trace: no observation, no queue message, no health note.
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toMatchObject({ status: 'too_far_ahead' });
    expect(backend.metrics.counted).toContainEqual({ name: 'WebhookFromFuture', dimensions: { provider: 'aircall' } });
    const store = backend.runtime.deps.store;
    expect((await store.getAgentState('acme', AGENT)).observed).toEqual({});
    expect(await backend.queued()).toBe(0);
    expect((await store.getHealth('acme')).lastEventAt).toEqual({});

    // Act: the agent's real change, now.
    const real = await backend.post('aircall', 'acme', aircallStatusBody({ timestampSeconds: nowSeconds, status: 'available' }));

    // Assess: not stale; recorded and queued.
    expect(real).toMatchObject({ statusCode: 200, body: { status: 'accepted' } });
    expect((await store.getAgentState('acme', AGENT)).observed.aircall?.status).toEqual({ availabilityStatus: 'available' });
    expect(await backend.queued()).toBe(1);
  });

  it('accepts a timestamp a few seconds ahead (clock drift)', async () => {
    const body = aircallStatusBody({ timestampSeconds: Math.floor(Date.now() / 1000) + 30, status: 'unavailable', email: 'bob@example.com', userId: 457 });
    expect(await backend.post('aircall', 'acme', body)).toMatchObject({ statusCode: 200, body: { status: 'accepted' } });
  });
});

describe('Zendesk', () => {
  // `detail.version` is a per-agent counter, not a time (zendesk-api.md §9.4): the bound applies to the event's time.
  it('refuses an event time more than a minute ahead with 400; the next real change is accepted', async () => {
    const store = backend.runtime.deps.store;
    const ahead = new Date(Date.now() + 3_600_000).toISOString();
    const forged = zendeskStatusBody({ id: 'evt-future', agentId: '10011', version: 7, name: 'offline', updatedAt: ahead });

    const refused = await backend.post('zendesk', 'acme', forged, zendeskHeaders(forged));

    expect(refused.statusCode).toBe(400);
    expect(refused.body).toMatchObject({ status: 'too_far_ahead' });
    expect(backend.metrics.counted).toContainEqual({ name: 'WebhookFromFuture', dimensions: { provider: 'zendesk' } });
    expect((await store.getAgentState('acme', AGENT)).observed.zendesk).toBeUndefined();
    expect((await store.getHealth('acme')).lastEventAt.zendesk).toBeUndefined();

    const real = zendeskStatusBody({ id: 'evt-real', agentId: '10011', version: 7, name: 'online', updatedAt: new Date().toISOString() });
    expect(await backend.post('zendesk', 'acme', real, zendeskHeaders(real))).toMatchObject({ statusCode: 200, body: { status: 'accepted' } });
    expect((await store.getAgentState('acme', AGENT)).observed.zendesk?.version).toBe(7);
  });
});
