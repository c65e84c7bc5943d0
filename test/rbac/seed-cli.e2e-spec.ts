import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { runCli } from '../../src/run-cli';
import { Env } from '../../src/config/config';
import { startApp, TEST_APP_KEY, TestApp } from '../support/app';
import { createTestDatabase } from '../support/database';
import { createUser } from '../support/factories';
import { spaClient } from '../support/spa-client';
import { asToken, seed, tokenFor } from './support';

interface Run {
  code: number;
  out: string[];
  err: string[];
}

/** The CLI runs in-process (runCli) with its own Nest context, against a fresh database. */
describe('RBAC CLI commands', () => {
  let database: { url: string; drop(): Promise<void> };
  let db: Client;
  let dataDir: string;
  let env: Env;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = new Client({ connectionString: database.url });
    await db.connect();
    dataDir = mkdtempSync(join(tmpdir(), 'gh-rbac-cli-'));
    env = { NODE_ENV: 'test', APP_KEY: TEST_APP_KEY, BCRYPT_ROUNDS: '4', DATA_DIR: dataDir, DATABASE_URL: database.url, LOG_LEVEL: 'silent' };
  });
  afterAll(async () => {
    await db.end();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function cli(...argv: string[]): Promise<Run> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { out: (line) => out.push(line), err: (line) => err.push(line) }, env);
    return { code, out, err };
  }

  const failure = (run: Run) => {
    expect(run.code).toBe(1);
    expect(run.out).toEqual([]);
    expect(run.err).toHaveLength(1);
    return run.err[0];
  };

  /** Everything RBAC holds, for before/after comparisons. */
  async function snapshot() {
    const tables = ['permissions', 'roles', 'role_permissions', 'user_roles', 'user_permissions', 'teams', 'rbac_version'];
    const result: Record<string, unknown[]> = {};
    for (const table of tables) result[table] = (await db.query(`SELECT * FROM ${table} ORDER BY 1, 2`)).rows;
    return result;
  }

  const rolesOf = async (email: string) =>
    (
      await db.query(
        `SELECT r.name, ur.team_id FROM user_roles ur JOIN roles r ON r.id = ur.role_id JOIN users u ON u.id = ur.user_id
         WHERE u.email = $1 ORDER BY r.name, ur.team_id`,
        [email],
      )
    ).rows;

  describe('db:seed', () => {
    it('creates the permissions and roles of docs/http-contract.md §8.4', async () => {
      const run = await cli('db:seed');
      // DEFAULT_ROLE (`user`) already exists: every start creates it when missing (the CLI's too).
      expect(run).toEqual({ code: 0, out: ['Seeded 7 permission(s), 2 role(s), 7 role permission(s).'], err: [] });
      const permissions = (await db.query('SELECT name FROM permissions ORDER BY name')).rows.map((row) => row.name);
      expect(permissions).toEqual(['audit.view', 'roles.manage', 'roles.view', 'teams.manage', 'teams.view', 'users.manage', 'users.view']);
      const roles = await db.query(
        `SELECT r.name, r.team_id, coalesce(array_agg(p.name ORDER BY p.name) FILTER (WHERE p.name IS NOT NULL), '{}') AS permissions
         FROM roles r LEFT JOIN role_permissions rp ON rp.role_id = r.id LEFT JOIN permissions p ON p.id = rp.permission_id
         GROUP BY r.id ORDER BY r.name`,
      );
      expect(roles.rows).toEqual([
        { name: 'admin', team_id: null, permissions },
        { name: 'super-admin', team_id: null, permissions: [] },
        { name: 'user', team_id: null, permissions: [] },
      ]);
    });

    it('is a no-op the second time (not even the RBAC version moves)', async () => {
      const before = await snapshot();
      const run = await cli('db:seed');
      expect(run).toEqual({ code: 0, out: ['Nothing to seed: already up to date.'], err: [] });
      expect(await snapshot()).toEqual(before);
    });

    it('restores what is missing, and only that', async () => {
      await db.query("DELETE FROM role_permissions WHERE permission_id = (SELECT id FROM permissions WHERE name = 'audit.view')");
      await db.query("DELETE FROM permissions WHERE name = 'teams.manage'");
      const run = await cli('db:seed');
      expect(run.out).toEqual(['Seeded 1 permission(s), 0 role(s), 2 role permission(s).']);
      expect((await db.query("SELECT count(*)::int AS n FROM role_permissions rp JOIN roles r ON r.id = rp.role_id WHERE r.name = 'admin'")).rows[0].n).toBe(7);
    });
  });

  describe('permission:create', () => {
    it('creates a permission, and says so when it already exists', async () => {
      expect((await cli('permission:create', 'posts.*')).out).toEqual(['Permission "posts.*" created.']);
      expect(await cli('permission:create', 'posts.*')).toEqual({ code: 0, out: ['Permission "posts.*" already exists.'], err: [] });
      expect((await db.query("SELECT count(*)::int AS n FROM permissions WHERE name = 'posts.*'")).rows[0].n).toBe(1);
    });

    it('refuses a malformed or missing name', async () => {
      expect(failure(await cli('permission:create', 'posts..edit'))).toMatch(/not a valid permission name/);
      expect(failure(await cli('permission:create'))).toMatch(/^Missing NAME/);
    });
  });

  describe('role:create', () => {
    it('creates a global role with its permissions, creating missing permissions', async () => {
      const run = await cli('role:create', 'editor', '--permissions', 'posts.edit, posts.view,users.view');
      expect(run.code).toBe(0);
      expect(run.out).toEqual([
        expect.stringMatching(/^Role "editor" \(global, id \d+\) created\.$/),
        'Created permissions: posts.edit, posts.view.',
        'Added 3 permission(s) to the role.',
      ]);
      const { rows } = await db.query(
        `SELECT p.name FROM role_permissions rp JOIN roles r ON r.id = rp.role_id JOIN permissions p ON p.id = rp.permission_id
         WHERE r.name = 'editor' AND r.team_id IS NULL ORDER BY p.name`,
      );
      expect(rows.map((row) => row.name)).toEqual(['posts.edit', 'posts.view', 'users.view']);
    });

    it('is find-or-create: running it again adds only what is missing', async () => {
      const run = await cli('role:create', 'editor', '--permissions', 'posts.edit,posts.delete');
      expect(run.out).toEqual([expect.stringMatching(/already exists\.$/), 'Created permissions: posts.delete.', 'Added 1 permission(s) to the role.']);
      expect((await db.query("SELECT count(*)::int AS n FROM roles WHERE name = 'editor'")).rows[0].n).toBe(1);
    });

    it('creates a team role with --team, and refuses an unknown or malformed team', async () => {
      const { rows } = await db.query("INSERT INTO teams (name) VALUES ('CLI team') RETURNING id");
      const teamId = rows[0].id as number;
      const run = await cli('role:create', 'editor', '--team', String(teamId));
      expect(run.out).toEqual([expect.stringMatching(new RegExp(`^Role "editor" \\(team ${teamId}, id \\d+\\) created\\.$`))]);
      expect((await db.query("SELECT team_id FROM roles WHERE name = 'editor' ORDER BY team_id NULLS FIRST")).rows).toEqual([
        { team_id: null },
        { team_id: teamId },
      ]);
      expect(failure(await cli('role:create', 'x', '--team', '999999'))).toBe('There is no team with id 999999.');
      expect(failure(await cli('role:create', 'x', '--team', 'abc'))).toMatch(/--team option must be a team id/);
      expect(failure(await cli('role:create', 'x', '--permissions', 'bad..name'))).toMatch(/not a valid permission name/);
      expect((await db.query("SELECT count(*)::int AS n FROM roles WHERE name = 'x'")).rows[0].n).toBe(0);
    });

    it('refuses a team role named like the super-admin role', async () => {
      const { rows } = await db.query("INSERT INTO teams (name) VALUES ('CLI reserved team') RETURNING id");
      const run = await cli('role:create', 'super-admin', '--team', String(rows[0].id));
      expect(failure(run)).toBe('The role name "super-admin" is reserved for the global super-admin role.');
      expect((await db.query("SELECT count(*)::int AS n FROM roles WHERE name = 'super-admin' AND team_id IS NOT NULL")).rows[0].n).toBe(0);
    });
  });

  describe('user:create --role and user:assign-role', () => {
    const PASSWORD = 'S3cret-Passw0rd!';

    it('user:create --role gives the roles besides DEFAULT_ROLE', async () => {
      const run = await cli('user:create', '--name', 'Root', '--email', 'root@example.com', '--password', PASSWORD, '--role', 'super-admin', '--role', 'editor');
      expect(run.code).toBe(0);
      expect(await rolesOf('root@example.com')).toEqual([
        { name: 'editor', team_id: null },
        { name: 'super-admin', team_id: null },
        { name: 'user', team_id: null },
      ]);
    });

    it('user:create --role with an unknown role fails before creating the user', async () => {
      const run = await cli('user:create', '--name', 'Ghost', '--email', 'ghost@example.com', '--password', PASSWORD, '--role', 'nope');
      expect(failure(run)).toBe('There is no global role named "nope".');
      expect((await db.query("SELECT count(*)::int AS n FROM users WHERE email = 'ghost@example.com'")).rows[0].n).toBe(0);
    });

    it('user:assign-role gives a role globally or in a team, once', async () => {
      await cli('user:create', '--name', 'Bob', '--email', 'bob@example.com', '--password', PASSWORD);
      expect((await cli('user:assign-role', 'BOB@example.com', 'admin')).out).toEqual(['Gave bob@example.com the role "admin" globally.']);
      expect((await cli('user:assign-role', 'bob@example.com', 'admin')).out).toEqual(['bob@example.com already has the role "admin" globally.']);
      const teamId = (await db.query("SELECT id FROM teams WHERE name = 'CLI team'")).rows[0].id as number;
      expect((await cli('user:assign-role', 'bob@example.com', 'editor', '--team', String(teamId))).out).toEqual([
        `Gave bob@example.com the role "editor" in team ${teamId}.`,
      ]);
      const rows = await db.query(
        `SELECT r.team_id AS role_team, ur.team_id FROM user_roles ur JOIN roles r ON r.id = ur.role_id JOIN users u ON u.id = ur.user_id
         WHERE u.email = 'bob@example.com' AND r.name = 'editor'`,
      );
      // In a team, the team's own "editor" is chosen over the global one.
      expect(rows.rows).toEqual([{ role_team: teamId, team_id: teamId }]);
    });

    it('user:assign-role fails clearly for unknown users, roles and teams', async () => {
      expect(failure(await cli('user:assign-role', 'nobody@example.com', 'admin'))).toBe('No user has that email address.');
      expect(failure(await cli('user:assign-role', 'bob@example.com', 'nope'))).toBe('There is no role named "nope" (global).');
      expect(failure(await cli('user:assign-role', 'bob@example.com', 'admin', '--team', '999999'))).toBe('There is no team with id 999999.');
      expect(failure(await cli('user:assign-role', 'bob@example.com'))).toMatch(/^Missing EMAIL or ROLE/);
    });
  });
});

