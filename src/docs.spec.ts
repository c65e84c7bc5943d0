import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..');
const CONTRACT = 'docs/http-contract.md';
const SCANNED = ['src', 'test', 'migrations', 'bench', 'examples', 'docs', 'README.md'];
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'results', 'coverage']);
const TEXT_FILE = /\.(ts|js|mjs|cjs|json|md|html|css|sql|ya?ml|txt)$/;

// Built from parts so that this file does not trip its own check.
const OUTSIDE_DOCUMENTS = [
  ['API', 'md'].join('.'),
  ['LARAVEL', 'NOTES'].join('-'),
  ['CONVENTIONS', 'md'].join('.'),
  ['STACK', 'md'].join('.'),
  ['..', 'shared'].join('/'),
];

function filesUnder(path: string): string[] {
  const absolute = join(root, path);
  if (statSync(absolute).isFile()) return [path];
  return readdirSync(absolute, { withFileTypes: true }).flatMap((entry) => {
    const child = join(path, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : filesUnder(child);
    return TEXT_FILE.test(entry.name) ? [child] : [];
  });
}

const files = SCANNED.flatMap(filesUnder).map((file) => relative(root, join(root, file)));
const read = (file: string) => readFileSync(join(root, file), 'utf8');

/** The section numbers of the contract: `## 4.`, `### 2.7`, and the numbered clarifications of §10. */
function contractSections(): Set<string> {
  const sections = new Set<string>();
  let top = '';
  for (const line of read(CONTRACT).split('\n')) {
    const heading = /^##+ (\d+(?:\.\d+)?)\.? /.exec(line);
    if (heading) {
      sections.add(heading[1]);
      top = heading[1].split('.')[0];
      continue;
    }
    const item = /^(\d+)\. /.exec(line);
    if (item && top === '10') sections.add(`10.${item[1]}`);
  }
  return sections;
}

/** Every `§N` or `§N.M` a citation names, range ends included (`§2.2–2.3`, `§5–6`). */
function citedSections(text: string, citation: RegExp): string[] {
  return [...text.matchAll(citation)].flatMap((match) => [...match[1].matchAll(/\d+(?:\.\d+)?/g)].map((n) => n[0]));
}

describe('project documentation', () => {
  it('scans the tree it is meant to (sanity check of the walk)', () => {
    expect(files).toEqual(expect.arrayContaining([CONTRACT, 'README.md', 'src/main.ts', 'src/docs.spec.ts']));
    expect(files.some((file) => file.startsWith('migrations/'))).toBe(true);
    expect(files.some((file) => file.startsWith('node_modules/'))).toBe(false);
  });

  it('cites no document that lives outside the repository', () => {
    const offending = files.flatMap((file) => {
      const text = read(file);
      return OUTSIDE_DOCUMENTS.filter((name) => text.includes(name)).map((name) => `${file}: ${name}`);
    });
    expect(offending).toEqual([]);
  });

  it('cites only sections of the HTTP contract that exist', () => {
    const sections = contractSections();
    expect([...sections]).toEqual(expect.arrayContaining(['1', '2.7', '9.4', '10.1', '10.23', '11']));
    const fromCode = /docs\/http-contract\.md ((?:§\d+(?:\.\d+)?(?:–\d+(?:\.\d+)?)?(?:, | and )?)+)/g;
    const withinContract = /(§\d+(?:\.\d+)?(?:–\d+(?:\.\d+)?)?)/g;
    const missing = files.flatMap((file) =>
      citedSections(read(file), file === CONTRACT ? withinContract : fromCode)
        .filter((section) => !sections.has(section))
        .map((section) => `${file}: §${section}`),
    );
    expect(missing).toEqual([]);
  });
});
