// Fails when a folder of src/ writes a table that another folder owns. The owner of a table is the
// folder holding its @Entity class; any other folder must call the owner's methods instead of:
//   - taking the owner's repository: @InjectRepository(User), manager.getRepository(User);
//   - writing its entity: manager.update/delete/insert/save/…(User, …), save(manager.create(User, …)),
//     query builders (createQueryBuilder(User).delete(), .delete().from(User), .insert().into(User));
//   - raw SQL in a string or template literal: UPDATE users SET, DELETE FROM sessions, INSERT INTO …;
// and no module may list TypeOrmModule in its `exports` (that hands its repositories to every importer).
// Exempt: src/testing/ (the public test kit arranges rows of every table) and *.spec.ts files.
// Migrations live outside src/ and are not read.
// Usage: node scripts/check-ownership.mjs [source-root]   (default: src/)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ts = createRequire(import.meta.url)('typescript');

const EXEMPT_FOLDERS = new Set(['testing']);
const ROOT = '(root)';
const WRITE_METHODS = new Set([
  'insert', 'update', 'upsert', 'delete', 'save', 'remove', 'softDelete', 'softRemove', 'restore', 'recover',
  'increment', 'decrement', 'clear',
]);
const QUERY_BUILDER_WRITES = new Set(['insert', 'update', 'delete', 'softDelete', 'restore']);
const REPOSITORY_GETTERS = new Set(['getRepository', 'getTreeRepository', 'withRepository']);
const RAW_WRITE = /\b(?:UPDATE\s+(?:ONLY\s+)?("?\w+"?\.)?"?(\w+)"?(?:\s+(?:AS\s+)?\w+)?\s+SET|DELETE\s+FROM\s+(?:ONLY\s+)?("?\w+"?\.)?"?(\w+)"?|INSERT\s+INTO\s+("?\w+"?\.)?"?(\w+)"?|TRUNCATE\s+(?:TABLE\s+)?(?:ONLY\s+)?("?\w+"?\.)?"?(\w+)"?)/gi;

function sourceFiles(dir) {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) files.push(path);
  }
  return files;
}

function folderOf(srcRoot, path) {
  const parts = relative(srcRoot, path).split(sep);
  return parts.length === 1 ? ROOT : parts[0];
}

function parse(path) {
  return ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
}

function walk(node, visit) {
  visit(node);
  ts.forEachChild(node, (child) => walk(child, visit));
}

const calleeName = (call) => (ts.isPropertyAccessExpression(call.expression) ? call.expression.name.text : ts.isIdentifier(call.expression) ? call.expression.text : null);

/** `@Entity('users')` or `@Entity({ name: 'users' })` on a class: [class name, table name]. */
function entityOf(node) {
  if (!ts.isClassDeclaration(node) || !node.name) return null;
  for (const decorator of ts.getDecorators?.(node) ?? []) {
    const call = decorator.expression;
    if (!ts.isCallExpression(call) || calleeName(call) !== 'Entity') continue;
    const [arg] = call.arguments;
    if (arg && ts.isStringLiteral(arg)) return [node.name.text, arg.text];
    const nameProperty = arg && ts.isObjectLiteralExpression(arg) && arg.properties.find((p) => p.name?.getText() === 'name');
    if (nameProperty && ts.isStringLiteral(nameProperty.initializer)) return [node.name.text, nameProperty.initializer.text];
  }
  return null;
}

/** Who owns what: entity class names and table names, each to its folder. */
export function ownership(srcRoot, files = sourceFiles(srcRoot)) {
  const byEntity = new Map();
  const byTable = new Map();
  for (const file of files) {
    walk(parse(file), (node) => {
      const entity = entityOf(node);
      if (!entity) return;
      byEntity.set(entity[0], folderOf(srcRoot, file));
      byTable.set(entity[1].toLowerCase(), folderOf(srcRoot, file));
    });
  }
  return { byEntity, byTable };
}

/** The entity an argument names: `User`, `'User'` or `'users'`; null for anything else. */
function entityArgument(arg, owners) {
  if (!arg) return null;
  if (ts.isIdentifier(arg) && owners.byEntity.has(arg.text)) return { name: arg.text, owner: owners.byEntity.get(arg.text) };
  if (ts.isStringLiteral(arg)) {
    const owner = owners.byEntity.get(arg.text) ?? owners.byTable.get(arg.text.toLowerCase());
    return owner ? { name: arg.text, owner } : null;
  }
  // save(manager.create(User, …)), insert(this.create(User, …))
  if (ts.isCallExpression(arg) && calleeName(arg) === 'create') return entityArgument(arg.arguments[0], owners);
  return null;
}

