// Issue 10 §2, enumeration and memory: an unknown account and a wrong credential answer the same 401 on both webhook
// routes, so account ids cannot be probed; an id of the wrong form is refused before any lookup; the account cache
// stays bounded whatever ids are sent. Real handlers on dynalite.
import type { SyncStore } from '../../lambdas/store/port';
import { AccountCache } from '../../lambdas/sync/accounts';
import { aircallStatusBody, startBackend, testAccount, zendeskHeaders, zendeskStatusBody, type Backend } from './backend';

let backend: Backend;
let lookups: string[];

beforeAll(async () => {
  lookups = [];
  backend = await startBackend('enumeration');
  const store = backend.runtime.deps.store;
  // Count the account lookups the receivers make.
  backend.runtime.deps.store = new Proxy(store, {
    get(target, prop) {
      if (prop === 'getAccount')
        return (id: string) => {
          lookups.push(id);
          return target.getAccount(id);
        };
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  backend.runtime.accounts = new AccountCache(backend.runtime.deps.store);
});

const nowSeconds = () => Math.floor(Date.now() / 1000);

test('Aircall: unknown account, wrong token and missing token get the same 401', async () => {
  const genuine = aircallStatusBody({ timestampSeconds: nowSeconds(), status: 'unavailable' });
  const answers = [
    await backend.post('aircall', 'no-such-account', genuine),
    await backend.post('aircall', 'acme', aircallStatusBody({ timestampSeconds: nowSeconds(), status: 'unavailable', token: 'not-the-token' })),
    await backend.post('aircall', 'acme', JSON.stringify({ ...JSON.parse(genuine), token: undefined })),
    // Aircall's token is in the body: a body that is not JSON carries none, for a known account as for an unknown one.
    await backend.post('aircall', 'acme', `${genuine},`),
  ];
  for (const answer of answers) expect(answer).toEqual(answers[0]);
  expect(answers[0]?.statusCode).toBe(401);
});

test("Zendesk: unknown account, wrong signature and missing signature get the same 401, the same as Aircall's", async () => {
  await backend.runtime.deps.store.putLink('acme', { email: 'ann@example.com', aircallUserId: '456', zendeskUserId: '10011' }, Date.now());
  const body = zendeskStatusBody({ id: 'evt-enum', agentId: '10011', version: 2, name: 'offline', updatedAt: new Date().toISOString() });
  const answers = [
    await backend.post('zendesk', 'no-such-account', body, zendeskHeaders(body)),
    await backend.post('zendesk', 'acme', body, zendeskHeaders(body, 'not-the-secret')),
    await backend.post('zendesk', 'acme', body),
  ];
  for (const answer of answers) expect(answer).toEqual(answers[0]);
  expect(answers[0]?.statusCode).toBe(401);
  const aircall = await backend.post('aircall', 'no-such-account', aircallStatusBody({ timestampSeconds: nowSeconds(), status: 'available' }));
  expect(aircall).toEqual(answers[0]);
});

let probe = 0;
test.each([['Acme'], ['-acme'], ['acme.example'], ['a'.repeat(64)], ['acme%2F..'], ['']])(
  'the id %p is refused with the same 401 before any lookup',
  async (id) => {
    lookups.length = 0;
    const answer = await backend.post('aircall', id, aircallStatusBody({ timestampSeconds: nowSeconds(), status: 'available' }));
    const unknownId = `no-such-account-${++probe}`;
    const unknown = await backend.post('aircall', unknownId, aircallStatusBody({ timestampSeconds: nowSeconds(), status: 'available' }));
    expect(answer).toEqual(unknown);
    expect(lookups).toEqual([unknownId]);
  },
);

describe('AccountCache', () => {
  /** A store that counts reads and knows the accounts in `known`. */
  function countingStore(known: Map<string, number>) {
    const reads: string[] = [];
    const store = {
      getAccount: async (id: string) => {
        reads.push(id);
        const at = known.get(id);
        return at === undefined ? undefined : { ...testAccount(id), mapping: undefined, updatedAt: at };
      },
    } as unknown as SyncStore;
    return { store, reads };
  }

  it('stays bounded under a flood of unknown ids, and the flood does not evict known accounts', async () => {
    // Prepare
    const { store, reads } = countingStore(new Map([['acme', 1]]));
    const cache = new AccountCache(store);
    const t0 = 1_000_000;
    expect(await cache.get('acme', t0)).toMatchObject({ id: 'acme' });

    // Act: 20 000 different ids that do not exist.
    for (let i = 0; i < 20_000; i++) await cache.get(`probe-${i}`, t0 + 1);

    // Assess
    expect(cache.size).toBeLessThanOrEqual(2_000);
    reads.length = 0;
    expect(await cache.get('acme', t0 + 2)).toMatchObject({ id: 'acme' });
    expect(reads).toEqual([]);
  });

  it('keeps a negative answer only briefly: a new account is found within seconds', async () => {
    const known = new Map<string, number>();
    const { store, reads } = countingStore(known);
    const cache = new AccountCache(store);
    const t0 = 5_000_000;
    expect(await cache.get('newco', t0)).toBeUndefined();
    known.set('newco', t0);
    expect(await cache.get('newco', t0 + 1_000)).toBeUndefined(); // cached: a burst of probes costs one read
    expect(reads).toEqual(['newco']);
    expect(await cache.get('newco', t0 + 5_001)).toMatchObject({ id: 'newco' });
  });

  it('never looks up an id of the wrong form', async () => {
    const { store, reads } = countingStore(new Map());
    const cache = new AccountCache(store);
    for (const id of ['UPPER', '../x', 'x'.repeat(64), ' acme', '']) expect(await cache.get(id, 1)).toBeUndefined();
    expect(reads).toEqual([]);
    expect(cache.size).toBe(0);
  });
});
