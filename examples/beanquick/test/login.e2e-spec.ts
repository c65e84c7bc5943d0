import { RunningExample, startExample } from '../../support/example-server';
import { beanquick } from '../src/app';
import { beanQuickClient, DemoAccount, loggedIn, seedDemo } from './beanquick-client';

const TOKEN = /^\d+\|gth_[A-Za-z0-9]+$/;
const USER_KEYS = ['email', 'id', 'name', 'role'];
const EMPRESA_KEYS = ['direccion', 'id', 'nit', 'nombre', 'telefono'];

describe('BeanQuick: login, current user and logout with bearer tokens', () => {
  let example: RunningExample;
  let accounts: DemoAccount[];
  const account = (email: string) => accounts.find((candidate) => candidate.email === email)!;

  beforeAll(async () => {
    example = await startExample(beanquick);
    accounts = await seedDemo(example);
  });
  afterAll(() => example?.close());

  it('POST /api/login {email, password} (no device_name) answers status, user, token, redirect and message', async () => {
    const client = beanQuickClient(example.url);
    const cliente = account('cliente@beanquick.test');
    const res = await client.http.post('/login', { email: cliente.email, password: cliente.password });
    expect(res.status).toBe(201);
    expect(Object.keys(res.data)).toEqual(['status', 'user', 'token', 'redirect', 'message']);
    expect(res.data).toEqual({
      status: 'success',
      user: { id: expect.any(Number), name: 'Camila Cliente', email: cliente.email, role: 'cliente' },
      token: expect.stringMatching(TOKEN),
      redirect: '/',
      message: 'Inicio de sesión exitoso',
    });
    // The token is named after tokens.defaultDeviceName.
    const tokens = await client.http.get('/tokens');
    expect(tokens.status).toBe(200);
    expect(tokens.data.map((token: { name: string }) => token.name)).toEqual(['beanquick-web']);
  });

  it.each([
    ['cliente@beanquick.test', '/'],
    ['empresa@beanquick.test', '/empresa/panel'],
    ['nueva-empresa@beanquick.test', '/empresa/create'],
    ['admin@beanquick.test', '/admin/dashboard'],
  ])('the redirect of %s is %s, and `user` is what GET /api/user answers', async (email, redirect) => {
    const client = beanQuickClient(example.url);
    const login = await client.http.post('/login', { email, password: account(email).password });
    expect(login.data.redirect).toBe(redirect);
    const me = await client.http.get('/user', { headers: { Authorization: `Bearer ${login.data.token}` } });
    expect(me.status).toBe(200);
    expect(me.data).toEqual(login.data.user);
  });

  it('GET /api/user has a single role, and the business profile only for an empresa that has one', async () => {
    const withProfile = account('empresa@beanquick.test');
    const empresa = await (await loggedIn(example.url, withProfile)).http.get('/user');
    expect(empresa.status).toBe(200);
    expect(Object.keys(empresa.data).sort()).toEqual([...USER_KEYS, 'empresa'].sort());
    expect(empresa.data.role).toBe('empresa');
    expect(Object.keys(empresa.data.empresa).sort()).toEqual(EMPRESA_KEYS);
    expect(empresa.data.empresa).toEqual({
      id: withProfile.empresa!.id,
      nombre: 'Tostadores del Valle',
      nit: '900123456-7',
      telefono: '+57 300 000 0000',
      direccion: 'Calle 10 # 5-20, Cali',
    });
    for (const email of ['nueva-empresa@beanquick.test', 'cliente@beanquick.test', 'admin@beanquick.test']) {
      const me = await (await loggedIn(example.url, account(email))).http.get('/user');
      expect(Object.keys(me.data).sort()).toEqual(USER_KEYS);
      expect(me.data.role).toBe(account(email).roles[0]);
      expect(typeof me.data.id).toBe('number');
    }
  });

  it('a wrong password answers 422 with Laravel’s credentials error, and no token', async () => {
    const res = await beanQuickClient(example.url).http.post('/login', { email: 'cliente@beanquick.test', password: 'not-the-password' });
    expect(res.status).toBe(422);
    expect(res.data).toEqual({
      message: 'These credentials do not match our records.',
      errors: { email: ['These credentials do not match our records.'] },
    });
  });

  it('a login without the fields answers 422 with Laravel’s validation errors', async () => {
    const empty = await beanQuickClient(example.url).http.post('/login', {});
    expect(empty.status).toBe(422);
    expect(empty.data).toEqual({
      message: 'The email field is required. (and 1 more error)',
      errors: { email: ['The email field is required.'], password: ['The password field is required.'] },
    });
    const wrongTypes = await beanQuickClient(example.url).http.post('/login', { email: ['cliente@beanquick.test'], password: 12345678 });
    expect(wrongTypes.status).toBe(422);
    expect(wrongTypes.data.errors).toEqual({ email: ['The email field must be a string.'], password: ['The password field must be a string.'] });
  });

  it('POST /api/logout answers {status, message} and revokes only the current token', async () => {
    const cliente = account('cliente@beanquick.test');
    const phone = await loggedIn(example.url, cliente);
    const laptop = await loggedIn(example.url, cliente);
    const revoked = phone.token;
    const out = await phone.http.post('/logout');
    expect(out.status).toBe(200);
    expect(out.data).toEqual({ status: 'success', message: 'Sesión cerrada correctamente' });
    const again = await beanQuickClient(example.url).http.get('/user', { headers: { Authorization: `Bearer ${revoked}` } });
    expect(again.status).toBe(401);
    // `reason` is left out in production.
    expect(again.data).toEqual({ message: 'Unauthenticated.', reason: 'token_invalid' });
    // The same user's other token keeps working.
    const other = await laptop.http.get('/user');
    expect(other.status).toBe(200);
    expect(other.data.email).toBe(cliente.email);
  });

  it('GET /api/user and POST /api/logout answer a guest 401; the cookie routes are not mounted', async () => {
    const guest = beanQuickClient(example.url);
    for (const res of [await guest.http.get('/user'), await guest.http.post('/logout')]) {
      expect(res.status).toBe(401);
      expect(res.data).toEqual({ message: 'Unauthenticated.', reason: 'no_credentials' });
    }
    const garbage = await guest.http.get('/user', { headers: { Authorization: 'Bearer 1|not-a-token' } });
    expect(garbage.status).toBe(401);
    const cookieLogin = await guest.http.post(`${example.url}/login`, { email: 'cliente@beanquick.test', password: 'cliente-demo-1' });
    expect(cookieLogin.status).toBe(404);
  });
});
