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
