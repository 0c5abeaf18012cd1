// The host side of the ZAF protocol (local/host/page/zaf-host.ts) without a browser: the messages the SDK sends
// (zaf.md §8, node_modules/zendesk_app_framework_sdk/lib/client.js) in, the host's answers out. The browser test
// runs the same code against the real SDK; this one pins the cases the app does not exercise.
import { responseArgs, ZafHost, type HostedInstance, type ProxyAnswer } from '../../local/host/page/zaf-host';

interface Fixture {
  host: ZafHost;
  topBar: HostedInstance & { inbox: Record<string, unknown>[] };
  background: HostedInstance & { inbox: Record<string, unknown>[] };
  sets: Array<[string, string, unknown]>;
  requests: unknown[];
}

function instance(guid: string, location: string) {
  const inbox: Record<string, unknown>[] = [];
  return { guid, location, inbox, post: (m: object) => inbox.push(JSON.parse(JSON.stringify(m)) as Record<string, unknown>) };
}

function fixture(answer: ProxyAnswer = { kind: 'response', status: 200, statusText: 'OK', contentType: 'application/json', body: '{"a":1}' }): Fixture {
  const sets: Fixture['sets'] = [];
  const requests: unknown[] = [];
  const host = new ZafHost({
    metadata: () => ({ appId: 5, name: 'App', version: '1.0.0', installationId: 9, settings: { syncDirection: 'off' } }),
    account: () => ({ subdomain: 'demo' }),
    currentUser: () => ({ id: 42, name: 'Agent', email: 'a@example.com', role: 'agent', locale: 'en-US' }),
    request: async (options) => {
      requests.push(options);
      return answer;
    },
    set: (target, key, value) => {
      if (key !== 'iconSymbol') return false;
      sets.push([target.location, key, value]);
      return true;
    },
    invoke: (_, action) => (action === 'resize' ? { result: null } : undefined),
    log: () => undefined,
  });
  const topBar = instance('g-top', 'top_bar');
  const background = instance('g-bg', 'background');
  host.add(topBar);
  host.add(background);
  return { host, topBar, background, sets, requests };
}

it('answers the handshake with the registration: metadata and the context of that instance', () => {
  const f = fixture();
  f.host.receive(f.background, JSON.stringify({ key: 'iframe.handshake', message: { version: '2.0.9' }, appGuid: 'g-bg', instanceGuid: 'g-bg' }));
  expect(f.background.inbox).toEqual([
    {
      key: 'zaf.app.registered',
      message: {
        metadata: { appId: 5, name: 'App', version: '1.0.0', installationId: 9, settings: { syncDirection: 'off' } },
        context: { host: 'zendesk', product: 'support', location: 'background', instanceGuid: 'g-bg', account: { subdomain: 'demo' } },
      },
    },
  ]);
  expect(f.topBar.inbox).toEqual([]);
});

it('answers get per path, with an error for an unknown one, and lists the instances', () => {
  const f = fixture();
  f.host.receive(f.topBar, { id: 3, request: 'get', params: ['currentUser.name', 'instances', 'ticket.id'], appGuid: 'g-top', instanceGuid: 'g-top' });
  expect(f.topBar.inbox).toEqual([
    {
      id: 3,
      result: {
        'currentUser.name': 'Agent',
        instances: {
          'g-top': { host: 'zendesk', product: 'support', location: 'top_bar', instanceGuid: 'g-top', account: { subdomain: 'demo' } },
          'g-bg': { host: 'zendesk', product: 'support', location: 'background', instanceGuid: 'g-bg', account: { subdomain: 'demo' } },
        },
        errors: { 'ticket.id': { message: '"ticket.id" is not available in the local host' } },
      },
    },
  ]);
});

