// Issue 14 §3: accounts without omnichannel routing. Every seed mapping row, both directions, end to end in both
// modes (unified status, Talk agent_state), through HTTP only: sandbox → webhook or Talk poll → stack → queue →
// worker → sandbox. Then routing flipped mid-life: the next write uses the new API, and the change is audited.
// The Talk adapter is opt-in (`talkAgentState`, default off): it is on here; off is tests/e2e/talk-mode-off.test.ts.
import { DEFAULT_MAPPING } from '../../shared/sync/mapping';
import type { AuditEntry } from '../../lambdas/store/port';
import { nextSecond, startHarness, waitFor, type Harness } from './harness';

type Mode = 'unified' | 'talk';
const agent = (n: number) => `agent0${n}@example.com`;
const rows = (direction: 'aircall_to_zendesk' | 'zendesk_to_aircall') => DEFAULT_MAPPING.filter((row) => row.direction === direction);

/** Zendesk status writes the stack sent, per API: unified PUTs and Talk PUTs carrying agent_state. */
function zendeskWrites(h: Harness, since: number): { unified: number; talk: { agent: string; state: string; code: number }[] } {
  const puts = h.sandboxes.zendesk.requests({ methods: ['PUT'] }).filter((r) => r.at >= since);
  return {
    unified: puts.filter((r) => /\/agent_statuses\/agents\/[^/]+$/.test(r.path)).length,
    talk: puts
      .filter((r) => r.path.includes('/channels/voice/availabilities/'))
      .map((r) => ({
        agent: (h.sandboxes.zendesk.agent(Number(r.path.split('/').pop()))?.email ?? '').toLowerCase(),
        state: String((r.body as { availability?: { agent_state?: unknown } })?.availability?.agent_state),
        code: r.status,
      })),
  };
}

async function storedMode(h: Harness): Promise<Mode | undefined> {
  return (await h.stack.runtime.deps.store.getAccount(h.account.id))?.statusMode?.mode;
}

/** The opt-in setting of the Talk adapter, on throughout this file (it changes nothing for unified accounts). */
const TALK_ON = { talkAgentState: true } as const;

const modeAudit = (to: Mode) => (e: AuditEntry) => e.kind === 'settings' && e.decision === 'status_mode' && e.detail?.to === to;

