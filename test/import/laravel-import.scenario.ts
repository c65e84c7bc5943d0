import request from 'supertest';
import { DataSource } from 'typeorm';
import { Encrypter } from '../../src/common/crypto';
import { IMPORT_PARTS, ImportOptions, Progress } from '../../src/import/import-types';
import { importLaravel } from '../../src/import/laravel-import';
import { LaravelDecrypter } from '../../src/import/laravel-encrypter';
import { openSource } from '../../src/import/source-database';
import { runCli } from '../../src/run-cli';
import { Env } from '../../src/config/config';
import { startApp, TEST_APP_KEY, TestApp } from '../support/app';
import { LaravelCipher, laravelKey } from '../support/laravel-encrypt';
import { createLaravelDatabase, laravelSchema, LaravelEngine, LaravelSourceDb, SeededLaravelApp, seedLaravelApp, USER_MODEL } from '../support/laravel-app';
import { spaLogin } from '../support/spa-client';
import { apiChallenge, apiLogin, bearer, oathtool, settledNow, startApiChallenge } from '../two-factor/support';

interface Run {
  code: number;
  out: string[];
  err: string[];
}

const TABLES = ['users', 'personal_access_tokens', 'teams', 'roles', 'permissions', 'role_permissions', 'user_roles', 'user_permissions'];

/**
 * The whole move, end to end: a real Laravel database (MariaDB or PostgreSQL) filled as Laravel fills it,
 * `import:laravel` run as an operator runs it, then the real app over HTTP.
 */
