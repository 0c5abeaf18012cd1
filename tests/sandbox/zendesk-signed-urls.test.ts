// The Zendesk sandbox's signedUrls over real HTTP: the app's RS256 public key behind the API's authentication, and
// the token minted for a user loading a location, checked with node:crypto against the key the API serves.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { SANDBOX_APP_ID, SIGNED_URL_TTL_SECONDS, startZendeskSandbox, type ZendeskSandbox } from '../../local/sandbox/zendesk';

const ADMIN_TOKEN = 'admin-token';
const AGENT_TOKEN = 'agent-token';
const NOW = Date.parse('2026-12-03T08:00:00Z');

let zd: ZendeskSandbox;
let clock = NOW;
beforeAll(async () => {
  zd = await startZendeskSandbox({ oauthTokens: [ADMIN_TOKEN, { token: AGENT_TOKEN, email: 'agent01@example.com' }], now: () => clock });
});
afterAll(() => zd.close());
beforeEach(async () => {
  clock = NOW;
  await zd.reset();
});

const publicKey = async (appId: number, token = AGENT_TOKEN) => {
  const res = await fetch(`${zd.url}/api/v2/apps/${appId}/public_key.pem`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
};
const control = async (path: string, method: string, payload: unknown) => {
  const res = await fetch(`${zd.url}/_sandbox${path}`, { method, body: JSON.stringify(payload) });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};
const install = async (payload: Record<string, unknown> = {}) => {
  const res = await control('/installations', 'POST', { settings: { syncDirection: 'aircall_to_zendesk' }, ...payload });
  expect(res.status).toBe(201);
  return res.body.installation as { id: number; app_id: number };
};
const mint = (payload: unknown) => control('/apps/signed_url_token', 'POST', payload);

/** Splits and checks a JWS with `pem` the way a verifier must: RS256 pinned. */
function decode(token: string, pem: string): { header: Record<string, unknown>; claims: Record<string, any>; valid: boolean } {
  const [head, body, signature] = token.split('.') as [string, string, string];
  const valid = verify('sha256', Buffer.from(`${head}.${body}`), createPublicKey(pem), Buffer.from(signature, 'base64url'));
  return { header: JSON.parse(Buffer.from(head, 'base64url').toString()), claims: JSON.parse(Buffer.from(body, 'base64url').toString()), valid };
}

describe('the app public key', () => {
  it('serves an RSA public key in PEM to an authenticated agent or admin, and 401 without credentials', async () => {
    const asAgent = await publicKey(SANDBOX_APP_ID);
    expect(asAgent.status).toBe(200);
    expect(asAgent.type).toBe('application/x-pem-file');
    expect(asAgent.text).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);
    const key = createPublicKey(asAgent.text);
    expect(key.asymmetricKeyType).toBe('rsa');
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect((await publicKey(SANDBOX_APP_ID, ADMIN_TOKEN)).text).toBe(asAgent.text);
    expect((await publicKey(SANDBOX_APP_ID, '')).status).toBe(401);
    expect((await publicKey(SANDBOX_APP_ID, 'forged')).status).toBe(401);
  });

  it('has one key pair per app: another installed app gets its own key; an app never installed is 404', async () => {
    expect((await publicKey(555)).status).toBe(404);
    await install({ app_id: 555 });
    const other = await publicKey(555);
    expect(other.status).toBe(200);
    expect(other.text).not.toBe((await publicKey(SANDBOX_APP_ID)).text);
    expect((await publicKey(Number.NaN)).status).toBe(404);
  });
});

