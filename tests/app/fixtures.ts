// Backend answers for UI tests, typed by the contract the backend implements (shared/app-api.ts).
import type { AdminOverviewResponse, MeStatusResponse } from '../../shared/app-api';
import type { ConsoleResponse } from '../../shared/console';

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

/**
 * The admin console of an account with both sides connected and set up (shared/console.ts): two linked agents, one
 * unmatched on each side, both webhooks active, two audit entries.
 */
export function consoleResponse(now: number, overrides: Partial<ConsoleResponse> = {}): ConsoleResponse {
  return {
    account: { id: 'example', subdomain: 'example' },
    admin: { userId: '1', name: 'Ada Admin', email: 'ada@example.com' },
    sessionExpiresAt: now + 3_600_000,
    connections: {
      zendesk: {
        state: 'connected',
        subdomain: 'example',
        kind: 'oauth',
        grantor: { id: '1', name: 'Ada Admin', email: 'ada@example.com', role: 'admin' },
        scopes: ['read', 'write'],
        grantedAt: now - 3_600_000,
        tokenExpiresAt: now + 7_200_000,
        refreshTokenExpiresAt: now + 30 * 86_400_000,
      },
      aircall: { state: 'connected', kind: 'oauth', grantor: { id: '1', role: 'admin' }, grantedAt: now - 3_000_000 },
    },
    aircallConnectModes: { oauth: true, paste: true },
    webhooks: {
      zendesk: {
        side: 'zendesk',
        registered: true,
        active: true,
        webhookId: '01H',
        url: 'https://api.example.com/webhooks/zendesk/example',
        lastDeliveryAt: now - 120_000,
        lastDeliveryStatus: 'success',
        failures: 0,
        checkedAt: now - 60_000,
      },
      aircall: {
        side: 'aircall',
        registered: true,
        active: true,
        webhookId: '42',
        url: 'https://api.example.com/webhooks/aircall/example',
        lastDeliveryAt: now - 300_000,
      },
    },
    steps: [
      { step: 'zendesk_webhook', status: 'done', at: now - 2_900_000, detail: 'registered webhook 01H' },
      { step: 'aircall_webhook', status: 'done', at: now - 2_900_000 },
      { step: 'directory', status: 'done', at: now - 2_800_000, detail: '2 agents linked' },
      { step: 'first_sync', status: 'done', at: now - 2_800_000 },
    ],
    direction: { direction: 'aircall_to_zendesk', source: 'installation', keepInStep: false },
    agents: {
      linkedCount: 2,
      linked: [
        { email: 'jane@example.com', name: 'Jane Agent', zendeskUserId: '10011', aircallUserId: '501' },
        { email: 'tom@example.com', zendeskUserId: '10012', aircallUserId: '502' },
      ],
      unmatched: {
        aircall: [{ id: '777', email: 'solo.aircall@example.com', name: 'Solo Aircall' }],
        zendesk: [{ id: '888', email: 'solo.zendesk@example.com' }],
        builtAt: now - 10 * 60_000,
      },
    },
    budget: { used: 12, capacity: 60, perMinute: 60 },
    audit: [
      { at: now - 60_000, agent: 'jane@example.com', kind: 'write', decision: 'write', detail: { side: 'zendesk' } },
      { at: now - 120_000, agent: 'tom@example.com', kind: 'skip', decision: 'skip', reason: 'echo' },
    ],
    ...overrides,
  };
}
