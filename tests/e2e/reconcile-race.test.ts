// Reconcile's bulk read is a snapshot: a change that arrives by webhook while it is in flight must win over it.
import type { StoredAccount } from '../../lambdas/store/port';
import { startHarness, waitFor, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ agents: 3, direction: 'aircall_to_zendesk' });
});
afterAll(async () => h?.close());

test('a change made while the sweep reads is not overwritten by the older reading', async () => {
  // Prepare: every agent in step (Aircall available, Zendesk online). The sweep's Aircall read returns a snapshot
  // taken before the agent goes unavailable, and only once that change's webhook has been recorded.
  const email = h.emails[0] as string;
  await h.stack.reconcile();
  const clients = h.stack.runtime.deps.clients;
  const original = clients.aircall.bind(clients);
  clients.aircall = (account: StoredAccount) => {
    const client = original(account);
    return {
      ...client,
      listUsers: async () => {
        const snapshot = await client.listUsers();
        h.sandboxes.aircall.setStatus(email, 'unavailable');
        await waitFor('the webhook recorded', async () => {
          const state = await h.stack.runtime.deps.store.getAgentState('acme', email);
          return state.observed.aircall?.status.availabilityStatus === 'unavailable';
        });
        return snapshot;
      },
    };
  };

  // Act
  try {
    await h.stack.reconcile();
  } finally {
    clients.aircall = original;
  }

  // Assess: the newer change stands, and Zendesk follows it and stays there.
  await waitFor('Zendesk offline', () => h.zendeskStatus(email) === 'offline');
  const state = await h.stack.runtime.deps.store.getAgentState('acme', email);
  expect(state.observed.aircall?.status.availabilityStatus).toBe('unavailable');
  await new Promise((r) => setTimeout(r, 1_500));
  expect(h.zendeskStatus(email)).toBe('offline');
});
