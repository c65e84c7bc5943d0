import request from 'supertest';
import { GatehouseModule, GatehouseTokens } from '../../src';
import { createUser } from '../../src/testing';
import { spaLogin } from '../support/spa-client';
import { hostOptions, hostWith, startHostApp, useHostDatabase } from './host-module';


const json = { Accept: 'application/json' };
const NOT_FOUND = { message: 'Not Found.' };
const DEVICE_NAME_REQUIRED = {
  message: 'The device name field is required.',
  errors: { device_name: ['The device name field is required.'] },
};

const database = useHostDatabase();

let emails = 0;
const registration = (extra: Record<string, unknown> = {}) => ({
  name: 'Reg',
  email: `families-${process.pid}-${++emails}@example.com`,
  password: 'password123',
  password_confirmation: 'password123',
  ...extra,
});

describe('routes: { tokens: false } (a cookie-only app, as BeatPass)', () => {
  const host = hostWith(database, { routes: { tokens: false } });

  it.each([
    ['post', '/api/login'],
    ['post', '/api/register'],
    ['post', '/api/logout'],
    ['post', '/api/two-factor-challenge'],
    ['get', '/api/tokens'],
    ['post', '/api/tokens'],
    ['delete', '/api/tokens/1'],
  ] as const)('%s %s answers 404 Not Found.', async (method, path) => {
    const res = await request(host.current.url)[method](path).set(json).send({});
    expect(res.status).toBe(404);
    expect(res.body).toEqual(NOT_FOUND);
  });

  it('the SPA still logs in with the session cookie and reaches the API routes', async () => {
    const user = await createUser(host.current.app);
    const spa = await spaLogin(host.current.url, user.email, user.plainPassword);
    const me = await spa.http.get('/api/user');
    expect(me.status).toBe(200);
    expect(me.data.email).toBe(user.email);
    expect((await spa.http.post('/logout')).status).toBe(204);
    expect((await spa.http.get('/api/user')).status).toBe(401);
  });
});

describe('routes: { web: false } (a token-only app)', () => {
  const host = hostWith(database, { routes: { web: false } });

  it('the web routes and /sanctum/csrf-cookie answer 404; the token login still works', async () => {
    const user = await createUser(host.current.app);
    for (const path of ['/login', '/register', '/forgot-password', '/two-factor-challenge']) {
      expect((await request(host.current.url).post(path).set(json).send({})).status).toBe(404);
    }
    expect((await request(host.current.url).get('/sanctum/csrf-cookie').set(json)).status).toBe(404);
    const login = await request(host.current.url)
      .post('/api/login')
      .set(json)
      .send({ email: user.email, password: user.plainPassword, device_name: 'cli' });
    expect(login.status).toBe(201);
    const me = await request(host.current.url).get('/api/user').set({ ...json, Authorization: `Bearer ${login.body.token}` });
    expect(me.status).toBe(200);
  });
});

describe("routes: { tokens: { prefix: 'api/v1/auth' } } (as XetaSuite)", () => {
  const host = hostWith(database, { routes: { tokens: { prefix: '/api/v1/auth/' } } });

  it('POST /api/v1/auth/login issues a token; the token routes are all under the prefix, the old paths 404', async () => {
    const user = await createUser(host.current.app);
    const login = await request(host.current.url)
      .post('/api/v1/auth/login')
      .set(json)
      .send({ email: user.email, password: user.plainPassword, device_name: 'xeta' });
    expect(login.status).toBe(201);
    const auth = { ...json, Authorization: `Bearer ${login.body.token}` };
    const tokens = await request(host.current.url).get('/api/v1/auth/tokens').set(auth);
    expect(tokens.status).toBe(200);
    expect(tokens.body.map((token: { name: string }) => token.name)).toEqual(['xeta']);
    // The API family keeps API_PREFIX.
    expect((await request(host.current.url).get('/api/user').set(auth)).status).toBe(200);
    for (const path of ['/api/login', '/api/register', '/api/logout', '/api/tokens']) {
      const res = await request(host.current.url).post(path).set(auth).send({ email: user.email, password: user.plainPassword, device_name: 'x' });
      expect(res.status).toBe(404);
    }
    expect((await request(host.current.url).post('/api/v1/auth/logout').set(auth)).status).toBe(204);
    expect((await request(host.current.url).get('/api/user').set(auth)).status).toBe(401);
  });

  it('POST /api/v1/auth/register issues the first token', async () => {
    const res = await request(host.current.url).post('/api/v1/auth/register').set(json).send(registration({ device_name: 'Pixel' }));
    expect(res.status).toBe(201);
    expect(res.body.token).toMatch(/^\d+\|gth_/);
  });
});

