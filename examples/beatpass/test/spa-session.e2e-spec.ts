import { RunningExample, startExample } from '../../support/example-server';
import { beatpass } from '../src/app';
import { BEATPASS_ORIGIN, browser, DemoAccount, demoAccounts, FOREIGN_ORIGIN, signIn, STATEFUL_DOMAINS } from './beatpass-client';

const GUEST_TRACK_KEYS = ['artist', 'created_at', 'duration_seconds', 'id', 'likes_count', 'title'];
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

interface TrackJson {
  id: number;
  title: string;
  liked?: boolean;
  likes_count: number;
}

/** BeatPass's client docs: the cookie + CSRF flow, optional-auth endpoints, errors 401/403/419, stateful domains. */
describe('BeatPass: SPA session flow', () => {
  let example: RunningExample;
  let admin: DemoAccount;
  let listener: DemoAccount;

  beforeAll(async () => {
    example = await startExample(beatpass, { SANCTUM_STATEFUL_DOMAINS: STATEFUL_DOMAINS });
    const seeded = await example.cli('demo:seed');
    expect(seeded.code).toBe(0);
    ({ admin, listener } = demoAccounts(seeded.out));
  });
  afterAll(() => example?.close());

  const signedIn = async (account: DemoAccount) => {
    const client = browser(example.url);
    const res = await signIn(client, account.email, account.password);
    expect(res.status).toBe(200);
    return client;
  };
  const tracksOf = async (client = browser(example.url)) => {
    const res = await client.http.get('/tracks');
    expect(res.status).toBe(200);
    return res.data.data as TrackJson[];
  };

  it('demo:seed is idempotent and prints the same accounts', async () => {
    const again = await example.cli('demo:seed');
    expect(again.code).toBe(0);
    expect(demoAccounts(again.out)).toEqual({ admin, listener });
    expect(admin.roles).toEqual(['admin', 'user']);
    expect(listener.roles).toEqual(['user']);
    expect(await tracksOf()).toHaveLength(4);
  });

  it('GET /sanctum/csrf-cookie sets a script-readable XSRF-TOKEN and an HttpOnly session cookie', async () => {
    const client = browser(example.url);
    const res = await client.http.get('/sanctum/csrf-cookie');
    expect(res.status).toBe(204);
    expect(client.cookie('XSRF-TOKEN')).toMatchObject({ httpOnly: false, path: '/' });
    expect(client.cookie('gatehouse_session')).toMatchObject({ httpOnly: true, path: '/' });
  });

  it('POST /login with X-XSRF-TOKEN answers two_factor: false and a session; GET /tracks then carries liked', async () => {
    const client = browser(example.url);
    await client.http.get('/sanctum/csrf-cookie');
    const guestSession = client.cookie('gatehouse_session')?.value;
    const res = await client.http.post('/login', { email: listener.email, password: listener.password });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ two_factor: false });
    expect(client.cookie('gatehouse_session')?.value).not.toBe(guestSession);

    const tracks = await tracksOf(client);
    for (const track of tracks) {
      expect(Object.keys(track).sort()).toEqual([...GUEST_TRACK_KEYS, 'liked'].sort());
      expect(typeof track.liked).toBe('boolean');
    }
    expect(tracks.filter((track) => track.liked).map((track) => track.title)).toEqual(['Night Drive', 'Trap Cathedral']);
    const me = await client.http.get('/api/user');
    expect(me.status).toBe(200);
    expect(me.data).toMatchObject({ email: listener.email, roles: ['user'], two_factor_enabled: false });
  });

  it('GET /tracks answers a guest the catalogue without liked', async () => {
    const tracks = await tracksOf();
    expect(tracks).toHaveLength(4);
    const [first] = tracks;
    expect(Object.keys(first).sort()).toEqual(GUEST_TRACK_KEYS);
    expect(first).toMatchObject({ id: expect.any(Number), title: 'Night Drive', artist: 'Kilo Beats', duration_seconds: 184, likes_count: 1 });
    expect((first as unknown as { created_at: string }).created_at).toMatch(ISO_UTC);
  });

  it('a wrong credential answers 422 with Laravel’s message; the session stays a guest', async () => {
    const client = browser(example.url);
    const res = await signIn(client, listener.email, 'not-the-password');
    expect(res.status).toBe(422);
    expect(res.data).toEqual({ message: 'These credentials do not match our records.', errors: { email: ['These credentials do not match our records.'] } });
    expect((await client.http.get('/api/user')).status).toBe(401);
  });

  it('answers 419 on a CSRF mismatch, and logs in after /sanctum/csrf-cookie is called again', async () => {
    const client = browser(example.url);
    await client.http.get('/sanctum/csrf-cookie');
    const body = { email: listener.email, password: listener.password };
    const mismatch = await client.http.post('/login', body, { headers: { 'X-XSRF-TOKEN': 'not-the-token' } });
    expect(mismatch.status).toBe(419);
    expect(mismatch.data).toEqual({ message: 'CSRF token mismatch.', reason: 'xsrf_mismatch' });

    const fresh = browser(example.url);
    const missing = await fresh.http.post('/login', body);
    expect(missing.status).toBe(419);
    expect(missing.data.message).toBe('CSRF token mismatch.');
    expect((await signIn(fresh, listener.email, listener.password)).data).toEqual({ two_factor: false });
  });

  it('a state-changing call on BeatPass’s own routes needs the CSRF token too', async () => {
    const client = await signedIn(listener);
    const res = await client.http.post('/tracks/2/like', {}, { headers: { 'X-XSRF-TOKEN': 'stale' } });
    expect(res.status).toBe(419);
    expect(res.data.message).toBe('CSRF token mismatch.');
    expect((await tracksOf(client)).find((track) => track.id === 2)?.liked).toBe(false);
  });

  it('POST /logout ends the session: 204, then 401 on a required-auth endpoint and guest data on /tracks', async () => {
    const client = await signedIn(listener);
    const out = await client.http.post('/logout');
    expect(out.status).toBe(204);
    const me = await client.http.get('/api/user');
    expect(me.status).toBe(401);
    expect(me.data).toEqual({ message: 'Unauthenticated.', reason: 'no_credentials' });
    expect((await client.http.post('/tracks/1/like')).status).toBe(401);
    expect(Object.keys((await tracksOf(client))[0]).sort()).toEqual(GUEST_TRACK_KEYS);
  });

  it('likes: a listener likes and unlikes (204); a guest gets 401; an unknown or malformed track 404', async () => {
    const client = await signedIn(listener);
    const likeDusty = await client.http.post('/tracks/4/like');
    expect(likeDusty.status).toBe(204);
    expect((await client.http.post('/tracks/4/like')).status).toBe(204);
    expect((await tracksOf(client)).find((track) => track.id === 4)).toMatchObject({ liked: true, likes_count: 1 });
    expect((await client.http.delete('/tracks/4/like')).status).toBe(204);
    expect((await tracksOf(client)).find((track) => track.id === 4)).toMatchObject({ liked: false, likes_count: 0 });

    for (const path of ['/tracks/999/like', '/tracks/abc/like', '/tracks/0/like']) {
      const res = await client.http.post(path);
      expect([path, res.status, res.data]).toEqual([path, 404, { message: 'Not Found.' }]);
    }
    const guest = browser(example.url);
    await guest.http.get('/sanctum/csrf-cookie');
    const res = await guest.http.post('/tracks/1/like');
    expect(res.status).toBe(401);
    expect(res.data.message).toBe('Unauthenticated.');
  });

  describe('the admin-only route POST /tracks', () => {
    const track = { title: 'Sunset Loop', artist: 'Mara Sol', duration_seconds: 150 };

    it('answers 401 to a guest and 403 to a listener, and creates nothing', async () => {
      const guest = browser(example.url);
      await guest.http.get('/sanctum/csrf-cookie');
      const asGuest = await guest.http.post('/tracks', track);
      expect(asGuest.status).toBe(401);
      expect(asGuest.data.message).toBe('Unauthenticated.');

      const asListener = await (await signedIn(listener)).http.post('/tracks', track);
      expect(asListener.status).toBe(403);
      expect(asListener.data).toEqual({ message: 'This action is unauthorized.' });
      expect((await tracksOf()).map((entry) => entry.title)).not.toContain(track.title);
    });

    it('creates the track for an admin (201) and the catalogue lists it', async () => {
      const client = await signedIn(admin);
      const res = await client.http.post('/tracks', track);
      expect(res.status).toBe(201);
      expect(res.data).toEqual({ data: { id: expect.any(Number), ...track, likes_count: 0, liked: false, created_at: expect.stringMatching(ISO_UTC) } });
      expect((await tracksOf()).at(-1)).toMatchObject({ id: res.data.data.id, title: track.title });
    });

    it('answers a bad body with Laravel’s 422, never a 500', async () => {
      const client = await signedIn(admin);
      const res = await client.http.post('/tracks', { title: 7, duration_seconds: 'long' });
      expect(res.status).toBe(422);
      expect(res.data.errors).toEqual({
        title: ['The title field must be a string.'],
        artist: ['The artist field is required.'],
        duration_seconds: ['The duration seconds field must be an integer.'],
      });
      expect(res.data.message).toBe('The title field must be a string. (and 2 more errors)');
    });
  });

  it('issues no API tokens: the token routes answer 404, even to a signed-in session', async () => {
    const client = await signedIn(listener);
    const login = await browser(example.url).http.post('/api/login', { email: listener.email, password: listener.password, device_name: 'x' });
    expect(login.status).toBe(404);
    expect(login.data).toEqual({ message: 'Not Found.' });
    for (const [method, path] of [
      ['get', '/api/tokens'],
      ['post', '/api/tokens'],
      ['post', '/api/register'],
      ['post', '/api/two-factor-challenge'],
    ] as const) {
      const res = await client.http.request({ method, url: path, data: { name: 'cli' } });
      expect([method, path, res.status]).toEqual([method, path, 404]);
    }
  });

  describe('stateful domains', () => {
    it('a request from a non-stateful Origin, or with none, gets no session even with the session cookie', async () => {
      const client = await signedIn(listener);
      const foreign = browser(example.url, FOREIGN_ORIGIN, client.jar);
      const me = await foreign.http.get('/api/user');
      expect(me.status).toBe(401);
      expect(me.data).toEqual({ message: 'Unauthenticated.', reason: 'origin_not_stateful' });
      expect(Object.keys((await tracksOf(foreign))[0]).sort()).toEqual(GUEST_TRACK_KEYS);
      expect(me.headers['access-control-allow-credentials']).toBeUndefined();

      const cookie = client.jar.getCookieStringSync(example.url);
      const bare = await fetch(`${example.url}/api/user`, { headers: { Accept: 'application/json', Cookie: cookie } });
      expect(bare.status).toBe(401);
      expect((await client.http.get('/api/user')).status).toBe(200);
    });

    it('CORS admits the BeatPass origin with credentials and nobody else', async () => {
      const preflight = (origin: string) =>
        fetch(`${example.url}/tracks`, {
          method: 'OPTIONS',
          headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'x-xsrf-token' },
        });
      const ours = await preflight(BEATPASS_ORIGIN);
      expect(ours.headers.get('access-control-allow-origin')).toBe(BEATPASS_ORIGIN);
      expect(ours.headers.get('access-control-allow-credentials')).toBe('true');
      const theirs = await preflight(FOREIGN_ORIGIN);
      expect(theirs.headers.get('access-control-allow-origin')).toBeNull();
      expect(theirs.headers.get('access-control-allow-credentials')).toBeNull();
    });
  });
});
