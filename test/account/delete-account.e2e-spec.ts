import request from 'supertest';
import { TokensService } from '../../src/tokens/tokens.service';
import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { spaLogin } from '../support/spa-client';

describe('DELETE /user', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(() => t.close());

  const count = async (sql: string, userId: number) => (await t.db.query(sql, [userId])).rowCount;

  async function giveRoleLinks(userId: number): Promise<void> {
    const role = await t.db.query(`INSERT INTO roles (name) VALUES ($1) RETURNING id`, [`role-${userId}`]);
    const permission = await t.db.query(`INSERT INTO permissions (name) VALUES ($1) RETURNING id`, [`perm.${userId}`]);
    await t.db.query('INSERT INTO user_roles (user_id, role_id) VALUES ($1, $2)', [userId, role.rows[0].id]);
    await t.db.query('INSERT INTO user_permissions (user_id, permission_id) VALUES ($1, $2)', [userId, permission.rows[0].id]);
  }

  it('answers 422 for a wrong or missing password and deletes nothing', async () => {
    const user = await createUser(t.app);
    const spa = await spaLogin(t.url, user.email, user.plainPassword);
    const wrong = await spa.http.delete('/user', { data: { password: 'wrong-password' } });
    expect(wrong.status).toBe(422);
    expect(wrong.data).toEqual({ message: 'The password is incorrect.', errors: { password: ['The password is incorrect.'] } });
    const missing = await spa.http.delete('/user', { data: {} });
    expect(missing.status).toBe(422);
    expect(missing.data.errors).toEqual({ password: ['The password field is required.'] });
    expect(await count('SELECT 1 FROM users WHERE id = $1', user.id)).toBe(1);
    expect((await spa.http.get('/api/user')).status).toBe(200);
  });

  it('removes the user, its tokens, sessions, role links and reset tokens, and keeps the audit trail', async () => {
    const user = await createUser(t.app);
    const spa = await spaLogin(t.url, user.email, user.plainPassword);
    const otherBrowser = await spaLogin(t.url, user.email, user.plainPassword);
    const { plainTextToken } = await t.app.get(TokensService).create(user.id, 'phone');
    await giveRoleLinks(user.id);
    await t.db.query(`INSERT INTO password_reset_tokens (email, user_id, token) VALUES ($1, $2, $3)`, [user.email, user.id, 'f'.repeat(64)]);
    const bystander = await createUser(t.app);
    await giveRoleLinks(bystander.id);

    const res = await spa.http.delete('/user', { data: { password: user.plainPassword } });
    expect(res.status).toBe(204);
    expect(res.data).toBe('');

    for (const table of ['users WHERE id', 'sessions WHERE user_id', 'personal_access_tokens WHERE user_id', 'user_roles WHERE user_id',
      'user_permissions WHERE user_id', 'password_reset_tokens WHERE user_id']) {
      expect({ table, rows: await count(`SELECT 1 FROM ${table} = $1`, user.id) }).toEqual({ table, rows: 0 });
    }
    // The bystander keeps its role link (besides the DEFAULT_ROLE every new user gets).
    expect(await count("SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = $1 AND r.name LIKE 'role-%'", bystander.id)).toBe(1);

    const audit = await t.db.query("SELECT user_id, metadata FROM audit_events WHERE event = 'user.deleted' AND user_id = $1", [user.id]);
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0].metadata).toEqual({ email: user.email });
    expect(await count("SELECT 1 FROM audit_events WHERE event = 'login.succeeded' AND user_id = $1", user.id)).toBe(2);

    for (const client of [spa, otherBrowser]) expect((await client.http.get('/api/user')).status).toBe(401);
    expect((await request(t.url).get('/api/user').set('Authorization', `Bearer ${plainTextToken}`)).status).toBe(401);
    await expect(spaLogin(t.url, user.email, user.plainPassword)).rejects.toThrow(/422/);
  });

  it('hands the browser a fresh guest session and CSRF token', async () => {
    const user = await createUser(t.app);
    const spa = await spaLogin(t.url, user.email, user.plainPassword);
    const before = spa.cookie('gatehouse_session');
    expect((await spa.http.delete('/user', { data: { password: user.plainPassword } })).status).toBe(204);
    expect(spa.cookie('gatehouse_session')).not.toBe(before);
    // The new CSRF token works: the same browser can register again straight away.
    const again = await spa.http.post('/register', { name: 'Again', email: user.email, password: 'password123', password_confirmation: 'password123' });
    expect(again.status).toBe(201);
  });

  it('works for a bearer token caller', async () => {
    const user = await createUser(t.app);
    const { plainTextToken } = await t.app.get(TokensService).create(user.id, 'phone');
    const res = await request(t.url).delete('/user').set('Authorization', `Bearer ${plainTextToken}`).send({ password: user.plainPassword });
    expect(res.status).toBe(204);
    expect(await count('SELECT 1 FROM users WHERE id = $1', user.id)).toBe(0);
    expect((await request(t.url).get('/api/user').set('Authorization', `Bearer ${plainTextToken}`)).status).toBe(401);
  });
});
