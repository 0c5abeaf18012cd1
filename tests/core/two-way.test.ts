// Two-way sync's decisions, case by case (issue 14 §2): either side is a source, our echoes never propagate, the
// newest human change wins (the master side within a second), and a round trip that is not the identity stays put.
import { DEFAULT_ECHO_WINDOW_MS, decide, emptyKnowledge, type SyncSettings } from '../../shared/sync/decide';
import { DEFAULT_MAPPING } from '../../shared/sync/mapping';
import { decideOnSources } from '../../shared/sync/sources';
import { humanChangeWins } from '../../shared/sync/two-way';
import type { AgentKnowledge, ObservedChange, TwoWayMaster } from '../../shared/sync/types';
import type { ZendeskDefaultStatus } from '../../shared/zendesk/vocabulary';

const AGENT = 'ann@example.com';
const T = 1_795_000_000_000;
const settings = (twoWayMaster: TwoWayMaster = 'aircall', extra: Partial<SyncSettings> = {}): SyncSettings => ({
  direction: 'both',
  mapping: DEFAULT_MAPPING,
  echoWindowMs: DEFAULT_ECHO_WINDOW_MS,
  twoWayMaster,
  ...extra,
});
const zendesk = (name: ZendeskDefaultStatus, version: number, at: number, reason?: string): ObservedChange => ({
  side: 'zendesk',
  agent: AGENT,
  status: { kind: 'default', name },
  version,
  observedAt: at,
  ...(reason !== undefined && { reason }),
});
const aircall = (availabilityStatus: 'available' | 'unavailable', version: number, at: number): ObservedChange => ({
  side: 'aircall',
  agent: AGENT,
  status: { availabilityStatus },
  version,
  observedAt: at,
});
const known = (extra: Partial<AgentKnowledge> = {}): AgentKnowledge => ({ ...emptyKnowledge(true), ...extra });

describe('a change on either side is a source change', () => {
  it('Zendesk Away is written to Aircall as Unavailable, over the version Aircall had', () => {
    const k = known({ current: { aircall: { availabilityStatus: 'available' } }, versions: { aircall: 7 }, changedAt: { zendesk: T } });
    expect(decide(settings(), zendesk('away', 2, T, 'AGENT_STATUS_SWITCHER'), k)).toEqual({
      action: 'write',
      side: 'aircall',
      agent: AGENT,
      status: 'unavailable',
      sourceVersion: 2,
      afterVersion: 7,
    });
  });

  it('Aircall Available is written to Zendesk as Online', () => {
    const k = known({ current: { zendesk: { kind: 'default', name: 'offline' } }, changedAt: { aircall: T } });
    expect(decide(settings(), aircall('available', 5, T), k)).toMatchObject({ action: 'write', side: 'zendesk', status: 'online' });
  });
});

describe('our own write coming back never propagates', () => {
  const wroteAircall = { aircall: { value: 'unavailable', at: T, afterVersion: 7 } };

  it('the journal knows it by value, the version it went over and when it was stamped', () => {
    const k = known({ written: wroteAircall, current: { zendesk: { kind: 'default', name: 'offline' } } });
    expect(decide(settings(), aircall('unavailable', 8, T + 900), k)).toMatchObject({ action: 'skip', reason: 'echo' });
    // Not newer than what Aircall showed before our write: not ours (a person's, stale or not, decided on its merits).
    expect(decide(settings(), aircall('unavailable', 7, T + 900), k)).not.toMatchObject({ reason: 'echo' });
  });

  it('Zendesk PUBLIC_API with the value we wrote is ours; the agent switcher with the same value is theirs', () => {
    const k = known({ written: { zendesk: { value: 'offline', at: T } }, current: { aircall: { availabilityStatus: 'unavailable' } } });
    const late = T + 10_000; // stamped well after our write, but PUBLIC_API: ours
    expect(decide(settings(), zendesk('offline', 3, late, 'PUBLIC_API'), k)).toMatchObject({ reason: 'echo' });
    expect(decide(settings(), zendesk('offline', 3, T + 10, 'AGENT_STATUS_SWITCHER'), k)).not.toMatchObject({ reason: 'echo' });
  });

  it('a person setting a side back to the value we wrote, stamped seconds after our write, is theirs, and wins as the rival', () => {
    const k = known({
      written: { aircall: { value: 'unavailable', at: T } },
      current: { aircall: { availabilityStatus: 'unavailable' }, zendesk: { kind: 'default', name: 'online' } },
      observedAt: { aircall: T + 3_000, zendesk: T + 2_500 },
    });
    expect(decide(settings(), aircall('unavailable', 9, T + 3_000), k)).toMatchObject({ action: 'write', side: 'zendesk', status: 'offline' });
    // Zendesk's older change loses to it, though no changedAt marks Aircall (same value as our write).
    expect(decide(settings(), zendesk('online', 5, T + 2_500, 'AGENT_STATUS_SWITCHER'), k)).toMatchObject({ reason: 'changed_on_other_side' });
    // Stamped at the write: our echo.
    expect(decide(settings(), aircall('unavailable', 9, T + 500), k)).toMatchObject({ reason: 'echo' });
  });

  it('Away → Unavailable does not come back as Offline, even when the echo is not recognised (no journal)', () => {
    const k = known({ current: { zendesk: { kind: 'default', name: 'away' } }, changedAt: { aircall: T + 1_000, zendesk: T } });
    expect(decide(settings(), aircall('unavailable', 8, T + 1_000), k)).toMatchObject({ action: 'skip', reason: 'already_in_state' });
  });
});

