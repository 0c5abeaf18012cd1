// The accounts file: a valid file parses with defaults; every malformed field is named; secrets never in messages.
import { AccountsFileError, jsonSyntaxErrorOffset, parseAccountsFile, parseAccountsJson } from '../../lambdas/accounts/file';
import { resolveAircallBaseUrl, resolveZendeskBaseUrl } from '../../lambdas/accounts/account';

const valid = () => ({
  accounts: [
    {
      id: 'acme',
      direction: 'aircall_to_zendesk',
      aircall: { apiId: 'AID-1', apiToken: 'ATOK-secret', webhookToken: 'WH-secret' },
      zendesk: { subdomain: 'acme', oauthAccessToken: 'ZO-secret', webhookSigningSecret: 'ZS-secret' },
    },
    {
      id: 'globex_2',
      direction: 'zendesk_to_aircall',
      aircall: { apiId: 'AID-2', apiToken: 'ATOK2-secret', webhookToken: 'WH2-secret', rateLimitPerMinute: 120, baseUrl: 'http://127.0.0.1:4011/' },
      zendesk: { subdomain: 'globex', email: 'admin@globex.com', apiToken: 'ZT-secret', webhookSigningSecret: 'ZS2-secret', baseUrl: 'http://127.0.0.1:4012' },
    },
  ],
});

/** The problems a file is refused with. */
function problemsOf(data: unknown): string[] {
  try {
    parseAccountsFile(data);
  } catch (err) {
    expect(err).toBeInstanceOf(AccountsFileError);
    return [...(err as AccountsFileError).problems];
  }
  throw new Error('the file was accepted');
}

/** A valid file with one change applied to a deep copy. */
function withChange(change: (file: ReturnType<typeof valid>) => void) {
  const file = valid();
  change(file);
  return file;
}

describe('parseAccountsFile', () => {
  it('accepts a valid file and applies defaults', () => {
    const accounts = parseAccountsFile(valid());
    expect(accounts).toEqual([
      { ...valid().accounts[0], aircall: { ...valid().accounts[0]!.aircall, rateLimitPerMinute: 60 } },
      { ...valid().accounts[1], aircall: { ...valid().accounts[1]!.aircall, baseUrl: 'http://127.0.0.1:4011' } },
    ]);
  });

  it.each<[string, (f: any) => void, string]>([
    ['missing subdomain', (f) => delete f.accounts[1].zendesk.subdomain, 'accounts[1].zendesk.subdomain is required'],
    ['bad subdomain', (f) => (f.accounts[0].zendesk.subdomain = 'acme.zendesk.com'), 'accounts[0].zendesk.subdomain must be the Zendesk subdomain alone'],
    ['missing id', (f) => delete f.accounts[0].id, 'accounts[0].id is required'],
    ['id not URL-safe', (f) => (f.accounts[0].id = 'Acme Corp'), 'accounts[0].id must be 1-63 characters'],
    ['repeated id', (f) => (f.accounts[1].id = 'acme'), 'accounts[1].id "acme" repeats accounts[0].id'],
    ['bad direction', (f) => (f.accounts[0].direction = 'sideways'), 'accounts[0].direction must be one of aircall_to_zendesk, zendesk_to_aircall, both, off'],
    ['missing direction', (f) => delete f.accounts[1].direction, 'accounts[1].direction is required'],
    ['missing aircall', (f) => delete f.accounts[0].aircall, 'accounts[0].aircall is required'],
    ['aircall not an object', (f) => (f.accounts[0].aircall = 'x'), 'accounts[0].aircall must be an object'],
    ['missing apiToken', (f) => delete f.accounts[0].aircall.apiToken, 'accounts[0].aircall.apiToken is required'],
    ['empty webhookToken', (f) => (f.accounts[0].aircall.webhookToken = '  '), 'accounts[0].aircall.webhookToken must be a non-empty string'],
    ['token with a newline', (f) => (f.accounts[0].aircall.apiId = 'AID-1\n'), 'accounts[0].aircall.apiId must not start or end with whitespace'],
    ['rate limit zero', (f) => (f.accounts[0].aircall.rateLimitPerMinute = 0), 'accounts[0].aircall.rateLimitPerMinute must be a positive whole number'],
    [
      'rate limit fractional',
      (f) => (f.accounts[0].aircall.rateLimitPerMinute = 1.5),
      'accounts[0].aircall.rateLimitPerMinute must be a positive whole number',
    ],
    ['baseUrl not http', (f) => (f.accounts[0].aircall.baseUrl = 'ftp://x'), 'accounts[0].aircall.baseUrl must be an absolute http(s) URL'],
    ['baseUrl relative', (f) => (f.accounts[1].zendesk.baseUrl = '/api'), 'accounts[1].zendesk.baseUrl must be an absolute http(s) URL'],
    [
      'both auth forms',
      (f) => (f.accounts[0].zendesk.apiToken = 'x'),
      'accounts[0].zendesk must use one of oauthAccessToken, email + apiToken or clientCredentials, not several',
    ],
    [
      'client credentials without a secret',
      (f) => {
        delete f.accounts[0].zendesk.oauthAccessToken;
        f.accounts[0].zendesk.clientCredentials = { clientId: 'ours' };
      },
      'accounts[0].zendesk.clientCredentials.clientSecret is required',
    ],
    [
      'no auth form',
      (f) => delete f.accounts[0].zendesk.oauthAccessToken,
      'accounts[0].zendesk.oauthAccessToken is required (or accounts[0].zendesk.email + accounts[0].zendesk.apiToken, or accounts[0].zendesk.clientCredentials)',
    ],
    ['email without apiToken', (f) => delete f.accounts[1].zendesk.apiToken, 'accounts[1].zendesk.apiToken is required with accounts[1].zendesk.email'],
    ['apiToken without email', (f) => delete f.accounts[1].zendesk.email, 'accounts[1].zendesk.email is required with accounts[1].zendesk.apiToken'],
    ['bad email', (f) => (f.accounts[1].zendesk.email = 'admin'), 'accounts[1].zendesk.email must be an email address'],
    ['missing signing secret', (f) => delete f.accounts[1].zendesk.webhookSigningSecret, 'accounts[1].zendesk.webhookSigningSecret is required'],
    ['unknown field (typo)', (f) => (f.accounts[0].zendesk.webhookSigningSecrt = 'x'), 'accounts[0].zendesk.webhookSigningSecrt is not a known field'],
    ['account not an object', (f) => (f.accounts[1] = 'acme'), 'accounts[1] must be an object'],
  ])('names the field: %s', (_name, change, expected) => {
    const problems = problemsOf(withChange(change));
    expect(problems).toEqual(expect.arrayContaining([expect.stringContaining(expected)]));
  });

  it('collects every problem at once', () => {
    const problems = problemsOf(
      withChange((f: any) => {
        delete f.accounts[0].zendesk.subdomain;
        f.accounts[1].direction = 'sideways';
        f.accounts[1].aircall.rateLimitPerMinute = -1;
      }),
    );
    expect(problems).toEqual([
      'accounts[0].zendesk.subdomain is required',
      'accounts[1].direction must be one of aircall_to_zendesk, zendesk_to_aircall, both, off',
      'accounts[1].aircall.rateLimitPerMinute must be a positive whole number',
    ]);
  });

  it('refuses a file without accounts', () => {
    expect(problemsOf({})).toEqual(['accounts is required']);
    expect(problemsOf({ accounts: {} })).toEqual(['accounts must be an array']);
    expect(problemsOf({ accounts: [] })).toEqual(['accounts must list at least one account']);
    expect(problemsOf([])).toEqual(['the file must be a JSON object with an "accounts" array']);
  });

  it('never quotes a secret, even in a JSON syntax error', () => {
    const text = '{ "accounts": [ { "aircall": { "apiToken": ATOK-secret } } ] }';
    let message = '';
    try {
      parseAccountsJson(text);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/not valid JSON \(line 1, column \d+\)/);
    expect(message).not.toContain('ATOK');
    const problems = problemsOf(withChange((f: any) => (f.accounts[0].aircall.apiToken = 42)));
    expect(problems.join('\n')).not.toMatch(/secret|42/);
  });
});

