// Issue 14 §1, call-aware status, end to end against the sandboxes: the Aircall sandbox plays a call (paused on the
// call or in wrap-up as a test needs), its webhooks reach the stack, and Zendesk is held at `callStatus` and then
// given back. Each test uses its own agent.
import { startHarness, waitFor, type Harness } from './harness';

let h: Harness;
const installationSettings = (settings: Record<string, string | boolean>) => {
  for (const installation of h.sandboxes.zendesk.installations())
    h.sandboxes.zendesk.updateInstallation(installation.id, { settings: { syncDirection: 'aircall_to_zendesk', keepInStep: false, ...settings } });
};
const zendeskWrites = (since: number, agent: string) =>
  h
    .writeLog(since)
    .filter((w) => w.side === 'zendesk' && w.agent === agent)
    .map((w) => w.status);

beforeAll(async () => {
  h = await startHarness({ agents: 9, direction: 'aircall_to_zendesk', zendeskInitialStatus: 'online' });
  h.sandboxes.zendesk.addCustomStatus({ name: 'On a call' });
  installationSettings({ callStatus: 'transfers_only' });
  await h.refreshSettings();
  await h.stack.reconcile();
  await h.drained();
}, 60_000);
afterAll(async () => h?.close());

test('on a call Zendesk is held at callStatus; after the wrap-up the status from before comes back, once (call.ended too)', async () => {
  const a = 'agent01@example.com';
  const since = Date.now();

  // Answered, hung up, wrap-up started: paused there.
  h.sandboxes.aircall.simulateCall(a, { outcome: 'answered', wrapUpSeconds: 30, pauseAt: 'after_call_work', sendEnded: true });
  await waitFor('Zendesk held at Transfers only', () => h.zendeskStatus(a) === 'transfers_only');
  await h.drained();
  await new Promise((r) => setTimeout(r, 1_000)); // past any grace a missing wrap-up would end
  expect(h.zendeskStatus(a)).toBe('transfers_only');

  h.sandboxes.aircall.continueCall(a); // wrap-up ends, then call.ended
  await waitFor('Zendesk back to Online', () => h.zendeskStatus(a) === 'online');
  await h.drained();

  expect(zendeskWrites(since, a)).toEqual(['transfers_only', 'online']);
  expect(h.writes(since).aircall).toBe(0);
  const labels = h.sandboxes.aircall
    .deliveries()
    .filter((d) => d.enqueuedAt >= since)
    .map((d) => d.label);
  expect(labels).toEqual(expect.arrayContaining(['call.answered', 'call.hungup', 'user.wut_start', 'user.wut_end', 'call.ended']));
  const trail = await h.audit(a);
  expect(trail.find((e) => e.reason === 'call_hold')?.detail).toMatchObject({ side: 'zendesk', status: 'transfers_only', remembered: 'online' });
  expect(trail.filter((e) => e.reason === 'call_hold_restore')).toHaveLength(1);
}, 60_000);

test('no wrap-up (zero: no user.wut_*): the status comes back once the grace after call.hungup is over', async () => {
  const b = 'agent02@example.com';
  const since = Date.now();

  h.sandboxes.aircall.simulateCall(b, { outcome: 'answered', wrapUpSeconds: 0, pauseAt: 'in_call' });
  await waitFor('Zendesk held', () => h.zendeskStatus(b) === 'transfers_only');
  h.sandboxes.aircall.continueCall(b);
  await waitFor('Zendesk back to Online', () => h.zendeskStatus(b) === 'online', 30_000);

  expect(zendeskWrites(since, b)).toEqual(['transfers_only', 'online']);
}, 60_000);

test('an Aircall change during the call is held, then applied at the end instead of the old status', async () => {
  const c = 'agent03@example.com';
  const since = Date.now();

  h.sandboxes.aircall.simulateCall(c, { outcome: 'answered', wrapUpSeconds: 30, pauseAt: 'after_call_work' });
  await waitFor('Zendesk held', () => h.zendeskStatus(c) === 'transfers_only');
  h.sandboxes.aircall.setStatus(c, 'unavailable'); // in wrap-up the agent sets Aircall to Do Not Disturb
  await h.drained();
  expect(h.zendeskStatus(c)).toBe('transfers_only'); // still held

  h.sandboxes.aircall.continueCall(c);
  await waitFor('Zendesk offline (the newest Aircall change)', () => h.zendeskStatus(c) === 'offline');
  await h.drained();
  expect(zendeskWrites(since, c)).toEqual(['transfers_only', 'offline']);
}, 60_000);

test('the agent changes Zendesk during the call: theirs stays after it', async () => {
  const d = 'agent04@example.com';
  const since = Date.now();

  h.sandboxes.aircall.simulateCall(d, { outcome: 'answered', wrapUpSeconds: 30, pauseAt: 'in_call' });
  await waitFor('Zendesk held', () => h.zendeskStatus(d) === 'transfers_only');
  await h.drained();
  h.sandboxes.zendesk.setStatus(d, 'away');
  await h.drained();
  h.sandboxes.aircall.continueCall(d);
  await h.drained();
  await h.waitForAudit('the hold ended', d, since, (e) => e.reason === 'call_hold_leave');

  expect(h.zendeskStatus(d)).toBe('away');
  expect(zendeskWrites(since, d)).toEqual(['transfers_only']);
}, 60_000);

