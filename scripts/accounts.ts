// Operator command for accounts: import an accounts file into the table, validate one, or list what is stored.
//
//   npm run accounts -- import FILE [--create-table]
//   npm run accounts -- validate FILE
//   npm run accounts -- list
//
// Target: the table TABLE_NAME (default agent-status-sync) at AWS_ENDPOINT_URL_DYNAMODB when set (the local stack or
// the test emulator), else real AWS with the usual credential chain and AWS_REGION.
// Table creation: automatic when the endpoint is local (loopback or *.localhost), so a fresh `npm start` works; on
// real AWS only with --create-table, since the deployed stack owns its table (CDK would clash with a hand-made one).
// Exit codes: 0 done; 1 invalid or unreadable file (nothing written); 2 usage or configuration error; 3 the table
// could not be reached, created or written. Output never contains a secret: every known secret is masked.
import { readFile } from 'node:fs/promises';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { AccountsFileError, parseAccountsJson } from '../lambdas/accounts/file';
import { accountSecrets, type Account } from '../lambdas/accounts/account';
import { ConfigError, loadConfig, type Config } from '../lambdas/config';
import { credentialStoreFromConfig } from '../lambdas/credentials/from-config';
import { putAccountWithCredentials } from '../lambdas/credentials/import';
import { keyProviderFromConfig, localCredentialKey } from '../lambdas/credentials/local-key';
import { DynamoSyncStore } from '../lambdas/store/dynamo';
import { StoreError } from '../lambdas/store/errors';
import { createTable } from '../lambdas/store/table';
import { documentClient } from '../lambdas/store/from-config';

const USAGE = `Usage: npm run accounts -- <command>

Commands:
  import FILE [--create-table]  validate FILE, then create or update every account in it
  validate FILE                 validate FILE only; nothing is written
  list                          account ids and sync directions (never secrets)

Environment: TABLE_NAME (default agent-status-sync); AWS_ENDPOINT_URL_DYNAMODB for a local table, else real AWS.
Secrets are encrypted: on AWS with SECRETS_KMS_KEY_ID; locally with SECRETS_KEY, else the key file in DATA_DIR (.data).
The table is created when missing if the endpoint is local, or with --create-table.
Exit codes: 0 ok, 1 invalid file, 2 usage error, 3 table error.`;

export const EXIT = { ok: 0, invalidFile: 1, usage: 2, table: 3 } as const;

class UsageError extends Error {
  override name = 'UsageError';
}

interface Io {
  out(line: string): void;
  err(line: string): void;
}

type Command = { name: 'import'; file: string; createTable: boolean } | { name: 'validate'; file: string } | { name: 'list' } | { name: 'help' };

function parseArgs(argv: readonly string[]): Command {
  const flags = argv.filter((a) => a.startsWith('-'));
  const args = argv.filter((a) => !a.startsWith('-'));
  if (flags.includes('--help') || flags.includes('-h') || args[0] === 'help') return { name: 'help' };
  const unknown = flags.filter((f) => f !== '--create-table');
  if (unknown.length > 0) throw new UsageError(`Unknown option ${unknown.join(', ')}`);
  const [command, ...rest] = args;
  const wantsCreate = flags.includes('--create-table');
  if (wantsCreate && command !== 'import') throw new UsageError('--create-table only applies to import');
  switch (command) {
    case 'import':
    case 'validate':
      if (rest.length !== 1) throw new UsageError(`${command} takes exactly one FILE`);
      return command === 'import' ? { name: 'import', file: rest[0]!, createTable: wantsCreate } : { name: 'validate', file: rest[0]! };
    case 'list':
      if (rest.length > 0) throw new UsageError('list takes no argument');
      return { name: 'list' };
    case undefined:
      throw new UsageError('A command is required');
    default:
      throw new UsageError(`Unknown command "${command}"`);
  }
}

/** Whether the DynamoDB endpoint is a local emulator (loopback or *.localhost). */
export function isLocalEndpoint(endpoint: string | undefined): boolean {
  if (!endpoint) return false;
  try {
    const host = new URL(endpoint).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || host === '0.0.0.0' || /^127\./.test(host);
  } catch {
    return false;
  }
}

async function readAccounts(file: string): Promise<Account[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new AccountsFileError([code === 'ENOENT' ? `${file} does not exist` : `${file} could not be read (${code ?? 'error'})`]);
  }
  return parseAccountsJson(text);
}

