import request from 'supertest';
import { EmailVerificationService } from '../../src/account/email-verification.service';
import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { LogCapture } from '../support/log-capture';
import { spaLogin } from '../support/spa-client';
import { tokenFor } from '../rbac/support';

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const DOCUMENT_ONLY = ['content-security-policy', 'x-frame-options', 'referrer-policy', 'cross-origin-opener-policy', 'x-dns-prefetch-control'];

/**
 * What keeps a cheap request safe: JSON answers carry the headers an API needs and nothing a browser only
 * applies to documents; HTML and redirects keep helmet's whole set; the access log still writes a line
 * per request, naming the route's pattern rather than its parameters.
 */
describe('lean responses that stay safe', () => {
  let t: TestApp;
  const log = new LogCapture();
  beforeAll(async () => (t = await startApp({ env: { LOG_LEVEL: 'info', TRUST_PROXY: '1', MUST_VERIFY_EMAIL: 'false' }, logStream: log })));
  afterAll(() => t.close());

  const expectApiHeaders = (res: request.Response) => {
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-request-id']).toBeDefined();
    for (const name of DOCUMENT_ONLY) expect({ name, value: res.headers[name] }).toEqual({ name, value: undefined });
  };
  const expectDocumentHeaders = (res: request.Response) => {
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['x-powered-by']).toBeUndefined();
  };

  it('JSON answers, signed in or not, carry nosniff and no-store, no CSP and no HSTS over plain http', async () => {
    const user = await createUser(t.app);
    const bearer = await tokenFor(t, user.id);
    const session = await spaLogin(t.url, user.email, user.plainPassword);
    const answers = await Promise.all([
      request(t.url).get('/health'),
      request(t.url).get('/nope'),
      request(t.url).get('/api/user').set('Accept', 'application/json'),
      request(t.url).get('/api/user').set('Authorization', `Bearer ${bearer}`),
      session.http.get('/api/user').then((res) => ({ status: res.status, headers: res.headers as Record<string, string> })),
    ]);
    expect(answers.map((res) => res.status)).toEqual([200, 404, 401, 200, 200]);
    for (const res of answers) expectApiHeaders(res as request.Response);
    for (const res of answers) expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('adds HSTS to a JSON answer under https (X-Forwarded-Proto from a trusted proxy)', async () => {
    const res = await request(t.url).get('/health').set('X-Forwarded-Proto', 'https');
    expectApiHeaders(res);
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
  });

  it('the OpenAPI document is JSON too: the API set', async () => {
    const res = await request(t.url).get('/docs-json');
    expect(res.status).toBe(200);
    expectApiHeaders(res);
  });

  it('HTML documents keep helmet’s whole set: /docs and the reset page', async () => {
    const docs = await request(t.url).get('/docs').redirects(1);
    expect(docs.headers['content-type']).toMatch(/^text\/html/);
    expectDocumentHeaders(docs);
    const reset = await request(t.url).get('/reset-password?token=x&email=a@example.com').set('Accept', BROWSER);
    expect(reset.headers['content-type']).toMatch(/^text\/html/);
    expectDocumentHeaders(reset);
    expect(reset.headers['cache-control']).toBe('no-store');
  });

  it('redirects keep helmet’s whole set (a browser following a verification link)', async () => {
    const user = await createUser(t.app, { verified: false });
    const link = t.app.get(EmailVerificationService).linkFor(user).replace(t.config.appUrl, t.url);
    const res = await request(t.url).get(new URL(link).pathname + new URL(link).search).set('Accept', BROWSER);
    expect(res.status).toBe(302);
    expectDocumentHeaders(res);
  });

  it('writes one access-log line per request: route pattern, never its parameters or query', async () => {
    const secret = 'reset-secret-in-the-path';
    const res = await request(t.url).get(`/reset-password/${secret}?email=someone@example.com`).set('Accept', BROWSER);
    const line = () => log.records().find((r) => r.msg === 'request completed' && r.reqId === res.headers['x-request-id']);
    for (let i = 0; i < 50 && !line(); i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(line()).toMatchObject({ level: 30, method: 'GET', path: '/reset-password/:token', status: res.status, ms: expect.any(Number) });
    expect(log.raw).not.toContain(secret);
    expect(log.raw).not.toContain('someone@example.com');
    const unknown = await request(t.url).get('/no/such/route?token=abc');
    const unknownLine = log.records().find((r) => r.reqId === unknown.headers['x-request-id'] && r.msg === 'request completed');
    expect(unknownLine).toMatchObject({ path: '/no/such/route', status: 404 });
  });
});
