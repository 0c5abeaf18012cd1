// Issue 6: the direction an admin sets in the app's installation settings is the direction the backend applies.
// The admin's actions go through the Zendesk sandbox's control API (Admin Center's stand-in); the stack reads the
// settings through the Apps API every SETTINGS_REFRESH_SECONDS (1 s here), so each step waits a little longer than
// that and nothing else tells the stack. The accounts file says aircall_to_zendesk throughout: the fallback.
import type { AuditEntry } from '../../lambdas/store/port';
import { nextSecond, startHarness, waitFor, type Harness } from './harness';

const REFRESH_MS = 1_000;
let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    agents: 6,
    direction: 'aircall_to_zendesk',
    zendeskInitialStatus: 'online',
    env: { SETTINGS_REFRESH_SECONDS: String(REFRESH_MS / 1000) },
  });
  await h.stack.reconcile(); // the stack learns both sides; everything is in step
  await h.drained();
});
afterAll(async () => h?.close());

const agent = (n: number) => `agent0${n}@example.com`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Longer than the refresh period: a change the admin made before must be in force after it. */
const refreshPeriod = () => sleep(REFRESH_MS + 300);
const log = (since: number) => h.writeLog(since).map((w) => [w.side, w.agent, w.status, w.code]);
const snapshot = async () => (await h.stack.runtime.deps.store.getAccount(h.account.id))?.directionSnapshot;
const skipped = (reason: string) => (e: AuditEntry) => e.kind === 'decision' && e.decision === 'skip' && e.reason === reason;
const settingsEntry = (message: string) => (e: AuditEntry) => e.kind === 'settings' && String(e.detail?.message).startsWith(message);

