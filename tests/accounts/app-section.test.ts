// The accounts file's `app` section (issue 4): the app id, validated and stored. The retired `sharedSecret` (issue 13)
// is still accepted so existing files load, ignored with one warning, never stored or printed.
import { AccountsFileError, parseAccountsFile, parseAccountsJson } from '../../lambdas/accounts/file';
import { createTestTable, type TestTable } from '../setup/aws';

const SHARED_SECRET = 'app-shared-secret-0123456789abcdef-XYZ'; // 38 characters

const entry = (id: string, app: unknown) => ({
  id,
  direction: 'aircall_to_zendesk',
  aircall: { apiId: 'AID-1', apiToken: 'ATOK-secret', webhookToken: 'WH-secret' },
  zendesk: { subdomain: id, oauthAccessToken: 'ZO-secret', webhookSigningSecret: 'ZS-secret' },
  ...(app !== undefined && { app }),
});
const file = (app: unknown) => ({ accounts: [entry('acme', app)] });

function problemsOf(data: unknown): string[] {
  try {
    parseAccountsFile(data);
  } catch (err) {
    expect(err).toBeInstanceOf(AccountsFileError);
    return [...(err as AccountsFileError).problems];
  }
  throw new Error('the file was accepted');
}

describe('the app section of the accounts file', () => {
  test('is optional, and kept as given when valid', () => {
    expect(parseAccountsFile(file(undefined))[0]?.app).toBeUndefined();
    expect(parseAccountsFile(file({ appId: 1 }))[0]?.app).toEqual({ appId: 1 });
  });

  test('a sharedSecret still loads, is dropped, and gets one warning for the whole file, naming no secret', () => {
    const warnings: string[] = [];
    const accounts = parseAccountsFile(
      { accounts: [entry('acme', { sharedSecret: SHARED_SECRET, appId: 1234567 }), entry('globex', { sharedSecret: 'short' }), entry('initech', undefined)] },
      { warn: (m) => warnings.push(m) },
    );
    expect(accounts.map((a) => a.app)).toEqual([{ appId: 1234567 }, {}, undefined]);
    expect(warnings).toEqual([expect.stringMatching(/^Ignored accounts\[0\]\.app\.sharedSecret, accounts\[1\]\.app\.sharedSecret: /)]);
    expect(warnings.join('')).not.toContain(SHARED_SECRET);
    expect(JSON.stringify(accounts)).not.toContain(SHARED_SECRET);
    const none: string[] = [];
    parseAccountsFile(file({ appId: 1 }), { warn: (m) => none.push(m) });
    expect(none).toEqual([]);
  });

  test.each<[string, unknown, string]>([
    ['appId zero', { appId: 0 }, 'accounts[0].app.appId must be a positive whole number'],
    ['appId negative', { appId: -5 }, 'accounts[0].app.appId must be a positive whole number'],
    ['appId fractional', { appId: 1.5 }, 'accounts[0].app.appId must be a positive whole number'],
    ['appId a string', { appId: '123' }, 'accounts[0].app.appId must be a positive whole number'],
    ['appId past 2^53', { appId: 2 ** 53 }, 'accounts[0].app.appId must be a positive whole number'],
    ['an unknown field', { sharedSecret: SHARED_SECRET, sharedSecrt: 'x' }, 'accounts[0].app.sharedSecrt is not a known field'],
    ['not an object', 'secret-as-a-string-0123456789abcdef', 'accounts[0].app must be an object'],
  ])('refuses %s, naming the field', (_what, app, expected) => {
    const problems = problemsOf(file(app));
    expect(problems).toEqual([expect.stringContaining(expected)]);
  });

  test('never quotes the secret, whatever is wrong', () => {
    const messages = [...problemsOf(file({ sharedSecret: SHARED_SECRET, appId: 'x' }))].join('\n');
    expect(messages).not.toContain(SHARED_SECRET);
    let syntax = '';
    try {
      parseAccountsJson(JSON.stringify(file({ sharedSecret: SHARED_SECRET })).replace(`"${SHARED_SECRET}"`, SHARED_SECRET));
    } catch (err) {
      syntax = (err as Error).message;
    }
    expect(syntax).toMatch(/not valid JSON/);
    expect(syntax).not.toContain(SHARED_SECRET);
  });
});

describe('the app section in the store', () => {
  let table: TestTable;
  beforeAll(async () => (table = await createTestTable('app-section')));

  test('is stored with the account, and removed by a re-import without it', async () => {
    // Prepare
    const store = table.store();
    const [withApp] = parseAccountsFile(file({ sharedSecret: SHARED_SECRET, appId: 42 }), { warn: () => {} });
    const [withoutApp] = parseAccountsFile(file(undefined));
    // Act / Assess
    await store.putAccount(withApp!, 1000);
    expect((await store.getAccount('acme'))?.app).toEqual({ appId: 42 });
    await store.putAccount(withoutApp!, 2000);
    expect((await store.getAccount('acme'))?.app).toBeUndefined();
  });
});
