// Derives, from the source, which DynamoDB and SQS actions each Lambda entry can reach: the expectation that
// tests/infra/access.test.ts holds the stack's IAM grants to. Independent of infra/lib/access.ts by construction.
//
// 1. The modules a handler bundles: esbuild's metafile (dependencies external, so only project files).
// 2. In those modules, every call `<…>.store.<method>(` / `store.<method>(` and `<…>.queue.<method>(` (TypeScript AST,
//    so comments and strings do not count).
// 3. For each method of DynamoSyncStore / SqsSyncQueue: the SDK commands in its body and in the methods it calls on
//    `this`, transitively; a Query goes to the GSIs named by `*_INDEX` constants in those bodies, else to the table.
// 4. The table partitions it can address (for `dynamodb:LeadingKeys`): the `keys.<builder>(…)` of lambdas/store/keys.ts
//    and `':pk'` literals in those bodies (and in the module's functions they call), each builder's partition key cut
//    at its first `#` (`ACCOUNT#`, `DEDUPE#`, …); keys written to a GSI attribute or passed to an index query don't count.
// Module granularity over-approximates (a bundled module counts whole), which errs towards a wider expectation; the
// stack must still match it exactly, so any surplus shows up as a deliberate line in infra/lib/access.ts.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import ts from 'typescript';
import { keys as keyBuilders } from '../../lambdas/store/keys';
import * as tableModule from '../../lambdas/store/table';

export const ROOT = resolve(__dirname, '..', '..');

export interface DerivedAccess {
  table: string[];
  indexes: string[];
  queue: string[];
  /** Table partition families addressed: `ACCOUNT#`, `ACCOUNTS`, `DEDUPE#`, … */
  partitions: string[];
  /** Store and queue methods called, for messages. */
  calls: string[];
}

/** The partition family of a key builder: its partition key cut after the first `#`. */
export function partitionFamily(builder: string): string {
  const build = (keyBuilders as Record<string, (...args: string[]) => string | { pk: string }>)[builder];
  if (!build) throw new Error(`keys.${builder} is not a key builder of lambdas/store/keys.ts`);
  const key = build('account', 'someone@example.com', 'event');
  const pk = typeof key === 'string' ? key : key.pk;
  const hash = pk.indexOf('#');
  return hash < 0 ? pk : pk.slice(0, hash + 1);
}

/** Whether `node` feeds a GSI rather than the table's partition key. */
function feedsAnIndex(node: ts.Node): boolean {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isPropertyAssignment(n) && ts.isIdentifier(n.name) && /^gsi\d+pk$/.test(n.name.text)) return true;
    if (ts.isObjectLiteralExpression(n) && n.properties.some((p) => p.name && ts.isIdentifier(p.name) && p.name.text === 'IndexName')) return true;
    if (ts.isCallExpression(n) && n.arguments.some((a) => ts.isIdentifier(a) && a.text in INDEX_CONSTANTS)) return true;
    if (ts.isFunctionLike(n)) return false;
  }
  return false;
}

/** Partition families named at `n` (a `keys.x(` call or a `':pk': 'LITERAL'`), if any. */
function partitionsAt(n: ts.Node): string[] {
  if (
    ts.isCallExpression(n) &&
    ts.isPropertyAccessExpression(n.expression) &&
    ts.isIdentifier(n.expression.expression) &&
    n.expression.expression.text === 'keys' &&
    !feedsAnIndex(n)
  ) {
    return [partitionFamily(n.expression.name.text)];
  }
  if (ts.isPropertyAssignment(n) && ts.isStringLiteral(n.name) && n.name.text === ':pk' && ts.isStringLiteral(n.initializer) && !feedsAnIndex(n)) {
    return [n.initializer.text];
  }
  return [];
}

/** Per module-level function of `source`: the partitions it names. */
function moduleFunctionPartitions(source: ts.SourceFile): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  for (const statement of source.statements) {
    let name: string | undefined;
    let body: ts.Node | undefined;
    if (ts.isFunctionDeclaration(statement) && statement.name) [name, body] = [statement.name.text, statement.body];
    if (ts.isVariableStatement(statement)) {
      const d = statement.declarationList.declarations[0];
      if (d && ts.isIdentifier(d.name) && d.initializer && ts.isArrowFunction(d.initializer)) [name, body] = [d.name.text, d.initializer.body];
    }
    if (!name || !body) continue;
    const partitions = new Set<string>();
    const walk = (n: ts.Node) => {
      partitionsAt(n).forEach((p) => {
        partitions.add(p);
      });
      ts.forEachChild(n, walk);
    };
    walk(body);
    found.set(name, partitions);
  }
  return found;
}

