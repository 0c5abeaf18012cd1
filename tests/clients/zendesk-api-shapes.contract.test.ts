// Issue 11: the Zendesk client against the sandbox's switches for the UNCONFIRMED shapes: the status PUT body, the
// status list's naming, the availability page size; what is learned, and that it is written once (dynalite).
import { ZENDESK_POINTS } from '../../lambdas/zendesk/api-shapes';
import { createZendeskClient, type ZendeskClientOptions } from '../../lambdas/zendesk/client';
import { InvalidResponseError } from '../../lambdas/http/errors';
import { RECHECK_MS, ShapeMemory } from '../../lambdas/store/api-shape-memory';
import { DynamoApiShapeStore, type ApiShapeStore } from '../../lambdas/store/api-shapes';
import { demoZendeskAgents, startZendeskSandbox, type ZendeskSandbox } from '../../local/sandbox/zendesk';
import { createTestTable, type TestTable } from '../setup/aws';
import { reply, startScriptServer } from './script-server';

const TOKEN = 'shapes-admin-token-SECRET';
const T0 = 1_796_000_000_000;

let sandbox: ZendeskSandbox;
let table: TestTable;
let now = T0;

beforeAll(async () => {
  table = await createTestTable('zd-shapes');
});
beforeEach(async () => {
  now = T0;
  sandbox = await startZendeskSandbox({ agents: demoZendeskAgents(60), oauthTokens: [TOKEN] });
});
afterEach(() => sandbox.close());

function countingStore(store: ApiShapeStore): ApiShapeStore & { writes: string[] } {
  const writes: string[] = [];
  return {
    writes,
    get: (account) => store.get(account),
    putShape: async (account, point, shape) => {
      writes.push(`${point}=${shape.value}`);
      return store.putShape(account, point, shape);
    },
    putProblem: (account, point, problem) => store.putProblem(account, point, problem),
  };
}

function client(memory: ShapeMemory, overrides: Partial<ZendeskClientOptions> = {}) {
  return createZendeskClient({
    subdomain: 'sandbox',
    baseUrl: sandbox.url,
    auth: { kind: 'oauth', accessToken: TOKEN },
    sleep: async () => {},
    shapes: memory,
    ...overrides,
  });
}
const memoryOn = (account: string, store?: ApiShapeStore) => new ShapeMemory({ account, ...(store && { store }), now: () => now });
const puts = () => sandbox.requests({ methods: ['PUT'] }).map((r) => [r.status, r.body]);
const agentId = (email: string) => String(sandbox.agent(email)?.id);

describe('status PUT body (§6.2)', () => {
  it('sends {"id": N} to a Zendesk that takes it, and learns it once', async () => {
    const store = countingStore(new DynamoApiShapeStore(table.doc, table.tableName));
    const zendesk = client(memoryOn('id-body', store));
    const away = String(sandbox.statusId('away'));
    await zendesk.setUnifiedStatus(agentId('agent01@example.com'), away);
    await zendesk.setUnifiedStatus(agentId('agent02@example.com'), away);
    expect(puts()).toEqual([
      [200, { id: Number(away) }],
      [200, { id: Number(away) }],
    ]);
    expect(store.writes).toEqual([`${ZENDESK_POINTS.statusBody}=id`]);
  });

  it('with a JSON:API-only Zendesk: one refused PUT, then the JSON:API body, remembered; later writes send it at once', async () => {
    sandbox.setStatusBodyShape('jsonapi');
    const store = countingStore(new DynamoApiShapeStore(table.doc, table.tableName));
    const zendesk = client(memoryOn('jsonapi-body', store));
    const away = String(sandbox.statusId('away'));
    const jsonapi = { data: { type: 'agent_status', attributes: { agent_status_id: away } } };

    await zendesk.setUnifiedStatus(agentId('agent01@example.com'), away);
    await zendesk.setUnifiedStatus(agentId('agent02@example.com'), away);

    expect(puts()).toEqual([
      [400, { id: Number(away) }],
      [200, jsonapi],
      [200, jsonapi],
    ]);
    expect(sandbox.agent('agent01@example.com')?.status.name).toBe('away');
    expect(store.writes).toEqual([`${ZENDESK_POINTS.statusBody}=jsonapi`]);
    expect((await store.get('jsonapi-body')).shapes[ZENDESK_POINTS.statusBody]).toMatchObject({
      value: 'jsonapi',
      learnedAt: T0,
      evidence: 'the {"id": N} body was refused (400)',
    });

    // A new process starts from what the table says.
    sandbox.clearRequests();
    await client(memoryOn('jsonapi-body', store)).setUnifiedStatus(agentId('agent03@example.com'), away);
    expect(puts()).toEqual([[200, jsonapi]]);

    // After a day the documented body is tried again, once; still refused, the JSON:API body goes on (checked again).
    now += RECHECK_MS;
    sandbox.clearRequests();
    await zendesk.setUnifiedStatus(agentId('agent04@example.com'), away);
    expect(puts()).toEqual([
      [400, { id: Number(away) }],
      [200, jsonapi],
    ]);
    expect((await store.get('jsonapi-body')).shapes[ZENDESK_POINTS.statusBody]).toMatchObject({ value: 'jsonapi', learnedAt: T0, checkedAt: now });
  });
});

