import { sha256Hex } from '../../src/common/crypto';
import { TOKEN_REGEX } from '../../src/tokens/access-token';
import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { spaLogin } from '../support/spa-client';
import { api, apiLogin, auditEvents, bearer, tokenId } from './helpers';

const INVALID_ABILITY = { message: 'Invalid ability provided.' };
const NOT_FOUND = { message: 'Not Found.' };
const TOKEN_KEYS = ['abilities', 'created_at', 'expires_at', 'id', 'last_used_at', 'name'];

describe('Token management routes (docs/http-contract.md §4)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(() => t.close());

  const as = (token: string) => ({
    get: (path: string) => api(t).get(path).set(bearer(token)),
    post: (path: string, body: object = {}) => api(t).post(path).set(bearer(token)).send(body),
    put: (path: string, body: object = {}) => api(t).put(path).set(bearer(token)).send(body),
    delete: (path: string) => api(t).delete(path).set(bearer(token)),
  });
  const abilitiesOf = async (id: number) =>
    (await t.db.query('SELECT abilities FROM personal_access_tokens WHERE id = $1', [id])).rows[0]?.abilities;

  describe('GET /api/tokens', () => {
    it('lists only the caller’s tokens, newest first, in the shape of docs/http-contract.md §4 without any secret', async () => {
      const user = await createUser(t.app);
      const first = await apiLogin(t, user, { device_name: 'first' });
      const second = await apiLogin(t, user, { device_name: 'second', abilities: ['posts.read'] });
      await apiLogin(t, await createUser(t.app), { device_name: 'someone else' });
      await t.db.query("UPDATE personal_access_tokens SET created_at = now() - interval '1 hour' WHERE id = $1", [tokenId(first)]);

      const res = await as(first).get('/api/tokens');
      expect(res.status).toBe(200);
      expect(res.body.map((token: { name: string }) => token.name)).toEqual(['second', 'first']);
      for (const token of res.body) expect(Object.keys(token).sort()).toEqual(TOKEN_KEYS);
      expect(res.body[0]).toMatchObject({ id: tokenId(second), abilities: ['posts.read'], expires_at: null });
      expect(new Date(res.body[0].created_at).toISOString()).toBe(res.body[0].created_at);
      const raw = JSON.stringify(res.body);
      for (const plain of [first, second]) {
        expect(raw).not.toContain(plain.split('|')[1]);
        expect(raw).not.toContain(sha256Hex(plain.split('|')[1]));
      }
    });

    it('answers 401 without credentials', async () => {
      expect((await api(t).get('/api/tokens').set('Accept', 'application/json')).status).toBe(401);
    });
  });

  describe('POST /api/tokens', () => {
    it('returns 201 with the plain token once and the access token; the new token authenticates', async () => {
      const user = await createUser(t.app);
      const caller = await apiLogin(t, user);
      const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
      const res = await as(caller).post('/api/tokens', { name: 'CI deploy', abilities: ['deploy.run'], expires_at: expiresAt });
      expect(res.status).toBe(201);
      expect(Object.keys(res.body).sort()).toEqual(['access_token', 'token']);
      expect(res.body.token).toMatch(TOKEN_REGEX('gth_'));
      expect(res.body.access_token).toEqual({
        id: tokenId(res.body.token),
        name: 'CI deploy',
        abilities: ['deploy.run'],
        last_used_at: null,
        expires_at: expiresAt,
        created_at: expect.any(String),
      });
      expect((await as(res.body.token).get('/api/user')).body.id).toBe(user.id);
      const listed = await as(caller).get('/api/tokens');
      expect(JSON.stringify(listed.body)).not.toContain(res.body.token.split('|')[1]);
      const [created] = (await auditEvents(t, 'token.created', user.id)).filter((e) => e.metadata.via === 'api');
      expect(created.metadata).toMatchObject({ token_id: res.body.access_token.id, name: 'CI deploy', abilities: ['deploy.run'] });
    });

    it('gives a session caller ["*"] by default and a token caller its own abilities', async () => {
      const user = await createUser(t.app);
      const spa = await spaLogin(t.url, user.email, user.plainPassword);
      const fromSession = await spa.http.post('/api/tokens', { name: 'from the SPA' });
      expect(fromSession.status).toBe(201);
      expect(fromSession.data.access_token.abilities).toEqual(['*']);

      const full = await apiLogin(t, user);
      const fromToken = await as(full).post('/api/tokens', { name: 'child' });
      expect(fromToken.status).toBe(201);
      expect(fromToken.body.access_token.abilities).toEqual(['*']);
    });

    it.each([
      [['posts.read', 'posts.write'], ['posts.read', 'comments.read'], 403],
      [['posts.read'], ['posts.*'], 403],
      [['posts.*'], ['*'], 403],
      // Only a full-access token manages tokens at all (docs/http-contract.md §2.7), even to mint a narrower one.
      [['posts.read'], [], 403],
      [['posts.read', 'posts.write'], ['posts.write'], 403],
      [['posts.*', 'tokens.*'], ['posts.drafts.*', 'posts.read'], 403],
      [['*'], ['posts.drafts.*', 'posts.read'], 201],
      [['*'], ['*'], 201],
    ])('lets a token holding %j create a token with %j → %i', async (held, requested, status) => {
      const user = await createUser(t.app);
      const caller = await apiLogin(t, user, { abilities: held });
      const res = await as(caller).post('/api/tokens', { name: 'child', abilities: requested });
      expect(res.status).toBe(status);
      if (status === 403) {
        expect(res.body).toEqual(INVALID_ABILITY);
        const { rows } = await t.db.query('SELECT count(*)::int AS n FROM personal_access_tokens WHERE user_id = $1', [user.id]);
        expect(rows[0].n).toBe(1);
      } else {
        expect(res.body.access_token.abilities).toEqual(requested);
      }
    });

    it.each([
      [{}, { name: ['The name field is required.'] }],
      [{ name: 'x'.repeat(256) }, { name: ['The name field must not be greater than 255 characters.'] }],
      [{ name: 'n', abilities: 'read' }, { abilities: ['The abilities field must be an array.'] }],
      [{ name: 'n', abilities: ['read', { a: 1 }] }, { abilities: ['The abilities.1 field must be a string.'] }],
      [{ name: 'n', abilities: [''] }, { abilities: ['The abilities.0 field is required.'] }],
      [{ name: 'n', expires_at: '2001-01-01T00:00:00Z' }, { expires_at: ['The expires at field must be a date after now.'] }],
      [{ name: 'n', expires_at: 'next tuesday' }, { expires_at: ['The expires at field must be a valid date.'] }],
      [{ name: 'n', expires_at: '2999-02-30' }, { expires_at: ['The expires at field must be a valid date.'] }],
      [{ name: 'n', expires_at: 1234567890 }, { expires_at: ['The expires at field must be a valid date.'] }],
    ])('answers 422 for %j', async (body, errors) => {
      const user = await createUser(t.app);
      const caller = await apiLogin(t, user);
      const res = await as(caller).post('/api/tokens', body);
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual(errors);
      const { rows } = await t.db.query('SELECT count(*)::int AS n FROM personal_access_tokens WHERE user_id = $1', [user.id]);
      expect(rows[0].n).toBe(1);
    });
  });

  describe('PUT /api/tokens/:id', () => {
    it('replaces the abilities of an own token and returns it', async () => {
      const user = await createUser(t.app);
      const caller = await apiLogin(t, user);
      const other = await apiLogin(t, user, { device_name: 'tablet', abilities: ['posts.read'] });
      const res = await as(caller).put(`/api/tokens/${tokenId(other)}`, { abilities: ['comments.read', 'comments.read', 'posts.*'] });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: tokenId(other), name: 'tablet', abilities: ['comments.read', 'posts.*'] });
      expect(Object.keys(res.body).sort()).toEqual(TOKEN_KEYS);
      expect(await abilitiesOf(tokenId(other))).toEqual(['comments.read', 'posts.*']);
    });

    it('refuses a narrow token any rewrite, widening or narrowing, even of itself; a * token may narrow itself', async () => {
      const user = await createUser(t.app);
      const caller = await apiLogin(t, user, { abilities: ['posts.read', 'posts.write'] });
      for (const abilities of [['*'], ['posts.*'], ['posts.read', 'users.manage'], ['posts.read']]) {
        const res = await as(caller).put(`/api/tokens/${tokenId(caller)}`, { abilities });
        expect(res.status).toBe(403);
        expect(res.body).toEqual(INVALID_ABILITY);
      }
      expect(await abilitiesOf(tokenId(caller))).toEqual(['posts.read', 'posts.write']);
      const full = await apiLogin(t, user);
      const narrowed = await as(full).put(`/api/tokens/${tokenId(full)}`, { abilities: ['posts.read'] });
      expect(narrowed.status).toBe(200);
      expect((await as(full).put(`/api/tokens/${tokenId(full)}`, { abilities: ['*'] })).status).toBe(403);
    });

    it('answers 404 for another user’s token, an unknown id and a non-numeric id', async () => {
      const caller = await apiLogin(t, await createUser(t.app));
      const foreign = await apiLogin(t, await createUser(t.app), { abilities: ['posts.read'] });
      for (const id of [String(tokenId(foreign)), '999999999', 'abc', '1e3', '0', '-1', '123456789012345678901']) {
        const res = await as(caller).put(`/api/tokens/${id}`, { abilities: ['*'] });
        expect(res.status).toBe(404);
        expect(res.body).toEqual(NOT_FOUND);
      }
      expect(await abilitiesOf(tokenId(foreign))).toEqual(['posts.read']);
    });

    it('answers 422 when abilities are missing or malformed', async () => {
      const caller = await apiLogin(t, await createUser(t.app));
      const missing = await as(caller).put(`/api/tokens/${tokenId(caller)}`, {});
      expect(missing.status).toBe(422);
      expect(missing.body.errors).toEqual({ abilities: ['The abilities field is required.'] });
      const wrong = await as(caller).put(`/api/tokens/${tokenId(caller)}`, { abilities: [null] });
      expect(wrong.body.errors).toEqual({ abilities: ['The abilities.0 field is required.'] });
    });
  });

  describe('DELETE /api/tokens/:id and DELETE /api/tokens', () => {
    it('revokes one own token (204), which then gets 401, and records token.revoked', async () => {
      const user = await createUser(t.app);
      const caller = await apiLogin(t, user);
      const victim = await apiLogin(t, user, { device_name: 'lost phone' });
      const res = await as(caller).delete(`/api/tokens/${tokenId(victim)}`);
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expect((await as(victim).get('/api/user')).status).toBe(401);
      expect((await as(caller).get('/api/user')).status).toBe(200);
      expect((await as(caller).delete(`/api/tokens/${tokenId(victim)}`)).status).toBe(404);
      const revoked = await auditEvents(t, 'token.revoked', user.id);
      expect(revoked.map((e) => e.metadata)).toEqual([{ token_id: tokenId(victim), scope: 'one' }]);
    });

    it('can revoke the calling token itself', async () => {
      const caller = await apiLogin(t, await createUser(t.app));
      expect((await as(caller).delete(`/api/tokens/${tokenId(caller)}`)).status).toBe(204);
      expect((await as(caller).get('/api/user')).status).toBe(401);
    });

    it('answers 404 for another user’s token and for non-numeric ids, deleting nothing', async () => {
      const caller = await apiLogin(t, await createUser(t.app));
      const foreign = await apiLogin(t, await createUser(t.app));
      for (const id of [String(tokenId(foreign)), 'abc', '1.5', `${tokenId(foreign)}x`]) {
        const res = await as(caller).delete(`/api/tokens/${id}`);
        expect(res.status).toBe(404);
        expect(res.body).toEqual(NOT_FOUND);
      }
      expect((await as(foreign).get('/api/user')).status).toBe(200);
    });

    it('revokes all own tokens, the caller’s included, and no one else’s', async () => {
      const user = await createUser(t.app);
      const tokens = [await apiLogin(t, user), await apiLogin(t, user), await apiLogin(t, user)];
      const stranger = await apiLogin(t, await createUser(t.app));
      const res = await as(tokens[0]).delete('/api/tokens');
      expect(res.status).toBe(204);
      for (const token of tokens) expect((await as(token).get('/api/user')).status).toBe(401);
      expect((await as(stranger).get('/api/user')).status).toBe(200);
      const [event] = await auditEvents(t, 'token.revoked', user.id);
      expect(event.metadata).toEqual({ scope: 'all', count: 3 });
    });

    it('lets a session caller revoke all tokens while staying logged in', async () => {
      const user = await createUser(t.app);
      const token = await apiLogin(t, user);
      const spa = await spaLogin(t.url, user.email, user.plainPassword);
      expect((await spa.http.delete('/api/tokens')).status).toBe(204);
      expect((await as(token).get('/api/user')).status).toBe(401);
      expect((await spa.http.get('/api/tokens')).data).toEqual([]);
    });
  });
});

describe('Token routes with MUST_VERIFY_EMAIL=true (docs/http-contract.md §10.9)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp({ env: { MUST_VERIFY_EMAIL: 'true' } })));
  afterAll(() => t.close());

  it('still lets an unverified user log in, list and revoke, but not create or update tokens', async () => {
    const user = await createUser(t.app, { verified: false });
    const token = await apiLogin(t, user);
    const create = await api(t).post('/api/tokens').set(bearer(token)).send({ name: 'x' });
    expect(create.status).toBe(403);
    expect(create.body).toEqual({ message: 'Your email address is not verified.' });
    const update = await api(t).put(`/api/tokens/${tokenId(token)}`).set(bearer(token)).send({ abilities: ['a'] });
    expect(update.status).toBe(403);
    expect((await api(t).get('/api/tokens').set(bearer(token))).status).toBe(200);
    expect((await api(t).delete(`/api/tokens/${tokenId(token)}`).set(bearer(token))).status).toBe(204);
  });

  it('lets a verified user create tokens', async () => {
    const token = await apiLogin(t, await createUser(t.app, { verified: true }));
    expect((await api(t).post('/api/tokens').set(bearer(token)).send({ name: 'x' })).status).toBe(201);
  });
});
