import axios from 'axios';
import request from 'supertest';
import { TokensService } from '../../src/tokens/tokens.service';
import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { spaClient, spaLogin } from '../support/spa-client';
import { firstLink, SmtpCapture, startSmtpCapture } from '../support/smtp';

const plain = axios.create({ validateStatus: () => true });

describe('profile and password', () => {
  let t: TestApp;
  let smtp: SmtpCapture;

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    t = await startApp({ env: { MAIL_URL: smtp.url } });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  describe('PUT /user/profile-information', () => {
    it('updates name and locale and answers the user JSON', async () => {
      const user = await createUser(t.app);
      const spa = await spaLogin(t.url, user.email, user.plainPassword);
      const res = await spa.http.put('/user/profile-information', { name: '  Ada Lovelace ', email: user.email, locale: 'pt-BR' });
      expect(res.status).toBe(200);
      expect(res.data).toMatchObject({ id: user.id, name: 'Ada Lovelace', email: user.email, locale: 'pt-BR' });
      expect(res.data.email_verified_at).not.toBeNull();
      expect(res.data).not.toHaveProperty('password');
      expect((await spa.http.get('/api/user')).data.name).toBe('Ada Lovelace');
    });

    it('keeps the locale when it is absent and clears it when null', async () => {
      const user = await createUser(t.app);
      const spa = await spaLogin(t.url, user.email, user.plainPassword);
      await spa.http.put('/user/profile-information', { name: 'N', email: user.email, locale: 'fr' });
      expect((await spa.http.put('/user/profile-information', { name: 'N', email: user.email })).data.locale).toBe('fr');
      expect((await spa.http.put('/user/profile-information', { name: 'N', email: user.email, locale: null })).data.locale).toBeNull();
    });

    it('on an email change clears email_verified_at and mails a link for the new address', async () => {
      const user = await createUser(t.app);
      const spa = await spaLogin(t.url, user.email, user.plainPassword);
      const newEmail = `New-${user.email}`;
      expect((await spa.http.post('/user/confirm-password', { password: user.plainPassword })).status).toBe(201);
      const res = await spa.http.put('/user/profile-information', { name: 'N', email: newEmail });
      expect(res.status).toBe(200);
      expect(res.data.email).toBe(newEmail.toLowerCase());
      expect(res.data.email_verified_at).toBeNull();
      const mail = await smtp.waitFor((m) => m.envelopeTo.includes(newEmail.toLowerCase()));
      expect(mail.subject).toBe('Verify Email Address');
      const verified = await plain.get(firstLink(mail).replace(t.config.appUrl, t.url));
      expect(verified.status).toBe(204);
      expect((await spa.http.get('/api/user')).data.email_verified_at).not.toBeNull();
    });

    it('keeps verification when the email only changes case', async () => {
      const user = await createUser(t.app);
      const spa = await spaLogin(t.url, user.email, user.plainPassword);
      const res = await spa.http.put('/user/profile-information', { name: 'N', email: user.email.toUpperCase() });
      expect(res.status).toBe(200);
      expect(res.data.email).toBe(user.email);
      expect(res.data.email_verified_at).not.toBeNull();
    });

    it("answers 422 for another user's email (case-insensitively)", async () => {
      const user = await createUser(t.app);
      const other = await createUser(t.app);
      const spa = await spaLogin(t.url, user.email, user.plainPassword);
      // Unconfirmed, the answer is 423 whether or not the address is taken (no probing for accounts).
      expect((await spa.http.put('/user/profile-information', { name: 'N', email: other.email.toUpperCase() })).status).toBe(423);
      await spa.http.post('/user/confirm-password', { password: user.plainPassword });
      const res = await spa.http.put('/user/profile-information', { name: 'N', email: other.email.toUpperCase() });
      expect(res.status).toBe(422);
      expect(res.data).toEqual({ message: 'The email has already been taken.', errors: { email: ['The email has already been taken.'] } });
    });

    it('validates name, email and locale', async () => {
      const user = await createUser(t.app);
      const spa = await spaLogin(t.url, user.email, user.plainPassword);
      const res = await spa.http.put('/user/profile-information', { name: 'x'.repeat(256), email: 'nope', locale: 'en US!' });
      expect(res.status).toBe(422);
      expect(res.data.errors).toEqual({
        name: ['The name field must not be greater than 255 characters.'],
        email: ['The email field must be a valid email address.'],
        locale: ['The locale field format is invalid.'],
      });
      expect((await spa.http.put('/user/profile-information', {})).data.errors).toEqual({
        name: ['The name field is required.'],
        email: ['The email field is required.'],
      });
    });

    it('works for a bearer token caller without CSRF', async () => {
      const user = await createUser(t.app);
      const { plainTextToken } = await t.app.get(TokensService).create(user.id, 'phone');
      const res = await request(t.url)
        .put('/user/profile-information')
        .set('Authorization', `Bearer ${plainTextToken}`)
        .send({ name: 'Token Name', email: user.email });
      expect(res.status).toBe(200);
      expect(res.body.name).toBe('Token Name');
    });

    it('answers 401 to a guest', async () => {
      const spa = spaClient(t.url);
      await spa.http.get('/sanctum/csrf-cookie');
      expect((await spa.http.put('/user/profile-information', { name: 'N', email: 'a@example.com' })).status).toBe(401);
    });
  });

  describe('PUT /user/password', () => {
    it('answers 422 when the current password is wrong, changing nothing', async () => {
      const user = await createUser(t.app);
      const spa = await spaLogin(t.url, user.email, user.plainPassword);
      const res = await spa.http.put('/user/password', { current_password: 'wrong-password', password: 'new-password-1', password_confirmation: 'new-password-1' });
      expect(res.status).toBe(422);
      expect(res.data).toEqual({
        message: 'The provided password does not match your current password.',
        errors: { current_password: ['The provided password does not match your current password.'] },
      });
      await expect(spaLogin(t.url, user.email, user.plainPassword)).resolves.toBeDefined();
    });

    it('validates the new password', async () => {
      const user = await createUser(t.app);
      const spa = await spaLogin(t.url, user.email, user.plainPassword);
      const res = await spa.http.put('/user/password', { current_password: user.plainPassword, password: 'short', password_confirmation: 'different' });
      expect(res.status).toBe(422);
      expect(res.data.errors.password).toEqual(['The password field must be at least 8 characters.', 'The password field confirmation does not match.']);
    });

    it('changes the password, ends the other sessions, keeps this one and the tokens', async () => {
      const user = await createUser(t.app);
      const current = await spaLogin(t.url, user.email, user.plainPassword);
      const otherBrowser = await spaLogin(t.url, user.email, user.plainPassword);
      const { plainTextToken } = await t.app.get(TokensService).create(user.id, 'phone');

      const res = await current.http.put('/user/password', {
        current_password: user.plainPassword, password: 'changed-password', password_confirmation: 'changed-password',
      });
      expect(res.status).toBe(200);
      expect(res.data).toEqual({ message: 'password-updated' });

      expect((await current.http.get('/api/user')).status).toBe(200);
      expect((await otherBrowser.http.get('/api/user')).status).toBe(401);
      expect((await request(t.url).get('/api/user').set('Authorization', `Bearer ${plainTextToken}`)).status).toBe(200);
      expect((await t.db.query('SELECT 1 FROM sessions WHERE user_id = $1', [user.id])).rowCount).toBe(1);
      await expect(spaLogin(t.url, user.email, 'changed-password')).resolves.toBeDefined();
      await expect(spaLogin(t.url, user.email, user.plainPassword)).rejects.toThrow(/422/);

      const audit = await t.db.query("SELECT metadata FROM audit_events WHERE event = 'password.changed' AND user_id = $1", [user.id]);
      expect(audit.rowCount).toBe(1);
      expect(audit.rows[0].metadata).toEqual({ other_sessions_ended: 1 });
    });

    it('from a token caller ends every session and keeps the tokens', async () => {
      const user = await createUser(t.app);
      const browser = await spaLogin(t.url, user.email, user.plainPassword);
      const { plainTextToken } = await t.app.get(TokensService).create(user.id, 'phone');
      const res = await request(t.url)
        .put('/user/password')
        .set('Authorization', `Bearer ${plainTextToken}`)
        .send({ current_password: user.plainPassword, password: 'token-changed-pw', password_confirmation: 'token-changed-pw' });
      expect(res.status).toBe(200);
      expect((await browser.http.get('/api/user')).status).toBe(401);
      expect((await request(t.url).get('/api/user').set('Authorization', `Bearer ${plainTextToken}`)).status).toBe(200);
    });
  });
});
