import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { CliCommand, CliError, usageLine } from '../../src/cli/command';
import { COMMANDS } from '../../src/cli-commands';
import { runCli } from '../../src/run-cli';
import { userCreateCommand } from '../../src/account/user-create.command';
import { parseAppKey } from '../../src/common/crypto';
import { Env } from '../../src/config/config';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { UsersService } from '../../src/users/users.service';
import { TEST_APP_KEY } from '../support/app';
import { createTestDatabase } from '../support/database';

interface Run {
  code: number;
  out: string[];
  err: string[];
}

const PASSWORD = 'S3cret-Passw0rd!';
const USAGE = `(usage: ${usageLine(userCreateCommand)})`;
const MIGRATION_COUNT = readdirSync(join(__dirname, '..', '..', 'migrations')).filter((file) => file.endsWith('.ts')).length;

describe('CLI (runCli, in-process)', () => {
  let database: { url: string; drop(): Promise<void> };
  let db: Client;
  let dataDir: string;
  let env: Env;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = new Client({ connectionString: database.url });
    await db.connect();
    dataDir = mkdtempSync(join(tmpdir(), 'gh-cli-'));
    env = { NODE_ENV: 'test', APP_KEY: TEST_APP_KEY, BCRYPT_ROUNDS: '4', DATA_DIR: dataDir, DATABASE_URL: database.url, LOG_LEVEL: 'silent' };
  });
  afterAll(async () => {
    await db.end();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function cli(argv: string[], extraEnv: Env = {}, commands?: readonly CliCommand[]): Promise<Run> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { out: (line) => out.push(line), err: (line) => err.push(line) }, { ...env, ...extraEnv }, commands);
    return { code, out, err };
  }

  /** A failure is exactly one line on stderr, no stack trace, nothing on stdout, and never the password. */
  function expectFailure(run: Run, message: string | RegExp): void {
    expect(run.code).toBe(1);
    expect(run.out).toEqual([]);
    expect(run.err).toHaveLength(1);
    expect(run.err[0]).not.toContain('\n');
    expect(run.err[0]).not.toMatch(/\n\s+at |\.ts:\d+/);
    expect(run.err[0]).not.toContain(PASSWORD);
    if (typeof message === 'string') expect(run.err[0]).toBe(message);
    else expect(run.err[0]).toMatch(message);
  }

  const userRows = async (email: string) =>
    (await db.query('SELECT name, email, password, email_verified_at FROM users WHERE lower(email) = lower($1)', [email])).rows;

  describe('user:create', () => {
    it('creates a user with a bcrypt hash, trimmed name and lower-cased email, and prints no password', async () => {
      const run = await cli(['user:create', '--name', '  Ada Lovelace ', '--email', ' Ada@Example.COM ', '--password', PASSWORD]);
      expect(run).toEqual({ code: 0, out: [expect.stringMatching(/^Created user \d+ <ada@example\.com>$/)], err: [] });
      const [row] = await userRows('ada@example.com');
      expect(row).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.com', email_verified_at: null });
      expect(row.password).toMatch(/^\$2[aby]\$04\$/);
      expect(row.password).not.toContain(PASSWORD);
    });

    it('--verified marks the email verified; --name=… syntax works too', async () => {
      const run = await cli(['user:create', '--name=Grace', '--email=grace@example.com', `--password=${PASSWORD}`, '--verified']);
      expect(run.code).toBe(0);
      expect(run.out).toEqual([expect.stringMatching(/^Created user \d+ <grace@example\.com> \(email verified\)$/)]);
      const [row] = await userRows('grace@example.com');
      expect(row.email_verified_at).toBeInstanceOf(Date);
    });

    it('keeps the password exactly as given (not trimmed), as registration does', async () => {
      await cli(['user:create', '--name', 'Spacey', '--email', 'spacey@example.com', '--password', '  spaced out  ']);
      const [row] = await userRows('spacey@example.com');
      const bcrypt = await import('bcrypt');
      expect(await bcrypt.compare('  spaced out  ', row.password)).toBe(true);
    });

    it('refuses an email that is already taken, case-insensitively, and creates nothing', async () => {
      await cli(['user:create', '--name', 'First', '--email', 'taken@example.com', '--password', PASSWORD]);
      const run = await cli(['user:create', '--name', 'Second', '--email', 'TAKEN@example.com', '--password', PASSWORD]);
      expectFailure(run, 'The email has already been taken.');
      expect(await userRows('taken@example.com')).toEqual([expect.objectContaining({ name: 'First' })]);
    });

    it('lets only one of two concurrent creations of the same address succeed', async () => {
      const args = ['user:create', '--name', 'Racer', '--email', 'race@example.com', '--password', PASSWORD];
      const runs = await Promise.all([cli(args), cli(args)]);
      expect(runs.map((run) => run.code).sort()).toEqual([0, 1]);
      expectFailure(runs.find((run) => run.code === 1)!, 'The email has already been taken.');
      expect(await userRows('race@example.com')).toHaveLength(1);
    });

    it.each([
      ['name', ['--email', 'x@example.com', '--password', PASSWORD]],
      ['email', ['--name', 'X', '--password', PASSWORD]],
      ['password', ['--name', 'X', '--email', 'x@example.com']],
      ['name', ['--name', '   ', '--email', 'x@example.com', '--password', PASSWORD]],
      ['password', ['--name', 'X', '--email', 'x@example.com', '--password', '']],
    ])('names the missing option --%s', async (option, args) => {
      const run = await cli(['user:create', ...args]);
      expectFailure(run, `Missing required option --${option} ${USAGE}`);
    });

    it.each([
      [['--email', 'not-an-email'], 'The email field must be a valid email address.'],
      [['--email', 'a@b'], 'The email field must be a valid email address.'],
      [['--password', 'short'], 'The password field must be at least 8 characters.'],
      [['--name', 'n'.repeat(256)], 'The name field must not be greater than 255 characters.'],
      [['--password', 'é'.repeat(37)], 'The password field must not be greater than 72 bytes.'],
      [['--name', 'A\u0000da'], 'The name field must be a valid string.'],
      [['--email', '\ud800@example.com'], 'The email field must be a valid string.'],
    ])('rejects %p with Laravel\'s message', async (override, message) => {
      const values: Record<string, string> = { '--name': 'X', '--email': 'valid@example.com', '--password': PASSWORD };
      values[override[0]] = override[1];
      const run = await cli(['user:create', ...Object.entries(values).flat()]);
      expectFailure(run, message);
      expect(await userRows('valid@example.com')).toEqual([]);
    });

    it('rejects unknown options and stray arguments without echoing them', async () => {
      expectFailure(
        await cli(['user:create', '--nmae', 'X', '--email', 'x@example.com', '--password', PASSWORD]),
        `Unknown option '--nmae' ${USAGE}`,
      );
      // `--password my secret`: the second half must not be printed.
      const stray = await cli(['user:create', '--name', 'X', '--email', 'x@example.com', '--password', 'my', PASSWORD]);
      expectFailure(stray, `Unexpected argument ${USAGE}`);
      expectFailure(await cli(['user:create', '--verified=yes']), /^Option '--verified' does not take an argument \(usage: /);
    });

    it('--help prints the usage without touching the database', async () => {
      const run = await cli(['user:create', '--help'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
      expect(run).toEqual({
        code: 0,
        out: [`Usage: ${usageLine(userCreateCommand)}\n  Create a user (the password is hashed; it is never printed)`],
        err: [],
      });
    });
  });

  describe('migrate', () => {
    it('says there is nothing to do on a migrated database', async () => {
      expect(await cli(['migrate'])).toEqual({ code: 0, out: ['Nothing to migrate.'], err: [] });
    });

    it('applies pending migrations and prints their names', async () => {
      // Take the newest migration back out of this file's own database, so exactly one is pending.
      const dataSource = new DataSource(dataSourceOptions(database.url, 1));
      await dataSource.initialize();
      const [newest] = await dataSource.query('SELECT name FROM migrations ORDER BY timestamp DESC LIMIT 1');
      await dataSource.undoLastMigration({ transaction: 'each' });
      await dataSource.destroy();

      expect(await cli(['migrate'])).toEqual({ code: 0, out: [`Migrated: ${newest.name}`], err: [] });
      expect(await cli(['migrate'])).toEqual({ code: 0, out: ['Nothing to migrate.'], err: [] });
      const { rows } = await db.query('SELECT count(*)::int AS n FROM migrations');
      expect(rows[0].n).toBe(MIGRATION_COUNT);
    });
  });

  describe('key:generate', () => {
    it('prints a fresh valid APP_KEY, without needing a configuration or a database', async () => {
      const noConfig = { NODE_ENV: 'production', APP_KEY: undefined, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' };
      const first = await cli(['key:generate'], noConfig);
      const second = await cli(['key:generate'], noConfig);
      expect(first.code).toBe(0);
      expect(first.err).toEqual([]);
      expect(first.out).toHaveLength(1);
      expect(parseAppKey(first.out[0])).toHaveLength(32);
      expect(second.out[0]).not.toBe(first.out[0]);
    });
  });

  describe('dispatch and failures', () => {
    it('help lists every registered command with its usage', async () => {
      const run = await cli(['help']);
      expect(run.code).toBe(0);
      for (const command of COMMANDS) expect(run.out[0]).toContain(command.name);
      expect(run.out[0]).toContain(usageLine(userCreateCommand));
      expect(usageLine(userCreateCommand)).toMatch(/^user:create --name N --email E --password P .*\[--verified\]$/);
    });

    it('without a command prints the help on stderr and exits 1', async () => {
      const run = await cli([]);
      expect(run.code).toBe(1);
      expect(run.err[0]).toMatch(/^Usage: gatehouse <command>/);
    });

    it('rejects an unknown command', async () => {
      const available = COMMANDS.map((command) => command.name).join(', ');
      expect(available).toMatch(/^user:create, migrate, key:generate\b/);
      expectFailure(await cli(['user:delete']), `Unknown command "user:delete". Available: ${available}`);
    });

    it('reports an invalid configuration on one line, naming the variables', async () => {
      expectFailure(
        await cli(['migrate'], { PORT: 'abc', LOG_LEVEL: 'loud' }),
        'Invalid configuration: PORT must be an integer between 0 and 65535, got "abc"; LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
      );
    });

    it('reports an unreachable database on one line', async () => {
      const run = await cli(['user:create', '--name', 'X', '--email', 'x@example.com', '--password', PASSWORD], {
        DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none',
      });
      expectFailure(run, /^Cannot reach the database: connect ECONNREFUSED 127\.0\.0\.1:1$/);
    });

    it('dispatches a command added to the registry, giving it the application context', async () => {
      const seen: string[] = [];
      const probe: CliCommand = {
        name: 'probe:users',
        usage: 'EMAIL',
        description: 'test command',
        needs: 'app',
        async run(ctx, args) {
          const user = await ctx.app.get(UsersService, { strict: false }).findByEmail(args[0]);
          seen.push(ctx.config.nodeEnv, String(ctx.database.migrations.length));
          ctx.out(user ? `found ${user.name}` : 'none');
        },
      };
      const run = await cli(['probe:users', 'ADA@example.com'], {}, [...COMMANDS, probe]);
      expect(run).toEqual({ code: 0, out: ['found Ada Lovelace'], err: [] });
      expect(seen).toEqual(['test', '0']);
    });

    it('prints an unexpected error as one "Failed:" line, and a CliError as its message', async () => {
      const failing = (error: Error): CliCommand => ({
        name: 'boom',
        usage: '',
        description: 'fails',
        needs: 'nothing',
        run: async () => {
          throw error;
        },
      });
      expectFailure(await cli(['boom'], {}, [failing(new Error('first line\n    at secret.ts:1:1'))]), 'Failed: first line');
      expectFailure(await cli(['boom'], {}, [failing(new CliError('Role "x" does not exist.'))]), 'Role "x" does not exist.');
    });

    it('refuses a context part the command did not declare', async () => {
      const greedy: CliCommand = { name: 'greedy', usage: '', description: '', needs: 'nothing', run: async (ctx) => void ctx.app };
      expectFailure(await cli(['greedy'], {}, [greedy]), 'Failed: This command did not declare that it needs the application context');
    });
  });
});
