import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { spaLogin } from '../support/spa-client';
import { api, apiLogin, bearer, tokenId } from './helpers';

const HOUR_MS = 3_600_000;

/** A token that mints a token (POST /api/tokens with a bearer token): the child lives within its parent. */
describe('tokens minted by tokens (docs/http-contract.md §4)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(() => t.close());

  const mint = (parent: string, body: object) => api(t).post('/api/tokens').set(bearer(parent)).send({ name: 'child', ...body });
  const me = (token: string) => api(t).get('/api/user').set(bearer(token));
  const expiresAtOf = async (id: number) =>
    (await t.db.query('SELECT expires_at FROM personal_access_tokens WHERE id = $1', [id])).rows[0]?.expires_at as Date | null;

  async function expiringParent(user: { email: string; plainPassword: string }, inMs: number): Promise<string> {
    const parent = await apiLogin(t, user);
    await t.db.query('UPDATE personal_access_tokens SET expires_at = $2 WHERE id = $1', [tokenId(parent), new Date(Date.now() + inMs)]);
    expect((await me(parent)).status).toBe(200);
    return parent;
  }

  it('caps a child’s expiry at its parent’s: no expires_at, or a later one, becomes the parent’s', async () => {
    const user = await createUser(t.app);
    const parent = await expiringParent(user, HOUR_MS);
    const parentExpiry = (await expiresAtOf(tokenId(parent)))!;
    for (const body of [{}, { expires_at: new Date(Date.now() + 10 * HOUR_MS).toISOString() }]) {
      const res = await mint(parent, body);
      expect(res.status).toBe(201);
      expect(res.body.access_token.expires_at).toBe(parentExpiry.toISOString());
      expect((await expiresAtOf(res.body.access_token.id))!.getTime()).toBe(parentExpiry.getTime());
    }
    const sooner = new Date(Date.now() + HOUR_MS / 2).toISOString();
    const res = await mint(parent, { expires_at: sooner });
    expect(res.body.access_token.expires_at).toBe(sooner);
  });

  it('leaves a token minted by a session or by a never-expiring token as asked', async () => {
    const user = await createUser(t.app);
    const spa = await spaLogin(t.url, user.email, user.plainPassword);
    expect((await spa.http.post('/api/tokens', { name: 'from the SPA' })).data.access_token.expires_at).toBeNull();
    const parent = await apiLogin(t, user);
    expect((await mint(parent, {})).body.access_token.expires_at).toBeNull();
  });

  it('revokes the children and grandchildren when the parent is deleted, even once they are cached', async () => {
    const user = await createUser(t.app);
    const spa = await spaLogin(t.url, user.email, user.plainPassword);
    const parent = await apiLogin(t, user);
    const child = (await mint(parent, {})).body.token as string;
    const grandchild = (await mint(child, {})).body.token as string;
    const sibling = await apiLogin(t, user);
    for (const token of [child, grandchild, child, grandchild]) expect((await me(token)).status).toBe(200);

    expect((await spa.http.delete(`/api/tokens/${tokenId(parent)}`)).status).toBe(204);
    for (const token of [parent, child, grandchild]) expect((await me(token)).status).toBe(401);
    expect((await me(sibling)).status).toBe(200);
    const { rows } = await t.db.query('SELECT id FROM personal_access_tokens WHERE user_id = $1', [user.id]);
    expect(rows.map((row) => Number(row.id))).toEqual([tokenId(sibling)]);
  });

  it('revokes the children when the parent logs out (POST /api/logout)', async () => {
    const user = await createUser(t.app);
    const parent = await apiLogin(t, user);
    const child = (await mint(parent, {})).body.token as string;
    expect((await me(child)).status).toBe(200);
    expect((await api(t).post('/api/logout').set(bearer(parent))).status).toBe(204);
    expect((await me(child)).status).toBe(401);
  });

  it('keeps the parent when only a child is revoked', async () => {
    const user = await createUser(t.app);
    const parent = await apiLogin(t, user);
    const child = (await mint(parent, {})).body.token as string;
    expect((await api(t).delete(`/api/tokens/${tokenId(child)}`).set(bearer(parent))).status).toBe(204);
    expect((await me(child)).status).toBe(401);
    expect((await me(parent)).status).toBe(200);
  });

  it('refuses a child more abilities than its parent: a narrow parent cannot mint at all', async () => {
    const user = await createUser(t.app);
    const narrow = await apiLogin(t, user, { abilities: ['posts.read'] });
    const res = await mint(narrow, { abilities: ['posts.read'] });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ message: 'Invalid ability provided.' });
  });
});

describe('tokens minted by tokens under SANCTUM_EXPIRATION', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp({ env: { SANCTUM_EXPIRATION: '60' } })));
  afterAll(() => t.close());

  it('caps the child at the parent’s age limit (created_at + SANCTUM_EXPIRATION)', async () => {
    const user = await createUser(t.app);
    const parent = await apiLogin(t, user);
    await t.db.query("UPDATE personal_access_tokens SET created_at = now() - interval '30 minutes' WHERE id = $1", [tokenId(parent)]);
    const { rows } = await t.db.query('SELECT created_at FROM personal_access_tokens WHERE id = $1', [tokenId(parent)]);
    const res = await api(t).post('/api/tokens').set(bearer(parent)).send({ name: 'child' });
    expect(res.status).toBe(201);
    expect(res.body.access_token.expires_at).toBe(new Date((rows[0].created_at as Date).getTime() + HOUR_MS).toISOString());
  });
});
