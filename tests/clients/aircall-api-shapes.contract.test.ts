// Issue 11: the Aircall client against the sandbox's API-version switches: V2 by default, V1 only when proven needed,
// what is learned and when it is written (dynalite), the "cannot write Aircall status" state, and the daily re-check.
import { createAircallClient, AircallStatusUnwritableError, type AircallClientOptions } from '../../lambdas/aircall/client';
import { AIRCALL_POINTS } from '../../lambdas/aircall/api-shapes';
import { clearRateBudgets } from '../../lambdas/aircall/rate-budget';
import { RECHECK_MS, ShapeMemory } from '../../lambdas/store/api-shape-memory';
import { DynamoApiShapeStore, type ApiShapeStore } from '../../lambdas/store/api-shapes';
import { demoAircallUsers, startAircallSandbox, type AircallSandbox } from '../../local/sandbox/aircall';
import { createTestTable, type TestTable } from '../setup/aws';

const API_ID = 'shapes-api-id';
const API_TOKEN = 'shapes-api-token-SECRET';
const T0 = 1_796_000_000_000;

let sandbox: AircallSandbox;
let table: TestTable;
let now = T0;

beforeAll(async () => {
  table = await createTestTable('api-shapes');
});
beforeEach(async () => {
  now = T0;
  sandbox = await startAircallSandbox({ apiId: API_ID, apiToken: API_TOKEN, users: demoAircallUsers(60), rateLimitPerMinute: 10_000 });
});
afterEach(async () => {
  await sandbox.close();
  clearRateBudgets();
});

/** Counts the store's writes, so "written once" can be checked. */
function countingStore(store: ApiShapeStore): ApiShapeStore & { writes: string[] } {
  const writes: string[] = [];
  return {
    writes,
    get: (account) => store.get(account),
    putShape: async (account, point, shape) => {
      writes.push(`${point}=${shape.value}`);
      return store.putShape(account, point, shape);
    },
    putProblem: async (account, point, problem) => {
      writes.push(`problem ${point}=${problem ? 'set' : 'cleared'}`);
      return store.putProblem(account, point, problem);
    },
  };
}

function client(memory: ShapeMemory, overrides: Partial<AircallClientOptions> = {}) {
  return createAircallClient({
    apiId: API_ID,
    apiToken: API_TOKEN,
    baseUrl: sandbox.url,
    budgetKey: `shapes-${Math.random()}`,
    rateLimitPerMinute: 10_000,
    shapes: memory,
    ...overrides,
  });
}

const memoryOn = (account: string, store?: ApiShapeStore) => new ShapeMemory({ account, ...(store && { store }), now: () => now });
const paths = (since = 0) =>
  sandbox
    .requests()
    .slice(since)
    .map((r) => `${r.method} ${r.path}`);

describe('with every version answering (the documented API)', () => {
  it('uses V2 for list, retrieve and update, never V1 users, and learns v2 once', async () => {
    const store = countingStore(new DynamoApiShapeStore(table.doc, table.tableName));
    const aircall = client(memoryOn('all-answer', store));

    expect(await aircall.listUsers()).toHaveLength(60);
    expect(await aircall.getUser(1003)).toMatchObject({ email: 'agent03@example.com' });
    expect((await aircall.setAvailabilityStatus(1003, 'unavailable')).availabilityStatus).toBe('unavailable');
    await aircall.setAvailabilityStatus(1004, 'unavailable');

    expect(paths().filter((p) => /\/v1\/users(\/\d+)?$/.test(p))).toEqual([]);
    expect(paths()).toContain('PUT /v2/users/1003');
    expect(sandbox.user(1003).availability_status).toBe('unavailable');
    // One write per decision: users=v2 and status write=v2, each once, though used several times.
    expect(store.writes).toEqual([`${AIRCALL_POINTS.users}=v2`, `${AIRCALL_POINTS.statusWrite}=v2`]);
    const stored = await new DynamoApiShapeStore(table.doc, table.tableName).get('all-answer');
    expect(stored.shapes[AIRCALL_POINTS.users]).toMatchObject({ value: 'v2', learnedAt: T0, checkedAt: T0 });
    expect(stored.shapes[AIRCALL_POINTS.users]?.evidence).toBeUndefined();
  });

  it('a 404 for one unknown user is not taken for a removed API: the list decides', async () => {
    const aircall = client(memoryOn('unknown-user'));
    expect(await aircall.getUser(99999)).toBeUndefined();
    expect(paths()).toEqual(['GET /v2/users/99999', 'GET /v2/users']);
    expect((await aircall.learned()).shapes[AIRCALL_POINTS.users]).toBeUndefined();
  });
});