describe('DEFAULT_ROLE for new users', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(() => t.close());

  const registration = (email: string) => ({ name: 'New', email, password: 'password123', password_confirmation: 'password123', device_name: 'phone' });

  /** The global roles of that name, with their permissions. */
  const rolesNamed = async (app: TestApp, name: string) =>
    (
      await app.db.query(
        `SELECT r.team_id, count(rp.permission_id)::int AS permissions FROM roles r
         LEFT JOIN role_permissions rp ON rp.role_id = r.id WHERE r.name = $1 GROUP BY r.id`,
        [name],
      )
    ).rows;

  it('creates a missing DEFAULT_ROLE at start (global, no permissions), so new users get it', async () => {
    const fresh = await startApp({ env: { DEFAULT_ROLE: 'some-new-role' } });
    try {
      expect(await rolesNamed(fresh, 'some-new-role')).toEqual([{ team_id: null, permissions: 0 }]);
      const res = await request(fresh.url).post('/api/register').set('Accept', 'application/json').send(registration('early@example.com'));
      expect(res.status).toBe(201);
      expect(res.body.user).toMatchObject({ roles: ['some-new-role'], permissions: [] });
    } finally {
      await fresh.close();
    }
  });

  it('creates it once when instances start together, and leaves an existing one alone', async () => {
    await t.db.query("INSERT INTO permissions (name) VALUES ('posts.view')");
    await t.db.query("INSERT INTO roles (name) VALUES ('kept-role')");
    await t.db.query("INSERT INTO role_permissions (role_id, permission_id) SELECT r.id, p.id FROM roles r, permissions p WHERE r.name = 'kept-role'");
    const env = { DEFAULT_ROLE: 'raced-role' };
    const instances = await Promise.all([1, 2, 3].map(() => startApp({ databaseUrl: t.databaseUrl, env })));
    await Promise.all(instances.map((instance) => instance.close()));
    expect(await rolesNamed(t, 'raced-role')).toEqual([{ team_id: null, permissions: 0 }]);
    const again = await startApp({ databaseUrl: t.databaseUrl, env: { DEFAULT_ROLE: 'kept-role' } });
    await again.close();
    expect(await rolesNamed(t, 'kept-role')).toEqual([{ team_id: null, permissions: 1 }]);
  });

  it('gives the seeded DEFAULT_ROLE on POST /api/register and POST /register', async () => {
    await seed(t);
    const api = await request(t.url).post('/api/register').set('Accept', 'application/json').send(registration('mobile@example.com'));
    expect(api.status).toBe(201);
    expect(api.body.user.roles).toEqual(['user']);
    const spa = spaClient(t.url);
    await spa.http.get('/sanctum/csrf-cookie');
    const web = await spa.http.post('/register', registration('spa@example.com'));
    expect(web.status).toBe(201);
    expect(web.data.roles).toEqual(['user']);
    expect((await spa.http.get('/api/user')).data.roles).toEqual(['user']);
  });

  it('uses the configured DEFAULT_ROLE', async () => {
    const other = await startApp({ databaseUrl: t.databaseUrl, env: { DEFAULT_ROLE: 'admin' } });
    try {
      const res = await request(other.url).post('/api/register').set('Accept', 'application/json').send(registration('custom@example.com'));
      expect(res.status).toBe(201);
      expect(res.body.user.roles).toEqual(['admin']);
    } finally {
      await other.close();
    }
  });
});

