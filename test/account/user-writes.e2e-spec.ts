import { DataSource } from 'typeorm';
import { CredentialCache } from '../../src/cache/credential-cache';
import { InvalidationBus } from '../../src/cache/invalidation-bus';
import { PasswordHasher } from '../../src/users/password-hasher';
import type { User } from '../../src/users/user.entity';
import { UsersService } from '../../src/users/users.service';
import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { api, apiLogin, bearer } from '../tokens/helpers';

/**
 * The cache contract of UsersService's owner writes: inside a caller's transaction the cached user is
 * the caller's to drop after commit (nothing is committed yet); a write of its own drops it at once.
 */
describe('UsersService owner writes and the cached user', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(() => t.close());

  const cachedUser = (id: number) => (t.app.get(CredentialCache) as CredentialCache<User>).user(id);
  const login = (email: string, password: string) =>
    api(t).post('/api/login').set('Accept', 'application/json').send({ email, password, device_name: 'test phone' });

  async function cachedUserWithToken() {
    expect(t.app.get(InvalidationBus).reliable).toBe(true);
    const user = await createUser(t.app);
    const token = await apiLogin(t, user);
    expect((await api(t).get('/api/user').set(bearer(token))).status).toBe(200);
    expect(cachedUser(user.id)).toBeDefined();
    return user;
  }

  it("leaves the cached user alone inside the caller's transaction; the caller forgets it after commit", async () => {
    const user = await cachedUserWithToken();
    const hash = await t.app.get(PasswordHasher).hash('a new password 1');
    await t.app.get(DataSource).transaction(async (manager) => {
      await t.app.get(UsersService).setPassword(user.id, hash, manager);
      await t.app.get(UsersService).setCurrentTeam(user.id, null, manager);
      expect(cachedUser(user.id)?.password).toBe(user.password);
    });
    t.app.get(UsersService).forget(user.id);
    expect(cachedUser(user.id)).toBeUndefined();
    expect((await login(user.email, 'a new password 1')).status).toBe(201);
    expect((await login(user.email, user.plainPassword)).status).toBe(422);
  });

  it('drops the cached user at once when it writes on its own', async () => {
    const user = await cachedUserWithToken();
    await t.app.get(UsersService).setPassword(user.id, await t.app.get(PasswordHasher).hash('a new password 2'));
    expect(cachedUser(user.id)).toBeUndefined();
    expect((await login(user.email, 'a new password 2')).status).toBe(201);
  });

  it('verifies an address once, and not one that changed meanwhile', async () => {
    const users = t.app.get(UsersService);
    const user = await createUser(t.app, { verified: false });
    expect(await users.markEmailVerified(user.id, 'someone.else@example.com')).toBe(false);
    expect(await users.markEmailVerified(user.id, user.email)).toBe(true);
    expect(await users.markEmailVerified(user.id, user.email)).toBe(false);
    expect((await users.findById(user.id))?.emailVerifiedAt).toBeInstanceOf(Date);
  });
});
