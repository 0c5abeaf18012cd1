// The accounts file's `app` section (issue 4): the app's shared secret and app id, validated, stored, never printed.
import { AccountsFileError, parseAccountsFile, parseAccountsJson } from '../../lambdas/accounts/file';
import { accountSecrets } from '../../lambdas/accounts/account';
import { createTestTable, type TestTable } from '../setup/aws';

const SHARED_SECRET = 'app-shared-secret-0123456789abcdef-XYZ'; // 38 characters
const SHORT_SECRET = 'app-secret-too-short-31-chars-x'; // 31 characters

const file = (app: unknown) => ({
  accounts: [
    {
      id: 'acme',
      direction: 'aircall_to_zendesk',
      aircall: { apiId: 'AID-1', apiToken: 'ATOK-secret', webhookToken: 'WH-secret' },
      zendesk: { subdomain: 'acme', oauthAccessToken: 'ZO-secret', webhookSigningSecret: 'ZS-secret' },
      ...(app !== undefined && { app }),
    },
  ],
});

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
    expect(parseAccountsFile(file({ sharedSecret: SHARED_SECRET, appId: 1234567 }))[0]?.app).toEqual({ sharedSecret: SHARED_SECRET, appId: 1234567 });
    expect(parseAccountsFile(file({ appId: 1 }))[0]?.app).toEqual({ appId: 1 });
  });

  test.each<[string, unknown, string]>([
    ['a secret under 32 characters', { sharedSecret: SHORT_SECRET }, 'accounts[0].app.sharedSecret must be at least 32 characters'],
    ['an empty secret', { sharedSecret: '' }, 'accounts[0].app.sharedSecret must be a non-empty string'],
    ['a secret with a trailing newline', { sharedSecret: `${SHARED_SECRET}\n` }, 'accounts[0].app.sharedSecret must not start or end with whitespace'],
    ['a secret that is not a string', { sharedSecret: 1234567890123456 }, 'accounts[0].app.sharedSecret must be a non-empty string'],
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
    const messages = [
      ...problemsOf(file({ sharedSecret: SHORT_SECRET })),
      ...problemsOf(file({ sharedSecret: ` ${SHARED_SECRET}` })),
      ...problemsOf(file({ sharedSecret: SHARED_SECRET, appId: 'x' })),
    ].join('\n');
    expect(messages).not.toContain(SHORT_SECRET);
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

  test('the secret counts among the account’s secrets (for redaction)', () => {
    const [account] = parseAccountsFile(file({ sharedSecret: SHARED_SECRET }));
    expect(accountSecrets(account!)).toContain(SHARED_SECRET);
  });
});

describe('the app section in the store', () => {
  let table: TestTable;
  beforeAll(async () => (table = await createTestTable('app-section')));

  test('is stored with the account, and removed by a re-import without it', async () => {
    // Prepare
    const store = table.store();
    const [withApp] = parseAccountsFile(file({ sharedSecret: SHARED_SECRET, appId: 42 }));
    const [withoutApp] = parseAccountsFile(file(undefined));
    // Act / Assess
    await store.putAccount(withApp!, 1000);
    expect((await store.getAccount('acme'))?.app).toEqual({ sharedSecret: SHARED_SECRET, appId: 42 });
    await store.putAccount(withoutApp!, 2000);
    expect((await store.getAccount('acme'))?.app).toBeUndefined();
  });
});
