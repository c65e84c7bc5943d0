import request from 'supertest';
import { startApp, TestApp } from '../support/app';
import { PROBE, ProbeModule } from '../support/probe.module';

// Everything else in docs/http-contract.md §1.2 (401, 403, 419, 423, 429) belongs to the feature issues.
describe('error shapes owned by the foundation (docs/http-contract.md §1)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp({ env: { BODY_LIMIT: '1kb' }, extraModules: [ProbeModule] })));
  afterAll(() => t.close());

  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

  describe('400 bad JSON', () => {
    it.each(['{"name":', '{name: "x"}', "{'a':1}", '[1,2', 'undefined'])('answers the exact Laravel body for %p', async (raw) => {
      const res = await request(t.url).post(PROBE).set('Content-Type', 'application/json').send(raw);
      expect(res.status).toBe(400);
      expect(res.text).toBe('{"message":"The request body is not valid JSON."}');
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['x-request-id']).toMatch(uuid);
    });

    it('also parses +json media types strictly', async () => {
      const res = await request(t.url).post(PROBE).set('Content-Type', 'application/vnd.api+json').send('{oops');
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ message: 'The request body is not valid JSON.' });
    });

    it('treats an empty JSON body as {} (422, not 400)', async () => {
      const res = await request(t.url).post(PROBE).set('Content-Type', 'application/json').send('');
      expect(res.status).toBe(422);
      expect(Object.keys(res.body.errors)).toEqual(['name', 'email', 'password']);
    });
  });

  describe('413 over BODY_LIMIT', () => {
    const big = JSON.stringify({ name: 'x'.repeat(2000) });

    it('answers {"message":"Payload Too Large."} for a JSON body over the limit', async () => {
      const res = await request(t.url).post(PROBE).set('Content-Type', 'application/json').send(big);
      expect(res.status).toBe(413);
      expect(res.body).toEqual({ message: 'Payload Too Large.' });
      expect(res.headers['x-request-id']).toMatch(uuid);
    });

    it('applies the same limit to form posts and unknown content types', async () => {
      const form = await request(t.url)
        .post(PROBE)
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .send(`name=${'x'.repeat(2000)}`);
      expect(form.status).toBe(413);
      expect(form.body).toEqual({ message: 'Payload Too Large.' });
      const other = await request(t.url).post(PROBE).set('Content-Type', 'application/octet-stream').send(Buffer.alloc(2000));
      expect(other.status).toBe(413);
      expect(other.body).toEqual({ message: 'Payload Too Large.' });
    });

    it('accepts a body just under the limit', async () => {
      const fields = { name: 'Al', email: 'a@example.com', password: 'password1', password_confirmation: 'password1' };
      const body = { ...fields, filler: 'x'.repeat(850) };
      expect(Buffer.byteLength(JSON.stringify(body))).toBeLessThan(1024);
      await request(t.url).post(PROBE).send(body).expect(200);
    });
  });

  describe('404', () => {
    it('answers {"message":"Not Found."} for an unknown route', async () => {
      const res = await request(t.url).get('/definitely/not/here?x=1');
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ message: 'Not Found.' });
      expect(res.headers['x-request-id']).toMatch(uuid);
    });

    it.each([
      ['POST', '/health'],
      ['DELETE', '/health'],
      ['PUT', PROBE],
      ['GET', PROBE],
      ['PATCH', '/docs-json'],
    ])('answers a wrong method (%s %s) like an unknown route (§10.3)', async (method, path) => {
      const res = await request(t.url)[method.toLowerCase() as 'get'](path);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ message: 'Not Found.' });
      expect(res.headers.allow).toBeUndefined();
    });
  });

  describe('500', () => {
    it('answers {"message":"Server Error."} and nothing internal', async () => {
      const res = await request(t.url).get(`${PROBE}/boom`);
      expect(res.status).toBe(500);
      expect(res.text).toBe('{"message":"Server Error."}');
      expect(res.text).not.toMatch(/secret_table|internal\.ts|hunter2|stack|at /);
      expect(res.headers['x-request-id']).toMatch(uuid);
    });
  });

  describe('X-Request-Id', () => {
    it('is on every response, success and error alike, and differs per request', async () => {
      const responses = await Promise.all([
        request(t.url).get('/health'),
        request(t.url).get('/nope'),
        request(t.url).post(PROBE).send({}),
        request(t.url).get(`${PROBE}/boom`),
        request(t.url).get('/docs-json'),
      ]);
      expect(responses.map((res) => res.status)).toEqual([200, 404, 422, 500, 200]);
      const ids = responses.map((res) => res.headers['x-request-id']);
      for (const id of ids) expect(id).toMatch(uuid);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('keeps a well-formed incoming id (from a proxy) and replaces a malformed one', async () => {
      const kept = await request(t.url).get('/health').set('X-Request-Id', 'lb-1234.abc_DEF');
      expect(kept.headers['x-request-id']).toBe('lb-1234.abc_DEF');
      const replaced = await request(t.url).get('/nope').set('X-Request-Id', 'bad id\twith <html>');
      expect(replaced.headers['x-request-id']).toMatch(uuid);
      const tooLong = await request(t.url).get('/health').set('X-Request-Id', 'a'.repeat(65));
      expect(tooLong.headers['x-request-id']).toMatch(uuid);
    });
  });

  // HTML documents and redirects get helmet's whole set: test/performance/lean-responses.e2e-spec.ts.
  describe('security headers of JSON answers', () => {
    it.each([
      ['GET', '/health', 200],
      ['GET', '/nope', 404],
      ['POST', PROBE, 422],
      ['GET', `${PROBE}/boom`, 500],
    ])('are the API set on %s %s (%i)', async (method, path, status) => {
      const res = await request(t.url)[method.toLowerCase() as 'get'](path);
      expect(res.status).toBe(status);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['content-security-policy']).toBeUndefined();
      expect(res.headers['x-powered-by']).toBeUndefined();
    });
  });
});
