import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const SCRIPT = join(__dirname, 'check-ownership.mjs');

const ENTITIES = {
  'users/user.entity.ts': "import { Entity } from 'typeorm';\n@Entity('users')\nexport class User {}\n",
  'sessions/session.entity.ts': "import { Entity } from 'typeorm';\n@Entity({ name: 'sessions' })\nexport class Session {}\n",
  'tokens/personal-access-token.entity.ts': "import { Entity } from 'typeorm';\n@Entity('personal_access_tokens')\nexport class PersonalAccessToken {}\n",
};

/** Writes a source tree (the three entities plus `files`) into a fresh folder and returns its path. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'check-ownership-'));
  for (const [path, text] of Object.entries({ ...ENTITIES, ...files })) {
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

describe('scripts/check-ownership.mjs', () => {
  it('passes owners writing their own tables and others reading them', () => {
    const root = tree({
      'users/users.service.ts': [
        'class UsersService {',
        "  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}",
        "  setPassword(id: number, m: EntityManager) { return m.update(User, { id }, { password: 'x' }); }",
        "  fields(m: EntityManager) { return m.query(`UPDATE \"users\" SET ${'a'} = $2 WHERE id = $1`); }",
        '}',
      ].join('\n'),
      'rbac/assignments.ts': [
        'async function lock(m: EntityManager) {',
        '  await m.findOneByOrFail(User, { id: 1 });',
        "  await m.createQueryBuilder(User, 'user').setLock('pessimistic_write').getOne();",
        "  await m.query('SELECT id FROM users WHERE id = $1', [1]);",
        '}',
      ].join('\n'),
      'users/users.module.ts': '@Module({ imports: [TypeOrmModule.forFeature([User])], exports: [UsersService] })\nexport class UsersModule {}\n',
    });
    expect(check(root)).toEqual({ status: 0, stderr: '' });
  });

  it("fails on another folder's entity written through a manager, with file and line", () => {
    const root = tree({
      'account/reset.ts': [
        'async function reset(m: EntityManager) {',
        "  await m.update(User, { id: 1 }, { password: 'x' });",
        '  await m.delete(PersonalAccessToken, { userId: 1 });',
        "  await m.save(m.create(Session, { id: 'x' }));",
        "  await m.insert('users', { name: 'x' });",
        '}',
      ].join('\n'),
    });
    const { status, stderr } = check(root);
    expect(status).toBe(1);
    expect(stderr).toContain('account/reset.ts:2: account/ updates User rows, a table owned by users/');
    expect(stderr).toContain('account/reset.ts:3: account/ deletes PersonalAccessToken rows, a table owned by tokens/');
    expect(stderr).toContain('account/reset.ts:4: account/ saves Session rows, a table owned by sessions/');
    expect(stderr).toContain('account/reset.ts:5: account/ inserts users rows, a table owned by users/');
  });

  it("fails on another folder's repository, injected or fetched", () => {
    const root = tree({
      'auth/confirm.ts': [
        'class Confirm {',
        '  constructor(@InjectRepository(PersonalAccessToken) private readonly tokens: Repository<PersonalAccessToken>) {}',
        '  other(d: DataSource) { return d.getRepository(Session); }',
        '}',
      ].join('\n'),
    });
    const { status, stderr } = check(root);
    expect(status).toBe(1);
    expect(stderr).toContain('auth/confirm.ts:2: auth/ takes the repository of PersonalAccessToken, a table owned by tokens/');
    expect(stderr).toContain('auth/confirm.ts:3: auth/ takes the repository of Session, a table owned by sessions/');
  });

  it('fails on query-builder writes of a foreign entity', () => {
    const root = tree({
      'rbac/team.ts': [
        'async function f(m: EntityManager) {',
        "  await m.createQueryBuilder().delete().from(Session).where('user_id = 1').execute();",
        '  await m.createQueryBuilder().insert().into(User).values({}).execute();',
        "  await m.createQueryBuilder(User, 'u').update().set({ currentTeamId: 1 }).execute();",
        '}',
      ].join('\n'),
    });
    const { status, stderr } = check(root);
    expect(status).toBe(1);
    expect(stderr).toContain('rbac/team.ts:2: rbac/ writes Session rows through a query builder, a table owned by sessions/');
    expect(stderr).toContain('rbac/team.ts:3: rbac/ writes User rows through a query builder, a table owned by users/');
    expect(stderr).toContain('rbac/team.ts:4: rbac/ writes User rows through a query builder, a table owned by users/');
  });

  it("fails on raw SQL writing another folder's table, but not on reads or prose", () => {
    const root = tree({
      'two-factor/store.ts': [
        'async function f(m: EntityManager, t: string) {',
        "  await m.query('UPDATE users SET two_factor_secret = $2 WHERE id = $1', [1, t]);",
        '  await m.query(`DELETE FROM "public"."sessions" WHERE user_id = ${t}`);',
        "  await m.query('update personal_access_tokens as t set name = $1', [t]);",
        "  await m.query('SELECT * FROM users JOIN sessions ON sessions.user_id = users.id');",
        "  throw new Error('Update users first, then delete from the list');",
        '}',
      ].join('\n'),
    });
    const { status, stderr } = check(root);
    expect(status).toBe(1);
    expect(stderr).toContain('two-factor/store.ts:2: two-factor/ writes the users table in raw SQL (UPDATE users SET)');
    expect(stderr).toContain('two-factor/store.ts:3: two-factor/ writes the sessions table in raw SQL');
    expect(stderr).toContain('two-factor/store.ts:4: two-factor/ writes the personal_access_tokens table in raw SQL');
    expect(stderr.trim().split('\n')).toHaveLength(4);
  });

  it('fails when a module exports TypeOrmModule', () => {
    const root = tree({
      'tokens/tokens.module.ts': [
        '@Module({',
        '  imports: [TypeOrmModule.forFeature([PersonalAccessToken])],',
        '  exports: [TokensService, TypeOrmModule],',
        '})',
        'export class TokensModule {}',
      ].join('\n'),
    });
    const { status, stderr } = check(root);
    expect(status).toBe(1);
    expect(stderr).toContain('tokens/tokens.module.ts:3: a module exports TypeOrmModule');
  });

  it('exempts the public test kit and spec files', () => {
    const root = tree({
      'testing/factories.ts': "export const f = (m: EntityManager) => m.save(m.create(User, { name: 'x' }));\n",
      'account/profile.spec.ts': "it('arranges', () => db.query('UPDATE users SET name = $1', ['x']));\n",
    });
    expect(check(root)).toEqual({ status: 0, stderr: '' });
  });

  it('passes the real source tree', () => {
    expect(check(join(__dirname, '..', 'src'))).toEqual({ status: 0, stderr: '' });
  });
});
