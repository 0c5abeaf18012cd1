// Issue 11, end to end: the seed's rows in both directions, with no configuration, under each sandbox switch for the
// UNCONFIRMED shapes and under the combination most likely today (V1 users removed, V2 accepts the status). Source-side
// changes only; the target must follow. Through HTTP: sandbox → webhook → stack → queue → worker → sandbox.
import type { AdminOverviewResponse } from '../../shared/app-api';
import { adminSession } from '../identity/helpers';
import { nextSecond, startHarness, waitFor, type Harness, type HarnessOptions } from './harness';

const agent = (n: number) => `agent0${n}@example.com`;

/** Aircall → Zendesk rows: unavailable → offline, available → online. */
async function aircallToZendesk(h: Harness, email: string): Promise<void> {
  for (const [aircall, zendesk] of [
    ['unavailable', 'offline'],
    ['available', 'online'],
    ['unavailable', 'offline'],
  ] as const) {
    await nextSecond(); // a fresh Aircall timestamp for each change (see nextSecond)
    h.sandboxes.aircall.setStatus(email, aircall);
    await waitFor(`Zendesk ${zendesk} after Aircall ${aircall} for ${email}`, () => h.zendeskStatus(email) === zendesk);
  }
}

/** Zendesk → Aircall rows: offline, away, transfers_only → unavailable; online → available. */
async function zendeskToAircall(h: Harness, email: string): Promise<void> {
  const rows = [
    ['offline', 'unavailable'],
    ['online', 'available'],
    ['away', 'unavailable'],
    ['online', 'available'],
    ['transfers_only', 'unavailable'],
  ] as const;
  for (const [zendesk, aircall] of rows) {
    h.sandboxes.zendesk.setStatus(email, zendesk);
    await waitFor(`Aircall ${aircall} after Zendesk ${zendesk} for ${email}`, () => h.aircallStatus(email).availability_status === aircall);
  }
}

async function start(options: HarnessOptions): Promise<Harness> {
  const h = await startHarness({ agents: 4, direction: 'aircall_to_zendesk', zendeskInitialStatus: 'online', ...options });
  await h.stack.reconcile();
  await h.drained();
  return h;
}

async function overview(h: Harness): Promise<AdminOverviewResponse> {
  const admin = h.sandboxes.zendesk.users().find((u) => u.role === 'admin');
  const token = await adminSession(h.stack, 'acme', String(admin?.id));
  const res = await fetch(`${h.stack.url}/api/admin/overview`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as AdminOverviewResponse;
}

const aircallPaths = (h: Harness, since = 0) =>
  h.sandboxes.aircall
    .requests()
    .filter((r) => r.at >= since)
    .map((r) => `${r.method} ${r.path} ${r.status}`);
const v1UserPath = /^\S+ \/v1\/users(\/\d+)?\s/;

describe('the combination most likely today: V1 users removed (404), V2 accepts the status, live availability still on V1', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await start({ aircall: { apiVersions: { v1Users: 'removed' } } });
  });
  afterAll(async () => h?.close());

  test('with no configuration, both directions sync through /v2/users and never touch /v1/users', async () => {
    await aircallToZendesk(h, agent(1));
    await h.setDirection('zendesk_to_aircall');
    await zendeskToAircall(h, agent(2));
    await h.drained();

    const paths = aircallPaths(h);
    expect(paths.filter((p) => v1UserPath.test(p))).toEqual([]);
    expect(paths.filter((p) => p.startsWith('PUT ')).every((p) => /^PUT \/v2\/users\/\d+ 200$/.test(p))).toBe(true);
    expect(paths.filter((p) => p.startsWith('PUT ')).length).toBe(5);
    expect(paths).toContain('GET /v2/users 200'); // the directory and the sweep
    // /v1/users/availabilities still answers in this combination.
    const res = await fetch(`${h.sandboxes.aircall.url}/v1/users/availabilities`, {
      headers: { authorization: `Basic ${Buffer.from('demo-api-id:demo-api-token').toString('base64')}` },
    });
    expect(res.status).toBe(200);

    const learned = (await overview(h)).apiShapes;
    expect(learned?.problems).toEqual([]);
    expect(learned?.learned).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ system: 'aircall', point: 'aircall_users', value: 'v2' }),
        expect.objectContaining({ system: 'aircall', point: 'aircall_status_write', value: 'v2' }),
        expect.objectContaining({ system: 'zendesk', point: 'zendesk_status_body', value: 'id' }),
        expect.objectContaining({ system: 'zendesk', point: 'zendesk_availability_page_size', value: '100' }),
      ]),
    );
  });
});

describe('V1 users gone (410)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await start({ aircall: { apiVersions: { v1Users: 'gone' } } });
  });
  afterAll(async () => h?.close());

  test('both directions sync', async () => {
    await aircallToZendesk(h, agent(1));
    await h.setDirection('zendesk_to_aircall');
    await zendeskToAircall(h, agent(3));
    expect(aircallPaths(h).filter((p) => v1UserPath.test(p))).toEqual([]);
  });
});

describe('V1 users removed and V2 users without substatus', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await start({ aircall: { apiVersions: { v1Users: 'removed', v2Substatus: false } } });
  });
  afterAll(async () => h?.close());

  test('both directions sync, Zendesk → Aircall still writes plain Unavailable, and admins are told reasons cannot be seen', async () => {
    await aircallToZendesk(h, agent(1));
    await h.setDirection('zendesk_to_aircall');
    await zendeskToAircall(h, agent(2));
    expect(h.aircallStatus(agent(2))).toEqual({ availability_status: 'unavailable', substatus: 'always_closed' }); // as the control API shows it
    const users = (await overview(h)).apiShapes?.learned.find((s) => s.point === 'aircall_users');
    expect(users).toMatchObject({ value: 'v2', note: expect.stringMatching(/no substatus/) });
  });
});

