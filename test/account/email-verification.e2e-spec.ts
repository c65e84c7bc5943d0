import axios from 'axios';
import { EmailVerificationService } from '../../src/account/email-verification.service';
import { DeferredTasks } from '../../src/mail/deferred-tasks';
import { TokensService } from '../../src/tokens/tokens.service';
import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { spaClient, spaLogin } from '../support/spa-client';
import { CapturedMail, firstLink, SmtpCapture, startSmtpCapture } from '../support/smtp';

const INVALID_SIGNATURE = { message: 'Invalid signature.' };
const plain = axios.create({ validateStatus: () => true });
/** What a browser sends when a person clicks the link in a mail. */
const BROWSER = { headers: { Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' }, maxRedirects: 0 };

describe('email verification over real SMTP', () => {
  let t: TestApp;
  let smtp: SmtpCapture;
  let sequence = 0;

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    t = await startApp({ env: { MAIL_URL: smtp.url } });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const waitForVerificationMail = (email: string): Promise<CapturedMail> =>
    smtp.waitFor((mail) => mail.envelopeTo.includes(email) && mail.subject === 'Verify Email Address');

  /** The mailed link points at APP_URL; the test server listens elsewhere. */
  const onTestServer = (link: string) => link.replace(t.config.appUrl, t.url);

  async function register() {
    const email = `reg${++sequence}_${process.pid}@example.com`;
    const spa = spaClient(t.url);
    await spa.http.get('/sanctum/csrf-cookie');
    const res = await spa.http.post('/register', { name: 'New User', email, password: 'password123', password_confirmation: 'password123' });
    expect(res.status).toBe(201);
    return { spa, email, id: res.data.id as number };
  }

  describe('the mail sent on registration', () => {
    it('carries a signed /email/verify/:id/:sha1(email) link, valid for 60 minutes, in text and HTML', async () => {
      const { email, id } = await register();
      const mail = await waitForVerificationMail(email);
      const link = new URL(firstLink(mail));
      expect(link.pathname).toMatch(new RegExp(`^/email/verify/${id}/[0-9a-f]{40}$`));
      const expires = Number(link.searchParams.get('expires'));
      expect(expires - Date.now() / 1000).toBeGreaterThan(3590);
      expect(expires - Date.now() / 1000).toBeLessThanOrEqual(3600);
      expect(link.searchParams.get('signature')).toMatch(/^[0-9a-f]{64}$/);
      expect(mail.html).toContain(firstLink(mail).replace(/&/g, '&amp;'));
    });

    it('is not sent to users created verified', async () => {
      const user = await createUser(t.app, { verified: true });
      await t.app.get(DeferredTasks).idle();
      expect(smtp.to(user.email)).toHaveLength(0);
    });
  });

  describe('GET /email/verify/:id/:hash', () => {
    it('verifies the address without a login (204), once, with an email.verified audit event', async () => {
      const { email, id } = await register();
      const link = onTestServer(firstLink(await waitForVerificationMail(email)));
      const res = await plain.get(link);
      expect(res.status).toBe(204);
      expect(res.data).toBe('');
      const { rows } = await t.db.query('SELECT email_verified_at FROM users WHERE id = $1', [id]);
      expect(rows[0].email_verified_at).not.toBeNull();
      // Following it again is harmless and records nothing new.
      expect((await plain.get(link)).status).toBe(204);
      const audit = await t.db.query("SELECT 1 FROM audit_events WHERE event = 'email.verified' AND user_id = $1", [id]);
      expect(audit.rowCount).toBe(1);
    });

    it('sends a browser on to the frontend (302 to FRONTEND_URL, default APP_URL, with ?verified=1), also when verified before', async () => {
      const { email, id } = await register();
      const link = onTestServer(firstLink(await waitForVerificationMail(email)));
      for (const attempt of ['first', 'again']) {
        const res = await plain.get(link, BROWSER);
        expect({ attempt, status: res.status, location: res.headers.location }).toEqual({ attempt, status: 302, location: 'http://localhost:3000/?verified=1' });
      }
      const { rows } = await t.db.query('SELECT email_verified_at FROM users WHERE id = $1', [id]);
      expect(rows[0].email_verified_at).not.toBeNull();
    });

    it('keeps 204 for an XHR that accepts HTML, and redirects no browser when the link is bad', async () => {
      const user = await createUser(t.app, { verified: false });
      const link = onTestServer(t.app.get(EmailVerificationService).linkFor(user));
      const xhr = await plain.get(link, { headers: { ...BROWSER.headers, 'X-Requested-With': 'XMLHttpRequest' }, maxRedirects: 0 });
      expect(xhr.status).toBe(204);
      const tampered = await plain.get(link.replace(/signature=[0-9a-f]/, 'signature=x'), BROWSER);
      expect(tampered.status).toBe(403);
      expect(tampered.data).toEqual(INVALID_SIGNATURE);
    });

    it('records one verification when the link is followed twice at once', async () => {
      const { email, id } = await register();
      const link = onTestServer(firstLink(await waitForVerificationMail(email)));
      const statuses = await Promise.all([plain.get(link), plain.get(link), plain.get(link)].map((p) => p.then((r) => r.status)));
      expect(statuses).toEqual([204, 204, 204]);
      const audit = await t.db.query("SELECT 1 FROM audit_events WHERE event = 'email.verified' AND user_id = $1", [id]);
      expect(audit.rowCount).toBe(1);
    });

    it('answers 403 Invalid signature. for tampered links and verifies nothing', async () => {
      const { email, id } = await register();
      const other = await createUser(t.app, { verified: false });
      const link = onTestServer(firstLink(await waitForVerificationMail(email)));
      const url = new URL(link);
      const signature = url.searchParams.get('signature')!;
      const flipped = signature.slice(0, -1) + (signature.endsWith('a') ? 'b' : 'a');
      const tampered = [
        link.replace(`/verify/${id}/`, `/verify/${other.id}/`),
        link.replace(/\/[0-9a-f]{40}\?/, `/${'0'.repeat(40)}?`),
        link.replace(/expires=\d+/, `expires=${Number(url.searchParams.get('expires')) + 86400}`),
        link.replace(signature, flipped),
        link.replace(/&signature=[0-9a-f]+/, ''),
        `${link}&extra=1`,
        link.replace(/expires=\d+&/, ''),
      ];
      for (const candidate of tampered) {
        const res = await plain.get(candidate);
        expect({ candidate, status: res.status, body: res.data }).toEqual({ candidate, status: 403, body: INVALID_SIGNATURE });
      }
      const { rows } = await t.db.query('SELECT id FROM users WHERE id = ANY($1) AND email_verified_at IS NOT NULL', [[id, other.id]]);
      expect(rows).toEqual([]);
    });

    it('answers 403 Invalid signature. for an expired link', async () => {
      const user = await createUser(t.app, { verified: false });
      const issuedAt = Math.floor(Date.now() / 1000) - 3601;
      const link = onTestServer(t.app.get(EmailVerificationService).linkFor(user, issuedAt));
      const res = await plain.get(link);
      expect(res.status).toBe(403);
      expect(res.data).toEqual(INVALID_SIGNATURE);
      // The same link signed a minute later is still inside its hour.
      const fresh = onTestServer(t.app.get(EmailVerificationService).linkFor(user, issuedAt + 60));
      expect((await plain.get(fresh)).status).toBe(204);
    });

    it('answers 403 for a correctly signed link of an address the user no longer has', async () => {
      const user = await createUser(t.app, { verified: false });
      const link = onTestServer(t.app.get(EmailVerificationService).linkFor(user));
      await t.db.query('UPDATE users SET email = $1 WHERE id = $2', [`changed-${user.email}`, user.id]);
      const res = await plain.get(link);
      expect(res.status).toBe(403);
      expect(res.data).toEqual({ message: 'This action is unauthorized.' });
    });
  });

  describe('POST /email/verification-notification', () => {
    it('mails a new link (202) to an unverified user', async () => {
      const user = await createUser(t.app, { verified: false });
      await waitForVerificationMail(user.email);
      const spa = await spaLogin(t.url, user.email, user.plainPassword);
      const res = await spa.http.post('/email/verification-notification');
      expect(res.status).toBe(202);
      expect(res.data).toEqual({ message: 'verification-link-sent' });
      await smtp.waitFor(() => smtp.to(user.email).length === 2);
      const link = onTestServer(firstLink(smtp.to(user.email)[1]));
      expect((await plain.get(link)).status).toBe(204);
    });

    it('answers 204 and sends nothing when the address is already verified', async () => {
      const user = await createUser(t.app, { verified: true });
      const spa = await spaLogin(t.url, user.email, user.plainPassword);
      const res = await spa.http.post('/email/verification-notification');
      expect(res.status).toBe(204);
      expect(res.data).toBe('');
      await t.app.get(DeferredTasks).idle();
      expect(smtp.to(user.email)).toHaveLength(0);
    });

    it('works for a bearer token caller', async () => {
      const user = await createUser(t.app, { verified: false });
      const { plainTextToken } = await t.app.get(TokensService).create(user.id, 'phone');
      const res = await plain.post(`${t.url}/email/verification-notification`, null, { headers: { Authorization: `Bearer ${plainTextToken}`, Accept: 'application/json' } });
      expect(res.status).toBe(202);
    });

    it('answers 401 to a guest', async () => {
      const spa = spaClient(t.url);
      await spa.http.get('/sanctum/csrf-cookie');
      const res = await spa.http.post('/email/verification-notification');
      expect(res.status).toBe(401);
    });

    it('allows 6 requests per minute, then 429 with Retry-After', async () => {
      const user = await createUser(t.app, { verified: false });
      const spa = await spaLogin(t.url, user.email, user.plainPassword);
      const statuses = await Promise.all(Array.from({ length: 8 }, () => spa.http.post('/email/verification-notification').then((r) => r.status)));
      expect(statuses.filter((s) => s === 202)).toHaveLength(6);
      expect(statuses.filter((s) => s === 429)).toHaveLength(2);
      const limited = await spa.http.post('/email/verification-notification');
      expect(limited.status).toBe(429);
      expect(limited.data).toEqual({ message: 'Too Many Attempts.' });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    });
  });
});

describe('email verification under AUTH_ROUTE_PREFIX, with VERIFIED_REDIRECT_URL', () => {
  it('signs and accepts links under the prefix, and sends a browser to VERIFIED_REDIRECT_URL with verified=1 added', async () => {
    const smtp = await startSmtpCapture();
    const env = { AUTH_ROUTE_PREFIX: 'auth', APP_URL: 'https://id.example.test', VERIFIED_REDIRECT_URL: 'https://spa.example.test/home?tab=account' };
    const t = await startApp({ env: { MAIL_URL: smtp.url, ...env } });
    try {
      const user = await createUser(t.app, { verified: false });
      const link = firstLink(await smtp.waitFor((mail) => mail.envelopeTo.includes(user.email)));
      expect(link.startsWith(`https://id.example.test/auth/email/verify/${user.id}/`)).toBe(true);
      const res = await plain.get(link.replace('https://id.example.test', t.url));
      expect(res.status).toBe(204);
      const browser = await plain.get(link.replace('https://id.example.test', t.url), BROWSER);
      expect(browser.status).toBe(302);
      expect(browser.headers.location).toBe('https://spa.example.test/home?tab=account&verified=1');
    } finally {
      await t.close();
      await smtp.close();
    }
  });
});
