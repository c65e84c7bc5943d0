import request from 'supertest';
import { TokensService } from '../../src/tokens/tokens.service';
import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { SpaClient, spaClient } from '../support/spa-client';

const CHROME_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0';

describe('browser sessions', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(() => t.close());

  async function loginWith(email: string, password: string, userAgent: string): Promise<SpaClient> {
    const client = spaClient(t.url);
    client.http.defaults.headers.common['User-Agent'] = userAgent;
    await client.http.get('/sanctum/csrf-cookie');
    const res = await client.http.post('/login', { email, password });
    expect(res.status).toBe(200);
    return client;
  }

  describe('GET /user/sessions', () => {
    it('lists the sessions with public ids, parsed agents and the current device, newest activity first', async () => {
      const user = await createUser(t.app);
      const phone = await loginWith(user.email, user.plainPassword, SAFARI_IPHONE);
      const desktop = await loginWith(user.email, user.plainPassword, CHROME_MAC);
      await t.db.query("UPDATE sessions SET last_activity = now() - interval '5 minutes' WHERE user_id = $1 AND user_agent = $2", [user.id, SAFARI_IPHONE]);

      const res = await desktop.http.get('/user/sessions');
      expect(res.status).toBe(200);
      expect(res.data).toHaveLength(2);
      const [first, second] = res.data;
      expect(first).toEqual({
        id: expect.stringMatching(/^[A-Za-z0-9]{24}$/),
        ip_address: '127.0.0.1',
        user_agent: CHROME_MAC,
        agent: { browser: 'Chrome', platform: 'OS X', is_desktop: true },
        is_current_device: true,
        last_active_at: expect.any(String),
      });
      expect(second).toMatchObject({ user_agent: SAFARI_IPHONE, agent: { browser: 'Safari', platform: 'iOS', is_desktop: false }, is_current_device: false });
      expect(Date.parse(first.last_active_at)).toBeGreaterThan(Date.parse(second.last_active_at));

      // Never the cookie value nor the stored hash.
      const body = JSON.stringify(res.data);
      for (const client of [phone, desktop]) expect(body).not.toContain(client.cookie('gatehouse_session')!);
      const hashes = await t.db.query('SELECT id FROM sessions WHERE user_id = $1', [user.id]);
      for (const row of hashes.rows) expect(body).not.toContain(row.id.trim());

      const fromPhone = await phone.http.get('/user/sessions');
      expect(fromPhone.data.find((s: { is_current_device: boolean }) => s.is_current_device).user_agent).toBe(SAFARI_IPHONE);
    });

    it("shows only the caller's own sessions, none current for a token caller", async () => {
      const user = await createUser(t.app);
      const other = await createUser(t.app);
      await loginWith(user.email, user.plainPassword, FIREFOX_WINDOWS);
      await loginWith(other.email, other.plainPassword, CHROME_MAC);
      const { plainTextToken } = await t.app.get(TokensService).create(user.id, 'phone');
      const res = await request(t.url).get('/user/sessions').set('Authorization', `Bearer ${plainTextToken}`);
      expect(res.status).toBe(200);
      expect(res.body).toHaveLength(1);
      expect(res.body[0]).toMatchObject({ agent: { browser: 'Firefox', platform: 'Windows', is_desktop: true }, is_current_device: false });
    });
  });

  describe('DELETE /user/sessions/:id', () => {
    it('needs a recent password confirmation (423), then ends that session (204)', async () => {
      const user = await createUser(t.app);
      const phone = await loginWith(user.email, user.plainPassword, SAFARI_IPHONE);
      const desktop = await loginWith(user.email, user.plainPassword, CHROME_MAC);
      const target = (await desktop.http.get('/user/sessions')).data.find((s: { is_current_device: boolean }) => !s.is_current_device);

      const refused = await desktop.http.delete(`/user/sessions/${target.id}`);
      expect(refused.status).toBe(423);
      expect(refused.data).toEqual({ message: 'Password confirmation required.' });
      expect((await phone.http.get('/api/user')).status).toBe(200);

      expect((await desktop.http.post('/user/confirm-password', { password: user.plainPassword })).status).toBe(201);
      const res = await desktop.http.delete(`/user/sessions/${target.id}`);
      expect(res.status).toBe(204);
      expect((await phone.http.get('/api/user')).status).toBe(401);
      expect((await desktop.http.get('/api/user')).status).toBe(200);
      const audit = await t.db.query("SELECT metadata FROM audit_events WHERE event = 'session.revoked' AND user_id = $1", [user.id]);
      expect(audit.rows.map((row) => row.metadata)).toEqual([{ session_id: target.id }]);
    });

    it("answers 404 for an unknown id or another user's session", async () => {
      const user = await createUser(t.app);
      const other = await createUser(t.app);
      const mine = await loginWith(user.email, user.plainPassword, CHROME_MAC);
      const theirs = await loginWith(other.email, other.plainPassword, CHROME_MAC);
      const theirId = (await theirs.http.get('/user/sessions')).data[0].id;
      await mine.http.post('/user/confirm-password', { password: user.plainPassword });
      for (const id of [theirId, 'does-not-exist', '1']) {
        const res = await mine.http.delete(`/user/sessions/${id}`);
        expect(res.status).toBe(404);
        expect(res.data).toEqual({ message: 'Not Found.' });
      }
      expect((await theirs.http.get('/api/user')).status).toBe(200);
    });

    it('logs the browser out when it ends its own session', async () => {
      const user = await createUser(t.app);
      const desktop = await loginWith(user.email, user.plainPassword, CHROME_MAC);
      await desktop.http.post('/user/confirm-password', { password: user.plainPassword });
      const own = (await desktop.http.get('/user/sessions')).data[0];
      expect((await desktop.http.delete(`/user/sessions/${own.id}`)).status).toBe(204);
      expect((await desktop.http.get('/api/user')).status).toBe(401);
      expect((await t.db.query('SELECT 1 FROM sessions WHERE user_id = $1', [user.id])).rowCount).toBe(0);
    });
  });

  describe('DELETE /user/other-browser-sessions', () => {
    it('answers 422 for a wrong password and ends nothing', async () => {
      const user = await createUser(t.app);
      const a = await loginWith(user.email, user.plainPassword, CHROME_MAC);
      const b = await loginWith(user.email, user.plainPassword, SAFARI_IPHONE);
      const res = await a.http.delete('/user/other-browser-sessions', { data: { password: 'wrong-password' } });
      expect(res.status).toBe(422);
      expect(res.data).toEqual({ message: 'The password is incorrect.', errors: { password: ['The password is incorrect.'] } });
      expect((await b.http.get('/api/user')).status).toBe(200);
      expect((await a.http.delete('/user/other-browser-sessions', { data: {} })).data.errors).toEqual({ password: ['The password field is required.'] });
    });

    it('ends every other session of the user and keeps the current one', async () => {
      const user = await createUser(t.app);
      const other = await createUser(t.app);
      const current = await loginWith(user.email, user.plainPassword, CHROME_MAC);
      const others = [
        await loginWith(user.email, user.plainPassword, SAFARI_IPHONE),
        await loginWith(user.email, user.plainPassword, FIREFOX_WINDOWS),
      ];
      const stranger = await loginWith(other.email, other.plainPassword, CHROME_MAC);
      const { plainTextToken } = await t.app.get(TokensService).create(user.id, 'phone');

      const res = await current.http.delete('/user/other-browser-sessions', { data: { password: user.plainPassword } });
      expect(res.status).toBe(204);
      for (const client of others) expect((await client.http.get('/api/user')).status).toBe(401);
      expect((await current.http.get('/api/user')).status).toBe(200);
      expect((await stranger.http.get('/api/user')).status).toBe(200);
      // Jetstream leaves personal access tokens alone.
      expect((await request(t.url).get('/api/user').set('Authorization', `Bearer ${plainTextToken}`)).status).toBe(200);
      const listed = (await current.http.get('/user/sessions')).data;
      expect(listed).toHaveLength(1);
      expect(listed[0].is_current_device).toBe(true);
    });
  });
});
