// Derives, from the source, which DynamoDB and SQS actions each Lambda entry can reach: the expectation that
// tests/infra/access.test.ts holds the stack's IAM grants to. Independent of infra/lib/access.ts by construction.
//
// 1. The modules a handler bundles: esbuild's metafile (dependencies external, so only project files).
// 2. In those modules, every call `<…>.<port>.<method>(` / `<port>.<method>(` on the ports `store`, `queue`,
//    `credentials` and `sessions` (TypeScript AST, so comments and strings do not count).
// 3. For each method of the port's adapters (DynamoSyncStore with its base DynamoStoreCore, the onboarding's OnboardingStore and the learned API
//    shapes' DynamoApiShapeStore for `store`, DynamoApiShapeStore for `apiShapes`,
//    SqsSyncQueue, DynamoCredentialStore, DynamoSessionStore): the SDK commands in its body and in the methods it calls
//    on `this`, transitively; a Query goes to the GSIs named by `*_INDEX` constants in those bodies, else to the table.
// 4. The table partitions it can address (for `dynamodb:LeadingKeys`): the `keys.<builder>(…)` of lambdas/store/keys.ts
//    (and `credentialKeys.`, `sessionKeys.` of the credential and session stores) and `':pk'` literals in those bodies
//    (and in the module's functions they call), each builder's partition key cut at its first `#` (`ACCOUNT#`,
//    `DEDUPE#`, …); keys written to a GSI attribute or passed to an index query don't count.
// 5. The sealed secrets it opens and seals (for the KMS `kms:EncryptionContext:field` conditions): from the credential
//    store's methods called (a webhook secret's side read from the call's literal where there is one), and from direct
//    `.seal(`/`.open(` calls whose context names its field.
// Module granularity over-approximates (a bundled module counts whole), which errs towards a wider expectation; the
// stack must still match it exactly, so any surplus shows up as a deliberate line in infra/lib/access.ts.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import ts from 'typescript';
import { credentialKeys } from '../../lambdas/credentials/dynamo';
import { sessionKeys } from '../../lambdas/sessions/dynamo';
import { keys as keyBuilders } from '../../lambdas/store/keys';
import * as tableModule from '../../lambdas/store/table';

export const ROOT = resolve(__dirname, '..', '..');

export interface DerivedAccess {
  table: string[];
  indexes: string[];
  queue: string[];
  /** Table partition families addressed: `ACCOUNT#`, `ACCOUNTS`, `DEDUPE#`, … */
  partitions: string[];
  /** Per table action, the partition families the methods calling it address (a store method counts whole). */
  tableByAction: Record<string, string[]>;
  /** Store and queue methods called, for messages. */
  calls: string[];
  /** Encryption-context fields of the secrets its code opens and seals. */
  secrets: { open: string[]; seal: string[] };
}

/** Key-builder objects by the name the code calls them with. */
const KEY_BUILDERS: Record<string, Record<string, (...args: string[]) => string | { pk: string }>> = {
  keys: keyBuilders as never,
  credentialKeys: credentialKeys as never,
  sessionKeys: sessionKeys as never,
};

/** The partition family of a key builder: its partition key cut after the first `#`. */
export function partitionFamily(builder: string, object = 'keys'): string {
  const build = KEY_BUILDERS[object]?.[builder];
  if (!build) throw new Error(`${object}.${builder} is not a key builder (lambdas/store/keys.ts, credentialKeys, sessionKeys)`);
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
    n.expression.expression.text in KEY_BUILDERS &&
    !feedsAnIndex(n)
  ) {
    return [partitionFamily(n.expression.name.text, n.expression.expression.text)];
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

/** The class `className` extends and the file it is declared in (the same, or a relative import), if any. */
function baseClass(source: ts.SourceFile, file: string, className: string): { file: string; className: string } | undefined {
  let base: string | undefined;
  const find = (node: ts.Node) => {
    if (ts.isClassDeclaration(node) && node.name?.text === className)
      for (const clause of node.heritageClauses ?? [])
        if (clause.token === ts.SyntaxKind.ExtendsKeyword && ts.isIdentifier(clause.types[0]!.expression)) base = clause.types[0]!.expression.text;
    ts.forEachChild(node, find);
  };
  find(source);
  if (!base) return undefined;
  // A base declared in the same module (DynamoSyncStore extends DynamoSyncPath in lambdas/store/dynamo.ts).
  if (source.statements.some((s) => ts.isClassDeclaration(s) && s.name?.text === base)) return { file, className: base };
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier) || !statement.moduleSpecifier.text.startsWith('.')) continue;
    const named = statement.importClause?.namedBindings;
    if (named && ts.isNamedImports(named) && named.elements.some((e) => e.name.text === base))
      return { file: join(file, '..', `${statement.moduleSpecifier.text}.ts`), className: base };
  }
  return undefined;
}