describe.each(['unified', 'talk'] as const)('%s mode', (mode) => {
  let h: Harness;
  /** The agent's Zendesk state in this mode: the unified status, or the Talk agent_state. */
  const zendeskState = (email: string) => (mode === 'talk' ? h.sandboxes.zendesk.agent(email)?.channels.talk : h.zendeskStatus(email));
  /** A person changes their Zendesk status; without routing no event is sent, so the minute's Talk poll is run now. */
  const changeZendesk = async (email: string, state: 'online' | 'offline' | 'away' | 'transfers_only') => {
    if (mode === 'unified') {
      h.sandboxes.zendesk.setStatus(email, state);
      return;
    }
    h.sandboxes.zendesk.setTalkState(email, state);
    await h.stack.pollTalk();
  };

  beforeAll(async () => {
    h = await startHarness({ agents: 6, direction: 'aircall_to_zendesk', zendeskInitialStatus: 'online', zendesk: { omnichannelRouting: mode === 'unified' } });
    await h.setDirection('aircall_to_zendesk', TALK_ON);
    await h.stack.reconcile(); // detects the mode, and tells the stack both sides
    await h.drained();
    expect(await storedMode(h)).toBe(mode);
  });
  afterAll(async () => h?.close());

  test('aircall_to_zendesk: every seed row, written through the mode’s own API', async () => {
    const a = agent(1);
    const since = Date.now();
    // Starts in step (Aircall available, Zendesk online): unavailable first, so that every row changes something.
    const ordered = [...rows('aircall_to_zendesk')].sort((x, y) => (x.from === 'unavailable' ? -1 : y.from === 'unavailable' ? 1 : 0));
    expect(ordered.map((r) => r.from)).toEqual(['unavailable', 'available', 'custom']);
    for (const row of ordered) {
      await nextSecond();
      const stepSince = Date.now();
      const before = zendeskState(a);
      h.sandboxes.aircall.setStatus(a, row.from as 'available' | 'unavailable' | 'custom');
      if (row.to === null) {
        await h.waitForAudit(`not_mapped after Aircall ${row.from}`, a, stepSince, (e) => e.kind === 'decision' && e.reason === 'not_mapped');
        expect(zendeskState(a)).toBe(before);
      } else {
        await waitFor(`Zendesk ${row.to} after Aircall ${row.from}`, () => zendeskState(a) === row.to);
      }
    }
    await h.drained();

    const writes = zendeskWrites(h, since);
    if (mode === 'talk') {
      expect(writes.unified).toBe(0);
      expect(writes.talk).toEqual([
        { agent: a, state: 'offline', code: 200 },
        { agent: a, state: 'online', code: 200 },
      ]);
    } else {
      expect(writes.talk).toEqual([]);
      expect(writes.unified).toBe(2);
    }
    expect(h.writes(since).aircall).toBe(0);
  });

  test('zendesk_to_aircall: every seed row, read by webhook (unified) or by the Talk poll (talk)', async () => {
    await h.setDirection('zendesk_to_aircall', TALK_ON);
    const b = agent(2);
    expect([zendeskState(b), h.aircallStatus(b).availability_status]).toEqual(['online', 'available']);
    const since = Date.now();
    for (const row of rows('zendesk_to_aircall').filter((r) => r.from !== 'online')) {
      // Each row from online (Aircall available), so that each one is a write; then back to online.
      for (const [zendesk, aircall] of [
        [row.from, row.to],
        ['online', 'available'],
      ] as const) {
        await changeZendesk(b, zendesk as 'online' | 'offline' | 'away' | 'transfers_only');
        await waitFor(`Aircall ${aircall} after Zendesk ${zendesk}`, () => h.aircallStatus(b).availability_status === aircall);
      }
    }
    await h.drained();
    expect(
      h
        .writeLog(since)
        .filter((w) => w.side === 'aircall')
        .map((w) => [w.agent, w.status]),
    ).toEqual(
      ['offline', 'away', 'transfers_only'].flatMap(() => [
        [b, 'unavailable'],
        [b, 'available'],
      ]),
    );
    expect(zendeskWrites(h, since)).toEqual({ unified: 0, talk: [] });
  });

  test('routing flipped mid-life: the mode follows the event, is audited, and the next write uses the new API', async () => {
    await h.setDirection('aircall_to_zendesk', TALK_ON);
    const c = agent(3);
    const other: Mode = mode === 'talk' ? 'unified' : 'talk';
    const since = Date.now();

    h.sandboxes.zendesk.setRouting(other === 'unified');
    await h.waitForAudit(`the status mode audited as ${other}`, '*', since, modeAudit(other));
    expect(await storedMode(h)).toBe(other);

    await nextSecond();
    h.sandboxes.aircall.setStatus(c, 'unavailable');
    const offline = () => (other === 'talk' ? h.sandboxes.zendesk.agent(c)?.channels.talk : h.zendeskStatus(c)) === 'offline';
    await waitFor('Zendesk offline through the new API', offline);
    await h.drained();
    const writes = zendeskWrites(h, since);
    if (other === 'talk') expect(writes).toEqual({ unified: 0, talk: [{ agent: c, state: 'offline', code: 200 }] });
    else expect(writes).toEqual({ unified: 1, talk: [] });

    // The sweep reads the same mode again: no second audit entry.
    await h.stack.reconcile();
    await h.drained();
    const entries = (await h.audit('*')).filter((e) => e.at >= since && e.kind === 'settings' && e.decision === 'status_mode');
    expect(entries.map((e) => [e.detail?.from, e.detail?.to])).toEqual([[mode, other]]);
  });

  test('routing event lost: the write through the old API is refused, the mode is read again and the write goes through the new one', async () => {
    // After the previous test the account is in the other mode; flip back without the event reaching the stack.
    const back: Mode = mode;
    const d = agent(4);
    const since = Date.now();
    h.sandboxes.zendesk.setDeliveryMode({ mode: 'drop', count: 1 });
    h.sandboxes.zendesk.setRouting(back === 'unified');
    await h.sandboxes.zendesk.idle();
    h.sandboxes.zendesk.setDeliveryMode({ mode: 'normal' });
    expect(await storedMode(h)).not.toBe(back); // the stack has not heard

    await nextSecond();
    h.sandboxes.aircall.setStatus(d, 'unavailable');
    const state = () => (back === 'talk' ? h.sandboxes.zendesk.agent(d)?.channels.talk : h.zendeskStatus(d));
    await waitFor('Zendesk offline through the API of the mode now in force', () => state() === 'offline');
    await h.waitForAudit(`the status mode audited as ${back}`, '*', since, modeAudit(back));
    await h.drained();
    const writes = zendeskWrites(h, since);
    // The old API refuses (400: §7 for Talk; the sandbox's refusal for unified, tried in both body shapes, §6.2), then
    // the mode is read again and the new API writes.
    if (back === 'talk') {
      expect(writes.unified).toBe(2);
      expect(writes.talk).toEqual([{ agent: d, state: 'offline', code: 200 }]);
    } else {
      expect(writes.talk).toEqual([{ agent: d, state: 'offline', code: 400 }]);
      expect(writes.unified).toBe(1);
    }
    expect(await storedMode(h)).toBe(back);
  });
});
