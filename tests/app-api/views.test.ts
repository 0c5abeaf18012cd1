// What the app is shown, from stored state and the audit trail (pure).
import { lastSyncView, ruleView, sideStatusView } from '../../lambdas/app-api/views';
import { emptyAgentState } from '../../lambdas/store/knowledge';
import type { AgentState, AuditEntry } from '../../lambdas/store/port';
import { DEFAULT_MAPPING } from '../../shared/sync/mapping';

const state = (patch: Partial<AgentState>): AgentState => ({ ...emptyAgentState(), ...patch });
const entry = (at: number, patch: Partial<AuditEntry>): AuditEntry => ({
  id: `${at}`,
  account: 'acme',
  agent: 'ann@example.com',
  at,
  kind: 'decision',
  ...patch,
});

describe('sideStatusView', () => {
  test('an Aircall unavailable reason and a Zendesk custom status are shown as detail', () => {
    const s = state({
      observed: {
        aircall: { status: { availabilityStatus: 'unavailable', substatus: { kind: 'reason', reason: 'out_for_lunch' } }, version: 1, observedAt: 100 },
        zendesk: { status: { kind: 'custom', id: '36', name: 'In a meeting' }, version: 2, observedAt: 200 },
      },
    });
    expect(sideStatusView('aircall', s)).toEqual({ key: 'unavailable', detail: 'out_for_lunch', observedAt: 100 });
    expect(sideStatusView('zendesk', s)).toEqual({ key: 'custom:36', detail: 'In a meeting', observedAt: 200 });
  });

  test('our write counts when newer than what the side reported; absent when nothing is known', () => {
    const s = state({
      observed: { zendesk: { status: { kind: 'default', name: 'online' }, version: 2, observedAt: 200 } },
      written: { zendesk: { value: 'offline', at: 300 } },
    });
    expect(sideStatusView('zendesk', s)).toEqual({ key: 'offline', observedAt: 300 });
    expect(sideStatusView('aircall', s)).toBeUndefined();
  });
});

describe('ruleView', () => {
  const aircall = (key: string) => ({ aircall: { key, observedAt: 1 } });
  test('the mapping row for the source status, "not synced" as to: null, nothing when off or unknown', () => {
    expect(ruleView({ direction: 'aircall_to_zendesk', source: 'installation' }, DEFAULT_MAPPING, aircall('available'))).toEqual({
      from: { side: 'aircall', key: 'available' },
      to: { side: 'zendesk', key: 'online' },
    });
    expect(ruleView({ direction: 'aircall_to_zendesk', source: 'installation' }, DEFAULT_MAPPING, aircall('custom'))).toEqual({
      from: { side: 'aircall', key: 'custom' },
      to: null,
    });
    expect(ruleView({ direction: 'off', source: 'installation' }, DEFAULT_MAPPING, aircall('available'))).toBeUndefined();
    expect(ruleView({ direction: 'zendesk_to_aircall', source: 'accounts_file' }, DEFAULT_MAPPING, aircall('available'))).toBeUndefined();
  });
});

describe('lastSyncView', () => {
  test('the newest write, failure or skip; re-checks (echo, duplicate, stale) do not hide it', () => {
    const trail = [
      entry(500, { kind: 'decision', decision: 'skip', reason: 'duplicate' }),
      entry(400, { kind: 'webhook_ignored', reason: 'stale' }),
      entry(300, { kind: 'write', decision: 'write', detail: { side: 'zendesk', status: 'offline', version: 7 } }),
      entry(200, { kind: 'write_failed', reason: 'ServerError' }),
    ];
    expect(lastSyncView(trail)).toEqual({ at: 300, outcome: 'written', wrote: { side: 'zendesk', key: 'offline' } });
    expect(lastSyncView(trail.slice(3))).toEqual({ at: 200, outcome: 'failed', reason: 'ServerError' });
    expect(lastSyncView([entry(600, { decision: 'skip', reason: 'not_mapped' }), ...trail])).toEqual({ at: 600, outcome: 'skipped', reason: 'not_mapped' });
    expect(lastSyncView(trail.slice(0, 2))).toEqual({ at: 500, outcome: 'skipped', reason: 'duplicate' });
    expect(lastSyncView([])).toBeUndefined();
  });
});
