// Agent sync state: observations only if newer, outcomes as applyDecision would, and the knowledge built from both.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../lambdas/store/keys';
import { applyDecision, decide, DEFAULT_SETTINGS } from '../../shared/sync/decide';
import type { AircallStatus, ObservedChange } from '../../shared/sync/types';
import { createTestTable, type TestTable } from '../setup/aws';
import { emptyAgentState, knowledgeFromState } from '../../lambdas/store/knowledge';
import { observationOf, type ObservedStatus } from '../../lambdas/store/port';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable('state');
});

const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);
const available: AircallStatus = { availabilityStatus: 'available' };
const unavailable: AircallStatus = { availabilityStatus: 'unavailable', substatus: { kind: 'closed' } };
const obs = (status: AircallStatus, version: number, observedAt = T0): ObservedStatus<'aircall'> => ({ status, version, observedAt });
const link = (email: string) => ({ email, aircallUserId: '456', zendeskUserId: '10011' });

describe('recordObservation', () => {
  it('keeps the newest version only: older and equal versions are refused', async () => {
    // Prepare
    const store = table.store();
    const email = 'ann@example.com';
    // Act + Assess
    expect(await store.recordObservation('acme', email, 'aircall', obs(available, 20))).toBe(true);
    expect(await store.recordObservation('acme', email, 'aircall', obs(unavailable, 10))).toBe(false);
    expect(await store.recordObservation('acme', email, 'aircall', obs(unavailable, 20))).toBe(false);
    expect((await store.getAgentState('acme', email)).observed.aircall).toEqual(obs(available, 20));
    expect(await store.recordObservation('acme', email, 'aircall', obs(unavailable, 21, T0 + 5000))).toBe(true);
    const state = await store.getAgentState('acme', email);
    expect(state.observed.aircall).toEqual(obs(unavailable, 21, T0 + 5000));
    expect(state.previousObservedAt.aircall).toBe(T0);
  });

  it('does not count a bulk reading as a change: the first change after it is calm', async () => {
    // Prepare: the reconcile sweep reads the agent available; 5 s later a webhook says unavailable.
    const store = table.store();
    const email = 'reading@example.com';
    await store.recordObservation('acme', email, 'aircall', { ...obs(available, 10, T0), reading: true });
    // Act
    await store.recordObservation('acme', email, 'aircall', obs(unavailable, 20, T0 + 5000));
    // Assess: no earlier change is known, so settling does not take the agent for a flapping one.
    expect((await store.getAgentState('acme', email)).previousObservedAt.aircall).toBeUndefined();
    // A second real change does see the first.
    await store.recordObservation('acme', email, 'aircall', obs(available, 30, T0 + 7000));
    expect((await store.getAgentState('acme', email)).previousObservedAt.aircall).toBe(T0 + 5000);
  });

  it('keeps each side independent and normalises the email', async () => {
    const store = table.store();
    await store.recordObservation('acme', 'Bob@Example.com', 'aircall', obs(available, 5));
    await store.recordObservation('acme', 'bob@example.com', 'zendesk', {
      status: { kind: 'default', name: 'away' },
      version: 3,
      observedAt: T0,
      reason: 'AGENT_STATUS_SWITCHER',
    });
    const state = await store.getAgentState('acme', 'BOB@example.com');
    expect(state.observed.aircall?.version).toBe(5);
    expect(state.observed.zendesk).toEqual({ status: { kind: 'default', name: 'away' }, version: 3, observedAt: T0, reason: 'AGENT_STATUS_SWITCHER' });
    expect(state.previousObservedAt).toEqual({});
  });

  it('lets exactly one of several concurrent writers of one version win', async () => {
    const store = table.store();
    const results = await Promise.all(Array.from({ length: 8 }, () => store.recordObservation('acme', 'race@example.com', 'aircall', obs(available, 7))));
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});

describe('knowledgeFromState', () => {
  it('prefers what the side reported when it was observed at the very time of our write', () => {
    const state = { ...emptyAgentState(), observed: { aircall: obs(available, 1, T0) }, written: { aircall: { value: 'unavailable', at: T0 } } };
    expect(knowledgeFromState(state, true).current.aircall).toEqual(available);
    expect(knowledgeFromState({ ...state, written: { aircall: { value: 'unavailable', at: T0 + 1 } } }, true).current.aircall).toEqual({
      availabilityStatus: 'unavailable',
      substatus: { kind: 'closed' },
    });
  });
});

describe('loadKnowledge', () => {
  it('an Aircall unavailable with a reason right after our plain unavailable is the agent’s change, never our echo', async () => {
    // Prepare: we wrote plain unavailable to Aircall at T0 (its echo never came); the agent then picked a reason.
    const store = table.store();
    const email = 'reason@example.com';
    await store.putLink('acme', link(email), T0);
    const zendesk: ObservedChange = { side: 'zendesk', agent: email, status: { kind: 'default', name: 'away' }, version: 7, observedAt: T0 - 1000 };
    await store.recordObservation('acme', email, 'zendesk', observationOf(zendesk));
    await store.recordOutcome('acme', email, zendesk, { action: 'write', side: 'aircall', agent: email, status: 'unavailable', sourceVersion: 7 }, T0);
    const lunch: AircallStatus = { availabilityStatus: 'unavailable', substatus: { kind: 'reason', reason: 'out_for_lunch' } };
    await store.recordObservation('acme', email, 'aircall', { status: lunch, version: 100, observedAt: T0 + 500 });
    // Act
    const known = await store.loadKnowledge('acme', email);
    // Assess: the core sees the agent's change, so the applied Zendesk change is not written over it.
    expect(known.changedAt?.aircall).toBe(T0 + 500);
    expect(known.current.aircall).toEqual(lunch);
  });

  it('is empty and unlinked for an unknown agent', async () => {
    expect(await table.store().loadKnowledge('acme', 'nobody@example.com')).toEqual({ linked: false, applied: {}, written: {}, current: {} });
  });

  it('takes, per side, the newer of the observed status and the status our write left', async () => {
    // Prepare: Aircall observed at T0; we wrote zendesk "offline" at T0 + 1s after observing zendesk "online" at T0.
    const store = table.store();
    const email = 'carol@example.com';
    await store.putLink('acme', link(email), T0);
    const change: ObservedChange = { side: 'aircall', agent: email, status: unavailable, version: 100, observedAt: T0 };
    await store.recordObservation('acme', email, 'aircall', observationOf(change));
    await store.recordObservation('acme', email, 'zendesk', { status: { kind: 'default', name: 'online' }, version: 1, observedAt: T0 });
    await store.recordOutcome('acme', email, change, { action: 'write', side: 'zendesk', agent: email, status: 'offline', sourceVersion: 100 }, T0 + 1000);
    // Act
    const known = await store.loadKnowledge('acme', email);
    // Assess
    expect(known).toEqual({
      linked: true,
      applied: { aircall: 100 },
      written: { zendesk: { value: 'offline', at: T0 + 1000 } },
      current: { aircall: unavailable, zendesk: { kind: 'default', name: 'offline' } },
      // Nobody but us wrote Zendesk since; Aircall (never written by us) was last set by a person at T0.
      changedAt: { aircall: T0 },
      // The newest version observed per side: what a two-way write goes over (its write journal, issue 14).
      versions: { aircall: 100, zendesk: 1 },
      observedAt: { aircall: T0, zendesk: T0 },
    });

    // A later Zendesk observation (the agent went online again) beats our older write, and counts as their change.
    await store.recordObservation('acme', email, 'zendesk', { status: { kind: 'default', name: 'online' }, version: 2, observedAt: T0 + 60_000 });
    const after = await store.loadKnowledge('acme', email);
    expect(after.current.zendesk).toEqual({ kind: 'default', name: 'online' });
    expect(after.changedAt).toEqual({ aircall: T0, zendesk: T0 + 60_000 });

    // The echo of our own write (the value we wrote) is not somebody's change.
    await store.recordObservation('acme', email, 'zendesk', { status: { kind: 'default', name: 'offline' }, version: 3, observedAt: T0 + 61_000 });
    await store.recordOutcome('acme', email, change, { action: 'write', side: 'zendesk', agent: email, status: 'offline', sourceVersion: 100 }, T0 + 61_000);
    expect((await store.loadKnowledge('acme', email)).changedAt).toEqual({ aircall: T0 });

    // A two-way write keeps the version it went over (the write journal); a sweep's reading is marked as one.
    await store.recordOutcome(
      'acme',
      email,
      change,
      { action: 'write', side: 'aircall', agent: email, status: 'available', sourceVersion: 100, afterVersion: 100 },
      T0 + 62_000,
    );
    await store.recordObservation('acme', email, 'zendesk', { status: { kind: 'default', name: 'away' }, version: 4, observedAt: T0 + 63_000, reading: true });
    const journal = await store.loadKnowledge('acme', email);
    expect(journal.written.aircall).toEqual({ value: 'available', at: T0 + 62_000, afterVersion: 100 });
    expect(journal.readings).toEqual({ zendesk: true });
  });

  it('persists what applyDecision computes, so a redelivery is a duplicate', async () => {
    // Prepare
    const store = table.store();
    const email = 'dan@example.com';
    const settings = { ...DEFAULT_SETTINGS, direction: 'aircall_to_zendesk' as const };
    await store.putLink('acme', link(email), T0);
    const change: ObservedChange = { side: 'aircall', agent: email, status: available, version: 50, observedAt: T0 };
    await store.recordObservation('acme', email, 'aircall', observationOf(change));
    const before = await store.loadKnowledge('acme', email);
    const decision = decide(settings, change, before);
    expect(decision.action).toBe('write');
    // Act
    await store.recordOutcome('acme', email, change, decision, T0 + 500);
    const after = await store.loadKnowledge('acme', email);
    // Assess
    expect(after).toEqual(applyDecision(before, change, decision, T0 + 500));
    expect(decide(settings, change, after)).toMatchObject({ action: 'skip', reason: 'duplicate' });
  });

  it('moves applied on already_in_state, never backwards, and leaves it on other skips', async () => {
    const store = table.store();
    const email = 'erin@example.com';
    const change = (version: number): ObservedChange => ({ side: 'aircall', agent: email, status: available, version, observedAt: T0 });
    await store.recordOutcome('acme', email, change(30), { action: 'skip', reason: 'already_in_state', agent: email, sourceVersion: 30 }, T0);
    await store.recordOutcome('acme', email, change(20), { action: 'skip', reason: 'already_in_state', agent: email, sourceVersion: 20 }, T0);
    await store.recordOutcome('acme', email, change(40), { action: 'skip', reason: 'not_mapped', agent: email, sourceVersion: 40 }, T0);
    expect((await store.getAgentState('acme', email)).applied).toEqual({ aircall: 30 });
    // A write for an older version still records the write, without moving applied back.
    await store.recordOutcome('acme', email, change(25), { action: 'write', side: 'zendesk', agent: email, status: 'online', sourceVersion: 25 }, T0 + 10);
    const state = await store.getAgentState('acme', email);
    expect(state.applied).toEqual({ aircall: 30 });
    expect(state.written).toEqual({ zendesk: { value: 'online', at: T0 + 10 } });
  });

  it('does not let an observation and an outcome written at once clobber each other', async () => {
    const store = table.store();
    const email = 'fay@example.com';
    const change: ObservedChange = { side: 'aircall', agent: email, status: available, version: 9, observedAt: T0 };
    await Promise.all([
      store.recordObservation('acme', email, 'zendesk', { status: { kind: 'default', name: 'away' }, version: 4, observedAt: T0 }),
      store.recordOutcome('acme', email, change, { action: 'write', side: 'zendesk', agent: email, status: 'online', sourceVersion: 9 }, T0),
      store.recordObservation('acme', email, 'aircall', observationOf(change)),
    ]);
    const state = await store.getAgentState('acme', email);
    expect(state.observed.zendesk?.version).toBe(4);
    expect(state.observed.aircall?.version).toBe(9);
    expect(state.applied.aircall).toBe(9);
    expect(state.written.zendesk).toEqual({ value: 'online', at: T0 });
  });
});

describe("the worker's read and the taken mark (issue 15)", () => {
  it('reads without writing; only the outcome of the change it acted on makes a redelivery of it a duplicate', async () => {
    // Prepare: a change recorded by the webhook; the worker reads the agent.
    const store = table.store();
    const email = 'taken@example.com';
    const change: ObservedChange = { side: 'aircall', agent: email, status: unavailable, version: 50, observedAt: T0 };
    expect((await store.recordChange('acme', email, 'aircall', obs(unavailable, 50), 'evt-50')).recorded).toBe(true);
    const before = await table.doc.send(new GetCommand({ TableName: table.tableName, Key: keys.state('acme', email) }));
    const read = await store.takeAgentState('acme', email);
    const after = await table.doc.send(new GetCommand({ TableName: table.tableName, Key: keys.state('acme', email) }));
    expect(read.observed.aircall?.version).toBe(50);
    expect(after.Item).toEqual(before.Item);
    // Act / Assess: read but nothing written yet, a redelivery is not taken (it is queued again: harmless).
    expect(await store.recordChange('acme', email, 'aircall', obs(unavailable, 50), 'evt-50')).toMatchObject({
      recorded: false,
      sameEvent: true,
      taken: false,
    });
    // A newer change recorded after the read is not marked by the outcome of the one the worker acted on.
    await store.recordOutcome('acme', email, change, { action: 'write', side: 'zendesk', agent: email, status: 'offline', sourceVersion: 50 }, T0 + 100);
    expect(await store.recordChange('acme', email, 'aircall', obs(unavailable, 50), 'evt-50')).toMatchObject({ recorded: false, taken: true });
    expect((await store.recordChange('acme', email, 'aircall', obs(available, 51), 'evt-51')).recorded).toBe(true);
    expect(await store.recordChange('acme', email, 'aircall', obs(available, 51), 'evt-51')).toMatchObject({ recorded: false, sameEvent: true, taken: false });
  });

  it('gives an empty state for an agent never recorded, and writes nothing', async () => {
    expect(await table.store().takeAgentState('acme', 'never@example.com')).toEqual(emptyAgentState());
    const out = await table.doc.send(new GetCommand({ TableName: table.tableName, Key: keys.state('acme', 'never@example.com') }));
    expect(out.Item).toBeUndefined();
  });
});