describe('status list naming (§6.1)', () => {
  it.each([['default/custom'], ['default_statuses/custom_statuses']] as const)('reads every default and custom status under %s', async (naming) => {
    sandbox.setVariants({ statusListNaming: naming });
    const zendesk = client(memoryOn(`naming-${naming}`));
    const catalog = await zendesk.listStatuses();
    const names = catalog.entries.map((e) => e.name).sort();
    expect(names).toEqual(['In a meeting', 'Training', 'away', 'offline', 'online', 'transfers_only'].sort());
    expect((await zendesk.learned()).shapes[ZENDESK_POINTS.statusList]).toMatchObject({ value: naming });
  });

  it('an answer with neither naming is an error that says so, never an empty list', async () => {
    const server = await startScriptServer();
    try {
      server.script(reply(200, { data: [], links: {}, meta: {} }));
      const zendesk = createZendeskClient({ subdomain: 'x', baseUrl: server.url, auth: { kind: 'oauth', accessToken: 't' } });
      const err = await zendesk.listStatuses().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidResponseError);
      expect((err as Error).message).toMatch(/none of "default", "custom", "default_statuses" or "custom_statuses"/);
    } finally {
      await server.close();
    }
  });
});

describe('availability page size (§5)', () => {
  it('with page[size] at most 25: one 400, then pages of 25, remembered', async () => {
    sandbox.setVariants({ availabilityPageSizeMax: 25 });
    const store = countingStore(new DynamoApiShapeStore(table.doc, table.tableName));
    const zendesk = client(memoryOn('page-25', store));

    expect(await zendesk.listAvailabilities()).toHaveLength(61); // 60 agents and the admin
    expect(await zendesk.listAvailabilities()).toHaveLength(61); // 60 agents and the admin

    const sizes = sandbox.requests({ pathPrefix: '/api/v2/agent_availabilities' }).map((r) => [r.query['page[size]'], r.status]);
    expect(sizes).toEqual([['100', 400], ...Array(6).fill(['25', 200])]);
    expect(store.writes).toEqual([`${ZENDESK_POINTS.availabilityPageSize}=25`]);
    expect((await store.get('page-25')).shapes[ZENDESK_POINTS.availabilityPageSize]).toMatchObject({
      value: '25',
      evidence: 'page[size]=100 was refused (400)',
    });
  });

  it('with 100 allowed: pages of 100, no fallback', async () => {
    const zendesk = client(memoryOn('page-100'));
    expect(await zendesk.listAvailabilities()).toHaveLength(61); // 60 agents and the admin
    expect(sandbox.requests({ pathPrefix: '/api/v2/agent_availabilities' }).map((r) => r.query['page[size]'])).toEqual(['100']);
  });
});