describe('jsonSyntaxErrorOffset', () => {
  it.each([
    ['{"a": x}', 6],
    ['{"a": 1,}', 8],
    ['{"a" 1}', 5],
    ['[1, 2', 5],
    ['{"a": "b\\q"}', 9],
    ['{"a": tru}', 9],
    ['{"a": 1} x', 9],
    ['{"a": -}', 6],
  ])('finds the error in %s at %i', (text, offset) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(jsonSyntaxErrorOffset(text)).toBe(offset);
  });

  it('reports line and column, and accepts a BOM', () => {
    expect(() => parseAccountsJson('{\n  "accounts": [\n    oops\n  ]\n}')).toThrow('the file is not valid JSON (line 3, column 5)');
    expect(() => parseAccountsJson('')).toThrow('the file is not valid JSON: it is empty');
    expect(parseAccountsJson(`\uFEFF${JSON.stringify(valid())}`)).toHaveLength(2);
  });
});

describe('base URL resolution', () => {
  const [acme, globex] = parseAccountsFile(valid()) as [any, any];

  it('prefers the account, then the environment, then the real service', () => {
    expect(resolveAircallBaseUrl(globex, { aircallApiUrl: 'http://env:1' })).toBe('http://127.0.0.1:4011');
    expect(resolveAircallBaseUrl(acme, { aircallApiUrl: 'http://env:1/' })).toBe('http://env:1');
    expect(resolveAircallBaseUrl(acme, { aircallApiUrl: 'https://api.aircall.io' })).toBe('https://api.aircall.io');
    expect(resolveZendeskBaseUrl(globex, { zendeskApiUrl: 'http://env:2' })).toBe('http://127.0.0.1:4012');
    expect(resolveZendeskBaseUrl(acme, { zendeskApiUrl: 'http://env:2/{subdomain}' })).toBe('http://env:2/acme');
    expect(resolveZendeskBaseUrl(acme, {})).toBe('https://acme.zendesk.com');
  });
});
