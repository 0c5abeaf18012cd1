// Issue 14 §3: the Zendesk sandbox with omnichannel routing on and off (zendesk-api.md §4.3, §7, §9.2; onboarding.md §6),
// over HTTP as the backend sees it, and the control that flips it (with its webhook event).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ROUTING_FEATURE_CHANGED, startZendeskSandbox, type ZendeskSandbox } from '../../local/sandbox/zendesk';

let sandbox: ZendeskSandbox;
afterEach(() => sandbox?.close());

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${sandbox.adminToken}`, 'Content-Type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const agent1 = () => sandbox.agent('agent01@example.com')?.id as number;

describe('with omnichannel routing (the default)', () => {
  beforeEach(async () => {
    sandbox = await startZendeskSandbox();
  });

  test('the account setting says unified statuses, availabilities carry agent_status', async () => {
    expect((await api('GET', '/api/v2/account/settings')).body).toEqual({ settings: { agents: { unified_agent_statuses: true } } });
    expect((await api('GET', `/api/v2/agent_availabilities/${agent1()}`)).body.data.attributes.agent_status).toMatchObject({ name: 'offline' });
  });

  test('a Talk PUT with agent_state is refused 400 and changes nothing; via alone is accepted', async () => {
    const refused = await api('PUT', `/api/v2/channels/voice/availabilities/${agent1()}`, { availability: { agent_state: 'online', via: 'client' } });
    expect(refused.status).toBe(400);
    expect(refused.body.description).toMatch(/omnichannel routing/);
    expect((await api('GET', `/api/v2/channels/voice/availabilities/${agent1()}`)).body.availability.agent_state).toBe('offline');
    const via = await api('PUT', `/api/v2/channels/voice/availabilities/${agent1()}`, { availability: { via: 'phone' } });
    expect(via).toMatchObject({ status: 200, body: { availability: { agent_state: 'offline', via: 'phone' } } });
  });
});

describe('without omnichannel routing', () => {
  beforeEach(async () => {
    sandbox = await startZendeskSandbox({ omnichannelRouting: false });
  });

  test('the setting is false, availabilities have no agent_status, unified writes are refused', async () => {
    expect((await api('GET', '/api/v2/account/settings')).body.settings.agents.unified_agent_statuses).toBe(false);
    const one = await api('GET', `/api/v2/agent_availabilities/${agent1()}`);
    expect(one.status).toBe(200);
    expect(one.body.data.attributes).not.toHaveProperty('agent_status');
    expect(one.body.data.attributes.version).toBe(1);
    const list = await api('GET', '/api/v2/agent_availabilities?page[size]=100');
    expect(list.body.data.every((item: any) => !('agent_status' in item.attributes))).toBe(true);
    const unified = await api('PUT', `/api/v2/agent_availabilities/agent_statuses/agents/${agent1()}`, { id: sandbox.statusId('online') });
    expect(unified.status).toBe(400);
    expect(sandbox.agent(agent1())?.status.name).toBe('offline');
  });

  test('a Talk PUT sets agent_state (each of the four), bumps the version, keeps via; a bad state is 400', async () => {
    for (const state of ['online', 'away', 'transfers_only', 'offline']) {
      const put = await api('PUT', `/api/v2/channels/voice/availabilities/${agent1()}`, { availability: { agent_state: state, via: 'client' } });
      expect(put).toMatchObject({ status: 200, body: { availability: { agent_state: state, via: 'client', call_status: null } } });
    }
    expect(sandbox.agent(agent1())?.channels.talk).toBe('offline');
    expect(sandbox.agent(agent1())?.version).toBe(5);
    const bad = await api('PUT', `/api/v2/channels/voice/availabilities/${agent1()}`, { availability: { agent_state: 'busy' } });
    expect(bad.status).toBe(400);
    expect((await api('PUT', '/api/v2/channels/voice/availabilities/999', { availability: { agent_state: 'online' } })).status).toBe(404);
  });

  test('an agent changes their Talk state through the control; it reads back by GET', async () => {
    const control = await fetch(`${sandbox.url}/_sandbox/agents/agent02@example.com/talk_state`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ agent_state: 'away' }),
    });
    expect(control.status).toBe(200);
    const id = sandbox.agent('agent02@example.com')?.id;
    expect((await api('GET', `/api/v2/channels/voice/availabilities/${id}`)).body.availability.agent_state).toBe('away');
  });
});

describe('flipping routing', () => {
  let receiver: Server;
  const received: any[] = [];
  beforeEach(async () => {
    received.length = 0;
    receiver = createServer((req, res) => {
      let text = '';
      req.on('data', (c) => (text += c));
      req.on('end', () => {
        received.push({ body: JSON.parse(text), headers: req.headers });
        res.end('{}');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    sandbox = await startZendeskSandbox({ accountId: 4242 });
  });
  afterEach(() => new Promise<void>((r) => receiver.close(() => r())));

  test('the control turns routing off and on; each change sends the event to subscribed webhooks only', async () => {
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const subscribed = {
      name: 'routing',
      endpoint: url,
      http_method: 'POST',
      request_format: 'json',
      status: 'active',
      subscriptions: [ROUTING_FEATURE_CHANGED],
    };
    expect((await api('POST', '/api/v2/webhooks', { webhook: subscribed })).status).toBe(201);
    const other = { ...subscribed, name: 'other', subscriptions: ['zen:event-type:agent.unified_state_changed'] };
    expect((await api('POST', '/api/v2/webhooks', { webhook: other })).status).toBe(201);

    const off = await fetch(`${sandbox.url}/_sandbox/routing`, {
      method: 'PUT',
      body: JSON.stringify({ omnichannel_routing: false }),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(await off.json()).toEqual({ omnichannel_routing: false, changed: true });
    expect(sandbox.setRouting(false)).toBe(false); // the same value again: no event
    await sandbox.idle();
    expect((await api('GET', '/api/v2/account/settings')).body.settings.agents.unified_agent_statuses).toBe(false);

    sandbox.setStatus('agent01@example.com', 'online'); // an unrelated unified change would go to "other" only: none here
    sandbox.setTalkState('agent03@example.com', 'online');
    expect(sandbox.setRouting(true)).toBe(true);
    await sandbox.idle();
    // Back on: the Talk state follows the unified status again.
    expect(sandbox.agent('agent03@example.com')?.channels.talk).toBe('offline');

    const routing = received.filter((r) => r.body.type === ROUTING_FEATURE_CHANGED);
    expect(routing.map((r) => r.body.event)).toEqual([
      { previous_value: true, current_value: false },
      { previous_value: false, current_value: true },
    ]);
    expect(routing[0].body).toMatchObject({ account_id: 4242, subject: 'zen:account:4242' });
    expect(routing[0].headers['x-zendesk-webhook-signature']).toEqual(expect.any(String));
    expect(received.every((r) => r.body.type === ROUTING_FEATURE_CHANGED || r.body.type === 'zen:event-type:agent.unified_state_changed')).toBe(true);
  });

  test('an agent cannot set a Talk state while routing is on; a bad routing value is refused', async () => {
    expect(() => sandbox.setTalkState('agent01@example.com', 'online')).toThrow(/omnichannel routing is on/);
    const bad = await fetch(`${sandbox.url}/_sandbox/routing`, {
      method: 'PUT',
      body: JSON.stringify({ omnichannel_routing: 'no' }),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(bad.status).toBe(400);
    expect(sandbox.routing()).toBe(true);
  });
});