const DYNAMO_COMMANDS: Record<string, string> = {
  GetCommand: 'dynamodb:GetItem',
  BatchGetCommand: 'dynamodb:BatchGetItem',
  QueryCommand: 'dynamodb:Query',
  ScanCommand: 'dynamodb:Scan',
  PutCommand: 'dynamodb:PutItem',
  UpdateCommand: 'dynamodb:UpdateItem',
  DeleteCommand: 'dynamodb:DeleteItem',
  BatchWriteCommand: 'dynamodb:BatchWriteItem',
  TransactWriteCommand: 'dynamodb:TransactWriteItems',
  TransactGetCommand: 'dynamodb:TransactGetItems',
};
const SQS_COMMANDS: Record<string, string> = {
  SendMessageCommand: 'sqs:SendMessage',
  SendMessageBatchCommand: 'sqs:SendMessage',
  ChangeMessageVisibilityCommand: 'sqs:ChangeMessageVisibility',
  ChangeMessageVisibilityBatchCommand: 'sqs:ChangeMessageVisibility',
  DeleteMessageCommand: 'sqs:DeleteMessage',
  ReceiveMessageCommand: 'sqs:ReceiveMessage',
};

/** Index constants exported by lambdas/store/table.ts: `BY_AIRCALL_USER_INDEX` → `byAircallUser`, … */
const INDEX_CONSTANTS: Record<string, string> = Object.fromEntries(
  Object.entries(tableModule).filter(([name, value]) => /_INDEX$/.test(name) && typeof value === 'string') as [string, string][],
);

interface MethodInfo {
  /** Not part of the port: a `store.x(` elsewhere with the same name is something else's. */
  isPrivate?: boolean;
  partitions: Set<string>;
  commands: Set<string>;
  calls: Set<string>;
  indexConstants: Set<string>;
  namesAnIndex: boolean;
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
}

/** Per method of `className` in `file`: commands constructed, `this.x(` calls, index constants named. */
function classMethods(file: string, className: string): Map<string, MethodInfo> {
  const source = parse(file);
  const functions = moduleFunctionPartitions(source);
  const methods = new Map<string, MethodInfo>();
  const visitClass = (node: ts.Node) => {
    if (ts.isClassDeclaration(node) && node.name?.text === className) {
      for (const member of node.members) {
        if (!ts.isMethodDeclaration(member) || !member.body || !ts.isIdentifier(member.name)) continue;
        const isPrivate = ts.getModifiers(member)?.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword) ?? false;
        const info: MethodInfo = { partitions: new Set(), commands: new Set(), calls: new Set(), indexConstants: new Set(), namesAnIndex: false };
        const walk = (n: ts.Node) => {
          partitionsAt(n).forEach((p) => {
            info.partitions.add(p);
          });
          if (ts.isCallExpression(n) && ts.isIdentifier(n.expression))
            functions.get(n.expression.text)?.forEach((p) => {
              info.partitions.add(p);
            });
          if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && /Command$/.test(n.expression.text)) info.commands.add(n.expression.text);
          if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.expression.kind === ts.SyntaxKind.ThisKeyword) {
            info.calls.add(n.expression.name.text);
          }
          if (ts.isIdentifier(n) && n.text in INDEX_CONSTANTS) info.indexConstants.add(n.text);
          if (ts.isPropertyAssignment(n) && ts.isIdentifier(n.name) && n.name.text === 'IndexName') info.namesAnIndex = true;
          ts.forEachChild(n, walk);
        };
        walk(member.body);
        methods.set(member.name.text, { ...info, isPrivate });
      }
    }
    ts.forEachChild(node, visitClass);
  };
  visitClass(source);
  if (methods.size === 0) throw new Error(`No class ${className} with methods in ${file}`);
  return methods;
}