/**
 * Per method of `className` in `file`, with those it inherits from a project base class (DynamoSyncStore extends
 * DynamoStoreCore): commands constructed, `this.x(` calls, index constants named.
 */
function classMethods(file: string, className: string): Map<string, MethodInfo> {
  const source = parse(file);
  const base = baseClass(source, file, className);
  const methods = base ? classMethods(base.file, base.className) : new Map<string, MethodInfo>();
  // The module's functions, and the base module's (the subclass calls the helpers it imports from there).
  const functions = new Map([...(base ? moduleFunctionPartitions(parse(base.file)) : []), ...moduleFunctionPartitions(source)]);
  const visitClass = (node: ts.Node) => {
    if (ts.isClassDeclaration(node) && node.name?.text === className) {
      for (const member of node.members) {
        if (!ts.isMethodDeclaration(member) || !member.body || !ts.isIdentifier(member.name)) continue;
        // Protected helpers, like private ones, are reached only through the public methods that call them.
        const isPrivate = ts.getModifiers(member)?.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword) ?? false;
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

/** The handler's bundle (dependencies external), tree-shaken but readable: what its code can reach. */
function bundleCode(entry: string): string {
  const out = buildSync({
    entryPoints: [join(ROOT, 'lambdas', 'handlers', `${entry}.ts`)],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'silent',
    absWorkingDir: ROOT,
  });
  return out.outputFiles[0]!.text;
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
  // Only modules that put code into the bundle: esbuild drops what no reachable code uses (e.g. the API clients of a
  // handler built with noClients), and what it dropped cannot run.
  const outputs = Object.values(out.metafile!.outputs);
  if (outputs.length !== 1) throw new Error(`expected one output for ${entry}, got ${outputs.length}`);
  return Object.entries(outputs[0]!.inputs)
    .filter(([f, info]) => !f.startsWith('node_modules/') && info.bytesInOutput > 0)
    .map(([f]) => f);
}

type Port = 'store' | 'queue' | 'credentials' | 'sessions' | 'apiShapes';
const PORTS: readonly Port[] = ['store', 'queue', 'credentials', 'sessions', 'apiShapes'];

interface PortCall {
  port: Port;
  method: string;
  args: readonly ts.Expression[];
}

/** esbuild renames a bundled identifier that collides (`store` → `store2`): the name as written in the source. */
const sourceName = (name: string) => name.replace(/\d+$/, '');

/** Calls on a port in `source`: `deps.store.x(`, `this.store.x(`, `ob.store.x(`, `store.x(`, `sessions.x(`, … */
function portCalls(source: ts.SourceFile, credentialMethods: ReadonlySet<string>): PortCall[] {
  const found: PortCall[] = [];
  const walk = (n: ts.Node) => {
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) {
      const target = n.expression.expression;
      // `x.store.m(`, `store.m(`, or a port handed out by a call: `sessionsOf(deps).m(`, `sessions().m(`.
      const callee = ts.isCallExpression(target) && ts.isIdentifier(target.expression) ? sourceName(target.expression.text).replace(/Of$/, '') : undefined;
      const port = ts.isIdentifier(target) ? sourceName(target.text) : ts.isPropertyAccessExpression(target) ? target.name.text : callee;
      const method = n.expression.name.text;
      // The credential store's method names say what they are, whatever holds the store (`store().getAircallCredential(`).
      if (credentialMethods.has(method)) found.push({ port: 'credentials', method, args: n.arguments });
      else if (PORTS.includes(port as Port)) found.push({ port: port as Port, method, args: n.arguments });
    }
    ts.forEachChild(n, walk);
  };
  walk(source);
  return found;
}

/** The string literal at `expr`, or the string literal of its `side` property when it is an object literal. */
function sideOf(expr: ts.Expression | undefined): string | undefined {
  if (!expr) return undefined;
  if (ts.isStringLiteralLike(expr)) return expr.text;
  if (ts.isObjectLiteralExpression(expr)) {
    for (const p of expr.properties) {
      if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'side' && ts.isStringLiteralLike(p.initializer)) return p.initializer.text;
    }
  }
  return undefined;
}

/** The credential store's sealed fields, read from lambdas/credentials/dynamo.ts (SECRET_PROPERTIES, WEBHOOK_FIELD). */
export function credentialStoreFields(): { credential: Record<string, string[]>; webhook: Record<string, string> } {
  const source = parse(join(ROOT, 'lambdas', 'credentials', 'dynamo.ts'));
  const credential: Record<string, string[]> = {};
  const webhook: Record<string, string> = {};
  const visit = (n: ts.Node) => {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer) {
      const init = ts.isAsExpression(n.initializer) ? n.initializer.expression : n.initializer;
      if (ts.isObjectLiteralExpression(init) && (n.name.text === 'SECRET_PROPERTIES' || n.name.text === 'WEBHOOK_FIELD')) {
        for (const p of init.properties) {
          if (!ts.isPropertyAssignment(p) || !ts.isIdentifier(p.name)) continue;
          if (n.name.text === 'WEBHOOK_FIELD' && ts.isStringLiteralLike(p.initializer)) webhook[p.name.text] = p.initializer.text;
          if (n.name.text === 'SECRET_PROPERTIES' && ts.isArrayLiteralExpression(p.initializer)) {
            credential[p.name.text] = p.initializer.elements.filter(ts.isStringLiteralLike).map((e) => `${(p.name as ts.Identifier).text}.${e.text}`);
          }
        }
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(source);
  if (!credential.zendesk || !credential.aircall || !webhook.zendesk || !webhook.aircall) {
    throw new Error('lambdas/credentials/dynamo.ts no longer declares SECRET_PROPERTIES and WEBHOOK_FIELD per side: extend tests/infra/code-access.ts');
  }
  return { credential, webhook };
}

/**
 * The literal sides `expr` can be: a literal (or `{ side: literal }`), or a parameter of the function around it, then
 * the literals every call of that function in `bundle` passes there (one level: `verify(deps, 'aircall')`). Undefined
 * when any of them is not a literal.
 */
function literalSides(expr: ts.Expression | undefined, bundle: ts.SourceFile): string[] | undefined {
  const direct = sideOf(expr);
  if (direct) return [direct];
  if (!expr || !ts.isIdentifier(expr)) return undefined;
  let fn: ts.Node | undefined = expr.parent;
  while (fn && !ts.isFunctionLike(fn)) fn = fn.parent;
  if (!fn || !ts.isFunctionDeclaration(fn) || !fn.name) return undefined;
  const index = fn.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === expr.text);
  if (index < 0) return undefined;
  const name = fn.name.text;
  const sides: string[] = [];
  let unresolved = false;
  const walk = (n: ts.Node) => {
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === name) {
      const side = sideOf(n.arguments[index]);
      if (side) sides.push(side);
      else unresolved = true;
    }
    ts.forEachChild(n, walk);
  };
  walk(bundle);
  return unresolved || sides.length === 0 ? undefined : [...new Set(sides)];
}

/** What each credential-store method opens and seals, per side (a webhook secret's side from the call when literal). */
function credentialSecrets(call: PortCall, fields: ReturnType<typeof credentialStoreFields>, bundle: ts.SourceFile): { open: string[]; seal: string[] } {
  const sides = (expr: ts.Expression | undefined) => literalSides(expr, bundle) ?? Object.keys(fields.webhook);
  switch (call.method) {
    case 'getZendeskCredential':
      return { open: fields.credential.zendesk!, seal: [] };
    case 'putZendeskCredential':
    case 'swapZendeskCredential':
      return { open: [], seal: fields.credential.zendesk! };
    case 'getAircallCredential':
      return { open: fields.credential.aircall!, seal: [] };
    case 'putAircallCredential':
      return { open: [], seal: fields.credential.aircall! };
    case 'getWebhookSecret':
      return { open: sides(call.args[1]).map((side) => fields.webhook[side]!), seal: [] };
    case 'putWebhookSecret':
      return { open: [], seal: sides(call.args[1]).map((side) => fields.webhook[side]!) };
    default:
      // Deletes and the needs-reconnect mark touch no sealed field.
      return { open: [], seal: [] };
  }
}

/**
 * Direct uses of a SecretBox in `file`: `.seal(x, ctx)` and `.open(x, ctx)` where `ctx` is an object literal with a
 * `field` literal, or a call to a function of `file`'s bundle that returns one (e.g. `pendingAircallContext(…)`).
 */
function boxCalls(source: ts.SourceFile, contextFields: Map<string, string>): { open: string[]; seal: string[] } {
  const found = { open: [] as string[], seal: [] as string[] };
  const fieldOf = (expr: ts.Expression | undefined): string | undefined => {
    if (!expr) return undefined;
    if (ts.isObjectLiteralExpression(expr)) {
      for (const p of expr.properties) {
        if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'field' && ts.isStringLiteralLike(p.initializer))
          return p.initializer.text;
      }
    }
    if (ts.isCallExpression(expr) && ts.isIdentifier(expr.expression)) return contextFields.get(sourceName(expr.expression.text));
    return undefined;
  };
  const walk = (n: ts.Node) => {
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && ['seal', 'open'].includes(n.expression.name.text)) {
      const field = fieldOf(n.arguments[1]);
      if (field) found[n.expression.name.text as 'seal' | 'open'].push(field);
    }
    ts.forEachChild(n, walk);
  };
  walk(source);
  return found;
}

