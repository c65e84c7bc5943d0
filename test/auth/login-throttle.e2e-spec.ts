import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { SpaClient, spaClient } from '../support/spa-client';
import { startIsolatedApp } from './helpers';

// jest ignores the e2e project's testTimeout; app start-ups and bcrypt need more than 5 s under load.
jest.setTimeout(30_000);

const LOCKOUT = /^Too many login attempts\. Please try again in (\d+) seconds\.$/;

async function guestSpa(url: string): Promise<SpaClient> {
  const spa = spaClient(url);
  await spa.http.get('/sanctum/csrf-cookie');
  return spa;
}

describe('POST /login throttling', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp({ env: { LOGIN_MAX_ATTEMPTS: '5', LOGIN_DECAY_SECONDS: '60' } })));
  afterAll(() => t.close());

  it('answers 429 with Retry-After and the lockout message after LOGIN_MAX_ATTEMPTS failures, even for the right password', async () => {
    const user = await createUser(t.app);
    const spa = await guestSpa(t.url);
    for (let i = 0; i < 5; i += 1) {
      expect((await spa.http.post('/login', { email: user.email, password: 'wrong-password' })).status).toBe(422);
    }
    const locked = await spa.http.post('/login', { email: user.email, password: user.plainPassword });
    expect(locked.status).toBe(429);
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const message = `Too many login attempts. Please try again in ${retryAfter} seconds.`;
    expect(locked.data).toEqual({ message, errors: { email: [message] } });
    expect((await spa.http.get('/api/user')).status).toBe(401);
  });

  it('keys the limit by lower(email) and IP: another email is not locked, the same one in other case is', async () => {
    const user = await createUser(t.app);
    const other = await createUser(t.app);
    const spa = await guestSpa(t.url);
    for (let i = 0; i < 5; i += 1) await spa.http.post('/login', { email: user.email, password: 'wrong-password' });
    const upper = await spa.http.post('/login', { email: user.email.toUpperCase(), password: 'wrong-password' });
    expect(upper.status).toBe(429);
    expect(upper.data.message).toMatch(LOCKOUT);
    expect((await spa.http.post('/login', { email: other.email, password: other.plainPassword })).status).toBe(200);
  });

  it('clears the count on a successful login', async () => {
    const user = await createUser(t.app);
    const spa = await guestSpa(t.url);
    for (let i = 0; i < 4; i += 1) await spa.http.post('/login', { email: user.email, password: 'wrong-password' });
    expect((await spa.http.post('/login', { email: user.email, password: user.plainPassword })).status).toBe(200);
    const fresh = await guestSpa(t.url);
    for (let i = 0; i < 5; i += 1) {
      expect((await fresh.http.post('/login', { email: user.email, password: 'wrong-password' })).status).toBe(422);
    }
    expect((await fresh.http.post('/login', { email: user.email, password: 'wrong-password' })).status).toBe(429);
  });

  it('lets exactly LOGIN_MAX_ATTEMPTS of 12 parallel wrong attempts through; the rest get 429', async () => {
    const user = await createUser(t.app);
    const spa = await guestSpa(t.url);
    const results = await Promise.all(
      Array.from({ length: 12 }, () => spa.http.post('/login', { email: user.email, password: 'wrong-password' })),
    );
    const statuses = results.map((res) => res.status).sort();
    expect(statuses.filter((s) => s === 422)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  });

  it('does not let parallel right-password attempts slip past a lockout', async () => {
    const user = await createUser(t.app);
    const spa = await guestSpa(t.url);
    for (let i = 0; i < 5; i += 1) await spa.http.post('/login', { email: user.email, password: 'wrong-password' });
    const withToken = await Promise.all(
      Array.from({ length: 6 }, async () => (await guestSpa(t.url)).http.post('/login', { email: user.email, password: user.plainPassword })),
    );
    expect(withToken.map((res) => res.status)).toEqual(Array(6).fill(429));
  });
});

describe('POST /login throttling across two app instances sharing one database', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await startApp();
    b = await startIsolatedApp({ databaseUrl: a.databaseUrl });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('counts attempts on both instances against one limit', async () => {
    const user = await createUser(a.app);
    const onA = await guestSpa(a.url);
    const onB = await guestSpa(b.url);
    for (let i = 0; i < 5; i += 1) {
      const client = i % 2 === 0 ? onA : onB;
      expect((await client.http.post('/login', { email: user.email, password: 'wrong-password' })).status).toBe(422);
    }
    expect((await onB.http.post('/login', { email: user.email, password: user.plainPassword })).status).toBe(429);
    expect((await onA.http.post('/login', { email: user.email, password: user.plainPassword })).status).toBe(429);
  });

  it('lets exactly LOGIN_MAX_ATTEMPTS through when both instances are hit in parallel', async () => {
    const user = await createUser(a.app);
    const onA = await guestSpa(a.url);
    const onB = await guestSpa(b.url);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 ? onA : onB).http.post('/login', { email: user.email, password: 'wrong-password' })),
    );
    expect(results.filter((res) => res.status === 422)).toHaveLength(5);
    expect(results.filter((res) => res.status === 429)).toHaveLength(7);
  });
});
