// Needs reconnect, then Connect again (issue 12 "When a refresh fails for good"): a revoked refresh token pauses the
// sync, the console says so, the changes of the pause are still recorded; the admin's Connect stores a new grant and
// one sweep replays what was missed.
import { CONSOLE_ROUTES, type ConsoleResponse } from '../../shared/console';
import { PAUSE_CHECK_TTL_MS } from '../../lambdas/credentials/connection';
import { waitFor } from '../e2e/harness';
import { sessionFrom, startOnboardingHarness, SUBDOMAIN, type OnboardingHarness } from './harness';

jest.setTimeout(90_000);

let h: OnboardingHarness;
beforeAll(async () => {
  h = await startOnboardingHarness();
});
afterAll(async () => h?.close());

const KEYS = { apiId: 'demo-api-id', apiToken: 'demo-api-token' };

/** The agent's Zendesk status name, as the sandbox holds it. */
const zendeskStatus = async (email: string) =>
  ((await (await fetch(`${h.sandboxes.zendesk.url}/_sandbox/agents/${email}`)).json()) as { agent?: { status?: { name?: string } } }).agent?.status?.name;

/** An Aircall status change made while sync is paused, once its webhook has recorded it. */
async function pausedAircallChange(email: string, status: string): Promise<void> {
  await fetch(`${h.sandboxes.aircall.url}/_sandbox/users/${email}/status`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ availability_status: status }),
  });
  await h.sandboxes.aircall.idle();
  await waitFor(
    'the paused change recorded',
    async () => (await h.deps.store.getAgentState(SUBDOMAIN, email)).observed.aircall?.status.availabilityStatus === status,
    10_000,
  );
}

it('a revoked grant shows needs reconnect; Connect again replays the change made meanwhile', async () => {
  const b = h.browser();
  const session = sessionFrom((await b.connectZendesk()).page);
  expect((await h.admin(session, 'POST', CONSOLE_ROUTES.aircallCredentials, KEYS)).status).toBe(200);
  const email = h.sandboxes.aircall.users()[0]?.email as string;
  // The first sync brings Zendesk in step with Aircall (available → online).
  await waitFor('the first sync', async () => (await zendeskStatus(email)) === 'online', 20_000);

  // Every token and refresh token dies (as a revoked grant): the next use fails for good.
  expect((await fetch(`${h.sandboxes.zendesk.url}/_sandbox/oauth/expire`, { method: 'POST', body: JSON.stringify({ refresh_tokens: true }) })).status).toBe(
    200,
  );
  await waitFor(
    'needs reconnect',
    async () => {
      await h.stack.reconcile({ accountId: SUBDOMAIN }).catch(() => undefined);
      return (await h.deps.credentials.getZendeskCredential(SUBDOMAIN))?.needsReconnect !== undefined;
    },
    20_000,
  );
  // A change while paused: recorded from its webhook, not synced (the worker skips a paused account).
  await pausedAircallChange(email, 'unavailable');
  const paused = (await h.admin(session, 'GET', CONSOLE_ROUTES.console)).body as ConsoleResponse;
  expect(paused.connections.zendesk.state).toBe('needs_reconnect');
  expect(paused.connections.zendesk.needsReconnect?.reason).toBeTruthy();
  expect(await zendeskStatus(email)).toBe('online'); // nothing could be written meanwhile

  // Connect again: a new grant, and the sweep replays the Aircall change.
  const again = sessionFrom((await h.browser().connectZendesk()).page);
  const view = (await h.admin(again, 'GET', CONSOLE_ROUTES.console)).body as ConsoleResponse;
  expect(view.connections.zendesk.state).toBe('connected');
  await waitFor('the replay', async () => (await zendeskStatus(email)) !== 'online', 30_000);
});

it('Aircall marked needs reconnect: pasting working keys again clears it and replays the change made meanwhile', async () => {
  const session = sessionFrom((await h.browser().connectZendesk()).page);
  expect((await h.admin(session, 'POST', CONSOLE_ROUTES.aircallCredentials, KEYS)).status).toBe(200);
  const email = h.sandboxes.aircall.users()[1]?.email as string;
  await waitFor('in step', async () => (await zendeskStatus(email)) === 'online', 20_000);

  // Aircall refused the stored credential (as the worker marks it, tests/e2e/aircall-credential-refused.test.ts).
  expect(await h.deps.credentials.markNeedsReconnect(SUBDOMAIN, 'aircall', 'Aircall refused the API key (403)', Date.now())).toBe(true);
  // A worker trusts its last pause check for PAUSE_CHECK_TTL_MS (a refused write meets the mark itself).
  await new Promise((resolve) => setTimeout(resolve, PAUSE_CHECK_TTL_MS + 500));
  await pausedAircallChange(email, 'unavailable');
  const paused = (await h.admin(session, 'GET', CONSOLE_ROUTES.console)).body as ConsoleResponse;
  expect(paused.connections.aircall.state).toBe('needs_reconnect');
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect(await zendeskStatus(email)).toBe('online'); // paused: nothing written

  // The admin pastes the keys again: the mark is gone and one sweep replays the change.
  expect((await h.admin(session, 'POST', CONSOLE_ROUTES.aircallCredentials, KEYS)).status).toBe(200);
  expect(((await h.admin(session, 'GET', CONSOLE_ROUTES.console)).body as ConsoleResponse).connections.aircall.state).toBe('connected');
  await waitFor('the replay', async () => (await zendeskStatus(email)) === 'offline', 30_000);
});
