import axios, { AxiosInstance } from 'axios';
import { startApp, TestApp } from '../support/app';

/** A mobile client as the seeds describe it: JSON, a bearer token in secure storage, no cookies. */
function mobileClient(baseURL: string): AxiosInstance & { token: string | null } {
  const http = axios.create({ baseURL, headers: { Accept: 'application/json' }, validateStatus: () => true }) as AxiosInstance & {
    token: string | null;
  };
  http.token = null;
  http.interceptors.request.use((config) => {
    if (http.token) config.headers.set('Authorization', `Bearer ${http.token}`);
    return config;
  });
  return http;
}

describe('A mobile app end to end (issue 4: done when)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(() => t.close());

  it('registers, logs in on a second device, calls /api/user, manages its tokens and logs out', async () => {
    const phone = mobileClient(t.url);
    const tablet = mobileClient(t.url);
    const email = 'mobile.flow@example.com';

    const registered = await phone.post('/api/register', {
      name: 'Flow',
      email,
      password: 'password123',
      password_confirmation: 'password123',
      device_name: 'phone',
    });
    expect(registered.status).toBe(201);
    phone.token = registered.data.token;
    expect(registered.headers['set-cookie']).toBeUndefined();

    const login = await tablet.post('/api/login', { email, password: 'password123', device_name: 'tablet' });
    expect(login.status).toBe(201);
    expect(login.data.user.id).toBe(registered.data.user.id);
    tablet.token = login.data.token;

    const me = await tablet.get('/api/user');
    expect(me.status).toBe(200);
    expect(me.data).toMatchObject({ id: registered.data.user.id, email });

    const listed = await phone.get('/api/tokens');
    expect(listed.status).toBe(200);
    expect(listed.data.map((token: { name: string }) => token.name)).toEqual(['tablet', 'phone']);

    const created = await phone.post('/api/tokens', { name: 'widget', abilities: ['posts.read'] });
    expect(created.status).toBe(201);
    const widgetId = created.data.access_token.id;
    const widget = mobileClient(t.url);
    widget.token = created.data.token;
    expect((await widget.get('/api/user')).status).toBe(200);

    const updated = await phone.put(`/api/tokens/${widgetId}`, { abilities: ['posts.read', 'comments.read'] });
    expect(updated.status).toBe(200);
    expect(updated.data.abilities).toEqual(['posts.read', 'comments.read']);

    expect((await phone.delete(`/api/tokens/${widgetId}`)).status).toBe(204);
    expect((await widget.get('/api/user')).status).toBe(401);

    expect((await tablet.post('/api/logout')).status).toBe(204);
    const afterLogout = await tablet.get('/api/user');
    expect(afterLogout.status).toBe(401);
    expect(afterLogout.data).toEqual({ message: 'Unauthenticated.', reason: 'token_invalid' });

    // The phone is still signed in until it revokes everything.
    expect((await phone.get('/api/tokens')).data.map((token: { name: string }) => token.name)).toEqual(['phone']);
    expect((await phone.delete('/api/tokens')).status).toBe(204);
    expect((await phone.get('/api/user')).status).toBe(401);
  });
});
