import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { SpaClient, spaLogin } from '../support/spa-client';

jest.setTimeout(30_000);

const TOO_MANY = { message: 'Too Many Attempts.' };

type Route = { name: string; send(spa: SpaClient, password: string): Promise<{ status: number; data: unknown; headers: Record<string, unknown> }> };

const ROUTES: Route[] = [
  { name: 'POST /user/confirm-password', send: (spa, password) => spa.http.post('/user/confirm-password', { password }) },
  { name: 'DELETE /user/other-browser-sessions', send: (spa, password) => spa.http.delete('/user/other-browser-sessions', { data: { password } }) },
  { name: 'DELETE /user', send: (spa, password) => spa.http.delete('/user', { data: { password } }) },
  {
    name: 'PUT /user/password',
    send: (spa, password) => spa.http.put('/user/password', { current_password: password, password: 'N3w-Passw0rd!', password_confirmation: 'N3w-Passw0rd!' }),
  },
];

describe('throttle on re-entered passwords (per user, shared by the routes)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp({ env: { LOGIN_MAX_ATTEMPTS: '5', LOGIN_DECAY_SECONDS: '60' } })));
  afterAll(() => t.close());

  it.each(ROUTES)('$name answers 429 with Retry-After after 5 wrong passwords, even for the right one', async (route) => {
    const user = await createUser(t.app);
    const spa = await spaLogin(t.url, user.email, user.plainPassword);
    for (let i = 0; i < 5; i += 1) expect((await route.send(spa, 'wrong-password')).status).toBe(422);
    const locked = await route.send(spa, user.plainPassword);
    expect(locked.status).toBe(429);
    expect(locked.data).toEqual(TOO_MANY);
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // The user still exists and the password is unchanged: the locked request did nothing.
    const { rows } = await t.db.query('SELECT password FROM users WHERE id = $1', [user.id]);
    expect(rows[0].password).toBe(user.password);
  });

  it('shares one count across the routes and across the user\'s sessions; other users are unaffected', async () => {
    const user = await createUser(t.app);
    const other = await createUser(t.app);
    const first = await spaLogin(t.url, user.email, user.plainPassword);
    const second = await spaLogin(t.url, user.email, user.plainPassword);
    for (const route of ROUTES) expect((await route.send(first, 'wrong-password')).status).toBe(422);
    expect((await ROUTES[0].send(second, 'wrong-password')).status).toBe(422);
    expect((await ROUTES[0].send(second, user.plainPassword)).status).toBe(429);
    const otherSpa = await spaLogin(t.url, other.email, other.plainPassword);
    expect((await ROUTES[0].send(otherSpa, other.plainPassword)).status).toBe(201);
  });

  it('lets at most 5 of 12 parallel wrong guesses reach the password check', async () => {
    const user = await createUser(t.app);
    const spa = await spaLogin(t.url, user.email, user.plainPassword);
    const results = await Promise.all(Array.from({ length: 12 }, () => ROUTES[0].send(spa, 'wrong-password')));
    expect(results.filter((res) => res.status === 422)).toHaveLength(5);
    expect(results.filter((res) => res.status === 429)).toHaveLength(7);
  });
});