describe('V2 refuses availability_status (V1 still answers)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await start({ aircall: { apiVersions: { v2StatusWrite: 'refused' } } });
  });
  afterAll(async () => h?.close());

  test('Zendesk → Aircall writes go through V1 after one refused V2 PUT, learned and shown to admins', async () => {
    await aircallToZendesk(h, agent(1));
    await h.setDirection('zendesk_to_aircall');
    const since = Date.now();
    await zendeskToAircall(h, agent(2));
    await h.drained();

    const puts = aircallPaths(h, since).filter((p) => p.startsWith('PUT '));
    expect(puts[0]).toMatch(/^PUT \/v2\/users\/\d+ 400$/);
    expect(puts.slice(1)).toHaveLength(5);
    expect(puts.slice(1).every((p) => /^PUT \/v1\/users\/\d+ 200$/.test(p))).toBe(true);
    const shape = (await overview(h)).apiShapes?.learned.find((s) => s.point === 'aircall_status_write');
    expect(shape).toMatchObject({ value: 'v1', evidence: 'PUT /v2/users/:id answered 400' });
  });
});

describe('V2 refuses availability_status and V1 users are removed: the account cannot write Aircall statuses', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await start({ direction: 'zendesk_to_aircall', aircall: { apiVersions: { v2StatusWrite: 'refused', v1Users: 'removed' } } });
  });
  afterAll(async () => h?.close());

  test('the write fails once per change without retrying forever; admins see the state; Aircall → Zendesk still syncs', async () => {
    const a = agent(1);
    const since = Date.now();
    h.sandboxes.zendesk.setStatus(a, 'offline');
    await h.waitForAudit('the failed write', a, since, (e) => e.kind === 'write_failed' && e.reason === 'AircallStatusUnwritableError');
    await h.drained();
    const putsAfterFirst = aircallPaths(h, since).filter((p) => p.startsWith('PUT '));
    expect(putsAfterFirst).toEqual([expect.stringMatching(/^PUT \/v2\/users\/\d+ 400$/), expect.stringMatching(/^PUT \/v1\/users\/\d+ 404$/)]);

    // A later change: refused at once, without a request to Aircall, and not retried.
    const later = Date.now();
    h.sandboxes.zendesk.setStatus(agent(2), 'away');
    await h.waitForAudit('the second failed write', agent(2), later, (e) => e.kind === 'write_failed' && e.reason === 'AircallStatusUnwritableError');
    await h.drained();
    expect(aircallPaths(h, later).filter((p) => p.startsWith('PUT '))).toEqual([]);
    expect(await h.deadLetters()).toBe(0);
    expect(h.aircallStatus(a).availability_status).toBe('available');

    const view = (await overview(h)).apiShapes;
    expect(view?.problems).toEqual([
      expect.objectContaining({ system: 'aircall', point: 'aircall_status_write', detail: expect.stringMatching(/answered 400.*answered 404/) }),
    ]);

    // The other direction is unaffected.
    await h.setDirection('aircall_to_zendesk');
    await aircallToZendesk(h, agent(3));
  });
});

describe.each([
  ['JSON:API status body only', { statusBodyShape: 'jsonapi' }, 'zendesk_status_body', 'jsonapi'],
  ['custom_statuses naming', { variants: { statusListNaming: 'default_statuses/custom_statuses' } }, 'zendesk_status_list', 'default_statuses/custom_statuses'],
  ['page[size] at most 25', { variants: { availabilityPageSizeMax: 25 } }, 'zendesk_availability_page_size', '25'],
  ['body-then-timestamp signatures', { variants: { signatureOrder: 'body_timestamp' } }, undefined, undefined],
] as const)('Zendesk with %s', (_name, zendesk, point, value) => {
  let h: Harness;
  beforeAll(async () => {
    h = await start({ zendesk });
  });
  afterAll(async () => h?.close());

  test('both directions sync', async () => {
    await aircallToZendesk(h, agent(1));
    await h.setDirection('zendesk_to_aircall');
    await zendeskToAircall(h, agent(2));
    if (point) expect((await overview(h)).apiShapes?.learned).toEqual(expect.arrayContaining([expect.objectContaining({ point, value })]));
  });
});

describe('Zendesk: JSON:API status body only, custom_statuses naming, page[size] at most 25, body-then-timestamp signatures', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await start({
      zendesk: {
        statusBodyShape: 'jsonapi',
        variants: { statusListNaming: 'default_statuses/custom_statuses', availabilityPageSizeMax: 25, signatureOrder: 'body_timestamp' },
      },
    });
  });
  afterAll(async () => h?.close());

  test('both directions sync, and what was learned is shown to admins', async () => {
    await aircallToZendesk(h, agent(1));
    await h.setDirection('zendesk_to_aircall');
    await zendeskToAircall(h, agent(2)); // webhooks signed BODY + TIMESTAMP are accepted
    await h.drained();

    const zendeskPuts = h.sandboxes.zendesk.requests({ methods: ['PUT'] }).filter((r) => /agent_statuses\/agents/.test(r.path));
    expect(zendeskPuts.map((r) => r.status)).toEqual([400, 200, 200, 200]);
    const learned = (await overview(h)).apiShapes?.learned ?? [];
    expect(learned).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ point: 'zendesk_status_body', value: 'jsonapi' }),
        expect.objectContaining({ point: 'zendesk_status_list', value: 'default_statuses/custom_statuses' }),
        expect.objectContaining({ point: 'zendesk_availability_page_size', value: '25' }),
      ]),
    );
  });
});