/** What an admin does in Admin Center › Apps › the app, through the sandbox's control API. */
async function admin(method: 'POST' | 'PATCH' | 'DELETE', body?: unknown): Promise<void> {
  const id = method === 'POST' ? '' : `/${h.sandboxes.zendesk.installations()[0]?.id ?? 'none'}`;
  const res = await fetch(`${h.sandboxes.zendesk.url}/_sandbox/installations${id}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  expect(res.ok).toBe(true);
}

test('the app is installed with the sync settings only: no backend URL (issue 12), no secure setting (identity is Zendesk-signed, issue 13)', async () => {
  expect(h.sandboxes.zendesk.installations()).toEqual([
    expect.objectContaining({
      enabled: true,
      settings: { syncDirection: 'aircall_to_zendesk', keepInStep: false },
      secure_settings: {},
    }),
  ]);
  expect(await snapshot()).toMatchObject({ direction: 'aircall_to_zendesk', source: 'installation' });
});

test('flipped in the app settings: within the refresh period the other direction syncs and the first no longer does', async () => {
  const [a1, a2] = [agent(1), agent(2)];
  const since = Date.now();

  await admin('PATCH', { settings: { syncDirection: 'zendesk_to_aircall' } });
  await refreshPeriod();
  h.sandboxes.zendesk.setStatus(a1, 'away');
  await waitFor('Aircall unavailable after Zendesk away', () => h.aircallStatus(a1).availability_status === 'unavailable');
  // The direction took effect: a sweep gives every agent its single initial sync, to the new source's mapped state.
  await h.waitForAudit('the initial sweep', '*', since, (e) => e.kind === 'reconcile');
  await h.drained();
  for (const email of h.emails) expect(h.aircallStatus(email).availability_status).toBe(h.zendeskStatus(email) === 'online' ? 'available' : 'unavailable');

  // From now on only changes sync: an agent's own Aircall change stays (Aircall is the other side now).
  const after = Date.now();
  const before = h.aircallStatus(a2).availability_status;
  await nextSecond();
  h.sandboxes.aircall.setStatus(a2, before === 'available' ? 'unavailable' : 'available');
  await h.waitForAudit('the worker to leave it', a2, after, skipped('changed_on_other_side'));
  await h.drained();
  expect(log(after)).toEqual([]);
  expect(h.aircallStatus(a2).availability_status).not.toBe(before);
  await h.waitForAudit('the change audited', '*', since, settingsEntry('direction changed from aircall_to_zendesk to zendesk_to_aircall'));
  expect(await snapshot()).toMatchObject({ direction: 'zendesk_to_aircall', source: 'installation' });
});

test('the next reconcile brings agents to the new direction’s state', async () => {
  const a3 = agent(3);
  const since = Date.now();
  h.sandboxes.aircall.setDeliveryMode({ mode: 'drop', count: 1 });
  await nextSecond();
  h.sandboxes.aircall.setStatus(a3, 'unavailable'); // missed: no webhook, and Aircall is not the source yet
  await h.drained();
  expect(h.writes(since)).toMatchObject({ aircall: 0, zendesk: 0 });

  await admin('PATCH', { settings: { syncDirection: 'aircall_to_zendesk' } });
  await refreshPeriod();
  const result = await h.stack.reconcile({ accountId: h.account.id });
  await waitFor('Zendesk offline', () => h.zendeskStatus(a3) === 'offline' && h.zendeskStatus(agent(1)) === 'offline');
  await h.drained();

  // agent01 too: Zendesk away and Aircall unavailable were in step from Zendesk; from Aircall, Zendesk must be offline.
  // The direction's own sweep and this one may both queue them: each agent is still written once.
  expect(result[h.account.id]).not.toHaveProperty('error');
  expect(
    log(since)
      .filter(([, who]) => who === agent(1) || who === a3)
      .sort(),
  ).toEqual([
    ['zendesk', agent(1), 'offline', 200],
    ['zendesk', a3, 'offline', 200],
  ]);
  for (const email of h.emails) expect(h.zendeskStatus(email)).toBe(h.aircallStatus(email).availability_status === 'available' ? 'online' : 'offline');
});

test('an invalid value pauses sync, and the admin is told which setting and which values are allowed', async () => {
  const [a4, a5] = [agent(4), agent(5)];
  const since = Date.now();

  await admin('PATCH', { settings: { syncDirection: 'sideways' } });
  await refreshPeriod();
  await nextSecond();
  h.sandboxes.aircall.setStatus(a4, 'unavailable');
  h.sandboxes.zendesk.setStatus(a5, 'away');
  await h.waitForAudit('agent04 paused', a4, since, skipped('direction_off'));
  await h.waitForAudit('agent05 paused', a5, since, skipped('direction_off'));
  await h.drained();

  expect(h.writes(since)).toMatchObject({ aircall: 0, zendesk: 0 });
  expect(await snapshot()).toMatchObject({
    direction: 'off',
    source: 'installation',
    problem: { setting: 'syncDirection', value: 'sideways', allowed: ['aircall_to_zendesk', 'zendesk_to_aircall', 'both', 'off'] },
  });
  const entry = await h.waitForAudit('the pause audited', '*', since, settingsEntry('direction changed from aircall_to_zendesk to off'));
  expect(entry.detail?.message).toContain('"syncDirection" is "sideways", which is not allowed: use aircall_to_zendesk, zendesk_to_aircall, both or off');
});

test('a disabled installation falls back to the accounts file; so does an uninstalled one', async () => {
  const [a6, a1, a2] = [agent(6), agent(1), agent(2)];
  let since = Date.now();

  await admin('PATCH', { enabled: false }); // still "sideways": it no longer counts
  await refreshPeriod();
  await nextSecond();
  h.sandboxes.aircall.setStatus(a6, 'unavailable');
  await waitFor('Zendesk offline (accounts file: aircall_to_zendesk)', () => h.zendeskStatus(a6) === 'offline');
  await h.drained();
  expect(log(since).filter(([, agent]) => agent === a6)).toEqual([['zendesk', a6, 'offline', 200]]);
  // The direction took effect again (it was off): every agent had its single initial sync, to the mapped state.
  for (const email of h.emails) expect(h.zendeskStatus(email)).toBe(h.aircallStatus(email).availability_status === 'available' ? 'online' : 'offline');
  expect(await snapshot()).toMatchObject({ direction: 'aircall_to_zendesk', source: 'accounts_file' });

  await admin('PATCH', { enabled: true, settings: { syncDirection: 'zendesk_to_aircall' } });
  await refreshPeriod();
  h.sandboxes.zendesk.setStatus(a1, 'online');
  await waitFor('Aircall available (installation: zendesk_to_aircall)', () => h.aircallStatus(a1).availability_status === 'available');
  await h.drained();

  since = Date.now();
  await admin('DELETE');
  await refreshPeriod();
  await nextSecond();
  // A real change (agent02's Aircall status was flipped by an earlier test): the opposite of what it is.
  const next = h.aircallStatus(a2).availability_status === 'available' ? 'unavailable' : 'available';
  h.sandboxes.aircall.setStatus(a2, next);
  await waitFor('Zendesk follows Aircall (accounts file again)', () => h.zendeskStatus(a2) === (next === 'available' ? 'online' : 'offline'));
  await h.drained();
  // At most one write for agent02 (none when Zendesk was offline already), and every agent in the mapped state.
  expect(log(since).filter(([, agent]) => agent === a2).length).toBeLessThanOrEqual(1);
  for (const email of h.emails) expect(h.zendeskStatus(email)).toBe(h.aircallStatus(email).availability_status === 'available' ? 'online' : 'offline');
  expect(await snapshot()).toMatchObject({ direction: 'aircall_to_zendesk', source: 'accounts_file' });
});

test('Zendesk unreachable: the last known direction stays in force, and the error is recorded', async () => {
  const a5 = agent(5);
  await admin('POST', { settings: { syncDirection: 'zendesk_to_aircall' } });
  await h.refreshSettings();
  expect(await snapshot()).toMatchObject({ direction: 'zendesk_to_aircall', source: 'installation' });
  const since = Date.now();

  h.sandboxes.zendesk.setFaults({ outage: true });
  try {
    await refreshPeriod();
    h.sandboxes.zendesk.setStatus(a5, 'offline'); // the control API works in an outage; the webhook is delivered
    await waitFor('Aircall unavailable (zendesk_to_aircall kept)', () => h.aircallStatus(a5).availability_status === 'unavailable', 20_000);
    await h.drained();
    const kept = await snapshot();
    expect(kept).toMatchObject({ direction: 'zendesk_to_aircall', source: 'installation' });
    expect(kept?.error).toMatch(/503|unavailable/i);
  } finally {
    h.sandboxes.zendesk.clearFaults();
  }
  expect(log(since)).toEqual([['aircall', a5, 'unavailable', 200]]);
});