test('stuck call (its hang-up lost): the sweep reads Aircall, sees the agent free and gives the status back', async () => {
  const e = 'agent05@example.com';
  const since = Date.now();

  h.sandboxes.aircall.simulateCall(e, { outcome: 'answered', wrapUpSeconds: 0, pauseAt: 'in_call' });
  await waitFor('Zendesk held', () => h.zendeskStatus(e) === 'transfers_only');
  await h.drained();
  h.sandboxes.aircall.setDeliveryMode({ mode: 'drop', count: 1 });
  h.sandboxes.aircall.continueCall(e); // call.hungup is dropped
  await h.drained();
  h.sandboxes.aircall.setDeliveryMode({ mode: 'normal' });
  expect(h.zendeskStatus(e)).toBe('transfers_only');

  // Reading in_call still holds; reading the agent free (a few seconds after the last signal) releases.
  await new Promise((r) => setTimeout(r, 5_100));
  await h.stack.reconcile();
  await waitFor('Zendesk back to Online', () => h.zendeskStatus(e) === 'online');
  expect(zendeskWrites(since, e)).toEqual(['transfers_only', 'online']);
  expect(h.sandboxes.aircall.requests().some((r) => r.at >= since && r.path.startsWith('/v1/users/availabilities'))).toBe(true);
}, 60_000);

test('a custom status by name is held; an unknown name holds nothing; zendesk_to_aircall ignores the setting', async () => {
  const f = 'agent06@example.com';
  const g = 'agent07@example.com';
  const k = 'agent08@example.com';
  installationSettings({ callStatus: 'on a call' });
  await h.refreshSettings();
  const settingAudit = (await h.audit('*')).find((e) => e.kind === 'settings' && e.detail?.callStatus === 'on a call');
  expect(settingAudit?.detail?.message).toBe('call-aware status (callStatus) set to "on a call"');
  let since = Date.now();
  h.sandboxes.aircall.simulateCall(f, { outcome: 'answered', wrapUpSeconds: 30 });
  await waitFor('Zendesk back to Online', () => zendeskWrites(since, f).length === 2 && h.zendeskStatus(f) === 'online');
  expect(zendeskWrites(since, f)).toEqual(['On a call', 'online']);

  installationSettings({ callStatus: 'Busy' });
  await h.refreshSettings();
  since = Date.now();
  h.sandboxes.aircall.simulateCall(g, { outcome: 'answered', wrapUpSeconds: 30 });
  await h.drained();
  expect(zendeskWrites(since, g)).toEqual([]);

  installationSettings({ syncDirection: 'zendesk_to_aircall', callStatus: 'transfers_only' });
  await h.refreshSettings();
  await h.drained();
  since = Date.now();
  h.sandboxes.aircall.simulateCall(k, { outcome: 'answered', wrapUpSeconds: 30 });
  await h.drained();
  expect(zendeskWrites(since, k)).toEqual([]);
  installationSettings({ callStatus: 'transfers_only' });
  await h.refreshSettings();
}, 90_000);

test('two-way sync: the hold status is our own write, never sent back to Aircall; the agent stays in the call', async () => {
  const m = 'agent09@example.com';
  installationSettings({ syncDirection: 'both', callStatus: 'transfers_only' });
  await h.refreshSettings();
  await h.drained();
  const since = Date.now();

  h.sandboxes.aircall.simulateCall(m, { outcome: 'answered', wrapUpSeconds: 30, pauseAt: 'in_call' });
  await waitFor('Zendesk held', () => h.zendeskStatus(m) === 'transfers_only');
  await h.drained();
  expect(h.aircallStatus(m).availability_status).toBe('available');
  expect(h.sandboxes.aircall.user(m).availability).toBe('in_call');

  h.sandboxes.aircall.continueCall(m);
  await waitFor('Zendesk back to Online', () => h.zendeskStatus(m) === 'online');
  await h.drained();
  expect(zendeskWrites(since, m)).toEqual(['transfers_only', 'online']);
  expect(h.writes(since).aircall).toBe(0);
  expect(h.aircallStatus(m).availability_status).toBe('available');
  installationSettings({ callStatus: 'transfers_only' });
  await h.refreshSettings();
}, 60_000);

test('callStatus emptied while an agent is held: the sweep gives the status from before back', async () => {
  const n = 'agent02@example.com';
  installationSettings({ callStatus: 'transfers_only' });
  await h.refreshSettings();
  await h.drained();
  const since = Date.now();
  h.sandboxes.aircall.simulateCall(n, { outcome: 'answered', wrapUpSeconds: 30, pauseAt: 'in_call' });
  await waitFor('Zendesk held', () => h.zendeskStatus(n) === 'transfers_only');
  await h.drained();

  installationSettings({ callStatus: '' });
  await h.refreshSettings();
  await h.stack.reconcile();
  await waitFor('Zendesk back to Online', () => h.zendeskStatus(n) === 'online');
  const trail = await h.audit(n);
  expect(trail.find((e) => e.reason === 'call_hold_restore')?.detail).toMatchObject({ ended: 'setting_off', status: 'online' });

  h.sandboxes.aircall.continueCall(n); // the call ends with the feature off: nothing more is written
  await h.drained();
  expect(zendeskWrites(since, n)).toEqual(['transfers_only', 'online']);
  installationSettings({ callStatus: 'transfers_only' });
  await h.refreshSettings();
}, 60_000);

test('Zendesk already at the hold status (the agent set it): nothing is written during or after the call', async () => {
  const p = 'agent07@example.com';
  h.sandboxes.zendesk.setStatus(p, 'transfers_only');
  await h.drained();
  const since = Date.now();

  h.sandboxes.aircall.simulateCall(p, { outcome: 'answered', wrapUpSeconds: 30 });
  await h.drained();
  await h.waitForAudit('the hold ended', p, since, (e) => e.reason === 'call_hold_leave');

  expect(h.zendeskStatus(p)).toBe('transfers_only');
  expect(zendeskWrites(since, p)).toEqual([]);
}, 60_000);
