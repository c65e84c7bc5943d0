import { RunningExample, startExample } from '../../support/example-server';
import { beanquick } from '../src/app';
import { beanQuickClient, seedDemo } from './beanquick-client';

const TOKEN = /^\d+\|gth_[A-Za-z0-9]+$/;

let emails = 0;
const registration = (extra: Record<string, unknown> = {}) => ({
  name: 'Nueva Persona',
  email: `registro-${++emails}@beanquick.test`,
  password: 'password123',
  password_confirmation: 'password123',
  ...extra,
});

describe('BeanQuick: registration picks a role (cliente or empresa, never admin)', () => {
  let example: RunningExample;
  beforeAll(async () => (example = await startExample(beanquick)));
  afterAll(() => example?.close());

  it('POST /api/register without a role makes a cliente: the login answer, redirect "/", a working token', async () => {
    const client = beanQuickClient(example.url);
    const body = registration();
    const res = await client.http.post('/register', body);
    expect(res.status).toBe(201);
    expect(Object.keys(res.data)).toEqual(['status', 'user', 'token', 'redirect', 'message']);
    expect(res.data).toEqual({
      status: 'success',
      user: { id: expect.any(Number), name: body.name, email: body.email, role: 'cliente' },
      token: expect.stringMatching(TOKEN),
      redirect: '/',
      message: 'Usuario registrado correctamente',
    });
    const me = await client.http.get('/user');
    expect(me.status).toBe(200);
    expect(me.data).toEqual(res.data.user);
  });

  it('role "empresa" registers a business without a profile yet: redirect /empresa/create, no empresa key', async () => {
    const res = await beanQuickClient(example.url).http.post('/register', registration({ role: 'empresa' }));
    expect(res.status).toBe(201);
    expect(res.data.user.role).toBe('empresa');
    expect(res.data.user).not.toHaveProperty('empresa');
    expect(res.data.redirect).toBe('/empresa/create');
  });

  it('role "admin" is refused with 422 and creates no user', async () => {
    const body = registration({ role: 'admin' });
    const res = await beanQuickClient(example.url).http.post('/register', body);
    expect(res.status).toBe(422);
    expect(res.data).toEqual({ message: 'The selected role is invalid.', errors: { role: ['The selected role is invalid.'] } });
    const login = await beanQuickClient(example.url).http.post('/login', { email: body.email, password: body.password });
    expect(login.status).toBe(422);
    expect(login.data.errors.email).toEqual(['These credentials do not match our records.']);
  });

  it.each([['superadmin'], ['Admin'], [7], [['admin']]])('an unknown role %p is refused with 422', async (role) => {
    const res = await beanQuickClient(example.url).http.post('/register', registration({ role }));
    expect(res.status).toBe(422);
    expect(Object.keys(res.data.errors)).toEqual(['role']);
  });

  it('validation errors answer 422 with Laravel’s messages; a taken email too', async () => {
    const empty = await beanQuickClient(example.url).http.post('/register', {});
    expect(empty.status).toBe(422);
    expect(empty.data.errors).toEqual({
      name: ['The name field is required.'],
      email: ['The email field is required.'],
      password: ['The password field is required.'],
    });
    const body = registration();
    expect((await beanQuickClient(example.url).http.post('/register', body)).status).toBe(201);
    const mismatch = await beanQuickClient(example.url).http.post('/register', registration({ password_confirmation: 'different1' }));
    expect(mismatch.status).toBe(422);
    expect(mismatch.data.errors).toEqual({ password: ['The password field confirmation does not match.'] });
    const taken = await beanQuickClient(example.url).http.post('/register', { ...body, role: 'empresa' });
    expect(taken.status).toBe(422);
    expect(taken.data).toEqual({ message: 'The email has already been taken.', errors: { email: ['The email has already been taken.'] } });
  });

  it('demo:seed is idempotent: a second run prints the same accounts', async () => {
    const first = await seedDemo(example);
    expect(first.map((account) => [account.email, account.roles, account.empresa?.nombre ?? null])).toEqual([
      ['cliente@beanquick.test', ['cliente'], null],
      ['empresa@beanquick.test', ['empresa'], 'Tostadores del Valle'],
      ['nueva-empresa@beanquick.test', ['empresa'], null],
      ['admin@beanquick.test', ['admin'], null],
    ]);
    expect(await seedDemo(example)).toEqual(first);
  });
});
