import { DataSource, EntityManager } from 'typeorm';
import { CachedSession, CachedUser, CredentialCache } from '../../src/cache/credential-cache';
import { InvalidationBus } from '../../src/cache/invalidation-bus';
import { sha256Hex } from '../../src/common/crypto';
import type { TokenRecord } from '../../src/tokens/token.record';
import { TokensService } from '../../src/tokens/tokens.service';
import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { api, apiLogin, bearer } from './helpers';

/** The owner method that a password reset and an account deletion call inside their own transaction. */
describe('TokensService.revokeAllFor', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(() => t.close());

  const me = (token: string) => api(t).get('/api/user').set(bearer(token));
  // Typed as its writer, TokenAuthenticator, injects it.
  const cached = (token: string) =>
    (t.app.get(CredentialCache) as CredentialCache<CachedUser, CachedSession, TokenRecord>).token(sha256Hex(token.split('|')[1]));
  const inTransaction = <T>(work: (manager: EntityManager) => Promise<T>) => t.app.get(DataSource).transaction(work);

  /** Logs in `count` times and makes each token cached by using it. */
  async function cachedTokens(user: { email: string; plainPassword: string }, count: number): Promise<string[]> {
    const tokens: string[] = [];
    for (let i = 0; i < count; i++) tokens.push(await apiLogin(t, user));
    for (const token of tokens) expect((await me(token)).status).toBe(200);
    for (const token of tokens) expect(cached(token)).toBeDefined();
    return tokens;
  }

  it("drops the user's cached tokens at once, inside the caller's transaction, before its commit notifies anyone", async () => {
    // The caches serve only once the LISTEN connection is up: on a busy machine that can take a moment after start.
    const bus = t.app.get(InvalidationBus);
    for (const deadline = Date.now() + 10_000; !bus.reliable && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(bus.reliable).toBe(true);
    const user = await createUser(t.app);
    const other = await createUser(t.app);
    const mine = await cachedTokens(user, 2);
    const [theirs] = await cachedTokens(other, 1);

    const revoked = await inTransaction(async (manager) => {
      const count = await t.app.get(TokensService).revokeAllFor(user.id, manager);
      // Nothing is committed yet, so no trigger notification can have dropped them.
      for (const token of mine) expect(cached(token)).toBeUndefined();
      return count;
    });

    expect(revoked).toBe(2);
    expect(cached(theirs)).toBeDefined();
    for (const token of mine) expect((await me(token)).status).toBe(401);
    expect((await me(theirs)).status).toBe(200);
    const { rows } = await t.db.query('SELECT count(*)::int AS n FROM personal_access_tokens WHERE user_id = $1', [user.id]);
    expect(rows[0].n).toBe(0);
  });

  it("keeps the tokens working when the caller's transaction rolls back", async () => {
    const user = await createUser(t.app);
    const [token] = await cachedTokens(user, 1);
    const failing = inTransaction(async (manager) => {
      await t.app.get(TokensService).revokeAllFor(user.id, manager);
      throw new Error('rolled back');
    });
    await expect(failing).rejects.toThrow('rolled back');
    expect((await me(token)).status).toBe(200);
  });

  it('revokes on its own (no manager) and answers how many tokens it deleted', async () => {
    const user = await createUser(t.app);
    const tokens = await cachedTokens(user, 3);
    expect(await t.app.get(TokensService).revokeAllFor(user.id)).toBe(3);
    for (const token of tokens) expect(cached(token)).toBeUndefined();
    for (const token of tokens) expect((await me(token)).status).toBe(401);
    expect(await t.app.get(TokensService).revokeAllFor(user.id)).toBe(0);
  });
});
