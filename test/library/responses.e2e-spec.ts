import request from 'supertest';
import { DataSource } from 'typeorm';
import { Encrypter } from '../../src/common/crypto';
import { generateRecoveryCodes, generateTotpSecret } from '../../src/two-factor/totp';
import { GatehouseResponses } from '../../src';
import { assignRoles, createRole, createUser } from '../../src/testing';
import { spaClient } from '../support/spa-client';
import { HostApp, hostOptions, hostWith, useHostDatabase } from './host-module';

type Host = HostApp;

const json = { Accept: 'application/json' };
const TOKEN = /^\d+\|gth_/;

const database = useHostDatabase();

let emails = 0;
const registration = () => ({
  name: 'Reg',
  email: `responses-${process.pid}-${++emails}@example.com`,
  password: 'password123',
  password_confirmation: 'password123',
  device_name: 'phone',
});

/** BeanQuick's answers: `{ status, message, token, user, redirect }`, the redirect chosen by role. */
const redirectFor = (roles: string[]) => (roles.includes('admin') ? '/admin' : '/dashboard');
const beanQuick: GatehouseResponses = {
  tokenLogin: ({ user, token, access }) => ({ status: 'success', message: 'Logged in.', token, user, redirect: redirectFor(access.roles) }),
  tokenRegister: ({ user, token, access }) => ({ status: 'success', message: 'Registered.', token, user, redirect: redirectFor(access.roles) }),
  tokenLogout: ({ entity, via }) => ({ status: 'success', message: `Bye ${entity.name} (${via}).` }),
  sessionLogin: ({ entity, twoFactor }) => ({ status: twoFactor ? 'two_factor' : 'success', id: entity.id }),
  register: ({ user, access }) => ({ data: user, role_names: access.roles }),
  logout: ({ entity }) => ({ status: 'success', user_id: entity.id }),
};

const apiLogin = (url: string, email: string, password: string, device_name = 'phone') =>
  request(url).post('/api/login').set(json).send({ email, password, device_name });

describe('responses: BeanQuick-style answers', () => {
  const host = hostWith(database, { responses: beanQuick });

  it('POST /api/login answers the shaped body (redirect by role) and its token authenticates GET /api/user', async () => {
    const admin = await createUser(host.current.app);
    await createRole(host.current.app, { name: 'admin' });
    await assignRoles(host.current.app, admin, ['admin']);
    const login = await apiLogin(host.current.url, admin.email, admin.plainPassword);
    expect(login.status).toBe(201);
    const me = await request(host.current.url).get('/api/user').set(json).set('Authorization', `Bearer ${login.body.token}`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: admin.id, email: admin.email });
    expect(me.body.roles).toContain('admin');
    expect(login.body).toEqual({ status: 'success', message: 'Logged in.', token: expect.stringMatching(TOKEN), user: me.body, redirect: '/admin' });

    const plain = await createUser(host.current.app);
    const other = await apiLogin(host.current.url, plain.email, plain.plainPassword);
    expect(other.body.redirect).toBe('/dashboard');
  });

  it('POST /api/register answers the shaped body; its token works', async () => {
    const res = await request(host.current.url).post('/api/register').set(json).send(registration());
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      status: 'success',
      message: 'Registered.',
      token: expect.stringMatching(TOKEN),
      user: expect.objectContaining({ name: 'Reg', roles: ['user'] }),
      redirect: '/dashboard',
    });
    const me = await request(host.current.url).get('/api/user').set(json).set('Authorization', `Bearer ${res.body.token}`);
    expect(me.status).toBe(200);
    expect(me.body).toEqual(res.body.user);
  });

  it('POST /api/logout answers 200 with the shaped body and revokes only that token', async () => {
    const user = await createUser(host.current.app, { name: 'Ada' });
    const first = (await apiLogin(host.current.url, user.email, user.plainPassword, 'one')).body.token as string;
    const second = (await apiLogin(host.current.url, user.email, user.plainPassword, 'two')).body.token as string;
    const out = await request(host.current.url).post('/api/logout').set(json).set('Authorization', `Bearer ${first}`);
    expect(out.status).toBe(200);
    expect(out.body).toEqual({ status: 'success', message: 'Bye Ada (token).' });
    const bearer = (token: string) => request(host.current.url).get('/api/user').set(json).set('Authorization', `Bearer ${token}`);
    expect((await bearer(first)).status).toBe(401);
    expect((await bearer(second)).status).toBe(200);
  });

  it('the web routes: POST /login, /register and /logout answer the shaped bodies; the session works', async () => {
    const user = await createUser(host.current.app);
    const spa = spaClient(host.current.url);
    await spa.http.get('/sanctum/csrf-cookie');
    const login = await spa.http.post('/login', { email: user.email, password: user.plainPassword });
    expect(login.status).toBe(200);
    expect(login.data).toEqual({ status: 'success', id: user.id });
    expect((await spa.http.get('/api/user')).status).toBe(200);
    const out = await spa.http.post('/logout');
    expect(out.status).toBe(200);
    expect(out.data).toEqual({ status: 'success', user_id: user.id });
    expect((await spa.http.get('/api/user')).status).toBe(401);

    const guest = spaClient(host.current.url);
    await guest.http.get('/sanctum/csrf-cookie');
    const { device_name: _device, ...body } = registration();
    const reg = await guest.http.post('/register', body);
    expect(reg.status).toBe(201);
    const me = await guest.http.get('/api/user');
    expect(me.status).toBe(200);
    expect(reg.data).toEqual({ data: me.data, role_names: ['user'] });
  });


  it('two-factor users: the challenge keeps its shape; the token it completes is shaped by tokenLogin; sessionLogin gets twoFactor', async () => {
    const user = await createUser(host.current.app);
    const [recoveryCode, secondCode] = await seedTwoFactor(host.current, user.id);
    const login = await apiLogin(host.current.url, user.email, user.plainPassword);
    expect(login.status).toBe(200);
    expect(login.body).toEqual({ two_factor: true, challenge_token: expect.any(String), expires_in: expect.any(Number) });
    const done = await request(host.current.url)
      .post('/api/two-factor-challenge')
      .set(json)
      .send({ challenge_token: login.body.challenge_token, recovery_code: recoveryCode });
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({ status: 'success', message: 'Logged in.', token: expect.stringMatching(TOKEN), redirect: '/dashboard' });
    expect(done.body.user).toMatchObject({ id: user.id });

    const spa = spaClient(host.current.url);
    await spa.http.get('/sanctum/csrf-cookie');
    const web = await spa.http.post('/login', { email: user.email, password: user.plainPassword });
    expect(web.status).toBe(200);
    expect(web.data).toEqual({ status: 'two_factor', id: user.id });
    expect((await spa.http.get('/api/user')).status).toBe(401);
    expect((await spa.http.post('/two-factor-challenge', { recovery_code: secondCode })).status).toBe(204);
  });
});

