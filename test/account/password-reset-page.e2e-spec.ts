import axios, { AxiosInstance } from 'axios';
import { CookieJar } from 'tough-cookie';
import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { spaClient, spaLogin } from '../support/spa-client';
import { CapturedMail, firstLink, SmtpCapture, startSmtpCapture } from '../support/smtp';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const FORM = 'application/x-www-form-urlencoded';

/** A browser: a cookie jar, HTML first, no XHR header and no XSRF header (a plain form sends none). */
function browser(baseUrl: string): { http: AxiosInstance; jar: CookieJar } {
  const jar = new CookieJar();
  const http = axios.create({ baseURL: baseUrl, headers: { Accept: BROWSER_ACCEPT }, validateStatus: () => true, maxRedirects: 0 });
  http.interceptors.request.use((config) => {
    const header = jar.getCookieStringSync(new URL(config.url ?? '', baseUrl).toString());
    if (header) config.headers.set('Cookie', header);
    return config;
  });
  http.interceptors.response.use((response) => {
    for (const setCookie of [response.headers['set-cookie'] ?? []].flat()) jar.setCookieSync(setCookie, new URL(response.config.url ?? '', baseUrl).toString());
    return response;
  });
  return { http, jar };
}

/** The value of the named input, HTML entities decoded as a browser would before submitting. */
function inputValue(html: string, name: string): string | undefined {
  const match = new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`).exec(html);
  return match?.[1].replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

const formAction = (html: string) => /<form method="POST" action="([^"]*)"/.exec(html)?.[1];

describe('the reset password page served when no frontend is configured', () => {
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

  async function resetMail(email: string): Promise<CapturedMail> {
    const before = smtp.to(email).length;
    const spa = spaClient(t.url);
    await spa.http.get('/sanctum/csrf-cookie');
    expect((await spa.http.post('/forgot-password', { email })).status).toBe(200);
    return smtp.waitFor((mail) => smtp.to(email).indexOf(mail) >= before && mail.subject === 'Reset Password Notification');
  }

  /** The mailed link, on this test server (APP_URL names localhost:3000, the server listens elsewhere). */
  function onTestServer(link: string): string {
    const url = new URL(link);
    return `${url.pathname}${url.search}`;
  }

  async function openMailedPage(email: string) {
    const link = firstLink(await resetMail(email));
    const client = browser(t.url);
    const page = await client.http.get<string>(onTestServer(link));
    return { link: new URL(link), client, page };
  }

  const submit = (client: { http: AxiosInstance }, action: string, fields: Record<string, string>) =>
    client.http.post<string>(action, new URLSearchParams(fields).toString(), { headers: { 'Content-Type': FORM, Origin: t.url, Referer: `${t.url}/` } });

  it('mails a link to the page this server serves, which loads as a form with the token and the email', async () => {
    const user = await createUser(t.app);
    const { link, client, page } = await openMailedPage(user.email);
    expect(`${link.origin}${link.pathname}`).toBe('http://localhost:3000/reset-password');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(formAction(page.data)).toBe('/reset-password');
    expect(inputValue(page.data, 'token')).toBe(link.searchParams.get('token'));
    expect(inputValue(page.data, 'email')).toBe(user.email);
    expect(inputValue(page.data, '_token')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(page.data).toContain('name="password"');
    expect(page.data).toContain('name="password_confirmation"');
    expect(page.data).not.toContain('<script');
    expect(page.headers['content-security-policy']).toContain("form-action 'self'");
    // The page started a guest session: the form's _token belongs to the cookie the browser now holds.
    expect(client.jar.getCookiesSync(t.url).map((cookie) => cookie.key)).toEqual(expect.arrayContaining(['gatehouse_session', 'XSRF-TOKEN']));
  });

  it('resets the password when the form is submitted with its _token and the cookies; the new password logs in', async () => {
    const user = await createUser(t.app);
    const { client, page } = await openMailedPage(user.email);
    const res = await submit(client, formAction(page.data)!, {
      _token: inputValue(page.data, '_token')!,
      token: inputValue(page.data, 'token')!,
      email: inputValue(page.data, 'email')!,
      password: 'brand-new-password',
      password_confirmation: 'brand-new-password',
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.data).toContain('Your password has been reset.');
    await expect(spaLogin(t.url, user.email, 'brand-new-password')).resolves.toBeDefined();
    await expect(spaLogin(t.url, user.email, user.plainPassword)).rejects.toThrow(/login failed: 422/);
  });

  it('answers 419 to a submit with a wrong _token and leaves the password as it was', async () => {
    const user = await createUser(t.app);
    const { client, page } = await openMailedPage(user.email);
    const res = await submit(client, '/reset-password', {
      _token: 'not-the-token-of-this-session',
      token: inputValue(page.data, 'token')!,
      email: user.email,
      password: 'brand-new-password',
      password_confirmation: 'brand-new-password',
    });
    expect(res.status).toBe(419);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.data).toContain('CSRF token mismatch.');
    await expect(spaLogin(t.url, user.email, user.plainPassword)).resolves.toBeDefined();
  });

  it('shows the form again with the error for a bad reset token, and with the field errors for a bad password', async () => {
    const user = await createUser(t.app);
    const { client, page } = await openMailedPage(user.email);
    const fields = { _token: inputValue(page.data, '_token')!, token: 'a'.repeat(64), email: user.email, password: 'brand-new-password', password_confirmation: 'brand-new-password' };
    const badToken = await submit(client, '/reset-password', fields);
    expect(badToken.status).toBe(422);
    expect(badToken.headers['content-type']).toMatch(/^text\/html/);
    expect(badToken.data).toContain('<p class="error">This password reset token is invalid.</p>');
    expect(inputValue(badToken.data, 'email')).toBe(user.email);
    expect(inputValue(badToken.data, '_token')).toBe(fields._token);

    const mismatch = await submit(client, '/reset-password', { ...fields, token: inputValue(page.data, 'token')!, password_confirmation: 'something-else' });
    expect(mismatch.status).toBe(422);
    expect(mismatch.data).toContain('The password field confirmation does not match.');
    // Neither attempt used the link up: the page's own token still resets the password.
    const ok = await submit(client, '/reset-password', { ...fields, token: inputValue(page.data, 'token')! });
    expect(ok.status).toBe(200);
  });

  it('escapes the email and the token it puts on the page (both come from the link)', async () => {
    const hostile = '"><script>alert(1)</script><img src=x onerror=alert(2)>';
    const client = browser(t.url);
    const byQuery = await client.http.get<string>(`/reset-password?token=${encodeURIComponent(hostile)}&email=${encodeURIComponent(hostile)}`);
    const byPath = await client.http.get<string>(`/reset-password/${encodeURIComponent(hostile)}?email=${encodeURIComponent(hostile)}`);
    for (const page of [byQuery, byPath]) {
      expect(page.status).toBe(200);
      expect(page.data).not.toContain('<script');
      expect(page.data).not.toContain('<img');
      expect(page.data).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(inputValue(page.data, 'email')).toBe(hostile);
      expect(inputValue(page.data, 'token')).toBe(hostile);
    }
  });

  it("serves Fortify's /reset-password/{token}?email=… too, posting to /reset-password; no token is 404", async () => {
    const page = await browser(t.url).http.get<string>('/reset-password/abc123?email=taylor%40example.com');
    expect(page.status).toBe(200);
    expect(formAction(page.data)).toBe('/reset-password');
    expect(inputValue(page.data, 'token')).toBe('abc123');
    expect(inputValue(page.data, 'email')).toBe('taylor@example.com');
    expect((await browser(t.url).http.get('/reset-password?email=taylor%40example.com')).status).toBe(404);
    // A repeated parameter is no string: the field stays empty rather than failing.
    expect(inputValue((await browser(t.url).http.get<string>('/reset-password?token=t&email=a&email=b')).data, 'email')).toBe('');
  });

  it('keeps the JSON answers for a client that asks for JSON, whatever the body type', async () => {
    const user = await createUser(t.app);
    const spa = spaClient(t.url);
    await spa.http.get('/sanctum/csrf-cookie');
    const fields = { token: 'a'.repeat(64), email: user.email, password: 'brand-new-password', password_confirmation: 'brand-new-password' };
    const invalid = { message: 'This password reset token is invalid.', errors: { email: ['This password reset token is invalid.'] } };
    const json = await spa.http.post('/reset-password', fields);
    const form = await spa.http.post('/reset-password', new URLSearchParams(fields).toString(), { headers: { 'Content-Type': FORM } });
    for (const res of [json, form]) {
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.data).toEqual(invalid);
    }
    const forged = await spa.http.post('/reset-password', fields, { headers: { 'X-XSRF-TOKEN': 'forged' } });
    expect(forged.status).toBe(419);
    expect(forged.data).toEqual({ message: 'CSRF token mismatch.', reason: 'xsrf_mismatch' });
  });

  it('applies the input rules to a form body: NUL bytes and repeated fields are 422, never 500', async () => {
    const client = browser(t.url);
    const page = await client.http.get<string>('/reset-password?token=abc');
    const _token = inputValue(page.data, '_token')!;
    const nul = await client.http.post('/reset-password', `_token=${_token}&token=abc&email=a%00b%40example.com&password=x`, { headers: { 'Content-Type': FORM } });
    expect(nul.status).toBe(422);
    const repeated = await client.http.post<string>('/reset-password', `_token=${_token}&token=abc&email=a%40example.com&email=b%40example.com&password=p&password=q`, {
      headers: { 'Content-Type': FORM },
    });
    expect(repeated.status).toBe(422);
    expect(repeated.data).toContain('The email field must be a string.');
  });
});

describe('the reset password page under AUTH_ROUTE_PREFIX', () => {
  it('is linked and posts under the prefix (config.spec: FRONTEND_URL sends the link to the frontend instead)', async () => {
    const smtp = await startSmtpCapture();
    const t = await startApp({ env: { MAIL_URL: smtp.url, AUTH_ROUTE_PREFIX: 'auth' } });
    try {
      const user = await createUser(t.app);
      const spa = spaClient(t.url);
      await spa.http.get('/sanctum/csrf-cookie');
      expect((await spa.http.post('/auth/forgot-password', { email: user.email })).status).toBe(200);
      const link = new URL(firstLink(await smtp.waitFor((mail) => mail.envelopeTo.includes(user.email))));
      expect(`${link.origin}${link.pathname}`).toBe('http://localhost:3000/auth/reset-password');
      const page = await browser(t.url).http.get<string>(`${link.pathname}${link.search}`);
      expect(page.status).toBe(200);
      expect(formAction(page.data)).toBe('/auth/reset-password');
    } finally {
      await t.close();
      await smtp.close();
    }
  });
});
