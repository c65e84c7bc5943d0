import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import request from 'supertest';
import { startApp, TEST_APP_KEY, TestApp } from '../support/app';
import { laravelEncrypt, laravelKey, sanctumHash } from '../support/laravel-encrypt';
import { createLaravelDatabase, laravelHash, laravelSchema, LaravelSourceDb, SeededLaravelApp, seedLaravelApp, USER_MODEL } from '../support/laravel-app';
import { apiChallenge, bearer, oathtool, settledNow, startApiChallenge } from '../two-factor/support';

// The built CLI as an operator runs it: piped (no progress bar) and on a terminal (util-linux `script` gives it one).
const PROJECT_ROOT = join(__dirname, '..', '..');
const CLI = join(PROJECT_ROOT, 'dist', 'cli.js');
jest.setTimeout(240_000);

/** More than two pages of the default batch size (1000), on every table that grows with the users. */
const BULK = 2345;
const BULK_FIRST_ID = 1001;
const bulkSecret = (id: number) => `bulk${id}Secret0123456789abcdefghijABCDEFGH`.slice(0, 40);
const ESC = '\u001b';

interface Run {
  code: number | null;
  out: string;
  err: string;
}

const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

describe('import:laravel from the built CLI: piped and on a terminal, in pages, previous keys', () => {
  let t: TestApp;
  let source: LaravelSourceDb;
  let seeded: SeededLaravelApp;
  // Laravel rotated its key: the Fortify values were encrypted with the one now in APP_PREVIOUS_KEYS.
  const previousKey = laravelKey();
  const currentKey = laravelKey();

  beforeAll(async () => {
    const build = spawnSync(process.execPath, [join(PROJECT_ROOT, 'scripts', 'build.mjs'), '--if-stale'], { encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
    t = await startApp({ env: { LOGIN_MAX_ATTEMPTS: '1000' } });
    const seed = spawnSync(process.execPath, [CLI, 'db:seed'], { env: env(), encoding: 'utf8' });
    expect(seed.status).toBe(0);
    source = await createLaravelDatabase('postgres');
    for (const statement of laravelSchema('postgres', false)) await source.exec(statement);
    seeded = await seedLaravelApp(source, previousKey, false, 'AES-256-CBC');
    const hash = await laravelHash('bulk-password-1');
    for (let first = BULK_FIRST_ID; first < BULK_FIRST_ID + BULK; first += 500) {
      const ids = Array.from({ length: Math.min(500, BULK_FIRST_ID + BULK - first) }, (_, i) => first + i);
      const rows = (width: number) => ids.map(() => `(${Array(width).fill('?').join(', ')})`).join(', ');
      await source.exec(`INSERT INTO users (id, name, email, password, created_at) VALUES ${rows(5)}`, ids.flatMap((id) => [id, `User ${id}`, `user${id}@example.com`, hash, '2026-01-01 00:00:00']));
      await source.exec(
        `INSERT INTO personal_access_tokens (id, tokenable_type, tokenable_id, name, token, abilities) VALUES ${rows(6)}`,
        ids.flatMap((id) => [id + 10_000, USER_MODEL, id, 'phone', sanctumHash(bulkSecret(id)), '["*"]']),
      );
      await source.exec(`INSERT INTO model_has_roles (role_id, model_type, model_id) VALUES ${rows(3)}`, ids.flatMap((id) => [2, USER_MODEL, id]));
    }
  });
  afterAll(async () => {
    await source?.drop();
    await t?.close();
  });

  const env = () => ({ PATH: process.env.PATH, NODE_ENV: 'test', APP_KEY: TEST_APP_KEY, BCRYPT_ROUNDS: '4', LOG_LEVEL: 'silent', DATABASE_URL: t.databaseUrl, DATA_DIR: t.config.dataDir });
  const importArgs = (extra: string[]) => ['import:laravel', '--source', source.url, ...extra];

  function piped(extra: string[]): Run {
    const run = spawnSync(process.execPath, [CLI, ...importArgs(extra)], { env: env(), encoding: 'utf8', timeout: 120_000 });
    return { code: run.status, out: run.stdout, err: run.stderr };
  }

  /** The same command with a terminal as stdout. */
  function onTerminal(extra: string[], keys: Record<string, string> = {}): Run {
    const command = [process.execPath, CLI, ...importArgs(extra)].map(quote).join(' ');
    const run = spawnSync('script', ['-qec', command, '/dev/null'], { env: { ...env(), ...keys, TERM: 'xterm', COLUMNS: '120' }, encoding: 'utf8', timeout: 120_000 });
    return { code: run.status, out: run.stdout, err: run.stderr };
  }

  const counted = async (sql: string) => (await t.db.query(sql)).rows[0].n as number;
  const rowOf = (out: string, what: string) => out.split(/\r?\n/).find((line) => line.startsWith(`${what} `))?.trim().split(/\s{2,}/);

  function expectNoSecret(run: Run): void {
    const printed = run.out + run.err;
    const secrets = [previousKey, currentKey, previousKey.slice(7), currentKey.slice(7), seeded.alice.password, seeded.bob.password, 'bulk-password-1'];
    secrets.push(seeded.alice.totpSecret, ...seeded.alice.recoveryCodes, seeded.alice.tokenSecret, seeded.bob.tokenSecret, bulkSecret(BULK_FIRST_ID), bulkSecret(BULK_FIRST_ID + BULK - 1));
    for (const secret of secrets) expect(printed).not.toContain(secret);
  }

  it('the current key alone cannot open values encrypted with a previous one: nothing is written', async () => {
    const run = piped(['--laravel-key', currentKey]);
    expect(run.code).toBe(1);
    expect(run.err.trim()).toBe('Cannot decrypt the two-factor secret of user 3 with --laravel-key (The MAC is invalid.); nothing was imported');
    expect(await counted('SELECT count(*)::int AS n FROM users')).toBe(0);
    expectNoSecret(run);
  });

  it('a value no key opens, pages after the first, still fails the run before anything is written', async () => {
    const last = BULK_FIRST_ID + BULK - 1;
    await source.exec('UPDATE users SET two_factor_secret = ? WHERE id = ?', [laravelEncrypt('JBSWY3DPEHPK3PXP', laravelKey()), last]);
    try {
      // One row a page: user 3's secret opens with the previous key, the last user's with none.
      const run = piped(['--laravel-key', currentKey, '--laravel-previous-keys', previousKey, '--batch-size', '1']);
      expect(run.code).toBe(1);
      expect(run.err.trim()).toBe(`Cannot decrypt the two-factor secret of user ${last} with --laravel-key (The MAC is invalid.); nothing was imported`);
      expect(await counted('SELECT count(*)::int AS n FROM users')).toBe(0);
      expect(await counted('SELECT count(*)::int AS n FROM roles WHERE imported_at IS NOT NULL')).toBe(0);
    } finally {
      await source.exec('UPDATE users SET two_factor_secret = NULL WHERE id = ?', [last]);
    }
  });

  it('on a terminal: a progress bar, then the summary; a dry run writes nothing; the keys from LARAVEL_KEY and LARAVEL_PREVIOUS_KEYS', async () => {
    // No key on the command line (where `ps` shows it): the environment carries both.
    const run = onTerminal(['--dry-run'], { LARAVEL_KEY: currentKey, LARAVEL_PREVIOUS_KEYS: previousKey });
    expect(run.code).toBe(0);
    expect(run.out).toContain(ESC);
    expect(run.out).toMatch(/Importing \[[^\]]*\] \d+\/\d+ rows/);
    expect(run.out).toContain('Dry run: nothing was written.');
    expect(rowOf(run.out, 'users')).toEqual(['users', String(4 + BULK), String(2 + BULK), '0', '2']);
    expectNoSecret(run);
    expect(await counted('SELECT count(*)::int AS n FROM users')).toBe(0);
    expect(await counted('SELECT count(*)::int AS n FROM personal_access_tokens')).toBe(0);
  });

  it('piped: no escape code, only the summary table with the right counts; every row of every page arrives', async () => {
    const run = piped(['--laravel-key', currentKey, '--laravel-previous-keys', previousKey]);
    expect(run.code).toBe(0);
    expect(run.err).toBe('');
    expect(run.out).not.toContain(ESC);
    expect(run.out).not.toContain('Importing [');
    expect(run.out.split('\n')[0]).toBe('Laravel import done.');
    expect(rowOf(run.out, 'users')).toEqual(['users', String(4 + BULK), String(2 + BULK), '0', '2']);
    expect(rowOf(run.out, 'two-factor')).toEqual(['two-factor', '1', '1', '0', '0']);
    expect(rowOf(run.out, 'tokens')).toEqual(['tokens', String(3 + BULK), String(2 + BULK), '0', '1']);
    // Laravel: editor (alice), auditor (bob, a robot and every bulk user), super-admin, admin (the last two are ours here).
    expect(rowOf(run.out, 'user roles')).toEqual(['user roles', String(5 + BULK), String(2 + BULK), '0', '3']);
    // users, two-factor, tokens, 3 permissions, 2 roles, 2 grants, user roles, 1 direct permission (the clashes left out).
    expect(run.out).toContain(`${2 + BULK + 1 + (2 + BULK) + 3 + 2 + 2 + (2 + BULK) + 1} row(s) were added.`);
    expectNoSecret(run);

    const bulkUsers = await t.db.query(`SELECT count(*)::int AS n, min(id)::int AS first, max(id)::int AS last FROM users WHERE id >= ${BULK_FIRST_ID}`);
    expect(bulkUsers.rows[0]).toEqual({ n: BULK, first: BULK_FIRST_ID, last: BULK_FIRST_ID + BULK - 1 });
    expect(await counted(`SELECT count(*)::int AS n FROM personal_access_tokens WHERE user_id >= ${BULK_FIRST_ID}`)).toBe(BULK);
    expect(await counted(`SELECT count(*)::int AS n FROM user_roles ur JOIN roles ro ON ro.id = ur.role_id WHERE ro.name = 'auditor'`)).toBe(BULK + 1);
    const last = BULK_FIRST_ID + BULK - 1;
    const me = await bearer(t, `${last + 10_000}|${bulkSecret(last)}`).get('/api/user');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: last, email: `user${last}@example.com`, roles: ['auditor'] });
  });

  it('the secret decrypted with the previous key verifies: a TOTP code from the old Fortify secret signs Alice in', async () => {
    const now = await settledNow();
    const res = await apiChallenge(t, { challenge_token: await startApiChallenge(t, seeded.alice.email, seeded.alice.password), code: oathtool(seeded.alice.totpSecret, now) });
    expect(res.status).toBe(201);
    expect(res.body.user.id).toBe(3);
  });

  it('a second run reports 0 new; a user created afterwards gets an id past every imported one', async () => {
    const run = piped(['--laravel-key', currentKey, '--laravel-previous-keys', previousKey]);
    expect(run.code).toBe(0);
    expect(run.out).toContain('Nothing new to import.');
    expect(rowOf(run.out, 'users')).toEqual(['users', String(4 + BULK), '0', String(2 + BULK), '2']);
    expect(rowOf(run.out, 'tokens')).toEqual(['tokens', String(3 + BULK), '0', String(2 + BULK), '1']);
    const registered = await request(t.url).post('/api/register').set('Accept', 'application/json')
      .send({ name: 'After', email: 'after@example.com', password: 'after-password-123', password_confirmation: 'after-password-123', device_name: 'x' });
    expect(registered.status).toBe(201);
    expect(registered.body.user.id).toBe(BULK_FIRST_ID + BULK);
    // Alice's sign-in above already took the first token id after the imported ones.
    expect(Number(registered.body.token.split('|')[0])).toBeGreaterThan(BULK_FIRST_ID + BULK - 1 + 10_000);
  });
});
