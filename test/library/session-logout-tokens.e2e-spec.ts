import request from 'supertest';
import { actingAs, createUser } from '../../src/testing';
import { spaLogin } from '../support/spa-client';
import { hostWith, useHostDatabase } from './host-module';

const json = { Accept: 'application/json' };
const database = useHostDatabase();

/** Signs in twice (a browser and a token), logs the browser out, and reports what the token answers then. */
async function tokenAfterSessionLogout(host: { current: { app: Parameters<typeof createUser>[0]; url: string } }) {
  const user = await createUser(host.current.app);
  const bearer = await actingAs(host.current.app, user);
  const other = await actingAs(host.current.app, await createUser(host.current.app));
  // Warm: the token is cached before the logout, so a refusal afterwards is not a cold lookup.
  expect((await request(host.current.url).get('/api/user').set(json).set(bearer)).status).toBe(200);
  const spa = await spaLogin(host.current.url, user.email, user.plainPassword);
  expect((await spa.http.post('/logout')).status).toBe(204);
  expect((await spa.http.get('/api/user')).status).toBe(401);
  return {
    token: (await request(host.current.url).get('/api/user').set(json).set(bearer)).status,
    othersToken: (await request(host.current.url).get('/api/user').set(json).set(other)).status,
  };
}

describe('tokens.revokeOnSessionLogout', () => {
  const host = hostWith(database, { tokens: { revokeOnSessionLogout: true } });

  it('a session logout revokes every API token of that user before the 204, and no one else’s', async () => {
    expect(await tokenAfterSessionLogout(host)).toEqual({ token: 401, othersToken: 200 });
  });

  it('a token logout still revokes only that token', async () => {
    const user = await createUser(host.current.app);
    const first = await actingAs(host.current.app, user);
    const second = await actingAs(host.current.app, user);
    expect((await request(host.current.url).post('/api/logout').set(json).set(first)).status).toBe(204);
    expect((await request(host.current.url).get('/api/user').set(json).set(first)).status).toBe(401);
    expect((await request(host.current.url).get('/api/user').set(json).set(second)).status).toBe(200);
  });
});

describe('tokens.revokeOnSessionLogout absent', () => {
  const host = hostWith(database, {});

  it('a session logout leaves the user’s API tokens working (Sanctum’s default)', async () => {
    expect(await tokenAfterSessionLogout(host)).toEqual({ token: 200, othersToken: 200 });
  });
});
