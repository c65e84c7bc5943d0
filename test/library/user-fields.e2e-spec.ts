import request from 'supertest';
import { DataSource } from 'typeorm';
import { GatehouseModule, GatehouseOptions } from '../../src';
import { CredentialCache } from '../../src/cache/credential-cache';
import { InvalidationBus } from '../../src/cache/invalidation-bus';
import type { User } from '../../src/users/user.entity';
import { actingAs, assignRoles, createRole, createUser } from '../../src/testing';
import { resolveUserFields } from '../../src/common/user-field-rules';
import { spaClient, spaLogin } from '../support/spa-client';
import { HostApp, hostOptions, hostWith, startHostApp, useHostDatabase } from './host-module';

type Host = HostApp;

const json = { Accept: 'application/json' };

/** GB App's extra user columns, as the host's own migration adds them after Gatehouse's. */
const HOST_MIGRATION = `
  ALTER TABLE users ADD COLUMN username varchar(50);
  ALTER TABLE users ADD COLUMN codigo_vendedor varchar(20);
  ALTER TABLE users ADD COLUMN age integer;
  ALTER TABLE users ADD COLUMN is_partner boolean NOT NULL DEFAULT false;`;

const fields: NonNullable<GatehouseOptions['users']>['fields'] = {
  username: { type: 'string', required: true, maxLength: 50, input: { register: true, profile: true } },
  codigo_vendedor: { type: 'string', nullable: true },
  age: { type: 'number', integer: true, nullable: true, input: { register: true } },
  partner: { type: 'boolean', column: 'is_partner', input: { profile: false } },
};

const database = useHostDatabase(HOST_MIGRATION);

let emails = 0;
const registration = (extra: Record<string, unknown> = {}) => ({
  name: 'Reg',
  email: `fields-${process.pid}-${++emails}@example.com`,
  password: 'password123',
  password_confirmation: 'password123',
  device_name: 'phone',
  ...extra,
});

const columnsOf = async (host: Host, id: number) =>
  ((await host.app.get(DataSource).query('SELECT username, codigo_vendedor, age, is_partner AS partner FROM users WHERE id = $1', [id])) as unknown[])[0];