/** Top-level arrow functions of `source` that build a context with a literal `field`: name → field. */
function contextBuilders(source: ts.SourceFile): Map<string, string> {
  const found = new Map<string, string>();
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const d of statement.declarationList.declarations) {
      if (!ts.isIdentifier(d.name) || !d.initializer || !ts.isArrowFunction(d.initializer)) continue;
      const walk = (n: ts.Node) => {
        if (ts.isPropertyAssignment(n) && ts.isIdentifier(n.name) && n.name.text === 'field' && ts.isStringLiteralLike(n.initializer)) {
          found.set(sourceName((d.name as ts.Identifier).text), n.initializer.text);
        }
        ts.forEachChild(n, walk);
      };
      walk(d.initializer.body);
    }
  }
  return found;
}

type Adapter = ReturnType<typeof methodActions>;
let adapters: Record<Port, Adapter[]> | undefined;

/** Each port's adapter classes (a file that does not exist yet contributes none). */
function portAdapters(): Record<Port, Adapter[]> {
  const adapter = (file: string, className: string, commands: Record<string, string>) =>
    existsSync(join(ROOT, file)) ? [methodActions(join(ROOT, file), className, commands)] : [];
  return {
    // The learned API shapes (issue 11) are written through a `store` parameter too (lambdas/store/api-shape-memory.ts).
    store: [
      ...adapter('lambdas/store/dynamo.ts', 'DynamoSyncStore', DYNAMO_COMMANDS),
      ...adapter('lambdas/oauth/store.ts', 'OnboardingStore', DYNAMO_COMMANDS),
      ...adapter('lambdas/store/api-shapes.ts', 'DynamoApiShapeStore', DYNAMO_COMMANDS),
    ],
    apiShapes: adapter('lambdas/store/api-shapes.ts', 'DynamoApiShapeStore', DYNAMO_COMMANDS),
    queue: adapter('lambdas/queue/sqs.ts', 'SqsSyncQueue', SQS_COMMANDS),
    credentials: adapter('lambdas/credentials/dynamo.ts', 'DynamoCredentialStore', DYNAMO_COMMANDS),
    sessions: adapter('lambdas/sessions/dynamo.ts', 'DynamoSessionStore', DYNAMO_COMMANDS),
  };
}