export function describeLaravelImport(engine: LaravelEngine, teams: boolean, cipher: LaravelCipher): void {
  describe(`import:laravel from ${engine} (spatie teams ${teams ? 'on' : 'off'}, ${cipher})`, () => {
    let t: TestApp;
    let source: LaravelSourceDb;
    let seeded: SeededLaravelApp;
    const key = laravelKey(cipher);

    beforeAll(async () => {
      t = await startApp({ env: { LOGIN_MAX_ATTEMPTS: '1000' } });
      source = await createLaravelDatabase(engine);
      for (const statement of laravelSchema(engine, teams)) await source.exec(statement);
      seeded = await seedLaravelApp(source, key, teams, cipher);
      // Gatehouse's own roles and permissions exist before the import, as on a deployed host.
      expect((await cli(['db:seed'], false)).code).toBe(0);
    });
    afterAll(async () => {
      await source?.drop();
      await t?.close();
    });

    async function cli(args: string[], importing = true): Promise<Run> {
      const out: string[] = [];
      const err: string[] = [];
      const env: Env = { NODE_ENV: 'test', APP_KEY: TEST_APP_KEY, BCRYPT_ROUNDS: '4', DATABASE_URL: t.databaseUrl, LOG_LEVEL: 'silent', DATA_DIR: t.config.dataDir };
      const argv = importing ? ['import:laravel', '--source', source.url, ...args] : args;
      const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, env);
      return { code, out, err };
    }

    const snapshot = async () => {
      const counts: Record<string, number> = {};
      for (const table of TABLES) counts[table] = (await t.db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
      return counts;
    };

    /** No password, token secret, TOTP secret, recovery code or key in anything the command printed. */
    function expectNoSecret(run: Run): void {
      const printed = [...run.out, ...run.err].join('\n');
      const secrets = [key, key.slice(7), seeded.alice.password, seeded.bob.password, seeded.alice.totpSecret, ...seeded.alice.recoveryCodes, seeded.alice.tokenSecret, seeded.bob.tokenSecret];
      for (const secret of secrets) expect(printed).not.toContain(secret);
    }

    const row = (out: string[], what: string) => out.find((line) => line.startsWith(`${what} `))?.trim().split(/\s{2,}/);

    it('fails on a wrong --laravel-key before writing anything, without echoing the key', async () => {
      const before = await snapshot();
      const wrong = laravelKey(cipher);
      const run = await cli(['--laravel-key', wrong]);
      expect(run.code).toBe(1);
      // CBC payloads fail on their MAC; GCM ones, which have none, on the tag.
      const reason = cipher.endsWith('CBC') ? 'The MAC is invalid.' : 'Could not decrypt the data.';
      expect(run.err).toEqual([`Cannot decrypt the two-factor secret of user 3 with --laravel-key (${reason}); nothing was imported`]);
      expect(run.err[0]).not.toContain(wrong.slice(7));
      expect(await snapshot()).toEqual(before);
    });

    it('is listed in the help with its options; --help prints them without opening anything', async () => {
      const help = await cli(['help'], false);
      expect(help.code).toBe(0);
      expect(help.out[0]).toContain('import:laravel --source <mysql://…|mariadb://…|postgres://…> --laravel-key base64:…');
      const usage = await cli(['--help']);
      expect(usage.code).toBe(0);
      for (const option of ['--dry-run', '--only users,tokens,two-factor,roles', '--teams-column', '--laravel-previous-keys', '--user-model', '--merge-roles', '--batch-size']) {
        expect(usage.out[0]).toContain(option);
      }
    });

    it('refuses a malformed key, an unknown --only part and a bad --batch-size', async () => {
      expect((await cli(['--laravel-key', key, '--batch-size', '0'])).err).toEqual(['--batch-size must be an integer from 1 to 10000']);
      expect((await cli(['--laravel-key', key, '--batch-size', 'many'])).err).toEqual(['--batch-size must be an integer from 1 to 10000']);
      expect((await cli(['--laravel-key', 'base64:short'])).err[0]).toMatch(/^--laravel-key: The Laravel key must be/);
      expect((await cli(['--laravel-key', key, '--only', 'users,sessions'])).err[0]).toBe('--only takes a comma-separated list of: users, tokens, two-factor, roles');
    });

    it('dry run: reports what would be imported and every problem, writes nothing', async () => {
      const before = await snapshot();
      const run = await cli(['--laravel-key', key, '--dry-run', '--batch-size', '2']);
      expect(run.code).toBe(0);
      expect(run.out[0]).toBe('Dry run: nothing was written. This is what an import would do:');
      expect(row(run.out, 'users')).toEqual(['users', '4', '2', '0', '2']);
      expect(row(run.out, 'tokens')).toEqual(['tokens', '3', '2', '0', '1']);
      expect(run.out).toContain(`  - user ${seeded.duplicateId} < ALICE@example.com>: same email as user 3 (emails are unique case-insensitively here; accounts are not merged); not imported`);
      expect(run.out.some((l) => l.includes(`user ${seeded.argonUserId} <argon@example.com>: the password hash is not bcrypt`))).toBe(true);
      expect(run.out).toContain('  - 1 token(s) of App\\Models\\Team: only App\\Models\\User tokens are imported; skipped');
      expect(run.out).toContain('  - 1 role assignment(s) of App\\Models\\Robot: only App\\Models\\User is imported; skipped');
      expect(run.out.some((l) => l.includes('"reports.view" exists for the guards api, web'))).toBe(true);
      expect(run.out).toEqual(expect.arrayContaining([
        '  - role "super-admin" would make its holders super-admins here (SUPER_ADMIN_ROLE): not merged, skipped with its permissions and holders; pass --merge-roles to merge them',
        '  - role "admin" already exists here (not from an import): not merged, skipped with its permissions and holders; pass --merge-roles to merge them',
        '  - permission "users.manage" already exists here (not from an import): not granted to imported roles or users; pass --merge-roles to merge them',
        '  - permission "*" covers "users.view", which exists here: not granted to imported roles or users; pass --merge-roles to merge them',
      ]));
      // 4 roles in Laravel: editor and auditor new, super-admin and admin skipped.
      expect(row(run.out, 'roles')).toEqual(['roles', '4', '2', '0', '2']);
      expect(run.out.at(-1)).toMatch(/^Sessions are not imported: users sign in again in the browser/);
      expectNoSecret(run);
      expect(await snapshot()).toEqual(before);
    });

    it('--user-model names the Eloquent class whose tokens and roles are imported', async () => {
      const run = await cli(['--only', 'tokens', '--user-model', 'App\\Models\\Team', '--dry-run']);
      expect(run.code).toBe(0);
      expect(row(run.out, 'tokens')).toEqual(['tokens', '3', '0', '0', '3']);
      expect(run.out).toContain('  - 2 token(s) of App\\Models\\User: only App\\Models\\Team tokens are imported; skipped');
      expect(run.out).toContain(`  - token ${seeded.teamTokenId}: its user 7 is not imported; not imported`);
    });

    it('commits page by page: a run stopped after its first page keeps that page, and the next run resumes', async () => {
      const db = await openSource(source.url);
      const stopAfterFirstPage: Progress = {
        start: () => undefined,
        advance: () => {
          throw new Error('stopped after the first page');
        },
        stop: () => undefined,
      };
      const options: ImportOptions = {
        parts: new Set(IMPORT_PARTS),
        userModel: USER_MODEL,
        teamsColumn: null,
        dryRun: false,
        batchSize: 2,
        mergeRoles: false,
        superAdminRole: t.config.superAdminRole,
        decrypter: new LaravelDecrypter(key),
        encrypter: new Encrypter(t.config.appKey),
      };
      try {
        await expect(importLaravel(db, t.app.get(DataSource), options, stopAfterFirstPage)).rejects.toThrow('stopped after the first page');
      } finally {
        await db.close();
      }
      // The first page of users (3 and 8) with Alice's two-factor columns, in one transaction; nothing after it.
      const users = await t.db.query('SELECT id, two_factor_secret IS NOT NULL AS two_factor FROM users ORDER BY id');
      expect(users.rows.map((u) => [Number(u.id), u.two_factor])).toEqual([[3, true], [8, false]]);
      expect((await t.db.query('SELECT count(*)::int AS n FROM personal_access_tokens')).rows[0].n).toBe(0);
      expect((await t.db.query('SELECT count(*)::int AS n FROM user_roles')).rows[0].n).toBe(0);
    });

    it('imports, keeping ids, the $2y$ hashes and the timestamps; moves the identity sequences past every Laravel id', async () => {
      // Two rows a page: users, tokens and assignments each span pages (the duplicate of user 3 sits on the next one).
      const run = await cli(['--laravel-key', key, '--batch-size', '2']);
      expect(run).toMatchObject({ code: 0, err: [] });
      expect(run.out[0]).toBe('Laravel import done.');
      // It resumes after the stopped run: its first page is already here.
      expect(row(run.out, 'users')).toEqual(['users', '4', '0', '2', '2']);
      expect(row(run.out, 'two-factor')).toEqual(['two-factor', '1', '0', '1', '0']);
      expect(row(run.out, 'tokens')).toEqual(['tokens', '3', '2', '0', '1']);
      expectNoSecret(run);
      const users = await t.db.query('SELECT id, email, password, email_verified_at, created_at, current_team_id FROM users ORDER BY id');
      expect(users.rows.map((u) => [Number(u.id), u.email])).toEqual([[3, 'alice@example.com'], [8, 'bob@example.com']]);
      expect(users.rows[0].password).toMatch(/^\$2y\$04\$/);
      expect(users.rows[0].created_at.toISOString()).toBe('2025-01-02T03:04:05.000Z');
      expect(users.rows[0].email_verified_at.toISOString()).toBe('2026-11-01T10:00:00.000Z');
      expect(users.rows[0].current_team_id === null ? null : Number(users.rows[0].current_team_id)).toBe(seeded.teamId);
      const tokens = await t.db.query('SELECT id, user_id, name, abilities, last_used_at, expires_at FROM personal_access_tokens ORDER BY id');
      expect(tokens.rows.map((r) => [Number(r.id), Number(r.user_id), r.name, r.abilities])).toEqual([
        [41, 3, 'Alice iPhone', ['*']],
        [42, 8, 'Bob Pixel', ['posts.read']],
      ]);
      expect(tokens.rows[0].last_used_at.toISOString()).toBe('2026-10-30T08:00:00.000Z');
      expect(tokens.rows[1].expires_at.toISOString()).toBe('2030-01-01T00:00:00.000Z');
      const secret = (await t.db.query('SELECT two_factor_secret FROM users WHERE id = 3')).rows[0].two_factor_secret as string;
      expect(secret.startsWith('v1.')).toBe(true);
      expect(secret).not.toContain(seeded.alice.totpSecret);

      const registered = await request(t.url).post('/api/register').set('Accept', 'application/json')
        .send({ name: 'New', email: 'new@example.com', password: 'new-password-123', password_confirmation: 'new-password-123', device_name: 'x' });
      expect(registered.status).toBe(201);
      expect(registered.body.user.id).toBeGreaterThan(seeded.argonUserId);
      expect(Number(registered.body.token.split('|')[0])).toBeGreaterThan(seeded.teamTokenId);
    });

    it('GET /api/user answers the old Sanctum `id|secret` token unchanged, with its abilities', async () => {
      const res = await bearer(t, `${seeded.alice.tokenId}|${seeded.alice.tokenSecret}`).get('/api/user');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: 3, email: 'alice@example.com', two_factor_enabled: true });
      const bob = bearer(t, `${seeded.bob.tokenId}|${seeded.bob.tokenSecret}`);
      expect((await bob.get('/api/user')).body.id).toBe(8);
      // posts.read only: the account routes need `*`.
      expect((await bob.get('/user/sessions')).status).toBe(403);
      expect((await bearer(t, `${seeded.teamTokenId}|teamBotSecret0123456789abcdefghijABCDEFG`).get('/api/user')).status).toBe(401);
      expect((await bearer(t, `${seeded.alice.tokenId}|${seeded.bob.tokenSecret}`).get('/api/user')).status).toBe(401);
    });

    it('roles and permissions are as in Laravel (wildcard kept, team scope kept, guards merged)', async () => {
      const alice = (await bearer(t, `${seeded.alice.tokenId}|${seeded.alice.tokenSecret}`).get('/api/user')).body;
      expect({ roles: alice.roles, permissions: alice.permissions }).toEqual({ roles: ['editor'], permissions: ['posts.*'] });
      const bob = (await bearer(t, `${seeded.bob.tokenId}|${seeded.bob.tokenSecret}`).get('/api/user')).body;
      expect({ roles: bob.roles, permissions: bob.permissions }).toEqual({ roles: ['auditor'], permissions: ['posts.create', 'reports.view'] });
      const roles = await t.db.query("SELECT team_id FROM roles WHERE name = 'editor'");
      expect(roles.rows.map((r) => (r.team_id === null ? null : Number(r.team_id)))).toEqual([seeded.teamId]);
      if (teams) expect((await t.db.query('SELECT name FROM teams WHERE id = 7')).rows).toEqual([{ name: 'Acme' }]);
    });

    it('a role or permission named as one of ours is not merged: no imported user becomes super-admin or admin by a name clash', async () => {
      const alice = bearer(t, `${seeded.alice.tokenId}|${seeded.alice.tokenSecret}`);
      // Alice holds `super-admin` and the `*` permission in Laravel, Bob `admin` and `users.manage` (through auditor).
      expect((await alice.get('/api/users')).status).toBe(403);
      expect((await alice.get('/api/roles')).status).toBe(403);
      // A fresh full-ability token: Bob's old one is limited to posts.read anyway.
      const bob = bearer(t, (await apiLogin(t, seeded.bob.email, seeded.bob.password)).body.token);
      expect((await bob.get('/api/user')).status).toBe(200);
      expect((await bob.get('/api/users')).status).toBe(403);
      const local = await t.db.query(
        `SELECT ro.name, array_agg(p.name ORDER BY p.name) AS permissions FROM roles ro JOIN role_permissions rp ON rp.role_id = ro.id
           JOIN permissions p ON p.id = rp.permission_id WHERE ro.name IN ('admin', 'auditor') GROUP BY ro.name ORDER BY ro.name`,
      );
      expect(local.rows).toEqual([
        { name: 'admin', permissions: ['audit.view', 'roles.manage', 'roles.view', 'teams.manage', 'teams.view', 'users.manage', 'users.view'] },
        { name: 'auditor', permissions: ['reports.view'] },
      ]);
      const holders = await t.db.query(`SELECT count(*)::int AS n FROM user_roles ur JOIN roles ro ON ro.id = ur.role_id WHERE ro.name IN ('super-admin', 'admin')`);
      expect(holders.rows[0].n).toBe(0);
      expect((await t.db.query(`SELECT count(*)::int AS n FROM permissions WHERE name = '*'`)).rows[0].n).toBe(0);
    });

    it('logs in with the old password; a 2FA user passes with a code from the old Fortify secret (16 characters)', async () => {
      const bob = await apiLogin(t, seeded.bob.email, seeded.bob.password);
      expect(bob.status).toBe(201);
      const now = await settledNow();
      const challenge = await startApiChallenge(t, 'ALICE@example.com', seeded.alice.password);
      const wrongFirst = await apiChallenge(t, { challenge_token: challenge, code: oathtool(seeded.alice.totpSecret, now + 5 * 30_000) });
      expect(wrongFirst.status).toBe(422);
      const res = await apiChallenge(t, { challenge_token: challenge, code: oathtool(seeded.alice.totpSecret, now) });
      expect(res.status).toBe(201);
      expect(res.body.user.id).toBe(3);
    });

    it('an old recovery code works once', async () => {
      const [code] = seeded.alice.recoveryCodes;
      const first = await apiChallenge(t, { challenge_token: await startApiChallenge(t, seeded.alice.email, seeded.alice.password), recovery_code: code });
      expect(first.status).toBe(201);
      const again = await apiChallenge(t, { challenge_token: await startApiChallenge(t, seeded.alice.email, seeded.alice.password), recovery_code: code });
      expect(again.status).toBe(422);
    });

    it('a password change replaces the $2y$ hash with ours, and the new password logs in', async () => {
      const spa = await spaLogin(t.url, seeded.bob.email, seeded.bob.password);
      const changed = await spa.http.put('/user/password', { current_password: seeded.bob.password, password: 'bob-new-password-1', password_confirmation: 'bob-new-password-1' });
      expect(changed.status).toBe(200);
      const hash = (await t.db.query('SELECT password FROM users WHERE id = 8')).rows[0].password as string;
      expect(hash).toMatch(/^\$2b\$/);
      expect((await apiLogin(t, seeded.bob.email, 'bob-new-password-1')).status).toBe(201);
      expect((await apiLogin(t, seeded.bob.email, seeded.bob.password)).status).toBe(422);
    });

    it('a second run reports nothing new and changes nothing', async () => {
      const before = await snapshot();
      const hash = (await t.db.query('SELECT password FROM users WHERE id = 8')).rows[0].password;
      const run = await cli(['--laravel-key', key, '--batch-size', '3']);
      expect(run.code).toBe(0);
      expect(run.out).toContain('Nothing new to import.');
      expect(row(run.out, 'users')).toEqual(['users', '4', '0', '2', '2']);
      expect(row(run.out, 'tokens')).toEqual(['tokens', '3', '0', '2', '1']);
      expect(await snapshot()).toEqual(before);
      expect((await t.db.query('SELECT password FROM users WHERE id = 8')).rows[0].password).toBe(hash);
    });

    it('--merge-roles merges them: then the Laravel super-admin is one here', async () => {
      const alice = bearer(t, `${seeded.alice.tokenId}|${seeded.alice.tokenSecret}`);
      expect((await alice.get('/api/users')).status).toBe(403);
      const run = await cli(['--laravel-key', key, '--merge-roles']);
      expect(run.code).toBe(0);
      expect(run.out).toContain('  - role "super-admin" would make its holders super-admins here (SUPER_ADMIN_ROLE): merged (--merge-roles)');
      expect(row(run.out, 'roles')).toEqual(['roles', '4', '0', '4', '0']);
      expect((await alice.get('/api/users')).status).toBe(200);
      // Bob's old token is limited to posts.read, which no role lifts; a fresh login's token shows his `admin` role.
      const login = await apiLogin(t, seeded.bob.email, 'bob-new-password-1');
      expect((await bearer(t, login.body.token).get('/api/users')).status).toBe(200);
    });
  });
}
