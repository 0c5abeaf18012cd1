// The demo promise: a status changed through a sandbox's control API reaches the other sandbox.
import { startHarness, waitFor, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ agents: 3, direction: 'aircall_to_zendesk' });
});
afterAll(async () => h?.close());

test('an Aircall change reaches Zendesk through webhook, queue and worker', async () => {
  const email = h.emails[0] as string;
  h.sandboxes.aircall.setStatus(email, 'unavailable');
  await waitFor('Zendesk offline', () => h.zendeskStatus(email) === 'offline');
  h.sandboxes.aircall.setStatus(email, 'available');
  await waitFor('Zendesk online', () => h.zendeskStatus(email) === 'online');
});
