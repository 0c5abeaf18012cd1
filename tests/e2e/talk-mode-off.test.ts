// Issue 14 §3 is opt-in: in an account without omnichannel routing and with `talkAgentState` off (the default), the
// mode is still detected and stored, but nothing is read from or written to the Talk availability; the worker skips
// the Zendesk write with an audited reason, and the top bar (GET /api/me/status) says why. Turned on, Talk is synced.
import type { MeStatusResponse } from '../../shared/app-api';
import { signInAgent } from '../identity/helpers';
import { nextSecond, startHarness, waitFor, type Harness } from './harness';

let h: Harness;
const a = 'agent01@example.com';
const talkState = (email: string) => h.sandboxes.zendesk.agent(email)?.channels.talk;

/** Requests the stack sent to Zendesk's Talk availability API (reads and writes) since `since`. */
const talkRequests = (since: number) => h.sandboxes.zendesk.requests().filter((r) => r.at >= since && r.path.includes('/channels/voice/availabilities/'));

async function meStatus(email: string): Promise<MeStatusResponse> {
  const token = await signInAgent(h.stack.url, h.sandboxes.zendesk, email);
  const response = await fetch(`${h.stack.url}/api/me/status`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as MeStatusResponse;
}

beforeAll(async () => {
  h = await startHarness({ agents: 2, direction: 'aircall_to_zendesk', zendeskInitialStatus: 'online', zendesk: { omnichannelRouting: false } });
  await h.refreshSettings();
  await h.stack.reconcile(); // detects the Talk mode (stored and shown), reads Aircall only
  await h.drained();
  expect((await h.stack.runtime.deps.store.getAccount(h.account.id))?.statusMode?.mode).toBe('talk');
}, 60_000);
afterAll(async () => h?.close());

test('off (the default): no Talk read or write, the skip is audited and the top bar says why', async () => {
  const since = Date.now();
  expect(talkState(a)).toBe('online');
  await nextSecond();
  h.sandboxes.aircall.setStatus(a, 'unavailable');
  const skip = await h.waitForAudit('the Zendesk write skipped', a, since, (e) => e.kind === 'decision' && e.reason === 'talk_mode_off');
  expect(skip.detail).toMatchObject({ side: 'zendesk', status: 'offline', setting: 'talkAgentState' });
  // Neither the minute's Talk poll nor a sweep reads Talk.
  expect(await h.stack.pollTalk({ accountId: h.account.id })).toMatchObject({ [h.account.id]: { mode: 'talk', read: 0, skipped: 'talk_mode_off' } });
  await h.stack.reconcile();
  await h.drained();

  expect(talkState(a)).toBe('online');
  expect(talkRequests(since)).toEqual([]);
  expect(h.sandboxes.zendesk.requests({ methods: ['PUT'] }).filter((r) => r.at >= since)).toEqual([]);
  const me = await meStatus(a);
  expect(me.zendeskStatusMode).toEqual({ mode: 'talk', state: 'talk_off' });
  expect(me.lastSync).toMatchObject({ outcome: 'skipped', reason: 'talk_mode_off' });
}, 60_000);

test('turned on: audited, the top bar shows the Talk availability in use, the kept change is applied by the sweep, then changes go to Talk', async () => {
  const since = Date.now();
  await h.setDirection('aircall_to_zendesk', { talkAgentState: true });
  await h.waitForAudit('the setting change audited', '*', since, (e) => e.kind === 'settings' && /talkAgentState\) turned on/.test(String(e.detail?.message)));
  expect((await meStatus(a)).zendeskStatusMode).toEqual({ mode: 'talk', state: 'talk_in_use' });

  // The Aircall change skipped while off was kept: the next sweep applies it.
  await h.stack.reconcile();
  await h.drained();
  expect(talkState(a)).toBe('offline');
  expect(talkRequests(since).filter((r) => r.method === 'PUT')).toMatchObject([{ status: 200, body: { availability: { agent_state: 'offline' } } }]);

  const changed = Date.now();
  await nextSecond();
  h.sandboxes.aircall.setStatus(a, 'available');
  await waitFor('Talk agent_state online after Aircall available', () => talkState(a) === 'online');
  await h.drained();
  expect(talkRequests(changed).filter((r) => r.method === 'PUT')).toMatchObject([{ status: 200, body: { availability: { agent_state: 'online' } } }]);
  expect((await h.audit(a)).filter((e) => e.at >= since && e.reason === 'talk_mode_off')).toEqual([]);
}, 60_000);