describe('conflicts: the newest human change wins; within a second, the master side', () => {
  const both = (zAt: number, aAt: number) =>
    known({
      current: { aircall: { availabilityStatus: 'available' }, zendesk: { kind: 'default', name: 'offline' } },
      changedAt: { aircall: aAt, zendesk: zAt },
    });

  it.each<[string, 'aircall' | 'zendesk', number, number, TwoWayMaster]>([
    ['Zendesk 5 s later', 'zendesk', T + 5_000, T, 'aircall'],
    ['Aircall 5 s later', 'aircall', T, T + 5_000, 'zendesk'],
    ['within a second, master aircall', 'aircall', T + 900, T, 'aircall'],
    ['within a second, master zendesk', 'zendesk', T, T + 900, 'zendesk'],
  ])('%s: %s wins', (_, winner, zAt, aAt, master) => {
    const k = both(zAt, aAt);
    const changes = [aircall('available', 10, aAt), zendesk('offline', 4, zAt, 'AGENT_STATUS_SWITCHER')];
    const decided = decideOnSources(settings(master), changes, k);
    expect(decided?.change.side).toBe(winner);
    expect(decided?.decision).toMatchObject({ action: 'write', side: winner === 'aircall' ? 'zendesk' : 'aircall' });
    const loser = changes.find((c) => c.side !== winner) as ObservedChange;
    expect(decide(settings(master), loser, k)).toMatchObject({ action: 'skip', reason: 'changed_on_other_side' });
  });

  it('exactly one of two changes wins, whatever their times', () => {
    for (const gap of [-2_000, -1_000, -999, -1, 0, 1, 999, 1_000, 2_000])
      for (const master of ['aircall', 'zendesk'] as const) {
        const a = { side: 'aircall' as const, at: T };
        const z = { side: 'zendesk' as const, at: T + gap };
        expect(humanChangeWins(a, z, master)).not.toBe(humanChangeWins(z, a, master));
      }
  });

  it('within a second, a change seen by its event beats a sweep reading (not a change), whatever the master', () => {
    const k = known({
      current: { aircall: { availabilityStatus: 'available' }, zendesk: { kind: 'default', name: 'offline' } },
      changedAt: { aircall: T, zendesk: T + 40 },
      readings: { aircall: true },
    });
    const changes = [aircall('available', 10, T), zendesk('offline', 4, T + 40, 'AGENT_STATUS_SWITCHER')];
    expect(decideOnSources(settings('aircall'), changes, k)).toMatchObject({ change: { side: 'zendesk' }, decision: { action: 'write', side: 'aircall' } });
    expect(humanChangeWins({ side: 'aircall', at: T + 500, reading: true }, { side: 'zendesk', at: T }, 'aircall')).toBe(false);
    expect(humanChangeWins({ side: 'aircall', at: T + 5_000, reading: true }, { side: 'zendesk', at: T }, 'zendesk')).toBe(true);
  });

  it('a change our later write overwrote on its own side is stale', () => {
    const k = known({ written: { zendesk: { value: 'online', at: T + 2_000 } }, current: { aircall: { availabilityStatus: 'available' } } });
    expect(decide(settings(), zendesk('offline', 4, T + 1_000, 'AGENT_STATUS_SWITCHER'), k)).toMatchObject({ action: 'skip', reason: 'stale' });
  });
});

describe('keepInStep has no meaning with both', () => {
  it('decides the same with it on or off', () => {
    const k = known({ current: { aircall: { availabilityStatus: 'available' } }, changedAt: { aircall: T + 5_000, zendesk: T } });
    const change = zendesk('offline', 4, T, 'AGENT_STATUS_SWITCHER');
    expect(decide(settings('aircall', { keepInStep: true }), change, k)).toEqual(decide(settings(), change, k));
  });
});

describe('the single initial sync of a two-way period', () => {
  it('brings the other side to the master side once, over a person choice there', () => {
    const k = known({ current: { zendesk: { kind: 'default', name: 'offline' } }, changedAt: { zendesk: T + 5_000 } });
    const period = 'both@1';
    expect(decide(settings('aircall', { period }), aircall('available', 10, T), k)).toMatchObject({ action: 'write', side: 'zendesk', initial: period });
    expect(decide(settings('aircall', { period }), aircall('available', 10, T), { ...k, initialSync: period })).toMatchObject({
      action: 'skip',
      reason: 'changed_on_other_side',
    });
  });
});
