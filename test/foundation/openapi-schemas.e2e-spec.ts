import request from 'supertest';
import { startApp, TestApp } from '../support/app';

type Schema = { type?: string; properties?: Record<string, Schema>; required?: string[]; maxLength?: number; minLength?: number; format?: string; items?: Schema };
type Operation = { requestBody?: { content: Record<string, { schema: { $ref?: string } }> }; security?: object[] };
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; securitySchemes: Record<string, Record<string, unknown>> };
  security?: object[];
}

/** The OpenAPI document describes every request body and both kinds of credential (docs/http-contract.md §2, §9). */
describe('OpenAPI document completeness', () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  beforeAll(async () => {
    t = await startApp();
    doc = (await request(t.url).get('/docs-json')).body as OpenApiDocument;
  });
  afterAll(() => t.close());

  const schemaOf = (path: string, method: string): Schema => {
    const ref = doc.paths[path][method].requestBody!.content['application/json'].schema.$ref!;
    return doc.components.schemas[ref.replace('#/components/schemas/', '')];
  };

  it('gives every request body schema its fields', () => {
    const bodies = Object.values(doc.paths).flatMap((ops) => Object.values(ops)).filter((op) => op.requestBody);
    expect(bodies.length).toBeGreaterThanOrEqual(20);
    const empty = Object.entries(doc.components.schemas).filter(([, schema]) => Object.keys(schema.properties ?? {}).length === 0);
    expect(empty.map(([name]) => name)).toEqual([]);
  });

  it('documents the login body: email (or username, for LDAP logins), password, remember', () => {
    const login = schemaOf('/login', 'post');
    expect(Object.keys(login.properties!).sort()).toEqual(['email', 'password', 'remember', 'username']);
    expect(login.properties!.username).toMatchObject({ type: 'string', maxLength: 255 });
    expect(login.properties!.email).toMatchObject({ type: 'string', maxLength: 255 });
    expect(login.properties!.password).toMatchObject({ type: 'string' });
    // One of email and username is required: the schema marks neither, and says so.
    expect(login.required).toEqual(['password']);
    expect(login.properties!.email).toMatchObject({ description: expect.stringContaining('Required unless `username` is sent') });
  });

  it('documents inherited and constrained fields (registration, token creation)', () => {
    const register = schemaOf('/api/register', 'post');
    expect(Object.keys(register.properties!).sort()).toEqual(['device_name', 'email', 'name', 'password', 'password_confirmation']);
    expect(register.properties!.email).toMatchObject({ type: 'string', format: 'email', maxLength: 255 });
    expect(register.properties!.password).toMatchObject({ type: 'string', minLength: 8 });
    const token = schemaOf('/api/tokens', 'post');
    expect(token.properties!.abilities).toMatchObject({ type: 'array', items: { type: 'string' } });
    expect(token.properties!.expires_at).toMatchObject({ type: 'string', format: 'date-time' });
  });

  it('describes the bearer credential as an opaque personal access token, not a JWT', () => {
    const bearer = doc.components.securitySchemes.bearer;
    expect(bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(bearer).not.toHaveProperty('bearerFormat');
    expect(bearer.description).toContain('<id>|<secret>');
  });

  it('describes the cookie session and its XSRF header', () => {
    expect(doc.components.securitySchemes.session).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'gatehouse_session' });
    expect(doc.components.securitySchemes.xsrf).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-XSRF-TOKEN' });
    expect(doc.security).toEqual([{ bearer: [] }, { session: [], xsrf: [] }]);
  });

  it('marks public routes as needing no credential and leaves the others to the document-wide requirement', () => {
    expect(doc.paths['/login'].post.security).toEqual([{}]);
    expect(doc.paths['/health'].get.security).toEqual([{}]);
    expect(doc.paths['/api/user'].get.security).toBeUndefined();
  });
});
