import { Client } from 'pg';
import request from 'supertest';
import { GatehouseAccess, GatehouseModule, GatehouseTokens, runGatehouseMigrations } from '../../src';
import { TeamsService } from '../../src/rbac/teams.service';
import { actingAs, assignRoles, createRole, createUser } from '../../src/testing';
import { adminQuery, createTestDatabase, uniqueName, withDatabase } from '../support/database';
import { hostOptions, startHostApp } from './host-module';

const serverMode = process.env.GATEHOUSE_TEST_DB_MODE === 'server';

/** A fresh, empty database on the server (the module must migrate it), else the shared one. */
async function emptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (!serverMode) return createTestDatabase();
  const base = process.env.GATEHOUSE_TEST_DB_URL!;
  const name = uniqueName('gh_lib');
  await adminQuery(base, `CREATE DATABASE ${name}`);
  return { url: withDatabase(base, name), drop: () => adminQuery(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function migrationCount(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: number }>('SELECT count(*)::int AS count FROM migrations');
    return rows[0].count;
  } finally {
    await client.end();
  }
}

describe('GatehouseModule.forRoot in a host app (its own NestFactory, default body parser)', () => {
  let database: { url: string; drop(): Promise<void> };
  let host: Awaited<ReturnType<typeof startHostApp>>;
  const present = (user: { id: number; email: string }, access: { roles: string[] }) => ({
    data: { id: user.id, email: user.email, role_names: access.roles },
  });

  beforeAll(async () => {
    database = await emptyDatabase();
    const options = { ...hostOptions(database.url), users: { present } };
    host = await startHostApp(GatehouseModule.forRoot(options), options);
  });
  afterAll(async () => {
    await host?.app.close();
    await database?.drop();
  });

  (serverMode ? it : it.skip)('applies its migrations to an empty database at start (migrationsRun defaults to true)', async () => {
    expect(await migrationCount(database.url)).toBeGreaterThan(10);
    expect(await runGatehouseMigrations(database.url)).toEqual([]);
  });

  it('GET /tracks (@OptionalAuth) as a guest is not personalised; with actingAs it is', async () => {
    const guest = await request(host.url).get('/tracks').set('Accept', 'application/json');
    expect(guest.status).toBe(200);
    expect(guest.body).toEqual({ tracks: [], personalised: false });
    const user = await createUser(host.app);
    const res = await request(host.url).get('/tracks').set(await actingAs(host.app, user));
    expect(res.body).toEqual({ tracks: [], personalised: true });
  });

  it('POST /tracks: guest 401 (a host route is an API route: no CSRF), no permission 403, with tracks.create 201', async () => {
    const guest = await request(host.url).post('/tracks').set('Accept', 'application/json').send({ title: 'x' });
    expect(guest.status).toBe(401);
    expect(guest.body).toEqual({ message: 'Unauthenticated.', reason: 'no_credentials' });
    const user = await createUser(host.app);
    const denied = await request(host.url).post('/tracks').set(await actingAs(host.app, user)).send({ title: 'x' });
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({ message: 'This action is unauthorized.' });
    await createRole(host.app, { name: 'editor', permissions: ['tracks.create'] });
    await assignRoles(host.app, user, ['editor']);
    const created = await request(host.url).post('/tracks').set(await actingAs(host.app, user)).send({ title: 'Intro' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ title: 'Intro' });
    // A token without the ability cannot use the user's permission.
    const narrow = await request(host.url).post('/tracks').set(await actingAs(host.app, user, { abilities: ['tracks.read'] })).send({ title: 'x' });
    expect(narrow.status).toBe(403);
  });

  it('the validation pipe and error filter apply to host routes: 422 and bad JSON 400 in Laravel shape', async () => {
    const user = await createUser(host.app);
    await createRole(host.app, { name: 'writer', permissions: ['tracks.create'] });
    await assignRoles(host.app, user, ['writer']);
    const headers = await actingAs(host.app, user);
    const invalid = await request(host.url).post('/tracks').set(headers).send({ title: 42 });
    expect(invalid.status).toBe(422);
    expect(invalid.body.errors).toEqual({ title: ['The title field must be a string.'] });
    const badJson = await request(host.url).post('/tracks').set({ ...headers, 'Content-Type': 'application/json' }).send('{"title":');
    expect(badJson.status).toBe(400);
    expect(badJson.text).toBe('{"message":"The request body is not valid JSON."}');
    // Gatehouse's parsers replaced Nest's defaults: an empty JSON body is {} (Nest: 400), an unknown
    // content type is ignored (Nest: 415); either way the validation answers.
    for (const type of ['application/json', 'text/xml']) {
      const res = await request(host.url).post('/tracks').set({ ...headers, 'Content-Type': type }).send('');
      expect(res.status).toBe(422);
      expect(Object.keys(res.body.errors)).toEqual(['title']);
    }
  });

  it('the Fastify hooks run for host routes, Gatehouse routes and unmatched paths alike', async () => {
    for (const path of ['/tracks', '/api/user', '/no-such-route']) {
      const res = await request(host.url).get(path).set({ Accept: 'application/json', 'X-Request-Id': 'req-lib-1' });
      expect(res.headers['x-request-id']).toBe('req-lib-1');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
    // The input hook: a NUL byte in the query is refused with Laravel's 422 before the handler runs.
    const hostile = await request(host.url).get('/tracks?q=a%00b').set('Accept', 'application/json');
    expect(hostile.status).toBe(422);
    expect(hostile.body.errors).toEqual({ q: ['The q field must be a valid string.'] });
  });

  it('users.present shapes the user JSON of GET /api/user and of POST /api/login', async () => {
    const user = await createUser(host.app);
    await createRole(host.app, { name: 'listener' });
    await assignRoles(host.app, user, ['listener']);
    const me = await request(host.url).get('/api/user').set(await actingAs(host.app, user));
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ data: { id: user.id, email: user.email, role_names: ['listener'] } });
    const login = await request(host.url)
      .post('/api/login')
      .set('Accept', 'application/json')
      .send({ email: user.email, password: user.plainPassword, device_name: 'test' });
    expect(login.status).toBe(201);
    expect(login.body.user).toEqual({ data: { id: user.id, email: user.email, role_names: ['listener'] } });
    expect(login.body.token).toMatch(/^\d+\|gth_/);
    // Gatehouse's form parser replaced Nest's default one.
    const form = await request(host.url)
      .post('/api/login')
      .set('Accept', 'application/json')
      .type('form')
      .send(`email=${encodeURIComponent(user.email)}&password=${user.plainPassword}&device_name=form`);
    expect(form.status).toBe(201);
  });

  it('users.present also shapes the admin user routes', async () => {
    const admin = await createUser(host.app);
    await createRole(host.app, { name: 'super-admin' });
    await assignRoles(host.app, admin, ['super-admin']);
    const other = await createUser(host.app);
    const res = await request(host.url).get(`/api/users/${other.id}`).set(await actingAs(host.app, admin));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { id: other.id, email: other.email, role_names: ['user'] } });
    const page = await request(host.url).get('/api/users').set(await actingAs(host.app, admin));
    expect(page.body.data).toContainEqual({ data: { id: other.id, email: other.email, role_names: ['user'] } });
  });

  it('exports services a host calls: permission checks by team, token creation and revocation', async () => {
    const user = await createUser(host.app);
    await createRole(host.app, { name: 'reviewer', permissions: ['tracks.review'] });
    await assignRoles(host.app, user, ['reviewer']);
    const access = host.app.get(GatehouseAccess);
    expect(await access.hasPermission(user.id, 'tracks.review')).toBe(true);
    expect(await access.hasPermission(user.id, 'tracks.delete')).toBe(false);
    const team = await host.app.get(TeamsService).create('Label A');
    await createRole(host.app, { name: 'team-editor', permissions: ['tracks.edit'], teamId: team.id });
    await assignRoles(host.app, user, ['team-editor'], team.id);
    expect(await access.hasPermission(user.id, 'tracks.edit', team.id)).toBe(true);
    expect(await access.hasPermission(user.id, 'tracks.edit')).toBe(false);
    expect(await access.hasRole(user.id, 'team-editor', team.id)).toBe(true);
    const tokens = host.app.get(GatehouseTokens);
    const { plainTextToken, token } = await tokens.create(user.id, 'cli', ['*']);
    const auth = { Authorization: `Bearer ${plainTextToken}`, Accept: 'application/json' };
    expect((await request(host.url).get('/api/user').set(auth)).status).toBe(200);
    expect(await tokens.revoke(user.id, token.id)).toBe(true);
    expect((await request(host.url).get('/api/user').set(auth)).status).toBe(401);
  });
});

