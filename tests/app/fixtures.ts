// Backend answers for UI tests, typed by the contract the backend implements (shared/app-api.ts).
import type { AdminOverviewResponse, MeStatusResponse } from '../../shared/app-api';

/** A linked agent, Aircall → Zendesk, both Available/Online, last sync wrote Zendesk Online a minute before `now`. */
export function meStatus(now: number, overrides: Partial<MeStatusResponse> = {}): MeStatusResponse {
  return {
    account: 'example',
    direction: { direction: 'aircall_to_zendesk', source: 'installation', checkedAt: now - 30_000 },
    agent: { zendeskUserId: '10011', email: 'jane@example.com', name: 'Jane Agent', aircallUserId: '501' },
    linked: true,
    aircall: { key: 'available', observedAt: now - 61_000 },
    zendesk: { key: 'online', observedAt: now - 60_000 },
    rule: { from: { side: 'aircall', key: 'available' }, to: { side: 'zendesk', key: 'online' } },
    lastSync: { at: now - 60_000, outcome: 'written', wrote: { side: 'zendesk', key: 'online' } },
    ...overrides,
  };
}

/** An account overview with one unmatched agent on each side and two audit entries. */
export function adminOverview(now: number, overrides: Partial<AdminOverviewResponse> = {}): AdminOverviewResponse {
  return {
    account: 'example',
    direction: { direction: 'aircall_to_zendesk', source: 'installation' },
    health: {
      lastEventAt: { aircall: now - 5 * 60_000, zendesk: now - 2 * 3_600_000 },
      webhooks: { aircall: { registered: true, count: 1 }, zendesk: { registered: false, count: 0 } },
      budget: { used: 12, capacity: 60, perMinute: 60 },
    },
    linkedCount: 8,
    unmatched: {
      aircall: [{ id: '777', email: 'solo.aircall@example.com', name: 'Solo Aircall' }],
      zendesk: [{ id: '888', email: 'solo.zendesk@example.com' }],
      builtAt: now - 10 * 60_000,
    },
    audit: [
      { at: now - 60_000, agent: 'jane@example.com', kind: 'write', decision: 'write', detail: { side: 'zendesk' } },
      { at: now - 120_000, agent: 'tom@example.com', kind: 'skip', decision: 'skip', reason: 'echo' },
    ],
    ...overrides,
  };
}
