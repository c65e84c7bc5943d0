import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { runCli } from '../../src/run-cli';
import { sha256Hex } from '../../src/common/crypto';
import { Env } from '../../src/config/config';
import { TOKEN_REGEX } from '../../src/tokens/access-token';
import { startApp, TEST_APP_KEY } from '../support/app';
import { createTestDatabase } from '../support/database';
import { api, bearer } from './helpers';

interface Run {
  code: number;
  out: string[];
  err: string[];
}

describe('CLI: token:create and tokens:prune (docs/http-contract.md §9.4)', () => {
  let database: { url: string; drop(): Promise<void> };
  let db: Client;
  let dataDir: string;
  let env: Env;
  const email = 'cli-tokens@example.com';
  let userId: number;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = new Client({ connectionString: database.url });
    await db.connect();
    dataDir = mkdtempSync(join(tmpdir(), 'gh-tokens-cli-'));
    env = { NODE_ENV: 'test', APP_KEY: TEST_APP_KEY, BCRYPT_ROUNDS: '4', DATA_DIR: dataDir, DATABASE_URL: database.url, LOG_LEVEL: 'silent' };
    expect((await cli(['user:create', '--name', 'Cli', '--email', email, '--password', 'password123'])).code).toBe(0);
    userId = (await db.query('SELECT id FROM users WHERE email = $1', [email])).rows[0].id;
  });
  afterAll(async () => {
    await db.end();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function cli(argv: string[], extraEnv: Env = {}): Promise<Run> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { out: (line) => out.push(line), err: (line) => err.push(line) }, { ...env, ...extraEnv });
    return { code, out, err };
  }

  const tokenRow = async (id: string) =>
    (await db.query('SELECT user_id, name, token, abilities, expires_at FROM personal_access_tokens WHERE id = $1', [id])).rows[0];

  describe('token:create', () => {
    it('prints only the plain token, which authenticates the user', async () => {
      const run = await cli(['token:create', email.toUpperCase(), 'deploy bot']);
      expect(run.code).toBe(0);
      expect(run.err).toEqual([]);
      expect(run.out).toEqual([expect.stringMatching(TOKEN_REGEX('gth_'))]);
      const [id, secret] = run.out[0].split('|');
      expect(await tokenRow(id)).toEqual({ user_id: userId, name: 'deploy bot', token: sha256Hex(secret), abilities: ['*'], expires_at: null });
      const { rows } = await db.query("SELECT metadata FROM audit_events WHERE event = 'token.created' AND user_id = $1", [userId]);
      expect(rows.map((r) => r.metadata.via)).toContain('cli');

      // Started after the CLI ran: passport's strategy registry is per process (see bearer-guard spec).
      const app = await startApp({ databaseUrl: database.url });
      try {
        const me = await api(app).get('/api/user').set(bearer(run.out[0]));
        expect(me.status).toBe(200);
        expect(me.body.email).toBe(email);
      } finally {
        await app.close();
      }
    });

    it('sets --abilities (trimmed, deduplicated) and --expires-in minutes', async () => {
      const before = Date.now();
      const run = await cli(['token:create', email, 'limited', '--abilities', ' posts.read, posts.*,,posts.read ', '--expires-in', '90']);
      expect(run.code).toBe(0);
      const row = await tokenRow(run.out[0].split('|')[0]);
      expect(row.abilities).toEqual(['posts.read', 'posts.*']);
      const expires = (row.expires_at as Date).getTime();
      expect(expires).toBeGreaterThanOrEqual(before + 90 * 60_000 - 1_000);
      expect(expires).toBeLessThanOrEqual(Date.now() + 90 * 60_000 + 1_000);
    });

    it.each([
      [['token:create', 'nobody@example.com', 'x'], 'No user has that email address.'],
      [['token:create', email], 'Missing EMAIL or NAME (usage: token:create EMAIL NAME [--abilities a,b] [--expires-in MINUTES])'],
      [['token:create', email, 'x', 'extra'], 'Too many arguments (usage: token:create EMAIL NAME [--abilities a,b] [--expires-in MINUTES])'],
      [['token:create', email, 'x', '--expires-in', '0'], 'The --expires-in option must be a whole number of at least 1.'],
      [['token:create', email, 'x', '--expires-in', '1.5'], 'The --expires-in option must be a whole number of at least 1.'],
      [['token:create', email, 'x', '--abilities', ' , '], /^The --abilities option needs at least one ability/],
      [['token:create', email, 'n'.repeat(256)], 'The name must not be greater than 255 characters.'],
    ])('fails with one line on stderr for %j', async (argv, message) => {
      const count = async () => (await db.query('SELECT count(*)::int AS n FROM personal_access_tokens')).rows[0].n;
      const before = await count();
      const run = await cli(argv as string[]);
      expect(run.code).toBe(1);
      expect(run.out).toEqual([]);
      expect(run.err).toHaveLength(1);
      if (typeof message === 'string') expect(run.err[0]).toBe(message);
      else expect(run.err[0]).toMatch(message);
      expect(await count()).toBe(before);
    });
  });

  describe('tokens:prune', () => {
    async function seed(): Promise<Record<string, string>> {
      await db.query('DELETE FROM personal_access_tokens');
      const rows: Array<[string, string | null, string]> = [
        ['expired 25h ago', "now() - interval '25 hours'", 'now()'],
        ['expired 23h ago', "now() - interval '23 hours'", 'now()'],
        ['expires in 1h', "now() + interval '1 hour'", 'now()'],
        ['created 10 days ago', null, "now() - interval '10 days'"],
        ['created 24.5h ago', null, "now() - interval '24 hours 30 minutes'"],
      ];
      const ids: Record<string, string> = {};
      for (const [name, expiresAt, createdAt] of rows) {
        const { rows: inserted } = await db.query(
          `INSERT INTO personal_access_tokens (user_id, name, token, expires_at, created_at)
           VALUES ($1, $2, $3, ${expiresAt ?? 'NULL'}, ${createdAt}) RETURNING id`,
          [userId, name, sha256Hex(name)],
        );
        ids[name] = inserted[0].id;
      }
      return ids;
    }
    const remaining = async () =>
      (await db.query('SELECT name FROM personal_access_tokens ORDER BY name')).rows.map((row) => row.name as string);

    it('deletes tokens whose expires_at passed more than 24 hours ago by default, and says expiration is unset', async () => {
      await seed();
      const run = await cli(['tokens:prune']);
      expect(run.code).toBe(0);
      expect(run.out[0]).toBe('Pruned 1 token(s) whose expires_at passed more than 24 hour(s) ago.');
      expect(run.out[1]).toMatch(/^SANCTUM_EXPIRATION is not set/);
      expect(await remaining()).toEqual(['created 10 days ago', 'created 24.5h ago', 'expired 23h ago', 'expires in 1h']);
    });

    it('honours --hours', async () => {
      await seed();
      expect((await cli(['tokens:prune', '--hours', '0'])).code).toBe(0);
      expect(await remaining()).toEqual(['created 10 days ago', 'created 24.5h ago', 'expires in 1h']);
    });

    it('with SANCTUM_EXPIRATION also deletes tokens created more than expiration + hours ago', async () => {
      await seed();
      const run = await cli(['tokens:prune'], { SANCTUM_EXPIRATION: '60' });
      expect(run.code).toBe(0);
      expect(run.out).toEqual([
        'Pruned 1 token(s) whose expires_at passed more than 24 hour(s) ago.',
        'Pruned 1 token(s) older than SANCTUM_EXPIRATION (60 minutes) plus 24 hour(s).',
      ]);
      // 60 min + 24 h = 25 h: the 24.5-hour-old token stays.
      expect(await remaining()).toEqual(['created 24.5h ago', 'expired 23h ago', 'expires in 1h']);
    });

    it.each([['-1'], ['abc'], ['2.5']])('rejects --hours %s', async (hours) => {
      await seed();
      const run = await cli(['tokens:prune', `--hours=${hours}`]);
      expect(run).toEqual({ code: 1, out: [], err: ['The --hours option must be a whole number of at least 0.'] });
      expect(await remaining()).toHaveLength(5);
    });
  });
});
