import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPT = join(__dirname, 'check-engines.mjs');

type Manifest = { name?: string; version?: string; engines?: { node?: unknown }; dependencies?: Record<string, string> };

/** A project folder with package.json and an installed node_modules ({ 'a': manifest, 'a/node_modules/b': … }). */
function project(root: Manifest, installed: Record<string, Manifest>, devDependencies: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'check-engines-'));
  folders.push(dir);
  writeManifest(dir, { name: 'fixture', version: '1.0.0', ...root, ...{ devDependencies } });
  for (const [path, manifest] of Object.entries(installed)) {
    const name = path.split('/node_modules/').pop() as string;
    writeManifest(join(dir, 'node_modules', path), { name, version: '1.0.0', ...manifest });
  }
  return dir;
}

function writeManifest(folder: string, manifest: object): void {
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'package.json'), JSON.stringify(manifest));
}

function check(dir: string): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [SCRIPT, dir], { encoding: 'utf8' });
  return { status: result.status, stderr: result.stderr };
}

const folders: string[] = [];
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('scripts/check-engines.mjs', () => {
  it('passes when every production dependency admits the floor, however its range is written', () => {
    const dir = project(
      { engines: { node: '>=20.19.0' }, dependencies: { a: '1.0.0', b: '1.0.0', c: '1.0.0' } },
      {
        a: { engines: { node: '^20.19.0 || >=22.12.0' } },
        b: { engines: { node: '18 || 20 || >=22' }, dependencies: { d: '1.0.0' } },
        'b/node_modules/d': { engines: { node: '>= 10.x' } },
        c: {},
      },
    );
    expect(check(dir)).toEqual({ status: 0, stderr: '' });
  });

  it('fails on a transitive production dependency whose engines exclude the floor, naming it', () => {
    const dir = project(
      { engines: { node: '>=20.19.0' }, dependencies: { a: '1.0.0' } },
      { a: { dependencies: { b: '2.0.0' } }, b: { version: '2.0.0', engines: { node: '>=22' } } },
    );
    const { status, stderr } = check(dir);
    expect(status).toBe(1);
    expect(stderr).toContain('b@2.0.0: engines.node ">=22" excludes Node 20.19.0');
    expect(stderr).not.toContain('a@1.0.0');
  });

  it('fails on a range that admits only later minors of the floor major', () => {
    const dir = project(
      { engines: { node: '>=20.19.0' }, dependencies: { a: '1.0.0' } },
      { a: { engines: { node: '^20.20.0 || >=22' } } },
    );
    expect(check(dir).status).toBe(1);
  });

  it('ignores development dependencies', () => {
    const dir = project({ engines: { node: '>=20.19.0' } }, { tool: { engines: { node: '>=24' } } }, { tool: '1.0.0' });
    expect(check(dir)).toEqual({ status: 0, stderr: '' });
  });

  it('fails on an unreadable engines.node rather than passing it', () => {
    const dir = project({ engines: { node: '>=20.19.0' }, dependencies: { a: '1.0.0' } }, { a: { engines: { node: 'any modern node' } } });
    const { status, stderr } = check(dir);
    expect(status).toBe(1);
    expect(stderr).toContain('a@1.0.0: unreadable engines.node');
  });

  it('refuses a project without an engines.node floor', () => {
    const dir = project({ dependencies: {} }, {});
    const { status, stderr } = check(dir);
    expect(status).toBe(2);
    expect(stderr).toContain('no readable engines.node');
  });
});
