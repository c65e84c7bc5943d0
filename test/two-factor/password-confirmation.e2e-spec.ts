import { sha256Hex } from '../../src/common/crypto';
import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { spaClient, spaLogin } from '../support/spa-client';
import { bearer, newToken } from './support';
import { changedBehindTheAppsBack } from '../tokens/helpers';

const TIMEOUT = 600;
const INCORRECT = { message: 'The provided password was incorrect.', errors: { password: ['The provided password was incorrect.'] } };
const REQUIRED = { message: 'Password confirmation required.' };
// Any route marked @RequirePasswordConfirmation() will do; enabling 2FA is one.
const CONFIRM_ROUTE = '/user/two-factor-authentication';

describe('password confirmation (sudo mode)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp({ env: { PASSWORD_TIMEOUT: String(TIMEOUT) } })));
  afterAll(() => t.close());

  const sessionRow = async (cookieId: string) =>
    (await t.db.query('SELECT payload FROM sessions WHERE id = $1', [sha256Hex(cookieId)])).rows[0];
  // Made behind the app's back: wait until its cache has heard of it (the trigger's NOTIFY).
  const setSessionConfirmedAt = (cookieId: string, at: number) =>
    changedBehindTheAppsBack(t, 'session', sha256Hex(cookieId), () =>
      t.db.query(`UPDATE sessions SET payload = payload || jsonb_build_object('password_confirmed_at', $2::bigint) WHERE id = $1`, [
        sha256Hex(cookieId),
        at,
      ]),
    );
  const nowSeconds = () => Math.floor(Date.now() / 1000);

  describe('with a session', () => {
    it('answers 423 on a marked route until the password is confirmed, then 2xx', async () => {
      const user = await createUser(t.app);
      const spa = await spaLogin(t.url, user.email, user.plainPassword);
      const before = await spa.http.post(CONFIRM_ROUTE);
      expect(before.status).toBe(423);
      expect(before.data).toEqual(REQUIRED);
      const confirm = await spa.http.post('/user/confirm-password', { password: user.plainPassword });
      expect(confirm.status).toBe(201);
      expect((await spa.http.post(CONFIRM_ROUTE)).status).toBe(200);
      const { payload } = await sessionRow(spa.cookie('gatehouse_session')!);
      expect(Math.abs(payload.password_confirmed_at - nowSeconds())).toBeLessThanOrEqual(2);
    });

    it('refuses a wrong password with 422 errors.password and records nothing', async () => {
      const user = await createUser(t.app);
      const spa = await spaLogin(t.url, user.email, user.plainPassword);
      const res = await spa.http.post('/user/confirm-password', { password: 'not-the-password' });
      expect(res.status).toBe(422);
      expect(res.data).toEqual(INCORRECT);
      expect((await sessionRow(spa.cookie('gatehouse_session')!)).payload.password_confirmed_at).toBeUndefined();
      expect((await spa.http.post(CONFIRM_ROUTE)).status).toBe(423);
    });

    it('requires the password field', async () => {
      const user = await createUser(t.app);
      const spa = await spaLogin(t.url, user.email, user.plainPassword);
      const res = await spa.http.post('/user/confirm-password', {});
      expect(res.status).toBe(422);
      expect(res.data.errors).toEqual({ password: ['The password field is required.'] });
    });

    it('expires after PASSWORD_TIMEOUT seconds', async () => {
      const user = await createUser(t.app);
      const spa = await spaLogin(t.url, user.email, user.plainPassword);
      await spa.http.post('/user/confirm-password', { password: user.plainPassword });
      await setSessionConfirmedAt(spa.cookie('gatehouse_session')!, nowSeconds() - TIMEOUT - 2);
      expect((await spa.http.post(CONFIRM_ROUTE)).status).toBe(423);
      expect((await spa.http.get('/user/confirmed-password-status')).data).toEqual({ confirmed: false });
      await setSessionConfirmedAt(spa.cookie('gatehouse_session')!, nowSeconds() - TIMEOUT + 30);
      expect((await spa.http.post(CONFIRM_ROUTE)).status).toBe(200);
    });

    it('belongs to the session that confirmed, not to the user', async () => {
      const user = await createUser(t.app);
      const first = await spaLogin(t.url, user.email, user.plainPassword);
      const second = await spaLogin(t.url, user.email, user.plainPassword);
      await first.http.post('/user/confirm-password', { password: user.plainPassword });
      expect((await first.http.post(CONFIRM_ROUTE)).status).toBe(200);
      expect((await second.http.post(CONFIRM_ROUTE)).status).toBe(423);
    });
  });

  describe('with a personal access token', () => {
    it('answers 423 until the token confirms, then 2xx, without CSRF', async () => {
      const user = await createUser(t.app);
      const token = await newToken(t, user.id);
      const api = bearer(t, token);
      const before = await api.post(CONFIRM_ROUTE);
      expect(before.status).toBe(423);
      expect(before.body).toEqual(REQUIRED);
      expect((await api.post('/user/confirm-password', { password: user.plainPassword })).status).toBe(201);
      expect((await api.post(CONFIRM_ROUTE)).status).toBe(200);
      const id = Number(token.split('|')[0]);
      const row = (await t.db.query('SELECT password_confirmed_at FROM personal_access_tokens WHERE id = $1', [id])).rows[0];
      expect(Math.abs(row.password_confirmed_at.getTime() - Date.now())).toBeLessThan(5_000);
    });

    it('refuses a wrong password with 422 errors.password', async () => {
      const user = await createUser(t.app);
      const api = bearer(t, await newToken(t, user.id));
      const res = await api.post('/user/confirm-password', { password: 'wrong-password' });
      expect(res.status).toBe(422);
      expect(res.body).toEqual(INCORRECT);
    });

    it('confirms only the token that proved the password', async () => {
      const user = await createUser(t.app);
      const confirmed = bearer(t, await newToken(t, user.id, 'phone'));
      const other = bearer(t, await newToken(t, user.id, 'tablet'));
      await confirmed.post('/user/confirm-password', { password: user.plainPassword });
      expect((await confirmed.post(CONFIRM_ROUTE)).status).toBe(200);
      expect((await other.post(CONFIRM_ROUTE)).status).toBe(423);
    });

    it('expires after PASSWORD_TIMEOUT seconds', async () => {
      const user = await createUser(t.app);
      const token = await newToken(t, user.id);
      const api = bearer(t, token);
      await api.post('/user/confirm-password', { password: user.plainPassword });
      await changedBehindTheAppsBack(t, 'token', Number(token.split('|')[0]), () =>
        t.db.query(`UPDATE personal_access_tokens SET password_confirmed_at = now() - make_interval(secs => $2) WHERE id = $1`, [
          Number(token.split('|')[0]),
          TIMEOUT + 2,
        ]),
      );
      expect((await api.post(CONFIRM_ROUTE)).status).toBe(423);
      expect((await api.get('/user/confirmed-password-status')).body).toEqual({ confirmed: false });
    });
  });

  describe('GET /user/confirmed-password-status', () => {
    it('answers {"confirmed":false} without X-Retry-After before any confirmation', async () => {
      const user = await createUser(t.app);
      const spa = await spaLogin(t.url, user.email, user.plainPassword);
      const res = await spa.http.get('/user/confirmed-password-status');
      expect(res.status).toBe(200);
      expect(res.data).toEqual({ confirmed: false });
      expect(res.headers['x-retry-after']).toBeUndefined();
    });

    it('answers {"confirmed":true} with X-Retry-After = seconds since the confirmation', async () => {
      const user = await createUser(t.app);
      const spa = await spaLogin(t.url, user.email, user.plainPassword);
      await spa.http.post('/user/confirm-password', { password: user.plainPassword });
      await setSessionConfirmedAt(spa.cookie('gatehouse_session')!, nowSeconds() - 100);
      const res = await spa.http.get('/user/confirmed-password-status');
      expect(res.data).toEqual({ confirmed: true });
      expect(Number(res.headers['x-retry-after'])).toBeGreaterThanOrEqual(100);
      expect(Number(res.headers['x-retry-after'])).toBeLessThanOrEqual(102);
    });

    it('honours ?seconds= as the window, as Fortify does', async () => {
      const user = await createUser(t.app);
      const spa = await spaLogin(t.url, user.email, user.plainPassword);
      await spa.http.post('/user/confirm-password', { password: user.plainPassword });
      await setSessionConfirmedAt(spa.cookie('gatehouse_session')!, nowSeconds() - 100);
      expect((await spa.http.get('/user/confirmed-password-status?seconds=50')).data).toEqual({ confirmed: false });
      expect((await spa.http.get('/user/confirmed-password-status?seconds=500')).data).toEqual({ confirmed: true });
    });

    it('works for a token client', async () => {
      const user = await createUser(t.app);
      const api = bearer(t, await newToken(t, user.id));
      expect((await api.get('/user/confirmed-password-status')).body).toEqual({ confirmed: false });
      await api.post('/user/confirm-password', { password: user.plainPassword });
      expect((await api.get('/user/confirmed-password-status')).body).toEqual({ confirmed: true });
    });

    it('needs authentication', async () => {
      const guest = spaClient(t.url);
      await guest.http.get('/sanctum/csrf-cookie');
      expect((await guest.http.get('/user/confirmed-password-status')).status).toBe(401);
      expect((await guest.http.post('/user/confirm-password', { password: 'x' })).status).toBe(401);
    });
  });
});