describe('a CLI change reaches a running server', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(() => t.close());

  const cli = (...argv: string[]) =>
    runCli(argv, { out: () => undefined, err: () => undefined }, {
      NODE_ENV: 'test',
      APP_KEY: TEST_APP_KEY,
      BCRYPT_ROUNDS: '4',
      DATA_DIR: t.config.dataDir,
      DATABASE_URL: t.databaseUrl,
      LOG_LEVEL: 'silent',
    });

  it('user:assign-role is effective on the server within a second, with its cache warm', async () => {
    expect(await cli('db:seed')).toBe(0);
    const user = await createUser(t.app, { email: 'operator@example.com' });
    const client = asToken(t, await tokenFor(t, user.id));
    expect((await client.get('/api/roles')).status).toBe(403);
    expect((await client.get('/api/roles')).status).toBe(403);
    expect(await cli('user:assign-role', 'operator@example.com', 'admin')).toBe(0);
    const started = Date.now();
    let status = 0;
    while (Date.now() - started < 1000 && status !== 200) status = (await client.get('/api/roles')).status;
    expect(status).toBe(200);
  });
});

describe('db:seed after import:laravel', () => {
  it("grants no admin permission to a global admin role the import brought (its holders are the Laravel app's admins)", async () => {
    const database = await createTestDatabase();
    const db = new Client({ connectionString: database.url });
    await db.connect();
    const dataDir = mkdtempSync(join(tmpdir(), 'gh-rbac-cli-'));
    try {
      await db.query("INSERT INTO roles (name, imported_at) VALUES ('admin', now())");
      const env = { NODE_ENV: 'test', APP_KEY: TEST_APP_KEY, BCRYPT_ROUNDS: '4', DATA_DIR: dataDir, DATABASE_URL: database.url, LOG_LEVEL: 'silent' };
      const out: string[] = [];
      const code = await runCli(['db:seed'], { out: (line) => out.push(line), err: (line) => out.push(line) }, env);
      expect(code).toBe(0);
      expect(out).toEqual([
        'The global role admin came from import:laravel, so it was given none of the admin permissions: grant them through the roles API if its holders should have them.',
        'Seeded 7 permission(s), 1 role(s), 0 role permission(s).',
      ]);
      const { rows } = await db.query("SELECT count(*)::int AS n FROM role_permissions rp JOIN roles r ON r.id = rp.role_id WHERE r.name = 'admin'");
      expect(rows[0].n).toBe(0);
    } finally {
      await db.end();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
