import request from 'supertest';
import { GatehouseModule } from '../../src';
import { actingAs, createUser } from '../../src/testing';
import { hostOptions, hostWith, startHostApp, useHostDatabase } from './host-module';

const UNVERIFIED = { message: 'Your email address is not verified.' };

const database = useHostDatabase();

describe('routes: { api: { verified: true } } (the API family behind `verified`, as GB App)', () => {
  const host = hostWith(database, { mustVerifyEmail: true, routes: { api: { verified: true } } });

  it('GET /api/user answers 403 to an unverified token caller and 200 once verified', async () => {
    const unverified = await createUser(host.current.app, { verified: false });
    const res = await request(host.current.url).get('/api/user').set(await actingAs(host.current.app, unverified));
    expect(res.status).toBe(403);
    expect(res.body).toEqual(UNVERIFIED);

    const verified = await createUser(host.current.app);
    const ok = await request(host.current.url).get('/api/user').set(await actingAs(host.current.app, verified));
    expect(ok.status).toBe(200);
    expect(ok.body.email).toBe(verified.email);
  });

  it('a guest still gets 401; optional and token routes stay open to the unverified user', async () => {
    expect((await request(host.current.url).get('/api/user').set({ Accept: 'application/json' })).status).toBe(401);
    const unverified = await createUser(host.current.app, { verified: false });
    const headers = await actingAs(host.current.app, unverified);
    const check = await request(host.current.url).get('/api/auth/check').set(headers);
    expect(check.status).toBe(200);
    expect(check.body.authenticated).toBe(true);
    expect((await request(host.current.url).get('/api/tokens').set(headers)).status).toBe(200);
    expect((await request(host.current.url).post('/api/logout').set(headers)).status).toBe(204);
  });

  it("the host's own routes keep their own requirements (a route without @Verified answers the unverified user)", async () => {
    const unverified = await createUser(host.current.app, { verified: false });
    const res = await request(host.current.url).get('/tracks').set(await actingAs(host.current.app, unverified));
    expect(res.status).toBe(200);
    expect(res.body.personalised).toBe(true);
  });
});

describe('routes.api left as it is (today\'s default)', () => {
  const host = hostWith(database, { mustVerifyEmail: true });

  it('GET /api/user answers an unverified user', async () => {
    const unverified = await createUser(host.current.app, { verified: false });
    const res = await request(host.current.url).get('/api/user').set(await actingAs(host.current.app, unverified));
    expect(res.status).toBe(200);
  });
});

describe('routes: { api: { verified: true } } without MUST_VERIFY_EMAIL', () => {
  const host = hostWith(database, { mustVerifyEmail: false, routes: { api: { verified: true } } });

  it('does not bite, as @Verified() (Laravel: the user model does not implement MustVerifyEmail)', async () => {
    const unverified = await createUser(host.current.app, { verified: false });
    const res = await request(host.current.url).get('/api/user').set(await actingAs(host.current.app, unverified));
    expect(res.status).toBe(200);
  });
});

describe('GatehouseModule.forRootAsync({ routes: { api: { verified: true } } })', () => {
  it('puts the API family behind verified (the factory may leave routes out)', async () => {
    const options = { ...hostOptions(database.url), mustVerifyEmail: true };
    const host = await startHostApp(GatehouseModule.forRootAsync({ useFactory: () => options, routes: { api: { verified: true } } }), options);
    try {
      const unverified = await createUser(host.app, { verified: false });
      const res = await request(host.url).get('/api/user').set(await actingAs(host.app, unverified));
      expect(res.status).toBe(403);
      expect(res.body).toEqual(UNVERIFIED);
    } finally {
      await host.app.close();
    }
  });

  it('refuses to start when only the factory asks for verified (never a silently open family)', async () => {
    const options = { ...hostOptions(database.url), mustVerifyEmail: true, routes: { api: { verified: true } } };
    await expect(startHostApp(GatehouseModule.forRootAsync({ useFactory: () => options }), options)).rejects.toThrow(
      /routes.api.verified must equal forRootAsync\(\{ routes \}\)/,
    );
  });
});
