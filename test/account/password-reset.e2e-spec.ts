import { startApp, TestApp } from '../support/app';
import { createUser, tampered } from '../support/factories';
import { spaClient, spaLogin } from '../support/spa-client';
import { CapturedMail, firstLink, SmtpCapture, startSmtpCapture } from '../support/smtp';
import { TokensService } from '../../src/tokens/tokens.service';
import { DeferredTasks } from '../../src/mail/deferred-tasks';

const SENT = { message: 'We have emailed your password reset link.' };
const INVALID = { message: 'This password reset token is invalid.', errors: { email: ['This password reset token is invalid.'] } };

describe('password reset over real SMTP', () => {
  let t: TestApp;
  let smtp: SmtpCapture;
  // Each test uses its own client IP (TRUST_PROXY), so the per-IP limit only bites where tested.
  let ipCounter = 0;

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    t = await startApp({ env: { MAIL_URL: smtp.url, MAIL_FROM: 'Gatehouse <auth@gatehouse.test>', TRUST_PROXY: 'true' } });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  async function guest(ip = `10.0.0.${++ipCounter}`) {
    const client = spaClient(t.url);
    client.http.defaults.headers.common['X-Forwarded-For'] = ip;
    await client.http.get('/sanctum/csrf-cookie');
    return client;
  }

  async function requestResetMail(email: string): Promise<CapturedMail> {
    const before = smtp.to(email).length;
    const res = await (await guest()).http.post('/forgot-password', { email });
    expect(res.status).toBe(200);
    return smtp.waitFor((mail) => smtp.to(email).indexOf(mail) >= before && mail.subject === 'Reset Password Notification');
  }

  function tokenFrom(mail: CapturedMail): { token: string; email: string } {
    const url = new URL(firstLink(mail));
    return { token: url.searchParams.get('token')!, email: url.searchParams.get('email')! };
  }

  describe('POST /forgot-password', () => {
    it('mails a reset link in $RESET_PASSWORD_URL?token=…&email=… form, in text and HTML', async () => {
      const user = await createUser(t.app);
      const mail = await requestResetMail(user.email);
      expect(mail.envelopeFrom).toBe('auth@gatehouse.test');
      expect(mail.headers.from).toContain('auth@gatehouse.test');
      const link = new URL(firstLink(mail));
      expect(`${link.origin}${link.pathname}`).toBe('http://localhost:3000/reset-password');
      expect(link.searchParams.get('email')).toBe(user.email);
      expect(link.searchParams.get('token')).toMatch(/^[A-Za-z0-9]{64}$/);
      expect(mail.html).toContain(firstLink(mail).replace(/&/g, '&amp;'));
      expect(mail.text).toContain('This password reset link will expire in 60 minutes.');
    });

    it('stores only the SHA-256 of the token', async () => {
      const user = await createUser(t.app);
      const { token } = tokenFrom(await requestResetMail(user.email));
      const { rows } = await t.db.query('SELECT token, user_id FROM password_reset_tokens WHERE email = $1', [user.email]);
      expect(rows).toHaveLength(1);
      expect(rows[0].token).not.toContain(token);
      expect(rows[0].token).toMatch(/^[0-9a-f]{64}$/);
      expect(Number(rows[0].user_id)).toBe(user.id);
    });

    it('answers an unknown email exactly as a known one, and mails nobody', async () => {
      const user = await createUser(t.app);
      const known = await (await guest()).http.post('/forgot-password', { email: user.email });
      const unknown = await (await guest()).http.post('/forgot-password', { email: 'nobody-here@example.com' });
      expect(unknown.status).toBe(known.status);
      expect(unknown.data).toEqual(known.data);
      expect(unknown.data).toEqual(SENT);
      await smtp.waitFor((mail) => mail.envelopeTo.includes(user.email));
      await t.app.get(DeferredTasks).idle();
      expect(smtp.to('nobody-here@example.com')).toHaveLength(0);
    });

    it('takes the same time for unknown and known addresses (all work happens after the response)', async () => {
      const users = await Promise.all(Array.from({ length: 8 }, () => createUser(t.app)));
      const timeOne = async (email: string) => {
        const client = await guest();
        const started = process.hrtime.bigint();
        const res = await client.http.post('/forgot-password', { email });
        expect(res.status).toBe(200);
        return Number(process.hrtime.bigint() - started) / 1e6;
      };
      const known: number[] = [];
      const unknown: number[] = [];
      for (const [i, user] of users.entries()) {
        known.push(await timeOne(user.email));
        unknown.push(await timeOne(`unknown-${i}@example.com`));
      }
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
      expect(Math.abs(median(known) - median(unknown))).toBeLessThan(25);
      await t.app.get(DeferredTasks).idle();
    });

    it('sends one mail per address per 60 seconds, answering 200 each time', async () => {
      const user = await createUser(t.app);
      await requestResetMail(user.email);
      const again = await (await guest()).http.post('/forgot-password', { email: user.email.toUpperCase() });
      expect(again.status).toBe(200);
      expect(again.data).toEqual(SENT);
      await t.app.get(DeferredTasks).idle();
      expect(smtp.to(user.email)).toHaveLength(1);
    });

    it('answers 429 Too Many Attempts with Retry-After beyond 6 requests per IP per minute', async () => {
      const client = await guest('10.9.9.9');
      const statuses = await Promise.all(
        Array.from({ length: 8 }, (_, i) => client.http.post('/forgot-password', { email: `flood${i}@example.com` }).then((r) => r.status)),
      );
      expect(statuses.filter((s) => s === 200)).toHaveLength(6);
      const limited = await client.http.post('/forgot-password', { email: 'flood@example.com' });
      expect(limited.status).toBe(429);
      expect(limited.data).toEqual({ message: 'Too Many Attempts.' });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    });

    it('answers 422 for a missing or malformed email', async () => {
      const client = await guest();
      const missing = await client.http.post('/forgot-password', {});
      expect(missing.status).toBe(422);
      expect(missing.data.errors.email).toEqual(['The email field is required.']);
      const malformed = await client.http.post('/forgot-password', { email: 'not-an-email' });
      expect(malformed.status).toBe(422);
      expect(malformed.data.errors.email).toEqual(['The email field must be a valid email address.']);
    });
  });

  describe('POST /reset-password', () => {
    it('sets the new password, ends every session and revokes every token', async () => {
      const user = await createUser(t.app);
      const browser = await spaLogin(t.url, user.email, user.plainPassword);
      const { plainTextToken } = await t.app.get(TokensService).create(user.id, 'phone');
      const { token, email } = tokenFrom(await requestResetMail(user.email));

      const res = await (await guest()).http.post('/reset-password', {
        token, email, password: 'brand-new-pass', password_confirmation: 'brand-new-pass',
      });
      expect(res.status).toBe(200);
      expect(res.data).toEqual({ message: 'Your password has been reset.' });

      expect((await browser.http.get('/api/user')).status).toBe(401);
      const bearer = await spaClient(t.url).http.get('/api/user', { headers: { Authorization: `Bearer ${plainTextToken}`, Origin: '' } });
      expect(bearer.status).toBe(401);
      expect((await t.db.query('SELECT 1 FROM sessions WHERE user_id = $1', [user.id])).rowCount).toBe(0);
      expect((await t.db.query('SELECT 1 FROM personal_access_tokens WHERE user_id = $1', [user.id])).rowCount).toBe(0);
      await expect(spaLogin(t.url, user.email, 'brand-new-pass')).resolves.toBeDefined();
      await expect(spaLogin(t.url, user.email, user.plainPassword)).rejects.toThrow(/422/);
      const audit = await t.db.query("SELECT metadata FROM audit_events WHERE event = 'password.reset' AND user_id = $1", [user.id]);
      expect(audit.rowCount).toBe(1);
      expect(JSON.stringify(audit.rows[0].metadata)).not.toContain(token);
    });

    it('accepts a token once only', async () => {
      const user = await createUser(t.app);
      const { token, email } = tokenFrom(await requestResetMail(user.email));
      const body = { token, email, password: 'first-new-pass', password_confirmation: 'first-new-pass' };
      expect((await (await guest()).http.post('/reset-password', body)).status).toBe(200);
      const second = await (await guest()).http.post('/reset-password', { ...body, password: 'other-new-pass', password_confirmation: 'other-new-pass' });
      expect(second.status).toBe(422);
      expect(second.data).toEqual(INVALID);
    });

    it('lets exactly one of several parallel uses of a token succeed', async () => {
      const user = await createUser(t.app);
      const { token, email } = tokenFrom(await requestResetMail(user.email));
      const client = await guest();
      const attempts = ['pass-one-1', 'pass-two-2', 'pass-three-3', 'pass-four-4', 'pass-five-5'];
      const results = await Promise.all(
        attempts.map((password) => client.http.post('/reset-password', { token, email, password, password_confirmation: password })),
      );
      const winners = results.flatMap((res, i) => (res.status === 200 ? [attempts[i]] : []));
      expect(winners).toHaveLength(1);
      expect(results.filter((res) => res.status === 422)).toHaveLength(attempts.length - 1);
      await expect(spaLogin(t.url, user.email, winners[0])).resolves.toBeDefined();
      const audit = await t.db.query("SELECT 1 FROM audit_events WHERE event = 'password.reset' AND user_id = $1", [user.id]);
      expect(audit.rowCount).toBe(1);
    });

    it('refuses a token older than 60 minutes', async () => {
      const user = await createUser(t.app);
      const { token, email } = tokenFrom(await requestResetMail(user.email));
      await t.db.query("UPDATE password_reset_tokens SET created_at = now() - interval '61 minutes' WHERE email = $1", [email]);
      const res = await (await guest()).http.post('/reset-password', { token, email, password: 'late-new-pass', password_confirmation: 'late-new-pass' });
      expect(res.status).toBe(422);
      expect(res.data).toEqual(INVALID);
      await expect(spaLogin(t.url, user.email, user.plainPassword)).resolves.toBeDefined();
    });

    it('refuses a wrong token, another address, or an unknown address with the same message', async () => {
      const user = await createUser(t.app);
      const other = await createUser(t.app);
      const { token } = tokenFrom(await requestResetMail(user.email));
      const client = await guest();
      const pw = { password: 'whatever-pass', password_confirmation: 'whatever-pass' };
      for (const body of [
        { token: tampered(token), email: user.email },
        { token, email: other.email },
        { token, email: 'ghost@example.com' },
      ]) {
        const res = await client.http.post('/reset-password', { ...body, ...pw });
        expect(res.status).toBe(422);
        expect(res.data).toEqual(INVALID);
      }
      // The genuine token still works afterwards.
      expect((await client.http.post('/reset-password', { token, email: user.email, ...pw })).status).toBe(200);
    });

    it('validates the new password before looking at the token', async () => {
      const client = await guest();
      const res = await client.http.post('/reset-password', { token: 'x', email: 'a@example.com', password: 'short', password_confirmation: 'other' });
      expect(res.status).toBe(422);
      expect(res.data.errors.password).toEqual(['The password field must be at least 8 characters.', 'The password field confirmation does not match.']);
      expect((await client.http.post('/reset-password', {})).data.errors).toEqual({
        token: ['The token field is required.'],
        email: ['The email field is required.'],
        password: ['The password field is required.'],
      });
    });

    it('refuses a link mailed before the address changed', async () => {
      const user = await createUser(t.app);
      const { token, email } = tokenFrom(await requestResetMail(user.email));
      await t.db.query('UPDATE users SET email = $1 WHERE id = $2', [`moved-${user.email}`, user.id]);
      const res = await (await guest()).http.post('/reset-password', { token, email, password: 'moved-new-pass', password_confirmation: 'moved-new-pass' });
      expect(res.status).toBe(422);
    });
  });
});
