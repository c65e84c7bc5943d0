import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_APP_KEY } from '../support/app';
import { createTestDatabase } from '../support/database';

// PGlite does not load inside jest's module sandbox: these tests run the built CLI as a person does.
const PROJECT_ROOT = join(__dirname, '..', '..');
const CLI = join(PROJECT_ROOT, 'dist', 'cli.js');
const BASE_ENV = { PATH: process.env.PATH, NODE_ENV: 'test', APP_KEY: TEST_APP_KEY, BCRYPT_ROUNDS: '4', LOG_LEVEL: 'silent' };

/** `node <project>/dist/cli.js …` from `cwd`, with exactly `env` (no DATABASE_URL unless given). */
function cli(args: string[], cwd: string, env: Record<string, string>) {
  const run = spawnSync(process.execPath, [CLI, ...args], { cwd, env: { ...BASE_ENV, ...env }, encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, out: run.stdout.split('\n').filter(Boolean), err: run.stderr.split('\n').filter(Boolean) };
}

/** Holds the embedded database open in another process, as `npm start` does; resolves once it serves. */
function holdEmbeddedDatabase(dataDir: string): Promise<ChildProcess> {
  const script = `require(${JSON.stringify(join(PROJECT_ROOT, 'dist', 'database', 'embedded.js'))})
    .startEmbeddedDatabase(${JSON.stringify(dataDir)}, 2)
    .then((db) => { process.stdout.write('ready\\n'); process.once('SIGTERM', () => db.stop().then(() => process.exit(0))); });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve(child));
    child.once('exit', (code) => reject(new Error(`the embedded database holder exited (${code})`)));
  });
}

describe('CLI on the embedded database (no DATABASE_URL), run from another folder', () => {
  const cleanup: string[] = [];
  let elsewhere: string;

  beforeAll(() => {
    const build = spawnSync(process.execPath, [join(PROJECT_ROOT, 'scripts', 'build.mjs'), '--if-stale'], { encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
    elsewhere = mkdtempSync(join(tmpdir(), 'gh-cwd-'));
    cleanup.push(elsewhere);
  }, 240_000);
  afterAll(() => cleanup.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

  it('opens the data folder of the project, not of the working directory, and names it on stderr', () => {
    const relative = `.data-cli-spec-${process.pid}`;
    cleanup.push(join(PROJECT_ROOT, relative));
    const run = cli(['migrate'], elsewhere, { DATA_DIR: relative });
    expect(run.code).toBe(0);
    expect(run.out[0]).toMatch(/^Migrated: /);
    expect(run.err).toEqual([`Embedded database: ${join(PROJECT_ROOT, relative)}`]);
    expect(existsSync(join(PROJECT_ROOT, relative, 'pgdata'))).toBe(true);
    expect(existsSync(join(elsewhere, relative))).toBe(false);
  }, 90_000);

  it("says so when it goes through the running server's socket", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gh-cli-embedded-'));
    cleanup.push(dataDir);
    const holder = await holdEmbeddedDatabase(dataDir);
    try {
      const run = cli(['migrate'], elsewhere, { DATA_DIR: dataDir });
      expect(run.code).toBe(0);
      expect(run.err).toEqual([`Embedded database: ${dataDir} (through the running server's socket)`]);
    } finally {
      const exited = new Promise((resolve) => holder.once('exit', resolve));
      holder.kill('SIGTERM');
      await exited;
    }
  }, 60_000);

  it('prints nothing about a DATABASE_URL, whose credentials are not for the terminal', async () => {
    const database = await createTestDatabase();
    try {
      const withPassword = new URL(database.url);
      withPassword.password = 'not-for-the-terminal';
      const run = cli(['migrate'], elsewhere, { DATABASE_URL: withPassword.toString(), DATA_DIR: join(elsewhere, 'unused') });
      expect(run).toEqual({ code: 0, out: ['Nothing to migrate.'], err: [] });
    } finally {
      await database.drop();
    }
  }, 90_000);
});