describe.each([
  ['removed', 404],
  ['gone', 410],
] as const)('with V1 users %s (%i)', (v1Users, status) => {
  it('a client that had learned V1 moves to V2 on the first proving answer and remembers it with the evidence', async () => {
    const store = countingStore(new DynamoApiShapeStore(table.doc, table.tableName));
    const account = `v1-${v1Users}`;
    await store.putShape(account, AIRCALL_POINTS.users, { value: 'v1', learnedAt: T0 - 1000, checkedAt: T0 - 1000 });
    store.writes.length = 0;
    sandbox.setApiVersions({ v1Users });
    const aircall = client(memoryOn(account, store));

    expect(await aircall.listUsers()).toHaveLength(60);
    expect(await aircall.getUser('agent05@example.com')).toMatchObject({ id: 1005 });

    expect(paths()).toEqual(['GET /v1/users', 'GET /v2/users', 'GET /v2/users', 'GET /v2/users/agent05%40example.com']);
    expect(store.writes).toEqual([`${AIRCALL_POINTS.users}=v2`]);
    expect((await store.get(account)).shapes[AIRCALL_POINTS.users]).toMatchObject({ value: 'v2', evidence: `GET /v1/users answered ${status}` });
  });

  it('still reads live availability from /v1/users/availabilities', async () => {
    sandbox.setApiVersions({ v1Users });
    sandbox.setStatus(1002, 'unavailable');
    const live = await client(memoryOn(`live-${v1Users}`)).listAvailabilities();
    expect(live.find((a) => a.id === 1002)).toEqual({ id: 1002, availability: 'do_not_disturb' });
    expect(paths().every((p) => p === 'GET /v1/users/availabilities')).toBe(true);
  });
});

describe('with V2 refusing availability_status', () => {
  beforeEach(() => sandbox.setApiVersions({ v2StatusWrite: 'refused' }));

  it('writes through V1 while V1 answers, learned after it worked; the next write goes straight to V1', async () => {
    const store = countingStore(new DynamoApiShapeStore(table.doc, table.tableName));
    const aircall = client(memoryOn('v2-refuses', store));

    await aircall.setAvailabilityStatus(1001, 'unavailable');
    await aircall.setAvailabilityStatus(1002, 'unavailable');

    expect(paths()).toEqual(['PUT /v2/users/1001', 'PUT /v1/users/1001', 'PUT /v1/users/1002']);
    expect(sandbox.requests().map((r) => r.status)).toEqual([400, 200, 200]);
    expect(sandbox.user(1001).availability_status).toBe('unavailable');
    expect(store.writes).toEqual([`${AIRCALL_POINTS.statusWrite}=v1`]);
    expect((await store.get('v2-refuses')).shapes[AIRCALL_POINTS.statusWrite]).toMatchObject({ value: 'v1', evidence: 'PUT /v2/users/:id answered 400' });
  });

  it('concurrent writes reaching the same decision record it once; a second process learning it writes nothing', async () => {
    const store = countingStore(new DynamoApiShapeStore(table.doc, table.tableName));
    const aircall = client(memoryOn('concurrent', store));
    await Promise.all([aircall.setAvailabilityStatus(1001, 'unavailable'), aircall.setAvailabilityStatus(1002, 'unavailable')]);
    expect(sandbox.user(1001).availability_status).toBe('unavailable');
    expect(sandbox.user(1002).availability_status).toBe('unavailable');
    expect(store.writes).toEqual([`${AIRCALL_POINTS.statusWrite}=v1`]);

    // Another process that had not loaded it yet learns the same thing: the conditional write refuses it.
    const other = new ShapeMemory({ account: 'concurrent-2', store, now: () => now });
    await store.putShape('concurrent-2', AIRCALL_POINTS.statusWrite, { value: 'v1', learnedAt: now, checkedAt: now });
    expect(await store.putShape('concurrent-2', AIRCALL_POINTS.statusWrite, { value: 'v1', learnedAt: now, checkedAt: now })).toBe(false);
    expect((await other.shape(AIRCALL_POINTS.statusWrite))?.value).toBe('v1');
  });

  it('re-checks V2 after a day, and goes back to it once it accepts the field', async () => {
    const aircall = client(memoryOn('recheck'));
    await aircall.setAvailabilityStatus(1001, 'unavailable');
    now += RECHECK_MS - 1;
    await aircall.setAvailabilityStatus(1002, 'unavailable');
    expect(paths()).toEqual(['PUT /v2/users/1001', 'PUT /v1/users/1001', 'PUT /v1/users/1002']);

    sandbox.setApiVersions({ v2StatusWrite: 'accepted' });
    now += 2;
    const mark = sandbox.requests().length;
    await aircall.setAvailabilityStatus(1003, 'unavailable');
    await aircall.setAvailabilityStatus(1004, 'unavailable');
    expect(paths(mark)).toEqual(['PUT /v2/users/1003', 'PUT /v2/users/1004']);
    expect((await aircall.learned()).shapes[AIRCALL_POINTS.statusWrite]).toMatchObject({ value: 'v2', checkedAt: now });
  });
});

