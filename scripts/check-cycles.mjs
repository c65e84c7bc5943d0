// Fails when the top-level folders of src/ import each other in a cycle (auth -> tokens -> auth), or
// when anything imports a file directly in src/ (app.module, main: the composition root imports
// everything, so nothing may import it back). Prints every cycle with one example import per edge.
// Usage: node scripts/check-cycles.mjs [source-root]   (default: src/, with the allow-list below)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

// The TypeScript scanner, not a regex: comments, strings and `import type` are read as the compiler reads them.
const ts = createRequire(import.meta.url)('typescript');

const ROOT = '(root)';
const SOURCE_EXTENSIONS = ['.ts', '.mts', '.cts'];

/**
 * Known cycles, to be broken, written as `a -> b -> a` starting at the alphabetically first folder.
 * An entry that is no longer a cycle fails the check too, so the list only shrinks.
 */
const ALLOWED_CYCLES = new Map([
  // ['a -> b -> a', 'why it is not broken yet, and how to break it'],
]);

function sourceFiles(dir) {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(path));
    else if (SOURCE_EXTENSIONS.some((ext) => entry.name.endsWith(ext)) && !entry.name.endsWith('.d.ts')) files.push(path);
  }
  return files;
}

/** The top-level folder of src/ a path is in, ROOT for files directly in src/, null outside src/. */
function folderOf(srcRoot, path) {
  const rel = relative(srcRoot, path);
  if (rel.startsWith('..') || rel === '') return null;
  const parts = rel.split(sep);
  return parts.length === 1 ? ROOT : parts[0];
}

/** Resolves a relative specifier to a path (file or folder); the extension does not matter here. */
function resolveImport(fromFile, specifier) {
  return specifier.startsWith('.') ? resolve(dirname(fromFile), specifier) : null;
}

/** Import edges between folders: Map<from, Map<to, example>>, plus imports of root files. */
export function folderGraph(srcRoot) {
  const graph = new Map();
  const rootImports = [];
  for (const file of sourceFiles(srcRoot)) {
    const from = folderOf(srcRoot, file);
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName: specifier } of importedFiles) {
      const target = resolveImport(file, specifier);
      const to = target && folderOf(srcRoot, target);
      if (!to || to === from) continue;
      const example = `${relative(srcRoot, file).split(sep).join('/')} imports '${specifier}'`;
      if (to === ROOT) {
        rootImports.push(example);
        continue;
      }
      if (from === ROOT) continue;
      if (!graph.has(from)) graph.set(from, new Map());
      const edges = graph.get(from);
      if (!edges.has(to)) edges.set(to, example);
    }
  }
  return { graph, rootImports };
}

/** Every elementary cycle, each listed once, starting at its alphabetically first folder. */
export function findCycles(graph) {
  const nodes = [...new Set([...graph.keys(), ...[...graph.values()].flatMap((edges) => [...edges.keys()])])].sort();
  const cycles = [];
  for (const start of nodes) {
    const walk = (node, path) => {
      for (const next of [...(graph.get(node)?.keys() ?? [])].sort()) {
        if (next === start) cycles.push([...path, start]);
        else if (next > start && !path.includes(next)) walk(next, [...path, next]);
      }
    };
    walk(start, [start]);
  }
  return cycles;
}

export function checkCycles(srcRoot, allowed = ALLOWED_CYCLES) {
  const { graph, rootImports } = folderGraph(srcRoot);
  const problems = rootImports.map((example) => `imports a root file of src/ (only the root may import it): ${example}`);
  const seen = new Set();
  for (const cycle of findCycles(graph)) {
    const name = cycle.join(' -> ');
    seen.add(name);
    if (allowed.has(name)) continue;
    const edges = cycle.slice(1).map((to, i) => `    ${cycle[i]} -> ${to}: ${graph.get(cycle[i]).get(to)}`);
    problems.push([`import cycle: ${name}`, ...edges].join('\n'));
  }
  for (const name of allowed.keys()) {
    if (!seen.has(name)) problems.push(`allow-listed cycle no longer exists, remove it from scripts/check-cycles.mjs: ${name}`);
  }
  return problems;
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const projectSrc = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');
  const srcRoot = resolve(process.argv[2] ?? projectSrc);
  if (!statSync(srcRoot, { throwIfNoEntry: false })?.isDirectory()) {
    process.stderr.write(`check-cycles: no such folder: ${srcRoot}\n`);
    process.exit(2);
  }
  // The allow-list describes this project's src/, not another tree (the spec's fixtures).
  const problems = checkCycles(srcRoot, srcRoot === resolve(projectSrc) ? ALLOWED_CYCLES : new Map());
  if (problems.length > 0) {
    process.stderr.write(`Folder imports of ${relative(process.cwd(), srcRoot) || '.'}/ are not one-way:\n${problems.join('\n')}\n`);
    process.exit(1);
  }
}