describe('the signedUrls token', () => {
  it('is RS256 over the documented claims, verifiable with the served key and no other', async () => {
    const installation = await install();
    const agent = zd.agent('agent01@example.com');
    const url = 'http://localhost:3000/app/top_bar?origin=http%3A%2F%2Flocalhost%3A3003&app_guid=g-1';
    const res = await mint({ installation_id: installation.id, user: 'agent01@example.com', location: 'top_bar', url });

    expect(res.status).toBe(200);
    const pem = (await publicKey(SANDBOX_APP_ID)).text;
    const { header, claims, valid } = decode(res.body.token, pem);
    expect(valid).toBe(true);
    expect(header).toEqual({ alg: 'RS256', typ: 'JWT' });
    const iat = Math.floor(NOW / 1000);
    expect(claims).toEqual({
      iss: 'sandbox.zendesk.com',
      aud: `https://sandbox.zendesk.com/api/v2/apps/installations/${installation.id}.json`,
      sub: String(agent?.id),
      iat,
      nbf: iat,
      exp: iat + SIGNED_URL_TTL_SECONDS,
      context: { product: 'support', location: 'top_bar' },
      qsh: createHash('sha256').update('POST&/app/top_bar&app_guid=g-1&origin=http%3A%2F%2Flocalhost%3A3003').digest('hex'),
      cnf: { jku: `${zd.url}/api/v2/apps/${SANDBOX_APP_ID}/public_key.pem` },
    });
    expect(res.body.claims).toEqual(claims);
    expect(res.body.app_id).toBe(SANDBOX_APP_ID);
    expect(SIGNED_URL_TTL_SECONDS).toBe(300);

    // Another app's key does not verify it; a changed claim breaks the signature.
    await install({ app_id: 777 });
    expect(decode(res.body.token, (await publicKey(777)).text).valid).toBe(false);
    const [h, , s] = res.body.token.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: '1' })).toString('base64url')}.${s}`;
    expect(decode(forged, pem).valid).toBe(false);
  });

  it('follows the sandbox clock, and is signed with the new key after a rotation', async () => {
    const installation = await install();
    const before = (await publicKey(SANDBOX_APP_ID)).text;
    clock = NOW + 3_600_000;
    const rotated = await control(`/apps/${SANDBOX_APP_ID}/rotate_key`, 'POST', {});
    expect(rotated.status).toBe(200);
    const after = (await publicKey(SANDBOX_APP_ID)).text;
    expect(rotated.body.public_key).toBe(after);
    expect(after).not.toBe(before);

    const token = (await mint({ installation_id: installation.id, user: zd.agent('agent02@example.com')?.id, location: 'background' })).body.token;
    expect(decode(token, after).valid).toBe(true);
    expect(decode(token, before).valid).toBe(false);
    expect(decode(token, after).claims).toMatchObject({ iat: Math.floor(clock / 1000), context: { location: 'background' } });
  });

  it('switches the UNCONFIRMED aud and sub forms, and reset brings the defaults back', async () => {
    const installation = await install();
    const admin = zd.users().find((u) => u.role === 'admin');
    const config = await control('/config', 'PUT', { signedUrlAudience: 'installation_id', signedUrlSubject: 'user_url' });
    expect(config.body).toMatchObject({ signedUrlAudience: 'installation_id', signedUrlSubject: 'user_url' });
    const switched = (await mint({ installation_id: installation.id, user: admin?.id, location: 'nav_bar' })).body.claims;
    expect(switched).toMatchObject({ aud: String(installation.id), sub: `https://sandbox.zendesk.com/api/v2/users/${admin?.id}.json` });
    expect((await control('/config', 'PUT', { signedUrlAudience: 'both' })).status).toBe(400);

    await zd.reset();
    const again = await install();
    expect((await mint({ installation_id: again.id, user: admin?.id, location: 'nav_bar' })).body.claims).toMatchObject({
      aud: `https://sandbox.zendesk.com/api/v2/apps/installations/${again.id}.json`,
      sub: String(admin?.id),
    });
  });

  it('refuses what Zendesk would never load, saying why', async () => {
    const installation = await install();
    const customer = zd.users().find((u) => u.role === 'end-user');
    const cases: Array<[unknown, number, RegExp]> = [
      [{ installation_id: 1, user: 'agent01@example.com', location: 'top_bar' }, 404, /no installation 1/],
      [{ installation_id: installation.id, user: 'nobody@example.com', location: 'top_bar' }, 404, /no user/],
      [{ installation_id: installation.id, user: customer?.id, location: 'top_bar' }, 409, /not an active agent or admin/],
      [{ installation_id: installation.id, user: 'agent01@example.com', location: 'Top Bar' }, 400, /location/],
      [{ installation_id: '1', user: 'agent01@example.com', location: 'top_bar' }, 400, /installation_id/],
      [{ installation_id: installation.id, location: 'top_bar' }, 400, /user/],
      [{ installation_id: installation.id, user: 'agent01@example.com', location: 'top_bar', url: 'not a url' }, 400, /url/],
    ];
    for (const [payload, status, message] of cases) {
      const res = await mint(payload);
      expect({ payload, status: res.status }).toEqual({ payload, status });
      expect(res.body.error).toMatch(message);
    }
    await control(`/installations/${installation.id}`, 'PATCH', { enabled: false });
    const disabled = await mint({ installation_id: installation.id, user: 'agent01@example.com', location: 'top_bar' });
    expect(disabled.status).toBe(409);
    expect(disabled.body.error).toMatch(/disabled/);
  });
});
