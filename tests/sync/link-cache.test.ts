// Links kept per process (issue 15): the account's list read once per LINK_TTL_MS in the background, single lookups
// meanwhile and for an agent the list lacks (a new agent is seen at once), nothing kept for a missing link, and a
// directory rebuild in this process forgetting the account's links. Real store on dynalite, its calls counted.
import { LINK_TTL_MS, forgetLinks, linkByEmail, linkByZendeskUser } from '../../lambdas/sync/link-cache';
import { createTestTable, type TestTable } from '../setup/aws';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable('link-cache');
});

const T0 = Date.UTC(2026, 11, 3, 9, 0, 0);

let counters = 0;
function countedStore() {
  const store = table.store();
  const calls: string[] = [];
  (store as unknown as { doc: { middlewareStack: { add: (m: unknown, o: unknown) => void } } }).doc.middlewareStack.add(
    (next: (a: unknown) => Promise<unknown>, context: { commandName?: string }) => (args: unknown) => {
      calls.push(String(context.commandName).replace(/Command$/, ''));
      return next(args);
    },
    { step: 'initialize', name: `test-count-${++counters}` },
  );
  return { store, calls };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('links kept per process', () => {
  it('reads alone until the list is in, then answers from it, by email and by Zendesk user', async () => {
    // Prepare
    const { store, calls } = countedStore();
    await store.putLinks(
      'acme',
      [
        { email: 'ann@example.com', aircallUserId: '1', zendeskUserId: '101' },
        { email: 'bob@example.com', aircallUserId: '2', zendeskUserId: '102' },
      ],
      T0,
    );
    calls.length = 0;
    const deps = { store };

    // Act: the first call reads alone and starts the listing; once it is in, no more reads.
    expect(await linkByEmail(deps, 'acme', 'Ann@Example.com', T0)).toMatchObject({ zendeskUserId: '101' });
    await settle();
    const afterFirst = [...calls];
    expect(await linkByZendeskUser(deps, 'acme', '102', T0 + 1000)).toMatchObject({ email: 'bob@example.com' });
    expect(await linkByEmail(deps, 'acme', 'bob@example.com', T0 + 2000)).toMatchObject({ aircallUserId: '2' });

    // Assess
    expect(afterFirst.sort()).toEqual(['GetItem', 'Query']);
    expect(calls).toHaveLength(2);
  });

  it('sees a new agent at once, keeps no missing link, and reads the list again after the TTL or a rebuild here', async () => {
    // Prepare
    const { store, calls } = countedStore();
    const deps = { store };
    await linkByEmail(deps, 'beta', 'ann@example.com', T0);
    await settle();
    calls.length = 0;

    // Act and assess: missing, then linked: found at once.
    expect(await linkByEmail(deps, 'beta', 'cat@example.com', T0 + 1000)).toBeUndefined();
    await store.putLink('beta', { email: 'cat@example.com', aircallUserId: '3', zendeskUserId: '103' }, T0);
    expect(await linkByZendeskUser(deps, 'beta', '103', T0 + 2000)).toMatchObject({ email: 'cat@example.com' });
    expect(await linkByEmail(deps, 'beta', 'cat@example.com', T0 + 3000)).toMatchObject({ zendeskUserId: '103' });
    expect(calls).toEqual(['GetItem', 'PutItem', 'Query']); // the missing read, the test's put, the GSI lookup; the third call is held

    // Past the TTL: read alone again, and the list once more.
    calls.length = 0;
    expect(await linkByEmail(deps, 'beta', 'cat@example.com', T0 + LINK_TTL_MS + 1)).toMatchObject({ zendeskUserId: '103' });
    await settle();
    expect(calls.sort()).toEqual(['GetItem', 'Query']);

    // A rebuild in this process: nothing held for the account.
    forgetLinks(store, 'beta');
    calls.length = 0;
    await linkByEmail(deps, 'beta', 'cat@example.com', T0 + LINK_TTL_MS + 2);
    await settle();
    expect(calls.sort()).toEqual(['GetItem', 'Query']);
  });
});