describe('with V2 refusing availability_status and V1 users removed', () => {
  beforeEach(() => sandbox.setApiVersions({ v2StatusWrite: 'refused', v1Users: 'removed' }));

  it('puts the account in the "cannot write Aircall status" state: recorded once, no request until the daily re-check', async () => {
    const store = countingStore(new DynamoApiShapeStore(table.doc, table.tableName));
    const aircall = client(memoryOn('unwritable', store));

    const first = await aircall.setAvailabilityStatus(1001, 'unavailable').catch((e: unknown) => e);
    expect(first).toBeInstanceOf(AircallStatusUnwritableError);
    expect(first).toMatchObject({ retryable: false });
    // V2 refused the field, V1 answered 404, and the V1 list confirmed V1 is gone.
    expect(paths()).toEqual(['PUT /v2/users/1001', 'PUT /v1/users/1001', 'GET /v1/users']);

    const mark = sandbox.requests().length;
    await expect(aircall.setAvailabilityStatus(1002, 'unavailable')).rejects.toBeInstanceOf(AircallStatusUnwritableError);
    expect(sandbox.requests()).toHaveLength(mark);
    expect(store.writes).toEqual([`problem ${AIRCALL_POINTS.statusWrite}=set`]);
    const problem = (await store.get('unwritable')).problems[AIRCALL_POINTS.statusWrite];
    expect(problem).toMatchObject({ since: T0, checkedAt: T0 });
    expect(problem?.detail).toMatch(/PUT \/v2\/users\/:id answered 400.*PUT \/v1\/users\/:id answered 404/);
    expect(sandbox.user(1001).availability_status).toBe('available');

    // A day later Aircall accepts the field on V2: the re-check writes, and the problem is cleared.
    sandbox.setApiVersions({ v2StatusWrite: 'accepted' });
    now += RECHECK_MS;
    await aircall.setAvailabilityStatus(1002, 'unavailable');
    expect(sandbox.user(1002).availability_status).toBe('unavailable');
    expect((await store.get('unwritable')).problems).toEqual({});
    expect(store.writes.slice(1)).toEqual([`${AIRCALL_POINTS.statusWrite}=v2`, `problem ${AIRCALL_POINTS.statusWrite}=cleared`]);
  });

  it('a fresh process loads the problem from the table and sends nothing', async () => {
    const store = new DynamoApiShapeStore(table.doc, table.tableName);
    await client(memoryOn('unwritable-2', store))
      .setAvailabilityStatus(1001, 'unavailable')
      .catch(() => undefined);
    const mark = sandbox.requests().length;
    await expect(client(memoryOn('unwritable-2', store)).setAvailabilityStatus(1003, 'unavailable')).rejects.toBeInstanceOf(AircallStatusUnwritableError);
    expect(sandbox.requests()).toHaveLength(mark);
  });
});

describe('with live availability gone from V1', () => {
  it('reads availability_status from the user list instead, marked as such', async () => {
    sandbox.setApiVersions({ v1Availability: 'removed' });
    sandbox.setStatus(1002, 'unavailable');
    const aircall = client(memoryOn('no-live'));
    const live = await aircall.listAvailabilities();
    expect(live).toHaveLength(60);
    expect(live.find((a) => a.id === 1002)).toEqual({ id: 1002, availability: 'do_not_disturb', fromSetting: true });
    expect(live.find((a) => a.id === 1001)).toEqual({ id: 1001, availability: 'available', fromSetting: true });
    expect((await aircall.learned()).shapes[AIRCALL_POINTS.availability]).toMatchObject({
      value: 'v2_users',
      evidence: 'GET /v1/users/availabilities answered 404',
    });
  });
});

describe('with V2 users carrying no substatus', () => {
  it('says so in what is learned, and still lists every user', async () => {
    sandbox.setApiVersions({ v2Substatus: false });
    const aircall = client(memoryOn('no-substatus'));
    const users = await aircall.listUsers();
    expect(users).toHaveLength(60);
    expect(users.every((u) => u.substatus === undefined)).toBe(true);
    expect((await aircall.learned()).shapes[AIRCALL_POINTS.users]?.note).toMatch(/no substatus/);
  });
});

describe('when neither version answers the list', () => {
  it('fails with both answers named, and learns nothing', async () => {
    const store = countingStore(new DynamoApiShapeStore(table.doc, table.tableName));
    const aircall = client(memoryOn('none', store), { baseUrl: `${sandbox.url}/nothing-here` });
    const err = await aircall.listUsers().catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'ShapesExhaustedError', retryable: false });
    expect((err as Error).message).toMatch(/GET \/v2\/users answered 404; GET \/v1\/users answered 404/);
    expect(store.writes).toEqual([]);
  });
});
