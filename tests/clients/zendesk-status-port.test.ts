// Issue 14 §3: the status port's two adapters (unified, talk) and the mode detection, against the Zendesk sandbox.
import { ApiError, InvalidInputError } from '../../lambdas/http/errors';
import { createZendeskClient } from '../../lambdas/zendesk/client';
import { decideStatusMode, readStatusModeSignals } from '../../lambdas/zendesk/status-mode';
import { talkStatusPort, unifiedStatusPort } from '../../lambdas/zendesk/status-port';
import { talkAvailabilityBody } from '../../lambdas/zendesk/talk-api';
import { startZendeskSandbox, type ZendeskSandbox } from '../../local/sandbox/zendesk';

let sandbox: ZendeskSandbox;
afterEach(() => sandbox?.close());

const client = () =>
  createZendeskClient({ subdomain: 'sandbox', baseUrl: sandbox.url, auth: { kind: 'oauth', accessToken: sandbox.adminToken }, sleep: async () => {} });
const id = (email: string) => String(sandbox.agent(email)?.id);
const puts = (fragment: string) => sandbox.requests({ methods: ['PUT'] }).filter((r) => r.path.includes(fragment));

describe('decideStatusMode (onboarding.md §6)', () => {
  test.each([
    [{ setting: true, availabilityHasStatus: true }, 'unified', 'availability'],
    [{ setting: false, availabilityHasStatus: true }, 'unified', 'availability'], // a live unified status wins
    [{ setting: false, availabilityHasStatus: false }, 'talk', 'account_setting'],
    [{ setting: false }, 'talk', 'account_setting'],
    [{ setting: true, availabilityHasStatus: false }, 'unified', 'account_setting'],
    [{ setting: true }, 'unified', 'account_setting'],
    [{ availabilityHasStatus: false }, 'talk', 'availability'],
  ] as const)('%j → %s (%s)', (signals, mode, source) => {
    expect(decideStatusMode(signals)).toEqual({ mode, source });
  });
  test('no signal: undefined (the last known mode stays)', () => {
    expect(decideStatusMode({})).toBeUndefined();
  });
});

describe('mode detection against the sandbox', () => {
  test.each([
    [true, 'unified'],
    [false, 'talk'],
  ] as const)('routing %s → %s', async (routing, mode) => {
    sandbox = await startZendeskSandbox({ omnichannelRouting: routing });
    const { signals, failures } = await readStatusModeSignals(client(), id('agent01@example.com'));
    expect(failures).toEqual([]);
    expect(signals).toEqual({ setting: routing, availabilityHasStatus: routing });
    expect(decideStatusMode(signals)?.mode).toBe(mode);
  });

  test('a failed read is no signal, never an error', async () => {
    sandbox = await startZendeskSandbox({ omnichannelRouting: false });
    sandbox.setFaults({ errorRate: 1 });
    const { signals, failures } = await readStatusModeSignals(
      createZendeskClient({
        subdomain: 'sandbox',
        baseUrl: sandbox.url,
        auth: { kind: 'oauth', accessToken: sandbox.adminToken },
        maxRetries: 0,
        sleep: async () => {},
      }),
      id('agent01@example.com'),
    );
    expect(signals).toEqual({});
    expect(failures).toHaveLength(2);
  });
});

describe('talk adapter (no routing)', () => {
  beforeEach(async () => {
    sandbox = await startZendeskSandbox({ omnichannelRouting: false });
  });

  test('writes each default key as agent_state, keeping the agent’s via; the same state again sends no PUT', async () => {
    const port = talkStatusPort(client());
    const a = id('agent01@example.com');
    await fetch(`${sandbox.url}/api/v2/channels/voice/availabilities/${a}`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${sandbox.adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ availability: { via: 'phone' } }),
    });
    for (const key of ['online', 'away', 'transfers_only', 'offline']) {
      await port.writeStatus(a, key);
      expect(sandbox.agent(a)?.channels.talk).toBe(key);
      expect(await port.readStatus(a)).toEqual({ status: { kind: 'default', name: key } });
    }
    const sent = puts('/channels/voice/availabilities/').slice(1);
    expect(sent.map((r) => r.body)).toEqual(['online', 'away', 'transfers_only', 'offline'].map((s) => ({ availability: { agent_state: s, via: 'phone' } })));
    await port.writeStatus(a, 'offline');
    expect(puts('/channels/voice/availabilities/')).toHaveLength(5);
    expect(puts('/agent_statuses/')).toHaveLength(0);
  });

  test('a custom status cannot be written: refused before any request', async () => {
    sandbox.clearRequests();
    await expect(talkStatusPort(client()).writeStatus(id('agent01@example.com'), 'custom:36')).rejects.toThrow(InvalidInputError);
    expect(sandbox.requests()).toHaveLength(0);
  });

  test('reads many agents, at most maxReads', async () => {
    sandbox.setTalkState('agent02@example.com', 'online');
    const ids = ['agent01@example.com', 'agent02@example.com', 'agent03@example.com'].map(id);
    const all = await talkStatusPort(client()).readStatuses(ids);
    expect([...all.entries()].map(([k, v]) => [k, v.status])).toEqual([
      [ids[0], { kind: 'default', name: 'offline' }],
      [ids[1], { kind: 'default', name: 'online' }],
      [ids[2], { kind: 'default', name: 'offline' }],
    ]);
    expect((await talkStatusPort(client(), { maxReads: 2 }).readStatuses(ids)).size).toBe(2);
  });

  test('the body has one shape, client when no via is known', () => {
    expect(talkAvailabilityBody('away', undefined)).toEqual({ availability: { agent_state: 'away', via: 'client' } });
    expect(talkAvailabilityBody('away', 'phone')).toEqual({ availability: { agent_state: 'away', via: 'phone' } });
  });
});

describe('unified adapter (routing on)', () => {
  beforeEach(async () => {
    sandbox = await startZendeskSandbox();
  });

  test('writes by this account’s ids and reads versions; the talk adapter is refused 400 there', async () => {
    const zendesk = client();
    const port = unifiedStatusPort(zendesk, () => zendesk.listStatuses());
    const a = id('agent01@example.com');
    await port.writeStatus(a, 'online');
    expect(puts('/agent_statuses/agents/').map((r) => r.body)).toEqual([{ id: sandbox.statusId('online') }]);
    expect(await port.readStatus(a)).toMatchObject({ status: { kind: 'default', name: 'online' }, version: 2, reason: 'PUBLIC_API' });
    expect((await port.readStatuses([a])).get(a)).toMatchObject({ version: 2 });

    const refused = await talkStatusPort(zendesk)
      .writeStatus(a, 'away')
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).status).toBe(400);
    expect(sandbox.agent(a)?.status.name).toBe('online');
  });
});
