import request from 'supertest';
import { TokensService } from '../../src/tokens/tokens.service';
import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { spaLogin } from '../support/spa-client';
import { SmtpCapture, startSmtpCapture } from '../support/smtp';

/** PUT /user/profile-information with a new email (docs/http-contract.md §5): confirmation, notice to the old address, throttle. */
describe('changing the email (docs/http-contract.md §5)', () => {
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

  const profile = { name: 'N' };
  const mailsTo = (email: string) => smtp.to(email.toLowerCase()).length;

  it('answers 423 without a recent password confirmation and changes nothing (session)', async () => {
    const user = await createUser(t.app);
    const spa = await spaLogin(t.url, user.email, user.plainPassword);
    const res = await spa.http.put('/user/profile-information', { ...profile, email: `moved-${user.email}` });
    expect(res.status).toBe(423);
    expect(res.data).toEqual({ message: 'Password confirmation required.' });
    const { rows } = await t.db.query('SELECT email, email_verified_at FROM users WHERE id = $1', [user.id]);
    expect(rows[0].email).toBe(user.email);
    expect(rows[0].email_verified_at).not.toBeNull();
    // The name alone needs no confirmation.
    expect((await spa.http.put('/user/profile-information', { name: 'Only Name', email: user.email })).status).toBe(200);
  });

  it('answers 423 to a * token until that token confirms the password, then changes it', async () => {
    const user = await createUser(t.app);
    const { plainTextToken } = await t.app.get(TokensService).create(user.id, 'phone');
    const as = () => request(t.url).put('/user/profile-information').set('Authorization', `Bearer ${plainTextToken}`);
    const newEmail = `phone-${user.email}`;
    expect((await as().send({ ...profile, email: newEmail })).status).toBe(423);
    const confirmed = await request(t.url)
      .post('/user/confirm-password')
      .set('Authorization', `Bearer ${plainTextToken}`)
      .send({ password: user.plainPassword });
    expect(confirmed.status).toBe(201);
    const res = await as().send({ ...profile, email: newEmail });
    expect(res.status).toBe(200);
    expect(res.body.email).toBe(newEmail);
  });

  it('mails a notice to the old address naming the new one, with no link that carries a secret', async () => {
    const user = await createUser(t.app);
    const spa = await spaLogin(t.url, user.email, user.plainPassword);
    await spa.http.post('/user/confirm-password', { password: user.plainPassword });
    const newEmail = `elsewhere-${user.email}`;
    expect((await spa.http.put('/user/profile-information', { ...profile, email: newEmail })).status).toBe(200);
    const notice = await smtp.waitFor((m) => m.envelopeTo.includes(user.email));
    expect(notice.subject).toBe('Email Address Changed');
    expect(notice.text).toContain(newEmail);
    expect(notice.text).not.toMatch(/signature=|token=/);
    await smtp.waitFor((m) => m.envelopeTo.includes(newEmail) && m.subject === 'Verify Email Address');
    expect(mailsTo(user.email)).toBe(1);
  });

  it('sends no notice when the email only changes case or stays the same', async () => {
    const user = await createUser(t.app);
    const spa = await spaLogin(t.url, user.email, user.plainPassword);
    expect((await spa.http.put('/user/profile-information', { ...profile, email: user.email.toUpperCase() })).status).toBe(200);
    // A later, real change to another user's mailbox proves mail is flowing; none went to this one.
    const other = await createUser(t.app);
    const otherSpa = await spaLogin(t.url, other.email, other.plainPassword);
    await otherSpa.http.post('/user/confirm-password', { password: other.plainPassword });
    await otherSpa.http.put('/user/profile-information', { ...profile, email: `x-${other.email}` });
    await smtp.waitFor((m) => m.envelopeTo.includes(other.email));
    expect(mailsTo(user.email)).toBe(0);
  });

  it('throttles email changes per user: 6 a minute, then 429 Too Many Attempts with Retry-After, in parallel too', async () => {
    const user = await createUser(t.app);
    const spa = await spaLogin(t.url, user.email, user.plainPassword);
    await spa.http.post('/user/confirm-password', { password: user.plainPassword });
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => spa.http.put('/user/profile-information', { ...profile, email: `flood${i}-${user.email}` })),
    );
    const statuses = results.map((res) => res.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
    for (const res of results.filter((r) => r.status === 429)) {
      expect(res.data).toEqual({ message: 'Too Many Attempts.' });
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
    }
    // The budget is the user's verification-mail budget: a resend is refused too.
    expect((await spa.http.post('/email/verification-notification')).status).toBe(429);
    // Name-only updates are not email changes and are never throttled.
    expect((await spa.http.put('/user/profile-information', { name: 'Still Me', email: (await spa.http.get('/api/user')).data.email })).status).toBe(200);
    // Another user has a budget of their own.
    const other = await createUser(t.app);
    const otherSpa = await spaLogin(t.url, other.email, other.plainPassword);
    await otherSpa.http.post('/user/confirm-password', { password: other.plainPassword });
    expect((await otherSpa.http.put('/user/profile-information', { ...profile, email: `own-${other.email}` })).status).toBe(200);
  });
});