/** Confirmed two-factor authentication written straight to the database; returns the recovery codes. */
async function seedTwoFactor(host: Host, userId: number): Promise<string[]> {
  const codes = generateRecoveryCodes();
  const encrypter = new Encrypter(hostOptions(database.url).appKey);
  await host.app.get(DataSource).query(
    `UPDATE users SET two_factor_secret = $2, two_factor_recovery_codes = $3, two_factor_confirmed_at = now() WHERE id = $1`,
    [userId, encrypter.encrypt(generateTotpSecret()), encrypter.encrypt(JSON.stringify(codes))],
  );
  return codes;
}

describe('responses: absent (today\'s answers, unchanged)', () => {
  const host = hostWith(database, {});

  it('POST /api/login answers { token, token_type, user } and POST /api/logout 204 without a body', async () => {
    const user = await createUser(host.current.app);
    const login = await apiLogin(host.current.url, user.email, user.plainPassword);
    expect(login.status).toBe(201);
    expect(Object.keys(login.body)).toEqual(['token', 'token_type', 'user']);
    const me = await request(host.current.url).get('/api/user').set(json).set('Authorization', `Bearer ${login.body.token}`);
    expect(me.body).toMatchObject({ id: user.id, email: user.email, roles: ['user'], permissions: [] });
    expect(login.body).toEqual({ token: expect.stringMatching(TOKEN), token_type: 'Bearer', user: me.body });
    const out = await request(host.current.url).post('/api/logout').set(json).set('Authorization', `Bearer ${login.body.token}`);
    expect(out.status).toBe(204);
    expect(out.text).toBe('');
  });

  it('POST /api/register answers { token, token_type, user }', async () => {
    const res = await request(host.current.url).post('/api/register').set(json).send(registration());
    expect(res.status).toBe(201);
    const me = await request(host.current.url).get('/api/user').set(json).set('Authorization', `Bearer ${res.body.token}`);
    expect(res.body).toEqual({ token: expect.stringMatching(TOKEN), token_type: 'Bearer', user: me.body });
    expect(Object.keys(res.body.user)).toEqual([
      'id', 'name', 'email', 'email_verified_at', 'two_factor_enabled', 'locale', 'current_team_id', 'roles', 'permissions', 'created_at', 'updated_at',
    ]);
  });

  it('POST /login answers { two_factor: false }, POST /register the user JSON, POST /logout 204', async () => {
    const user = await createUser(host.current.app);
    const spa = spaClient(host.current.url);
    await spa.http.get('/sanctum/csrf-cookie');
    const login = await spa.http.post('/login', { email: user.email, password: user.plainPassword });
    expect(login.status).toBe(200);
    expect(login.data).toEqual({ two_factor: false });
    const out = await spa.http.post('/logout');
    expect(out.status).toBe(204);
    expect(out.data).toBe('');

    const guest = spaClient(host.current.url);
    await guest.http.get('/sanctum/csrf-cookie');
    const { device_name: _device, ...body } = registration();
    const reg = await guest.http.post('/register', body);
    expect(reg.status).toBe(201);
    expect(reg.data).toEqual((await guest.http.get('/api/user')).data);
    expect(reg.data).toMatchObject({ name: 'Reg', roles: ['user'] });
  });
});