/** Runs the command; returns the exit code. Everything printed goes through `io`. */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  let secrets: string[] = [];
  // Last line of defence: mask any known secret in anything printed (SDK messages included).
  const mask = (text: string) => secrets.reduce((t, s) => (s.length >= 4 ? t.split(s).join('***') : t), text);
  const out = (line: string) => io.out(mask(line));
  const err = (line: string) => io.err(mask(line));

  let command: Command;
  let tableName: string;
  let cfg: Config;
  try {
    command = parseArgs(argv);
    if (command.name === 'help') {
      out(USAGE);
      return EXIT.ok;
    }
    cfg = loadConfig(env);
    tableName = cfg.tableName;
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError) {
      err(e.message);
      if (e instanceof UsageError) err(USAGE);
      return EXIT.usage;
    }
    throw e;
  }

  let accounts: Account[] = [];
  if (command.name === 'import' || command.name === 'validate') {
    try {
      accounts = await readAccounts(command.file);
    } catch (e) {
      if (!(e instanceof AccountsFileError)) throw e;
      err(`${command.file} was refused${command.name === 'import' ? '; nothing was written' : ''}:`);
      for (const problem of e.problems) err(`  - ${problem}`);
      return EXIT.invalidFile;
    }
    secrets = accounts.flatMap(accountSecrets);
    if (command.name === 'validate') {
      out(`${command.file} is valid: ${accounts.length} account(s): ${accounts.map((a) => `${a.id} (${a.direction})`).join(', ')}`);
      return EXIT.ok;
    }
  }

  const endpoint = env.AWS_ENDPOINT_URL_DYNAMODB;
  const where = endpoint ? `table ${tableName} at ${endpoint}` : `table ${tableName} on AWS`;
  const client = new DynamoDBClient({});
  try {
    const store = new DynamoSyncStore(documentClient(client), tableName);
    if (command.name === 'list') {
      const stored = await store.listAccounts();
      if (stored.length === 0) out(`No accounts in ${where}.`);
      for (const account of stored) out(`${account.id}\t${account.direction}`);
      return EXIT.ok;
    }

    // Secrets are sealed with the key the stack opens them with: KMS on AWS (SECRETS_KMS_KEY_ID), locally SECRETS_KEY
    // or the key file in DATA_DIR that npm start uses.
    const local = isLocalEndpoint(endpoint);
    if (!local && !keyProviderFromConfig(cfg)) {
      err(`Importing into the ${where} needs the stack's KMS key: set SECRETS_KMS_KEY_ID (npm run deploy prints it). Nothing was written.`);
      return EXIT.usage;
    }
    const key = await localCredentialKey(cfg);
    const credentials = credentialStoreFromConfig(cfg, client, key.provider);

    const create = command.name === 'import' && (command.createTable || local);
    if (create) {
      if (await createTable(client, tableName)) out(`Created ${where}.`);
    } else {
      try {
        await client.send(new DescribeTableCommand({ TableName: tableName }));
      } catch (e) {
        if ((e as Error).name !== 'ResourceNotFoundException') throw e;
        err(`The ${where} does not exist: deploy the stack first, or pass --create-table. Nothing was written.`);
        return EXIT.table;
      }
    }
    // Validated as a whole above; written one account at a time (no transactions). A failure midway leaves the
    // earlier accounts updated; running the import again is safe, since each write is an upsert.
    const now = Date.now();
    for (const account of accounts) {
      const outcome = await putAccountWithCredentials({ store, credentials }, account, now);
      const kept = (['zendesk', 'aircall'] as const).filter((side) => outcome[side] === 'kept_connected');
      out(
        `Saved ${account.id} (${account.direction}), secrets encrypted${kept.length > 0 ? `; kept the ${kept.join(' and ')} connection made in the console` : ''}.`,
      );
    }
    out(`Imported ${accounts.length} account(s) into ${where}.`);
    return EXIT.ok;
  } catch (e) {
    const message = e instanceof StoreError || e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    err(`Could not use the ${where}: ${message}`);
    return EXIT.table;
  } finally {
    client.destroy();
  }
}

if (require.main === module) {
  main(process.argv.slice(2), process.env, { out: (l) => console.log(l), err: (l) => console.error(l) })
    .then((code) => {
      process.exitCode = code;
    })
    .catch((e: unknown) => {
      console.error(`Unexpected failure: ${e instanceof Error ? e.name : 'Error'}`);
      process.exitCode = EXIT.table;
    });
}
