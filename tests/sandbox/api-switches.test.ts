// Issue 11: the sandboxes' switches for the UNCONFIRMED shapes, over real HTTP: Aircall V1 users removed (404/410),
// V2's PUT refusing availability_status, live availability gone, V2 users without substatus; Zendesk custom_statuses
// naming, page[size] at most 25, body-then-timestamp signatures. Plus `npm start`'s AIRCALL_SANDBOX_* variables.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandboxes } from '../../local/demo';
import { apiVersionsFromEnv, demoAircallUsers, startAircallSandbox, type AircallSandbox } from '../../local/sandbox/aircall';
import { demoZendeskAgents, startZendeskSandbox, type ZendeskSandbox } from '../../local/sandbox/zendesk';

const AUTH = `Basic ${Buffer.from('id:token').toString('base64')}`;

describe('Aircall sandbox API versions', () => {
  let aircall: AircallSandbox;
  beforeEach(async () => {
    aircall = await startAircallSandbox({ apiId: 'id', apiToken: 'token', users: demoAircallUsers(3) });
  });
  afterEach(() => aircall.close());

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${aircall.url}${path}`, {
      method,
      headers: { authorization: AUTH, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: res.status === 204 ? undefined : ((await res.json()) as Record<string, any>) };
  };

  it('by default answers V1 and V2 users, and PUT /v2/users/:id takes availability_status', async () => {
    expect((await call('GET', '/v1/users')).status).toBe(200);
    const put = await call('PUT', '/v2/users/1001', { availability_status: 'unavailable' });
    expect(put).toMatchObject({ status: 200, body: { user: { id: 1001, availability_status: 'unavailable', substatus: 'always_closed' } } });
    expect(put.body?.user.numbers).toBeUndefined();
    expect(aircall.user(1001).availability_status).toBe('unavailable');
  });

  it.each([
    ['removed', 404, { message: 'Not Found' }],
    ['gone', 410, { message: 'Gone' }],
  ] as const)('V1 users %s: list, retrieve, create, update and delete answer %i; availabilities and V2 still answer', async (v1Users, status, body) => {
    aircall.setApiVersions({ v1Users });
    for (const [method, path, payload] of [
      ['GET', '/v1/users', undefined],
      ['GET', '/v1/users/1001', undefined],
      ['GET', '/v1/users/agent01@example.com', undefined],
      ['POST', '/v1/users', { email: 'new@example.com' }],
      ['PUT', '/v1/users/1001', { availability_status: 'unavailable' }],
      ['DELETE', '/v1/users/1002', undefined],
    ] as const) {
      expect({ method, path, ...(await call(method, path, payload)) }).toEqual({ method, path, status, body });
    }
    expect(aircall.users()).toHaveLength(3);
    expect(aircall.user(1001).availability_status).toBe('available');
    expect((await call('GET', '/v1/users/availabilities')).status).toBe(200);
    expect((await call('GET', '/v1/users/1001/availability')).body).toEqual({ availability: 'available' });
    expect((await call('GET', '/v2/users')).body?.users).toHaveLength(3);
    expect((await call('GET', '/v2/users/1003')).body?.user.email).toBe('agent03@example.com');
  });

  it('V2 refusing availability_status: 400 naming the field, nothing changed; other fields still update', async () => {
    aircall.setApiVersions({ v2StatusWrite: 'refused' });
    const refused = await call('PUT', '/v2/users/1001', { availability_status: 'unavailable' });
    expect(refused).toEqual({ status: 400, body: { error: 'Bad Request', troubleshoot: expect.stringContaining('availability_status') } });
    expect(aircall.user(1001).availability_status).toBe('available');
    expect((await call('PUT', '/v2/users/1001', { first_name: 'Ann' })).body?.user.name).toBe('Ann 01');
    expect((await call('PUT', '/v1/users/1001', { availability_status: 'unavailable' })).status).toBe(200);
  });

  it('live availability removed, V2 users without substatus; switched through the control API and reset', async () => {
    const control = await fetch(`${aircall.url}/_sandbox/api-versions`, {
      method: 'PUT',
      body: JSON.stringify({ v1Availability: 'removed', v2Substatus: false }),
    });
    expect(await control.json()).toEqual({ apiVersions: { v1Users: 'present', v1Availability: 'removed', v2StatusWrite: 'accepted', v2Substatus: false } });
    expect((await call('GET', '/v1/users/availabilities')).status).toBe(404);
    expect((await call('GET', '/v1/users/1001/availability')).status).toBe(404);
    expect((await call('GET', '/v2/users')).body?.users[0]).not.toHaveProperty('substatus');
    expect((await call('GET', '/v1/users')).body?.users[0]).toHaveProperty('substatus');

    const bad = await fetch(`${aircall.url}/_sandbox/api-versions`, { method: 'PUT', body: JSON.stringify({ v1Users: 'maybe' }) });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/v1Users must be one of present, removed, gone/);

    await aircall.reset();
    expect(await (await fetch(`${aircall.url}/_sandbox/api-versions`)).json()).toEqual({
      apiVersions: { v1Users: 'present', v1Availability: 'present', v2StatusWrite: 'accepted', v2Substatus: true },
    });
  });
});

describe("npm start's AIRCALL_SANDBOX_* variables", () => {
  it('AIRCALL_SANDBOX_V1_USERS=removed starts the demo Aircall sandbox with V1 users answering 404', async () => {
    const options = apiVersionsFromEnv({ AIRCALL_SANDBOX_V1_USERS: 'removed' });
    expect(options).toEqual({ v1Users: 'removed' });
    const pair = await startSandboxes({ agents: 2, aircall: { apiVersions: options } });
    try {
      const auth = `Basic ${Buffer.from('demo-api-id:demo-api-token').toString('base64')}`;
      expect((await fetch(`${pair.aircall.url}/v1/users`, { headers: { authorization: auth } })).status).toBe(404);
      expect((await fetch(`${pair.aircall.url}/v2/users`, { headers: { authorization: auth } })).status).toBe(200);
      expect((await fetch(`${pair.aircall.url}/v1/users/availabilities`, { headers: { authorization: auth } })).status).toBe(200);
    } finally {
      await pair.close();
    }
  });

  it('takes gone and refused, nothing when unset, and names the variable on a bad value', () => {
    expect(apiVersionsFromEnv({})).toEqual({});
    expect(apiVersionsFromEnv({ AIRCALL_SANDBOX_V1_USERS: 'gone', AIRCALL_SANDBOX_V2_STATUS_WRITE: 'refused' })).toEqual({
      v1Users: 'gone',
      v2StatusWrite: 'refused',
    });
    expect(() => apiVersionsFromEnv({ AIRCALL_SANDBOX_V1_USERS: 'yes' })).toThrow(
      /AIRCALL_SANDBOX_V1_USERS: v1Users must be one of present, removed, gone, got "yes"/,
    );
  });
});

describe('Zendesk sandbox variants', () => {
  const TOKEN = 'variants-admin-token';
  let zd: ZendeskSandbox;
  beforeEach(async () => {
    zd = await startZendeskSandbox({ agents: demoZendeskAgents(30), oauthTokens: [TOKEN] });
  });
  afterEach(() => zd.close());
  const get = async (path: string) => {
    const res = await fetch(`${zd.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };

  it('names the status lists default_statuses and custom_statuses when switched', async () => {
    expect(Object.keys((await get('/api/v2/agent_availabilities/agent_statuses')).body).sort()).toEqual(['custom', 'default', 'links', 'meta']);
    zd.setVariants({ statusListNaming: 'default_statuses/custom_statuses' });
    const body = (await get('/api/v2/agent_availabilities/agent_statuses')).body;
    expect(Object.keys(body).sort()).toEqual(['custom_statuses', 'default_statuses', 'links', 'meta']);
    expect(body.default_statuses).toHaveLength(4);
    expect(body.custom_statuses).toHaveLength(2);
  });

  it('refuses page[size] above 25 with a 400 naming it, pages by 25 otherwise (control API)', async () => {
    const control = await fetch(`${zd.url}/_sandbox/config`, { method: 'PUT', body: JSON.stringify({ availabilityPageSizeMax: 25 }) });
    expect(await control.json()).toMatchObject({ availabilityPageSizeMax: 25 });
    const refused = await get('/api/v2/agent_availabilities?page[size]=100');
    expect(refused).toEqual({ status: 400, body: { error: 'InvalidPaginationParameter', description: 'page[size] must be at most 25' } });
    const page = await get('/api/v2/agent_availabilities?page[size]=25');
    expect(page.status).toBe(200);
    expect(page.body.data).toHaveLength(25);
    expect(page.body.meta.has_more).toBe(true);
    expect((await get('/api/v2/agent_availabilities')).body.data).toHaveLength(25);
  });

  it('signs webhooks BODY + TIMESTAMP when switched', async () => {
    const received: Array<{ headers: IncomingHttpHeaders; raw: string }> = [];
    const server: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, raw: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const created = await fetch(`${zd.url}/api/v2/webhooks`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          webhook: {
            name: 'h',
            endpoint,
            http_method: 'POST',
            request_format: 'json',
            status: 'active',
            subscriptions: ['zen:event-type:agent.unified_state_changed'],
          },
        }),
      });
      const id = ((await created.json()) as { webhook: { id: string } }).webhook.id;
      const secret = zd.webhooks().find((w) => w.id === id)?.secret as string;
      zd.setVariants({ signatureOrder: 'body_timestamp' });
      zd.setStatus('agent01@example.com', 'online');
      await zd.idle();
      const [delivery] = received;
      const timestamp = String(delivery?.headers['x-zendesk-webhook-signature-timestamp']);
      const bodyFirst = createHmac('sha256', secret)
        .update(delivery?.raw ?? '')
        .update(timestamp)
        .digest('base64');
      const timestampFirst = createHmac('sha256', secret)
        .update(timestamp)
        .update(delivery?.raw ?? '')
        .digest('base64');
      expect(delivery?.headers['x-zendesk-webhook-signature']).toBe(bodyFirst);
      expect(bodyFirst).not.toBe(timestampFirst);
    } finally {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
  });

  it('refuses a bad variant with a message', async () => {
    const res = await fetch(`${zd.url}/_sandbox/config`, { method: 'PUT', body: JSON.stringify({ signatureOrder: 'sideways' }) });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/signatureOrder must be timestamp_body or body_timestamp/);
  });
});