/** What the code of handler `entry` can do to the table and the queue, and which sealed secrets it opens and seals. */
export function deriveAccess(entry: string): DerivedAccess {
  adapters ??= portAdapters();
  const fields = credentialStoreFields();
  const table = new Set<string>();
  const indexes = new Set<string>();
  const queue = new Set<string>();
  const partitions = new Set<string>();
  const calls = new Set<string>();
  const open = new Set<string>();
  const seal = new Set<string>();
  const byAction = new Map<string, Set<string>>();
  // The handler's bundle as esbuild writes it (tree-shaken, not minified): a call survives only if reachable code
  // makes it, which a whole-module count would not tell (a module bundled for one constant counts none of its calls).
  const file = `the bundle of lambdas/handlers/${entry}.ts`;
  const bundle = ts.createSourceFile(`${entry}.mjs`, bundleCode(entry), ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const contexts = contextBuilders(bundle);
  {
    const credentialMethods = new Set(adapters.credentials.flatMap((a) => [...a.keys()]));
    for (const call of portCalls(bundle, credentialMethods)) {
      const { port, method: name } = call;
      const actions = adapters[port].map((a) => a.get(name)).find(Boolean);
      // Calls on something else named like a port (e.g. a Map called store) are not the ports: only adapter methods count.
      if (!actions) continue;
      if (actions.unresolvedIndex) {
        throw new Error(
          `${port}.${name} (called in ${file}) queries an index this trace cannot name (no *_INDEX constant of lambdas/store/table.ts): extend tests/infra/code-access.ts`,
        );
      }
      if (port !== 'queue' && actions.table.size > 0 && actions.partitions.size === 0) {
        throw new Error(
          `${port}.${name} (called in ${file}) reaches the table through no key this trace can name (keys.<builder> or ':pk'): extend tests/infra/code-access.ts`,
        );
      }
      calls.add(`${port}.${name}`);
      if (port !== 'queue' && actions.table.size > 0) {
        for (const a of actions.table) {
          const reach = byAction.get(a) ?? new Set<string>();
          actions.partitions.forEach((p) => {
            reach.add(p);
            partitions.add(p);
          });
          byAction.set(a, reach);
        }
      }
      actions.table.forEach((a) => {
        (port === 'queue' ? queue : table).add(a);
      });
      actions.indexes.forEach((i) => {
        indexes.add(i);
      });
      if (port === 'credentials') {
        const secrets = credentialSecrets(call, fields, bundle);
        secrets.open.forEach((f) => {
          open.add(f);
        });
        secrets.seal.forEach((f) => {
          seal.add(f);
        });
      }
    }
    // The credential store's own seal/open calls name their field through variables: counted through its methods above.
    const direct = boxCalls(bundle, contexts);
    direct.open.forEach((f) => {
      open.add(f);
    });
    direct.seal.forEach((f) => {
      seal.add(f);
    });
  }
  return {
    table: [...table].sort(),
    indexes: [...indexes].sort(),
    queue: [...queue].sort(),
    partitions: [...partitions].sort(),
    tableByAction: Object.fromEntries([...byAction].sort(([a], [b]) => a.localeCompare(b)).map(([a, reach]) => [a, [...reach].sort()])),
    calls: [...calls].sort(),
    secrets: { open: [...open].sort(), seal: [...seal].sort() },
  };
}
