import request from 'supertest';
import { startApp, TestApp } from '../support/app';

describe('OpenAPI documentation', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp({ env: { APP_NAME: 'Acme Gate' } })));
  afterAll(() => t.close());

  it('GET /docs serves the Swagger UI page (public, no credentials)', async () => {
    const res = await request(t.url).get('/docs');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toMatch(/<html/i);
    expect(res.text).toContain('swagger-ui');
  });

  it('GET /docs-json serves an OpenAPI 3 document describing the routes', async () => {
    const res = await request(t.url).get('/docs-json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(res.body.info.title).toBe('Acme Gate API');
    expect(res.body.paths['/health']).toHaveProperty('get');
    expect(res.body.components.securitySchemes).toMatchObject({ bearer: { type: 'http', scheme: 'bearer' } });
  });
});

describe('OpenAPI documentation turned off (DOCS_ENABLED=false)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp({ env: { DOCS_ENABLED: 'false' } })));
  afterAll(() => t.close());

  it.each(['/docs', '/docs-json', '/docs/swagger-ui.css'])('GET %s answers 404 like any unknown route', async (path) => {
    const res = await request(t.url).get(path);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ message: 'Not Found.' });
  });

  it('the rest of the server is unaffected', async () => {
    expect((await request(t.url).get('/health')).status).toBe(200);
  });
});