describe('GatehouseModule.forRootAsync', () => {
  let database: { url: string; drop(): Promise<void> };
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('resolves the options from a factory with injected providers', async () => {
    const TOKEN = Symbol('HOST_SETTINGS');
    const { Module } = await import('@nestjs/common');
    @Module({ providers: [{ provide: TOKEN, useValue: database.url }], exports: [TOKEN] })
    class HostSettingsModule {}
    const options = hostOptions(database.url);
    const host = await startHostApp(
      GatehouseModule.forRootAsync({ imports: [HostSettingsModule], inject: [TOKEN], useFactory: async (url: string) => hostOptions(url) }),
      options,
    );
    try {
      const user = await createUser(host.app);
      const me = await request(host.url).get('/api/user').set(await actingAs(host.app, user));
      expect(me.status).toBe(200);
      // The default user JSON, DEFAULT_ROLE included: no `users.present` given.
      expect(me.body).toMatchObject({ id: user.id, email: user.email, roles: ['user'], permissions: [] });
    } finally {
      await host.app.close();
    }
  });

  it('refuses to start when the factory names other route prefixes than `routes`', async () => {
    const options = hostOptions(database.url, { API_PREFIX: 'v1' });
    await expect(startHostApp(GatehouseModule.forRootAsync({ useFactory: () => options }), options)).rejects.toThrow(
      /apiPrefix must equal forRootAsync\(\{ routes \}\)/,
    );
  });

  it('mounts the team switch where forRootAsync({ teams }) says, and refuses a factory that names another one', async () => {
    const moved = { switch: { path: 'user/site', field: 'site_id' } };
    const host = await startHostApp(GatehouseModule.forRootAsync({ teams: moved, useFactory: () => hostOptions(database.url) }), hostOptions(database.url));
    try {
      const headers = await actingAs(host.app, await createUser(host.app));
      const missing = await request(host.url).patch('/api/user/site').set(headers).send({});
      expect(missing.body.errors).toEqual({ site_id: ['The site id field is required.'] });
    } finally {
      await host.app.close();
    }
    const options = { ...hostOptions(database.url), teams: { switch: { path: 'user/team' } } };
    await expect(startHostApp(GatehouseModule.forRootAsync({ teams: moved, useFactory: () => options }), options)).rejects.toThrow(
      /teams\.switch must equal forRootAsync\(\{ teams: \{ switch \} \}\)/,
    );
  });
});