it('routes client.instance(guid).set to that instance and answers the caller; an unknown guid is an error', () => {
  const f = fixture();
  // The background instance sets the top bar's icon (zaf.md §6.2: works while the pane is closed).
  f.host.receive(f.background, { id: 1, request: 'set', params: { iconSymbol: 'away' }, appGuid: 'g-bg', instanceGuid: 'g-top' });
  f.host.receive(f.background, { id: 2, request: 'set', params: { iconSymbol: 'x' }, appGuid: 'g-bg', instanceGuid: 'g-gone' });
  expect(f.sets).toEqual([['top_bar', 'iconSymbol', 'away']]);
  expect(f.background.inbox).toEqual([
    { id: 1, result: { iconSymbol: 'away', errors: {} } },
    { id: 2, error: { name: 'InstanceError', message: 'no app instance g-gone' } },
  ]);
  expect(f.topBar.inbox).toEqual([]);
});

it('answers an unknown invoke with a per-action error rather than silence (the SDK would wait 5 s)', () => {
  const f = fixture();
  f.host.receive(f.topBar, { id: 8, request: 'invoke', params: { resize: [{ height: '300px' }], 'ticket.save': [] }, appGuid: 'g-top', instanceGuid: 'g-top' });
  expect(f.topBar.inbox).toEqual([
    { id: 8, result: { resize: null, errors: { 'ticket.save': { message: '"ticket.save" is not an action the local host knows' } } } },
  ]);
});

it('delivers client.trigger to the target instance as a framework event', () => {
  const f = fixture();
  f.host.receive(f.background, { key: 'iframe.trigger:status.changed', message: { to: 'away' }, appGuid: 'g-bg', instanceGuid: 'g-top' });
  expect(f.topBar.inbox).toEqual([{ key: 'zaf.status.changed', message: { to: 'away' } }]);
});

it("proxies request:<n> and answers on that key's .done / .fail", async () => {
  const ok = fixture();
  ok.host.receive(ok.topBar, { key: 'request:4', message: { url: 'https://x/api', dataType: 'json' }, appGuid: 'g-top', instanceGuid: 'g-top' });
  await new Promise((r) => setImmediate(r));
  expect(ok.requests).toEqual([{ url: 'https://x/api', dataType: 'json' }]);
  expect(ok.topBar.inbox[0]).toMatchObject({ key: 'zaf.request:4.done', message: { responseArgs: [{ a: 1 }, 'success', { status: 200 }] } });

  const refused = fixture({ kind: 'refused', status: 403, message: 'needs secure: true' });
  refused.host.receive(refused.topBar, { key: 'request:1', message: { url: 'https://x' }, appGuid: 'g-top', instanceGuid: 'g-top' });
  await new Promise((r) => setImmediate(r));
  expect(refused.topBar.inbox[0]).toEqual({
    key: 'zaf.request:1.fail',
    message: { responseArgs: [{ status: 403, statusText: 'error', responseText: 'needs secure: true' }, 'error', 'needs secure: true'] },
  });
});

it('shapes responses as jQuery callbacks get them: parsed JSON, httpCompleteResponse, failures', () => {
  const json: ProxyAnswer = { kind: 'response', status: 200, statusText: 'OK', contentType: 'application/json; charset=utf-8', body: '{"k":"v"}' };
  expect(responseArgs({}, json).args[0]).toEqual({ k: 'v' });
  expect(responseArgs({ httpCompleteResponse: true }, json).args[0]).toEqual({
    status: 200,
    statusText: 'OK',
    responseText: '{"k":"v"}',
    responseJSON: { k: 'v' },
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
  const text: ProxyAnswer = { kind: 'response', status: 200, statusText: 'OK', contentType: 'text/plain', body: 'hi' };
  expect(responseArgs({}, text)).toMatchObject({ done: true, args: ['hi', 'success', { status: 200, responseText: 'hi' }] });
  const unauthorized: ProxyAnswer = { kind: 'response', status: 401, statusText: 'Unauthorized', contentType: 'application/json', body: '{"error":{}}' };
  expect(responseArgs({}, unauthorized)).toMatchObject({ done: false, args: [{ status: 401, responseJSON: { error: {} } }, 'error', 'Unauthorized'] });
});
