import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const SCRIPT = join(__dirname, 'check-cycles.mjs');

/** Writes a source tree ({ 'auth/a.ts': '...' }) into a fresh folder and returns its path. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'check-cycles-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  roots.push(root);
  return root;
}

function check(root: string): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [SCRIPT, root], { encoding: 'utf8' });
  return { status: result.status, stderr: result.stderr };
}

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

describe('scripts/check-cycles.mjs', () => {
  it('passes a tree whose folders import one way, the root importing anything', () => {
    const root = tree({
      'app.module.ts': "import { Auth } from './auth/auth';\nimport { Users } from './users/users';\n",
      'auth/auth.ts': "import { Users } from '../users/users';\nimport type { Token } from '../tokens/token';\n",
      'tokens/token.ts': "import { Users } from '../users/users';\nexport type Token = string;\n",
      'users/users.ts': "import { join } from 'node:path';\n// import { Auth } from '../auth/auth';\nexport class Users {}\n",
    });
    expect(check(root)).toEqual({ status: 0, stderr: '' });
  });

  it('fails on a two-folder cycle and names one import per edge', () => {
    const root = tree({
      'auth/auth.ts': "import { Token } from '../tokens/token';\n",
      'tokens/token.ts': "import type { Auth } from '../auth/auth';\nexport type Token = string;\n",
    });
    const { status, stderr } = check(root);
    expect(status).toBe(1);
    expect(stderr).toContain('import cycle: auth -> tokens -> auth');
    expect(stderr).toContain("auth -> tokens: auth/auth.ts imports '../tokens/token'");
    expect(stderr).toContain("tokens -> auth: tokens/token.ts imports '../auth/auth'");
  });

  it('lists every cycle, longer ones and re-exports included', () => {
    const root = tree({
      'a/x.ts': "export * from '../b/y';\n",
      'b/y.ts': "import '../c/z';\nexport const y = 1;\n",
      'c/z.ts': "const a = import('../a/x');\nexport { a };\n",
      'd/w.ts': "import { y } from '../b/y';\n",
      'b/v.ts': "import '../d/w';\n",
    });
    const { status, stderr } = check(root);
    expect(status).toBe(1);
    expect(stderr).toContain('import cycle: a -> b -> c -> a');
    expect(stderr).toContain('import cycle: b -> d -> b');
  });

  it('fails when a folder imports a file of the root', () => {
    const root = tree({
      'app.module.ts': "import { run } from './cli/run';\n",
      'cli/run.ts': "import { AppModule } from '../app.module';\nexport const run = 1;\n",
    });
    const { status, stderr } = check(root);
    expect(status).toBe(1);
    expect(stderr).toContain("imports a root file of src/ (only the root may import it): cli/run.ts imports '../app.module'");
  });

  it('passes the real source tree (its allow-list covers the known cycles)', () => {
    expect(check(join(__dirname, '..', 'src'))).toEqual({ status: 0, stderr: '' });
  });
});
