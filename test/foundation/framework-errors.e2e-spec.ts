import { connect } from 'node:net';
import request from 'supertest';
import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { bearer, tokenFor } from '../rbac/support';

const NOT_FOUND = { message: 'Not Found.' };
const INTERNALS = /FST_|statusCode|exceeding|valid url component|Client Error|"error"/;

/** Writes raw bytes to the server and returns everything it answers before closing. */
function rawHttp(url: string, payload: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(payload));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

/** Errors Fastify raises before any route runs are rendered in Laravel's shape too. */
describe('errors raised by the HTTP framework itself', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startApp();
    token = await tokenFor(t, (await createUser(t.app)).id);
  });
  afterAll(() => t.close());

  function expectLaravelShape(res: request.Response) {
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.text).not.toMatch(INTERNALS);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  }

  it.each([
    ['DELETE', `/api/tokens/${'1'.repeat(200)}`],
    ['GET', `/api/users/${'9'.repeat(200)}`],
    ['DELETE', `/user/sessions/${'7'.repeat(200)}`],
  ])('%s %s (a 200-digit id) answers 404 like any unknown id, not Fastify\'s 414', async (method, path) => {
    const res = await request(t.url)[method.toLowerCase() as 'get'](path).set(bearer(token));
    expect(res.status).toBe(404);
    expect(res.body).toEqual(NOT_FOUND);
    expectLaravelShape(res);
  });

  it.each(['/api/tokens/%zz', '/api/%E0%A4%A', '/%'])('malformed percent-encoding in %s answers 404 Not Found.', async (path) => {
    const res = await request(t.url).delete(path).set(bearer(token));
    expect(res.status).toBe(404);
    expect(res.body).toEqual(NOT_FOUND);
    expectLaravelShape(res);
  });

  it.each(['text/', 'a b', '/'])('an unreadable Content-Type (%p) answers 400 with a message only', async (type) => {
    const res = await request(t.url).post('/api/login').set('Content-Type', type).send('{}');
    expect(res.status).toBe(400);
    expect(Object.keys(res.body)).toEqual(['message']);
    expectLaravelShape(res);
  });

  it('a request the HTTP parser cannot read (body longer than its Content-Length) answers 400 {"message":"Bad Request."}', async () => {
    const answer = await rawHttp(
      t.url,
      'POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1\r\n\r\n{}',
    );
    const [head, body] = answer.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 400 /);
    expect(body).toBe('{"message":"Bad Request."}');
    expect(answer).not.toMatch(INTERNALS);
  });

  it('a request line the parser refuses answers the same 400', async () => {
    const answer = await rawHttp(t.url, 'GET /api/user HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer.split('\r\n\r\n')[1]).toBe('{"message":"Bad Request."}');
  });
});