describe('users.fields: declared extra columns', () => {
  const host = hostWith(database, { users: { fields } });

  it('POST /api/register stores settable fields in their columns, ignores read-only ones, and returns them', async () => {
    const res = await request(host.current.url)
      .post('/api/register')
      .set(json)
      .send(registration({ username: 'vendedor1', age: 41, codigo_vendedor: 'HACK', partner: true }));
    expect(res.status).toBe(201);
    const user = res.body.user as Record<string, unknown>;
    expect(user).toMatchObject({ username: 'vendedor1', age: 41, codigo_vendedor: null, partner: false });
    expect(await columnsOf(host.current, user.id as number)).toEqual({ username: 'vendedor1', codigo_vendedor: null, age: 41, partner: false });

    const me = await request(host.current.url).get('/api/user').set(json).set('Authorization', `Bearer ${res.body.token}`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: user.id, username: 'vendedor1', age: 41, codigo_vendedor: null, partner: false });
  });

  it('POST /register (session) stores and returns the fields too', async () => {
    const spa = spaClient(host.current.url);
    await spa.http.get('/sanctum/csrf-cookie');
    const body = registration({ username: 'webuser', age: 20 });
    const res = await spa.http.post('/register', body);
    expect(res.status).toBe(201);
    const me = await spa.http.get('/api/user');
    expect(me.data).toMatchObject({ email: body.email, username: 'webuser', age: 20 });
    expect(await columnsOf(host.current, me.data.id)).toMatchObject({ username: 'webuser', age: 20 });
  });

  it('GET /api/user serves the fields from the cached user (loaded with it), reloaded when the row changes', async () => {
    const res = await request(host.current.url).post('/api/register').set(json).send(registration({ username: 'cached' }));
    const id = res.body.user.id as number;
    const auth = { ...json, Authorization: `Bearer ${res.body.token}` };
    expect((await request(host.current.url).get('/api/user').set(auth)).body.username).toBe('cached');
    const bus = host.current.app.get(InvalidationBus);
    expect(bus.reliable).toBe(true);
    // The cached entity carries the fields, so a warm request presents them without another query.
    expect((host.current.app.get(CredentialCache) as CredentialCache<User>).user(id)?.fields).toMatchObject({ username: 'cached' });

    const heard = new Promise<void>((resolve) => bus.subscribe((event) => event !== 'reset' && event.kind === 'user' && Number(event.key) === id && resolve()));
    await host.current.app.get(DataSource).query("UPDATE users SET username = 'changed' WHERE id = $1", [id]);
    await heard;
    expect((await request(host.current.url).get('/api/user').set(auth)).body.username).toBe('changed');
  });

  it('answers 422 with Laravel messages, the extra fields after the built-in ones', async () => {
    const missing = await request(host.current.url).post('/api/register').set(json).send(registration({ name: '', age: 'old' }));
    expect(missing.status).toBe(422);
    expect(Object.keys(missing.body.errors)).toEqual(['name', 'username', 'age']);
    expect(missing.body.errors.username).toEqual(['The username field is required.']);
    expect(missing.body.errors.age).toEqual(['The age field must be an integer.']);

    const wrong = await request(host.current.url).post('/api/register').set(json).send(registration({ username: 'x'.repeat(51), age: 1.5 }));
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors).toEqual({
      username: ['The username field must not be greater than 50 characters.'],
      age: ['The age field must be an integer.'],
    });
    const typed = await request(host.current.url).post('/api/register').set(json).send(registration({ username: 7 }));
    expect(typed.body.errors).toEqual({ username: ['The username field must be a string.'] });
  });

  it('PUT /user/profile-information changes a profile-settable field and ignores the others', async () => {
    const user = await createUser(host.current.app, { fields: { username: 'before' } });
    await host.current.app.get(DataSource).query("UPDATE users SET username = 'before', age = 30, codigo_vendedor = 'V-1' WHERE id = $1", [user.id]);
    const spa = await spaLogin(host.current.url, user.email, user.plainPassword);
    const res = await spa.http.put('/user/profile-information', { name: user.name, email: user.email, username: 'after', age: 99, partner: true, codigo_vendedor: 'X' });
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ username: 'after', age: 30, codigo_vendedor: 'V-1', partner: false });
    expect(await columnsOf(host.current, user.id)).toEqual({ username: 'after', codigo_vendedor: 'V-1', age: 30, partner: false });
    const me = await spa.http.get('/api/user');
    expect(me.data).toMatchObject({ username: 'after', codigo_vendedor: 'V-1' });

    const invalid = await spa.http.put('/user/profile-information', { name: user.name, email: user.email });
    expect(invalid.status).toBe(422);
    expect(invalid.data.errors).toEqual({ username: ['The username field is required.'] });
  });

  it('the admin user routes return the fields too (a page loads them in one query)', async () => {
    const registered = await request(host.current.url).post('/api/register').set(json).send(registration({ username: 'listed1', age: 7 }));
    expect(registered.status).toBe(201);
    const id = registered.body.user.id as number;
    const admin = await createUser(host.current.app, { fields: { username: 'admin1' } });
    await createRole(host.current.app, { name: 'super-admin' });
    await assignRoles(host.current.app, admin, ['super-admin']);
    const headers = { ...json, ...(await actingAs(host.current.app, admin)) };

    const one = await request(host.current.url).get(`/api/users/${id}`).set(headers);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id, username: 'listed1', age: 7, codigo_vendedor: null, partner: false });

    const page = await request(host.current.url).get('/api/users').query({ search: 'fields-', per_page: 100 }).set(headers);
    expect(page.status).toBe(200);
    const listed = (page.body.data as Array<Record<string, unknown>>).find((user) => user.id === id);
    expect(listed).toMatchObject({ username: 'listed1', age: 7, codigo_vendedor: null, partner: false });
  });

  it('GatehouseUsers.create sets any declared field, read-only ones too, and answers 422 for bad or undeclared ones', async () => {
    const user = await createUser(host.current.app, { fields: { username: 'hosted', codigo_vendedor: 'V-9', partner: true } });
    expect(await columnsOf(host.current, user.id)).toEqual({ username: 'hosted', codigo_vendedor: 'V-9', age: null, partner: true });

    const refused = await createUser(host.current.app, { fields: { age: 1.5, nickname: 'x' } }).catch((error: unknown) => error);
    expect((refused as { getStatus(): number }).getStatus()).toBe(422);
    expect((refused as { getResponse(): unknown }).getResponse()).toMatchObject({
      errors: {
        nickname: ['The nickname field is not a declared field.'],
        username: ['The username field is required.'],
        age: ['The age field must be an integer.'],
      },
    });
  });

  it('users.present receives the fields on user.fields', async () => {
    // A second host on the same database, shaping the JSON itself.
    const options = { ...hostOptions(database.url), users: { fields, present: (u: { id: number; fields?: Record<string, unknown> }) => ({ id: u.id, extra: u.fields }) } };
    const custom = await startHostApp(GatehouseModule.forRoot(options), options);
    try {
      const res = await request(custom.url).post('/api/register').set(json).send(registration({ username: 'shaped' }));
      expect(res.status).toBe(201);
      expect(res.body.user).toEqual({ id: res.body.user.id, extra: { username: 'shaped', codigo_vendedor: null, age: null, partner: false } });
    } finally {
      await custom.app.close();
    }
  });
});

describe('users.fields absent', () => {
  const host = hostWith(database, {});

  it('leaves the user JSON unchanged and ignores the extra keys', async () => {
    const res = await request(host.current.url).post('/api/register').set(json).send(registration({ username: 'ignored' }));
    expect(res.status).toBe(201);
    expect(Object.keys(res.body.user).sort()).toEqual(
      ['created_at', 'current_team_id', 'email', 'email_verified_at', 'id', 'locale', 'name', 'permissions', 'roles', 'two_factor_enabled', 'updated_at'].sort(),
    );
    expect(await columnsOf(host.current, res.body.user.id)).toMatchObject({ username: null });
  });

  it('rejects an unsafe name or column before any SQL is built', () => {
    expect(() => resolveUserFields({ bad: { type: 'string', column: 'x"; DROP' } })).toThrow('Gatehouse: users.fields.bad.column must match');
    expect(() => resolveUserFields({ firstName: { type: 'string' } })).toThrow('Gatehouse: users.fields name "firstName" must match');
  });
});