/** The actions each public method of an adapter class reaches, following `this.` calls. */
function methodActions(file: string, className: string, commandActions: Record<string, string>) {
  const methods = classMethods(file, className);
  const result = new Map<string, { table: Set<string>; indexes: Set<string>; partitions: Set<string>; unresolvedIndex: boolean }>();
  for (const name of methods.keys()) {
    const seen = new Set<string>();
    const stack = [name];
    const commands = new Set<string>();
    const indexConstants = new Set<string>();
    const partitions = new Set<string>();
    let namesAnIndex = false;
    while (stack.length) {
      const current = stack.pop()!;
      if (seen.has(current)) continue;
      seen.add(current);
      const info = methods.get(current);
      if (!info) continue;
      info.commands.forEach((c) => {
        commands.add(c);
      });
      info.indexConstants.forEach((c) => {
        indexConstants.add(c);
      });
      info.partitions.forEach((p) => {
        partitions.add(p);
      });
      namesAnIndex ||= info.namesAnIndex;
      info.calls.forEach((c) => {
        stack.push(c);
      });
    }
    const table = new Set<string>();
    const indexes = new Set<string>();
    for (const command of commands) {
      const action = commandActions[command];
      if (!action) throw new Error(`${className}.${name} sends ${command}, which tests/infra/code-access.ts does not map to an IAM action`);
      // A method naming an index queries that index (the present code never queries the table and an index in one method).
      if (command === 'QueryCommand' && indexConstants.size > 0)
        indexConstants.forEach((c) => {
          indexes.add(INDEX_CONSTANTS[c]!);
        });
      else table.add(action);
    }
    // Private helpers take the index as an argument; only a method reached from a handler must resolve it.
    if (methods.get(name)!.isPrivate) continue;
    result.set(name, { table, indexes, partitions, unresolvedIndex: namesAnIndex && indexConstants.size === 0 && commands.has('QueryCommand') });
  }
  return result;
}

/** Project files bundled into a handler (dependencies left out). */
export function bundledModules(entry: string): string[] {
  const out = buildSync({
    entryPoints: [join(ROOT, 'lambdas', 'handlers', `${entry}.ts`)],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'silent',
    absWorkingDir: ROOT,
  });
  return Object.keys(out.metafile!.inputs).filter((f) => !f.startsWith('node_modules/'));
}

/** Methods called on `store` / `queue` in `file`: `deps.store.x(`, `this.store.x(`, `store.x(`. */
function portCalls(file: string): { store: Set<string>; queue: Set<string> } {
  const found = { store: new Set<string>(), queue: new Set<string>() };
  const walk = (n: ts.Node) => {
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) {
      const target = n.expression.expression;
      const port = ts.isIdentifier(target) ? target.text : ts.isPropertyAccessExpression(target) ? target.name.text : undefined;
      if (port === 'store' || port === 'queue') found[port].add(n.expression.name.text);
    }
    ts.forEachChild(n, walk);
  };
  walk(parse(join(ROOT, file)));
  return found;
}

let adapters: { store: ReturnType<typeof methodActions>; queue: ReturnType<typeof methodActions> } | undefined;

/** What the code of handler `entry` can do to the table and the queue. */
export function deriveAccess(entry: string): DerivedAccess {
  adapters ??= {
    store: methodActions(join(ROOT, 'lambdas', 'store', 'dynamo.ts'), 'DynamoSyncStore', DYNAMO_COMMANDS),
    queue: methodActions(join(ROOT, 'lambdas', 'queue', 'sqs.ts'), 'SqsSyncQueue', SQS_COMMANDS),
  };
  const table = new Set<string>();
  const indexes = new Set<string>();
  const queue = new Set<string>();
  const partitions = new Set<string>();
  const calls = new Set<string>();
  for (const file of bundledModules(entry)) {
    const found = portCalls(file);
    for (const [port, names] of [
      ['store', found.store],
      ['queue', found.queue],
    ] as const) {
      for (const name of names) {
        const actions = adapters[port].get(name);
        // Calls on something else named `store`/`queue` (e.g. a Map) are not the ports: only adapter methods count.
        if (!actions) continue;
        if (actions.unresolvedIndex) {
          throw new Error(
            `${port}.${name} (called in ${file}) queries an index this trace cannot name (no *_INDEX constant of lambdas/store/table.ts): extend tests/infra/code-access.ts`,
          );
        }
        if (port === 'store' && actions.table.size > 0 && actions.partitions.size === 0) {
          throw new Error(
            `store.${name} (called in ${file}) reaches the table through no key this trace can name (keys.<builder> or ':pk'): extend tests/infra/code-access.ts`,
          );
        }
        calls.add(`${port}.${name}`);
        if (port === 'store' && actions.table.size > 0)
          actions.partitions.forEach((p) => {
            partitions.add(p);
          });
        actions.table.forEach((a) => {
          (port === 'store' ? table : queue).add(a);
        });
        actions.indexes.forEach((i) => {
          indexes.add(i);
        });
      }
    }
  }
  return { table: [...table].sort(), indexes: [...indexes].sort(), queue: [...queue].sort(), partitions: [...partitions].sort(), calls: [...calls].sort() };
}
