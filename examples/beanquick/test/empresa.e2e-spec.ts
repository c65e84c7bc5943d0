import { RunningExample, startExample } from '../../support/example-server';
import { beanquick } from '../src/app';
import { beanQuickClient, DemoAccount, loggedIn, seedDemo } from './beanquick-client';

const PROFILE = { nombre: 'Café Nuevo SAS', nit: '901000111-2', telefono: '+57 310 111 2222', direccion: 'Carrera 7 # 1-1, Bogotá' };

describe('BeanQuick: PUT /api/empresa, the business profile of /empresa/create (the example’s own route)', () => {
  let example: RunningExample;
  let accounts: DemoAccount[];
  const account = (email: string) => accounts.find((candidate) => candidate.email === email)!;

  beforeAll(async () => {
    example = await startExample(beanquick);
    accounts = await seedDemo(example);
  });
  afterAll(() => example?.close());

  it('a guest gets 401; a cliente or an admin (bearer token) gets 403', async () => {
    const guest = await beanQuickClient(example.url).http.put('/empresa', PROFILE);
    expect(guest.status).toBe(401);
    for (const email of ['cliente@beanquick.test', 'admin@beanquick.test']) {
      const res = await (await loggedIn(example.url, account(email))).http.put('/empresa', PROFILE);
      expect(res.status).toBe(403);
      expect(res.data).toEqual({ message: 'This action is unauthorized.' });
    }
  });

  it('an empresa without a profile creates it: GET /api/user then carries it and the login redirects to /empresa/panel', async () => {
    const nueva = account('nueva-empresa@beanquick.test');
    const client = await loggedIn(example.url, nueva);
    const res = await client.http.put('/empresa', PROFILE);
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ status: 'success', empresa: { id: expect.any(Number), ...PROFILE }, redirect: '/empresa/panel' });
    const me = await client.http.get('/user');
    expect(me.data.empresa).toEqual(res.data.empresa);
    const again = await beanQuickClient(example.url).http.post('/login', { email: nueva.email, password: nueva.password });
    expect(again.data.redirect).toBe('/empresa/panel');
    expect(again.data.user.empresa).toEqual(res.data.empresa);
  });

  it('a second PUT updates the same profile in place', async () => {
    const empresa = account('empresa@beanquick.test');
    const client = await loggedIn(example.url, empresa);
    const res = await client.http.put('/empresa', { nombre: 'Tostadores del Valle SAS' });
    expect(res.status).toBe(200);
    expect(res.data.empresa).toEqual({ id: empresa.empresa!.id, nombre: 'Tostadores del Valle SAS', nit: null, telefono: null, direccion: null });
  });

  it('bad input answers 422 with Laravel’s messages', async () => {
    const client = await loggedIn(example.url, account('empresa@beanquick.test'));
    const missing = await client.http.put('/empresa', { nit: 5 });
    expect(missing.status).toBe(422);
    expect(missing.data.errors).toEqual({ nombre: ['The nombre field is required.'], nit: ['The nit field must be a string.'] });
    const long = await client.http.put('/empresa', { nombre: 'x'.repeat(256) });
    expect(long.status).toBe(422);
    expect(long.data).toEqual({
      message: 'The nombre field must not be greater than 255 characters.',
      errors: { nombre: ['The nombre field must not be greater than 255 characters.'] },
    });
  });
});
