// Issue 14 §1 in an account without omnichannel routing (§3): the call hold and its restore go through the Talk
// agent_state, the mode's own API, end to end against the sandboxes, once the opt-in `talkAgentState` setting is on.
import { startHarness, waitFor, type Harness } from './harness';

let h: Harness;
const talkState = (email: string) => h.sandboxes.zendesk.agent(email)?.channels.talk;

beforeAll(async () => {
  h = await startHarness({ agents: 2, direction: 'aircall_to_zendesk', zendeskInitialStatus: 'online', zendesk: { omnichannelRouting: false } });
  for (const installation of h.sandboxes.zendesk.installations())
    h.sandboxes.zendesk.updateInstallation(installation.id, {
      settings: { syncDirection: 'aircall_to_zendesk', callStatus: 'transfers_only', talkAgentState: true },
    });
  await h.refreshSettings();
  await h.stack.reconcile(); // detects the Talk mode and reads both sides
  await h.drained();
}, 60_000);
afterAll(async () => h?.close());

test('Talk agent_state held at transfers_only during the call, online again after it; no unified status write', async () => {
  const a = 'agent01@example.com';
  const since = Date.now();
  expect(talkState(a)).toBe('online');

  h.sandboxes.aircall.simulateCall(a, { outcome: 'answered', wrapUpSeconds: 30, pauseAt: 'after_call_work' });
  await waitFor('Talk agent_state held', () => talkState(a) === 'transfers_only');
  h.sandboxes.aircall.continueCall(a);
  await waitFor('Talk agent_state back to online', () => talkState(a) === 'online');
  await h.drained();

  const puts = h.sandboxes.zendesk.requests({ methods: ['PUT'] }).filter((r) => r.at >= since);
  expect(puts.filter((r) => /\/agent_statuses\/agents\//.test(r.path) && r.status < 300)).toHaveLength(0);
  expect(
    puts
      .filter((r) => r.path.includes('/channels/voice/availabilities/'))
      .map((r) => (r.body as { availability?: { agent_state?: string } }).availability?.agent_state),
  ).toEqual(['transfers_only', 'online']);
}, 60_000);