describe("tokens: { defaultDeviceName: 'web-client' } (as BeanQuick)", () => {
  const host = hostWith(database, { tokens: { defaultDeviceName: 'web-client' } });
  const tokenNames = async (token: string): Promise<string[]> => {
    const res = await request(host.current.url).get('/api/tokens').set({ ...json, Authorization: `Bearer ${token}` });
    return res.body.map((record: { name: string }) => record.name);
  };

  it('POST /api/login without device_name succeeds; the token is named by the default', async () => {
    const user = await createUser(host.current.app);
    const res = await request(host.current.url).post('/api/login').set(json).send({ email: user.email, password: user.plainPassword });
    expect(res.status).toBe(201);
    expect(await tokenNames(res.body.token)).toEqual(['web-client']);
  });

  it('a null or empty device_name takes the default too; a given one wins; a non-string is still 422', async () => {
    const user = await createUser(host.current.app);
    const send = (extra: Record<string, unknown>) =>
      request(host.current.url).post('/api/login').set(json).send({ email: user.email, password: user.plainPassword, ...extra });
    expect((await send({ device_name: null })).status).toBe(201);
    expect((await send({ device_name: '' })).status).toBe(201);
    const named = await send({ device_name: 'iPhone' });
    expect(named.status).toBe(201);
    expect((await tokenNames(named.body.token)).sort()).toEqual(['iPhone', 'web-client', 'web-client']);
    const invalid = await send({ device_name: ['x'] });
    expect(invalid.status).toBe(422);
    expect(Object.keys(invalid.body.errors)).toEqual(['device_name']);
  });

  it('POST /api/register without device_name succeeds; the token is named by the default', async () => {
    const res = await request(host.current.url).post('/api/register').set(json).send(registration());
    expect(res.status).toBe(201);
    expect(await tokenNames(res.body.token)).toEqual(['web-client']);
  });

  it('the default is checked at start', async () => {
    const options = { ...hostOptions(database.url), tokens: { defaultDeviceName: ' ' } };
    await expect(startHostApp(GatehouseModule.forRoot(options), options)).rejects.toThrow(/tokens\.defaultDeviceName must be a non-empty string/);
  });
});

describe('default options (no routes, no tokens)', () => {
  const host = hostWith(database, {});

  it('device_name is still required: 422 with the message unchanged, on login and register', async () => {
    const user = await createUser(host.current.app);
    const login = await request(host.current.url).post('/api/login').set(json).send({ email: user.email, password: user.plainPassword });
    expect(login.status).toBe(422);
    expect(login.body).toEqual(DEVICE_NAME_REQUIRED);
    const register = await request(host.current.url).post('/api/register').set(json).send(registration());
    expect(register.status).toBe(422);
    expect(register.body.errors).toEqual(DEVICE_NAME_REQUIRED.errors);
  });

  it('every family is mounted at its usual path', async () => {
    const user = await createUser(host.current.app);
    const { plainTextToken } = await host.current.app.get(GatehouseTokens).create(user.id, 'probe', ['*']);
    expect((await request(host.current.url).get('/api/tokens').set({ ...json, Authorization: `Bearer ${plainTextToken}` })).status).toBe(200);
    expect((await request(host.current.url).get('/sanctum/csrf-cookie').set(json)).status).toBe(204);
    expect((await request(host.current.url).post('/login').set(json).send({})).status).not.toBe(404);
  });
});

describe('GatehouseModule.forRootAsync({ routes }) with route families', () => {
  it('mounts the families forRootAsync names (the factory may leave routes out)', async () => {
    const options = hostOptions(database.url);
    const host = await startHostApp(GatehouseModule.forRootAsync({ useFactory: () => options, routes: { tokens: false } }), options);
    try {
      expect((await request(host.url).post('/api/login').set(json).send({})).status).toBe(404);
      expect((await request(host.url).get('/sanctum/csrf-cookie').set(json)).status).toBe(204);
    } finally {
      await host.app.close();
    }
  });

  it('refuses to start when the factory names other routes than forRootAsync', async () => {
    const options = { ...hostOptions(database.url), routes: { tokens: false } };
    await expect(startHostApp(GatehouseModule.forRootAsync({ useFactory: () => options }), options)).rejects.toThrow(
      /routes must equal forRootAsync\(\{ routes \}\)/,
    );
  });
});
