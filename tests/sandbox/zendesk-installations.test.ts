// The Zendesk sandbox's app installations over real HTTP: the Apps API reads, and the control API an admin's
// Admin Center stands for (install, change settings, disable, uninstall). Secure settings never leave by the API.
import { SANDBOX_APP_ID, startZendeskSandbox, type ZendeskSandbox } from '../../local/sandbox/zendesk';

const ADMIN_TOKEN = 'admin-token';
const AGENT_TOKEN = 'agent-token';
const SECRET = 'shared-secret-value-SECRET';

let zd: ZendeskSandbox;
beforeAll(async () => {
  zd = await startZendeskSandbox({ oauthTokens: [ADMIN_TOKEN, { token: AGENT_TOKEN, email: 'agent01@example.com' }] });
});
afterAll(() => zd.close());
beforeEach(() => zd.reset());

const api = async (path: string, token = ADMIN_TOKEN) => {
  const res = await fetch(`${zd.url}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: res.status, text: await res.text() };
};
const control = async (path: string, method = 'GET', payload?: unknown) => {
  const res = await fetch(`${zd.url}/_sandbox${path}`, { method, body: payload === undefined ? undefined : JSON.stringify(payload) });
  const text = await res.text();
  return { status: res.status, body: (text === '' ? undefined : JSON.parse(text)) as Record<string, any> | undefined };
};
const install = async (payload: unknown) => {
  const res = await control('/installations', 'POST', payload);
  expect(res.status).toBe(201);
  return res.body?.installation as { id: number; app_id: number; enabled: boolean; settings: Record<string, unknown>; secure_settings: Record<string, string> };
};

describe('installing and reading', () => {
  it('installs with settings kept apart from secure settings, and lists and shows it without the secure ones', async () => {
    const created = await install({
      settings: { syncDirection: 'aircall_to_zendesk', keepInStep: true },
      secure_settings: { sharedSecret: SECRET },
    });

    expect(created).toMatchObject({
      app_id: SANDBOX_APP_ID,
      enabled: true,
      settings: { syncDirection: 'aircall_to_zendesk' },
      secure_settings: { sharedSecret: SECRET },
    });
    const list = await api('/api/v2/apps/installations');
    const show = await api(`/api/v2/apps/installations/${created.id}.json`);

    expect(list.status).toBe(200);
    expect(JSON.parse(list.text)).toEqual({
      installations: [
        expect.objectContaining({
          id: created.id,
          app_id: SANDBOX_APP_ID,
          enabled: true,
          settings: expect.objectContaining({ syncDirection: 'aircall_to_zendesk', keepInStep: true }),
          settings_objects: expect.arrayContaining([{ name: 'syncDirection', value: 'aircall_to_zendesk' }]),
        }),
      ],
    });
    expect(show.status).toBe(200);
    expect(JSON.parse(show.text)).toMatchObject({ id: created.id, settings: { syncDirection: 'aircall_to_zendesk' } });
    for (const text of [list.text, show.text]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain('sharedSecret');
      expect(text).not.toContain('secure_settings');
    }
    expect((await control('/installations')).body?.installations[0].secure_settings).toEqual({ sharedSecret: SECRET });
  });

  it('wraps the show in {installation} when configured so, and answers 404 for an unknown installation', async () => {
    const { id } = await install({ app_id: 77, settings: { syncDirection: 'off' } });
    expect((await control('/config', 'PUT', { installationResponseShape: 'wrapped' })).status).toBe(200);

    expect(JSON.parse((await api(`/api/v2/apps/installations/${id}`)).text)).toMatchObject({ installation: { id, app_id: 77 } });
    expect((await api('/api/v2/apps/installations/999')).status).toBe(404);
    expect((await api('/api/v2/apps/installations/abc')).status).toBe(404);
    expect((await control('/config', 'PUT', { installationResponseShape: 'other' })).status).toBe(400);
  });

  it('lets only admins read installations', async () => {
    const { id } = await install({ settings: { syncDirection: 'off' } });

    expect((await api('/api/v2/apps/installations', AGENT_TOKEN)).status).toBe(403);
    expect((await api(`/api/v2/apps/installations/${id}`, AGENT_TOKEN)).status).toBe(403);
    expect((await api('/api/v2/apps/installations', 'unknown-token')).status).toBe(401);
  });
});

describe('changing settings as an admin would', () => {
  it('merges settings key by key, clears one with null, disables and re-enables', async () => {
    const { id } = await install({
      settings: { syncDirection: 'aircall_to_zendesk', keepInStep: true },
      secure_settings: { sharedSecret: SECRET },
    });

    const flipped = await control(`/installations/${id}`, 'PATCH', { settings: { syncDirection: 'zendesk_to_aircall' } });
    expect(flipped.status).toBe(200);
    expect(flipped.body?.installation).toMatchObject({
      settings: { syncDirection: 'zendesk_to_aircall', keepInStep: true },
      secure_settings: { sharedSecret: SECRET },
    });

    await control(`/installations/${id}`, 'PATCH', { settings: { keepInStep: null }, enabled: false });
    const read = JSON.parse((await api(`/api/v2/apps/installations/${id}`)).text) as { enabled: boolean; settings: Record<string, unknown> };
    expect(read.enabled).toBe(false);
    expect(read.settings).not.toHaveProperty('keepInStep');
    expect(zd.updateInstallation(id, { enabled: true }).enabled).toBe(true);
  });

  it('refuses bad bodies and unknown installations, changing nothing', async () => {
    const { id } = await install({ settings: { syncDirection: 'off' } });

    expect((await control('/installations', 'POST', { settings: { syncDirection: { nested: true } } })).status).toBe(400);
    expect((await control('/installations', 'POST', { app_id: 'x' })).status).toBe(400);
    expect((await control(`/installations/${id}`, 'PATCH', { enabled: 'no' })).status).toBe(400);
    expect((await control(`/installations/${id}`, 'PATCH', { secure_settings: { sharedSecret: 1 } })).status).toBe(400);
    expect((await control('/installations/424242', 'PATCH', { enabled: false })).status).toBe(404);
    expect(zd.installations()).toEqual([expect.objectContaining({ id, enabled: true, settings: { syncDirection: 'off' } })]);
  });

  it('uninstalls: gone from the API, a second uninstall is 404, and reset removes every installation', async () => {
    const { id } = await install({ settings: { syncDirection: 'off' } });
    zd.install({ settings: { syncDirection: 'aircall_to_zendesk' } });

    expect((await control(`/installations/${id}`, 'DELETE')).status).toBe(204);
    expect((await control(`/installations/${id}`, 'DELETE')).status).toBe(404);
    expect((await api(`/api/v2/apps/installations/${id}`)).status).toBe(404);
    expect(JSON.parse((await api('/api/v2/apps/installations')).text).installations).toHaveLength(1);

    await zd.reset();
    expect(JSON.parse((await api('/api/v2/apps/installations')).text)).toEqual({ installations: [] });
  });
});
