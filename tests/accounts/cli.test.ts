// The accounts command end to end: a child process (`npx tsx scripts/accounts.ts`) against the test dynalite.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentialStoreFromConfig } from '../../lambdas/credentials/from-config';
import { keyProviderFromConfig } from '../../lambdas/credentials/local-key';
import { DynamoSyncStore } from '../../lambdas/store/dynamo';
import { createTestTable, type TestTable } from '../setup/aws';

// Each test spawns several processes; a loaded machine (CI, parallel suites) needs more than the default 30 s.
jest.setTimeout(90_000);

let table: TestTable;
let dir: string;
beforeAll(async () => {
  table = await createTestTable('cli');
  dir = mkdtempSync(join(tmpdir(), 'accounts-cli-'));
});

const SECRETS = [
  'AID-secret-0',
  'ATOK-secret-1',
  'WHTOK-secret-2',
  'ZOAUTH-secret-3',
  'ZSIGN-secret-4',
  'ZTOK-secret-5',
  'AID-secret-6',
  'ATOK-secret-7',
  'WHTOK-secret-8',
  'ZSIGN-secret-9',
];
const TEST_SECRETS_KEY = randomBytes(32).toString('hex');
const goodFile = {
  accounts: [
    {
      id: 'acme',
      direction: 'aircall_to_zendesk',
      aircall: { apiId: SECRETS[0], apiToken: SECRETS[1], webhookToken: SECRETS[2] },
      zendesk: { subdomain: 'acme', oauthAccessToken: SECRETS[3], webhookSigningSecret: SECRETS[4] },
    },
    {
      id: 'globex',
      direction: 'off',
      aircall: { apiId: SECRETS[6], apiToken: SECRETS[7], webhookToken: SECRETS[8], rateLimitPerMinute: 30 },
      zendesk: { subdomain: 'globex', email: 'ops@globex.com', apiToken: SECRETS[5], webhookSigningSecret: SECRETS[9] },
    },
  ],
};

function writeJson(name: string, data: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data, null, 2));
  return file;
}

/** Runs the CLI as an operator would; never rejects (the exit code is part of the result). */
function run(args: string[], env: Record<string, string> = table.env): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // A key of the test's own, so no run writes the key file npm start uses (.data/secrets.key).
    execFile(
      'npx',
      ['tsx', 'scripts/accounts.ts', ...args],
      { cwd: join(__dirname, '../..'), env: { ...process.env, SECRETS_KEY: TEST_SECRETS_KEY, ...env } },
      (err, stdout, stderr) => {
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

const expectNoSecret = (output: string) => {
  for (const secret of SECRETS) expect(output).not.toContain(secret);
};

describe('accounts CLI', () => {
  // Each run is a fresh `npx tsx` process (~1-3 s): independent runs go in parallel.

  it('creates the table on a local endpoint, imports a valid file, lists ids and directions only, upserts on re-import', async () => {
    // Prepare: a table name that does not exist yet.
    const env = { ...table.env, TABLE_NAME: `${table.tableName}-new` };
    // Act
    const imported = await run(['import', writeJson('good.json', goodFile)], env);
    // Assess
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain(`Created table ${env.TABLE_NAME}`);
    expect(imported.stdout).toContain('Imported 2 account(s)');
    expectNoSecret(imported.stdout + imported.stderr);
    const store = new DynamoSyncStore(table.doc, env.TABLE_NAME);
    expect(await store.getAccount('globex')).toMatchObject({
      id: 'globex',
      direction: 'off',
      aircall: { rateLimitPerMinute: 30 },
      zendesk: { subdomain: 'globex' },
    });
    // The secrets went to their own items, sealed: the credential store (same key) opens them.
    const credentials = credentialStoreFromConfig({ tableName: env.TABLE_NAME }, table.client, keyProviderFromConfig({ secretsKey: TEST_SECRETS_KEY }));
    expect(await credentials.getZendeskCredential('globex')).toMatchObject({ kind: 'api_token', email: 'ops@globex.com', apiToken: SECRETS[5] });

    const listed = await run(['list'], env);
    const again = await run(['import', writeJson('good-again.json', { accounts: [{ ...goodFile.accounts[0], direction: 'zendesk_to_aircall' }] })], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout.trim().split('\n')).toEqual(['acme\taircall_to_zendesk', 'globex\toff']);
    expectNoSecret(listed.stdout + listed.stderr);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain('Created table');
    expect((await store.getAccount('acme'))?.direction).toBe('zendesk_to_aircall');
  });

  it('refuses invalid files with exit 1, naming the field, writing nothing, echoing no secret', async () => {
    // Prepare: the first account is valid, the second is not; and a file with a JSON syntax error next to a secret.
    const bad = { accounts: [goodFile.accounts[0], { ...goodFile.accounts[1], zendesk: { ...goodFile.accounts[1]!.zendesk, subdomain: undefined } }] };
    const broken = JSON.stringify(goodFile).replace(`"${SECRETS[1]}"`, SECRETS[1]!);
    // Act
    const [invalid, syntax, missing, validated] = await Promise.all([
      run(['import', writeJson('bad.json', bad)]),
      run(['import', writeJson('broken.json', broken)]),
      run(['import', join(dir, 'nope.json')]),
      run(['validate', writeJson('valid.json', goodFile)], { ...table.env, TABLE_NAME: 'never-created' }),
    ]);
    // Assess
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('accounts[1].zendesk.subdomain is required');
    expect(invalid.stderr).toContain('nothing was written');
    expect(await table.store().listAccounts()).toEqual([]);
    expect(await table.store().getAccount('acme')).toBeUndefined();

    expect(syntax.code).toBe(1);
    expect(syntax.stderr).toMatch(/not valid JSON \(line 1, column \d+\)/);

    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.json does not exist');

    expect(validated.code).toBe(0);
    expect(validated.stdout).toContain('is valid: 2 account(s): acme (aircall_to_zendesk), globex (off)');
    for (const result of [invalid, syntax, missing, validated]) expectNoSecret(result.stdout + result.stderr);
  });

  it('exits 2 on usage and configuration errors', async () => {
    const results = await Promise.all([
      run([]),
      run(['frobnicate']),
      run(['list', '--create-table']),
      run(['list'], { ...table.env, TABLE_NAME: 'no spaces allowed' }),
    ]);
    expect(results.map((r) => r.code)).toEqual([2, 2, 2, 2]);
    for (const result of results.slice(0, 3)) expect(result.stderr).toContain('Usage: npm run accounts');
    expect(results[3]!.stderr).toContain('TABLE_NAME must be');
  });
});