/** The entity of the nearest `createQueryBuilder(X)` down a call chain, if any. */
function queryBuilderEntity(expression, owners) {
  for (let node = expression; node; ) {
    if (ts.isCallExpression(node)) {
      if (calleeName(node) === 'createQueryBuilder') return entityArgument(node.arguments[0], owners);
      node = node.expression;
    } else if (ts.isPropertyAccessExpression(node)) node = node.expression;
    else return null;
  }
  return null;
}

/** `.delete().from(X)`, `.insert().into(X)`, `.update(X)` of a query builder. */
function queryBuilderTarget(call, owners) {
  const name = calleeName(call);
  if ((name === 'from' || name === 'into') && ts.isPropertyAccessExpression(call.expression)) {
    const receiver = call.expression.expression;
    const verb = ts.isCallExpression(receiver) ? calleeName(receiver) : null;
    if ((name === 'from' && verb === 'delete') || (name === 'into' && verb === 'insert')) return entityArgument(call.arguments[0], owners);
  }
  if (QUERY_BUILDER_WRITES.has(name) && call.arguments.length === 0 && ts.isPropertyAccessExpression(call.expression)) {
    return queryBuilderEntity(call.expression.expression, owners);
  }
  return null;
}

function callProblem(call, owners) {
  const name = calleeName(call);
  if (name === 'InjectRepository' || REPOSITORY_GETTERS.has(name)) {
    const target = entityArgument(call.arguments[0], owners);
    return target && { target, what: `takes the repository of ${target.name}` };
  }
  if (WRITE_METHODS.has(name) && call.arguments.length > 0) {
    const target = entityArgument(call.arguments[0], owners);
    if (target) return { target, what: `${name}s ${target.name} rows` };
  }
  const target = queryBuilderTarget(call, owners);
  return target && { target, what: `writes ${target.name} rows through a query builder` };
}

/** The text of a string or template literal, `${…}` standing in for each substitution. */
function literalText(node) {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.head.text + node.templateSpans.map((span) => '${…}' + span.literal.text).join('');
  return null;
}

function rawSqlProblems(node, owners) {
  const text = literalText(node);
  if (text === null) return [];
  const problems = [];
  for (const match of text.matchAll(RAW_WRITE)) {
    const table = (match[2] ?? match[4] ?? match[6] ?? match[8]).toLowerCase();
    const owner = owners.byTable.get(table);
    if (owner) problems.push({ target: { name: table, owner }, what: `writes the ${table} table in raw SQL (${match[0].replace(/\s+/g, ' ')})` });
  }
  return problems;
}

function isTypeOrmModule(element) {
  let node = element;
  while (ts.isCallExpression(node) || ts.isPropertyAccessExpression(node)) node = node.expression;
  return ts.isIdentifier(node) && node.text === 'TypeOrmModule';
}

function exportsTypeOrmModule(node) {
  return (
    ts.isPropertyAssignment(node) &&
    node.name.getText() === 'exports' &&
    ts.isArrayLiteralExpression(node.initializer) &&
    node.initializer.elements.some(isTypeOrmModule)
  );
}

function fileProblems(srcRoot, file, owners) {
  const folder = folderOf(srcRoot, file);
  const source = parse(file);
  const where = (node) => `${relative(srcRoot, file).split(sep).join('/')}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const problems = [];
  walk(source, (node) => {
    if (exportsTypeOrmModule(node)) problems.push(`${where(node)}: a module exports TypeOrmModule (export the services that own the tables instead)`);
    const found = ts.isCallExpression(node) ? [callProblem(node, owners)].filter(Boolean) : rawSqlProblems(node, owners);
    for (const { target, what } of found) {
      if (target.owner !== folder) problems.push(`${where(node)}: ${folder}/ ${what}, a table owned by ${target.owner}/ (call ${target.owner}/'s service)`);
    }
  });
  return problems;
}

export function checkOwnership(srcRoot) {
  const files = sourceFiles(srcRoot);
  const owners = ownership(srcRoot, files);
  return files
    .filter((file) => !file.endsWith('.spec.ts') && !EXEMPT_FOLDERS.has(folderOf(srcRoot, file)))
    .flatMap((file) => fileProblems(srcRoot, file, owners));
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const srcRoot = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'src'));
  if (!statSync(srcRoot, { throwIfNoEntry: false })?.isDirectory()) {
    process.stderr.write(`check-ownership: no such folder: ${srcRoot}\n`);
    process.exit(2);
  }
  const problems = checkOwnership(srcRoot);
  if (problems.length > 0) {
    process.stderr.write(`Tables of ${relative(process.cwd(), srcRoot) || '.'}/ are written by a folder that does not own them:\n${problems.join('\n')}\n`);
    process.exit(1);
  }
}
