// The one reader of an Apps API installation (shapes UNCONFIRMED, zendesk-api.md §10): every shape public code shows.
import { InvalidResponseError } from '../../lambdas/http/errors';
import { readZendeskInstallation } from '../../lambdas/zendesk/types';

describe('readZendeskInstallation', () => {
  it('reads the bare object and the {installation} wrapper alike, ids as strings', () => {
    const bare = { id: 42, app_id: 225, enabled: true, settings: { syncDirection: 'off', name: 'Sync' } };

    expect(readZendeskInstallation(bare)).toEqual({ id: '42', appId: '225', enabled: true, settings: { syncDirection: 'off', name: 'Sync' } });
    expect(readZendeskInstallation({ installation: bare })).toEqual(readZendeskInstallation(bare));
  });

  it('takes missing settings as none, keeps scalar values only, and reads enabled false (boolean or string)', () => {
    expect(readZendeskInstallation({ id: '7' })).toEqual({ id: '7', enabled: true, settings: {} });
    expect(readZendeskInstallation({ id: 7, enabled: 'false', settings: { a: 'x', b: 2, c: false, d: null, e: { f: 1 }, g: [1] } })).toEqual({
      id: '7',
      enabled: false,
      settings: { a: 'x', b: 2, c: false },
    });
    expect(readZendeskInstallation({ id: 7, enabled: false, settings: 'not an object' })).toEqual({ id: '7', enabled: false, settings: {} });
  });

  it('refuses an installation without an id', () => {
    expect(() => readZendeskInstallation({ app_id: 1, settings: {} }, { method: 'GET', path: '/api/v2/apps/installations' })).toThrow(InvalidResponseError);
    expect(() => readZendeskInstallation(null)).toThrow(/without an id/);
  });
});
