import { createHash } from 'node:crypto';
import request from 'supertest';
import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { SoftAuthenticator } from '../support/soft-authenticator';
import { userHandleOf } from '../../src/passkeys/passkey-ceremony';
import { Encrypter } from '../../src/common/crypto';
import { PasskeyChallenges } from '../../src/passkeys/passkey-challenges';
import { spaClient, spaLogin } from '../support/spa-client';
import { tokenFor } from '../rbac/support';
import { oathtool, seedTwoFactorUser, settledNow } from '../two-factor/support';
import { auditEvents, guestSpa, mobile, ORIGIN, passkeyLogin, registerPasskey, userWithPasskey } from './support';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const INVALID = { message: 'The provided passkey was invalid.', errors: { credential: ['The provided passkey was invalid.'] } };

describe('passkeys (WebAuthn) over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ env: { LOGIN_MAX_ATTEMPTS: '1000', RATE_LIMIT_PASSKEY_OPTIONS: '1000,1' } });
  });
  afterAll(() => t.close());

  describe('challenge store (PostgreSQL, shared by every worker)', () => {
    it('stores only the SHA-256, gives each challenge to one answer, by purpose, for 5 minutes', async () => {
      const store = t.app.get(PasskeyChallenges);
      const user = await createUser(t.app);
      const challenge = await store.issue('second_factor', user.id);
      expect(Buffer.from(challenge, 'base64url')).toHaveLength(32);
      const { rows } = await t.db.query('SELECT * FROM passkey_challenges WHERE id = $1', [sha256(challenge)]);
      expect(rows).toHaveLength(1);
      expect(JSON.stringify(rows)).not.toContain(challenge);
      expect(await store.consume(challenge, 'login')).toBeNull();
      // Ten answers at once: exactly one takes it.
      const results = await Promise.all(Array.from({ length: 10 }, () => store.consume(challenge, 'second_factor')));
      expect(results.filter((r) => r !== null)).toEqual([{ userId: user.id }]);
      const stale = await store.issue('login', null);
      await t.db.query(`UPDATE passkey_challenges SET expires_at = now() - interval '1 second' WHERE id = $1`, [sha256(stale)]);
      expect(await store.consume(stale, 'login')).toBeNull();
      const old = await store.issue('login', null);
      await t.db.query(`UPDATE passkey_challenges SET expires_at = now() - interval '1 second' WHERE id = $1`, [sha256(old)]);
      expect(await store.pruneExpired()).toBeGreaterThanOrEqual(1);
      expect((await t.db.query('SELECT 1 FROM passkey_challenges WHERE id = $1', [sha256(old)])).rows).toHaveLength(0);
    });
  });

  describe('registration', () => {
    it('needs a recent password confirmation, then registers a passkey (challenge stored only as SHA-256)', async () => {
      const user = await createUser(t.app);
      const spa = await spaLogin(t.url, user.email, user.plainPassword);
      expect((await spa.http.post('/user/passkeys/options')).status).toBe(423);
      expect((await spa.http.post('/user/confirm-password', { password: user.plainPassword })).status).toBe(201);

      const options = await spa.http.post('/user/passkeys/options');
      expect(options.status).toBe(200);
      expect(options.data).toMatchObject({
        rp: { id: 'localhost', name: 'Gatehouse' },
        user: { name: user.email, displayName: user.name },
        timeout: 300_000,
        attestation: 'none',
        excludeCredentials: [],
        authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
      });
      // The user handle is opaque: neither the id nor the email.
      expect(options.data.user.id).toBe(userHandleOf(t.config.appKey, user.id));
      expect(Buffer.from(options.data.user.id, 'base64url').toString()).not.toContain(user.email);
      const { rows: stored } = await t.db.query('SELECT id, purpose, user_id, expires_at - created_at AS ttl FROM passkey_challenges WHERE user_id = $1', [user.id]);
      expect(stored).toEqual([{ id: sha256(options.data.challenge), purpose: 'register', user_id: user.id, ttl: expect.objectContaining({ minutes: 5 }) }]);

      const authenticator = new SoftAuthenticator(ORIGIN);
      const credential = authenticator.register(options.data);
      const res = await spa.http.post('/user/passkeys', { name: 'MacBook', credential });
      expect(res.status).toBe(201);
      expect(res.data).toEqual({
        id: expect.any(Number),
        name: 'MacBook',
        created_at: expect.any(String),
        last_used_at: null,
        transports: ['internal'],
        backed_up: false,
        device_type: 'singleDevice',
      });
      const { rows } = await t.db.query('SELECT credential_id, counter, user_id FROM passkeys WHERE user_id = $1', [user.id]);
      expect(rows).toEqual([{ credential_id: credential.id, counter: 0, user_id: user.id }]);
      expect((await t.db.query('SELECT 1 FROM passkey_challenges WHERE user_id = $1', [user.id])).rows).toHaveLength(0);
      expect(await auditEvents(t, 'passkey.registered', user.id)).toEqual([
        { user_id: user.id, metadata: { passkey_id: res.data.id, device_type: 'singleDevice', backed_up: false } },
      ]);

      // The same answer again: its challenge is gone.
      const replay = await spa.http.post('/user/passkeys', { name: 'Again', credential });
      expect([replay.status, replay.data]).toEqual([422, INVALID]);
      expect((await auditEvents(t, 'passkey.failed', user.id)).at(-1)!.metadata).toEqual({ stage: 'register', reason: 'unknown_challenge', passkey_id: null });

      // The list, and the next options exclude the registered credential.
      expect((await spa.http.get('/user/passkeys')).data).toEqual({ data: [res.data] });
      const next = await spa.http.post('/user/passkeys/options');
      expect(next.data.excludeCredentials).toEqual([{ id: credential.id, type: 'public-key', transports: ['internal'] }]);
    });

    it("refuses an answer to another user's challenge, a wrong origin and a credential registered before", async () => {
      const { spa: alice, authenticator } = await userWithPasskey(t);
      const { spa: bob } = await userWithPasskey(t);
      const bobOptions = (await bob.http.post('/user/passkeys/options')).data;
      const crossUser = await alice.http.post('/user/passkeys', { name: 'x', credential: new SoftAuthenticator(ORIGIN).register(bobOptions) });
      expect([crossUser.status, crossUser.data]).toEqual([422, INVALID]);

      const options = (await alice.http.post('/user/passkeys/options')).data;
      const evil = await alice.http.post('/user/passkeys', { name: 'x', credential: new SoftAuthenticator('http://evil.example').register(options) });
      expect([evil.status, evil.data]).toEqual([422, INVALID]);
      const wrongRp = (await alice.http.post('/user/passkeys/options')).data;
      const rp = await alice.http.post('/user/passkeys', { name: 'x', credential: new SoftAuthenticator(ORIGIN, 'evil.example').register(wrongRp) });
      expect([rp.status, rp.data]).toEqual([422, INVALID]);

      // The same authenticator credential registered again (its id is unique across accounts).
      const again = (await bob.http.post('/user/passkeys/options')).data;
      const copy = new SoftAuthenticator(ORIGIN).register(again, { credentialId: authenticator.credentials[0].id });
      const taken = await bob.http.post('/user/passkeys', { name: 'x', credential: copy });
      expect([taken.status, taken.data.errors]).toEqual([422, { credential: ['This passkey is already registered.'] }]);
    });

    it('validates input: 422 with field errors, never a 500', async () => {
      const { spa } = await userWithPasskey(t);
      for (const body of [{}, { name: 'x' }, { name: 'x', credential: 'abc' }, { name: 'x', credential: [] }, { credential: {} }]) {
        const res = await spa.http.post('/user/passkeys', body);
        expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 422]);
        expect(res.data.errors).toBeDefined();
      }
      for (const credential of [{}, { id: 'a', rawId: 'a', type: 'public-key', response: { clientDataJSON: '!!', attestationObject: 'x' } }]) {
        const res = await spa.http.post('/user/passkeys', { name: 'x', credential });
        expect([res.status, res.data]).toEqual([422, INVALID]);
      }
      const garbage = { id: 'a', rawId: 'a', type: 'public-key', response: { clientDataJSON: Buffer.from('{"challenge":"zz"}').toString('base64url'), authenticatorData: 'AA', signature: 'AA' } };
      const login = await (await guestSpa(t)).http.post('/passkeys/login', { credential: garbage });
      expect([login.status, login.data]).toEqual([422, INVALID]);
      expect((await spa.http.patch('/user/passkeys/abc', { name: 'x' })).status).toBe(404);
      expect((await spa.http.patch('/user/passkeys/1', {})).status).toBe(422);
    });
  });

  describe('passwordless login', () => {
    it('logs the browser in as /login does: new session id, {"two_factor":false}, audit events', async () => {
      const { user, authenticator, passkey } = await userWithPasskey(t);
      const spa = await guestSpa(t);
      const guestCookie = spa.cookie('gatehouse_session');
      const options = await spa.http.post('/passkeys/login/options', {});
      expect(options.data).toMatchObject({ rpId: 'localhost', userVerification: 'preferred', allowCredentials: [], timeout: 300_000 });
      const credential = authenticator.assert(options.data);
      const res = await spa.http.post('/passkeys/login', { credential });
      expect([res.status, res.data]).toEqual([200, { two_factor: false }]);
      expect(spa.cookie('gatehouse_session')).not.toBe(guestCookie);
      expect((await spa.http.get('/api/user')).data).toMatchObject({ id: user.id, email: user.email });
      expect((await auditEvents(t, 'passkey.login', user.id)).map((e) => e.metadata)).toEqual([
        { passkey_id: passkey.id, stage: 'login', via: 'session', user_verified: true },
      ]);
      expect((await auditEvents(t, 'login.succeeded', user.id)).at(-1)!.metadata).toEqual({ via: 'session', remember: false });
      const { rows } = await t.db.query('SELECT counter, last_used_at FROM passkeys WHERE id = $1', [passkey.id]);
      expect(Number(rows[0].counter)).toBe(1);
      expect(rows[0].last_used_at).not.toBeNull();

      // Replaying the captured assertion: the challenge was used.
      const replay = await (await guestSpa(t)).http.post('/passkeys/login', { credential });
      expect([replay.status, replay.data]).toEqual([422, INVALID]);
      expect((await auditEvents(t, 'passkey.failed')).at(-1)!.metadata).toEqual({ stage: 'login', reason: 'unknown_challenge', passkey_id: null });
    });

    it('refuses a wrong origin, a challenge from another ceremony and an unknown credential', async () => {
      const { authenticator, passkey } = await userWithPasskey(t);
      const spa = await guestSpa(t);
      const evil = await passkeyLogin(spa, authenticator, { origin: 'http://evil.example' });
      expect([evil.res.status, evil.res.data]).toEqual([422, INVALID]);
      expect((await auditEvents(t, 'passkey.failed')).at(-1)!.metadata).toEqual({ stage: 'login', reason: 'not_verified', passkey_id: passkey.id });
      // A registration challenge never logs anyone in.
      const { spa: owner } = await userWithPasskey(t);
      const registration = (await owner.http.post('/user/passkeys/options')).data;
      const crossCeremony = await spa.http.post('/passkeys/login', { credential: authenticator.assert({ challenge: registration.challenge }) });
      expect([crossCeremony.status, crossCeremony.data]).toEqual([422, INVALID]);
      const stranger = new SoftAuthenticator(ORIGIN);
      stranger.register({ challenge: 'x', rp: {}, user: { id: 'x' } });
      const unknown = await passkeyLogin(spa, stranger);
      expect([unknown.res.status, unknown.res.data]).toEqual([422, INVALID]);
      expect((await spa.http.get('/api/user')).status).toBe(401);
    });

    it('flags a signature counter that goes back as a cloned authenticator: refused, audit passkey.cloned', async () => {
      const { user, authenticator, passkey } = await userWithPasskey(t);
      expect((await passkeyLogin(await guestSpa(t), authenticator)).res.status).toBe(200);
      expect((await passkeyLogin(await guestSpa(t), authenticator)).res.status).toBe(200);
      const spa = await guestSpa(t);
      const clone = await passkeyLogin(spa, authenticator, { counter: 1 });
      expect([clone.res.status, clone.res.data]).toEqual([422, INVALID]);
      expect((await spa.http.get('/api/user')).status).toBe(401);
      expect((await auditEvents(t, 'passkey.cloned', user.id)).map((e) => e.metadata)).toEqual([{ passkey_id: passkey.id, stage: 'login', detail: 'counter 1 after 2' }]);
      expect((await t.db.query('SELECT counter FROM passkeys WHERE id = $1', [passkey.id])).rows[0].counter).toEqual(2);
    });

    it('with an email, lists that account’s passkeys, and refuses another account’s passkey for that challenge', async () => {
      const { user: alice, authenticator: aliceKey } = await userWithPasskey(t);
      const { authenticator: bobKey } = await userWithPasskey(t);
      const spa = await guestSpa(t);
      const options = await spa.http.post('/passkeys/login/options', { email: alice.email.toUpperCase() });
      expect(options.data.allowCredentials).toEqual([{ id: aliceKey.credentials[0].id, type: 'public-key', transports: ['internal'] }]);
      const bob = await spa.http.post('/passkeys/login', { credential: bobKey.assert(options.data) });
      expect([bob.status, bob.data]).toEqual([422, INVALID]);
      expect((await auditEvents(t, 'passkey.failed')).at(-1)!.metadata).toMatchObject({ reason: 'wrong_user' });
      // An unknown email gets options like any other (no account is revealed), which log nobody in.
      const unknown = await spa.http.post('/passkeys/login/options', { email: 'nobody@example.com' });
      expect(unknown.status).toBe(200);
      expect(unknown.data.allowCredentials).toEqual([]);
      expect((await spa.http.post('/passkeys/login/options', { email: 'not an email' })).status).toBe(422);
    });

    it('without user verification a TOTP user still answers the code; with it, no challenge follows', async () => {
      const { user, secret } = await seedTwoFactorUser(t);
      const owner = spaClient(t.url, ORIGIN);
      await owner.http.get('/sanctum/csrf-cookie');
      expect((await owner.http.post('/login', { email: user.email, password: user.plainPassword })).data).toEqual({ two_factor: true });
      const now = await settledNow();
      expect((await owner.http.post('/two-factor-challenge', { code: oathtool(secret, now) })).status).toBe(204);
      expect((await owner.http.post('/user/confirm-password', { password: user.plainPassword })).status).toBe(201);
      const authenticator = new SoftAuthenticator(ORIGIN);
      await registerPasskey(owner, authenticator);

      const noUv = await guestSpa(t);
      const first = await passkeyLogin(noUv, authenticator, { userVerified: false });
      expect([first.res.status, first.res.data]).toEqual([200, { two_factor: true }]);
      expect((await noUv.http.get('/api/user')).status).toBe(401);
      expect((await noUv.http.post('/two-factor-challenge', { code: oathtool(secret, now + 30_000) })).status).toBe(204);
      expect((await noUv.http.get('/api/user')).data.id).toBe(user.id);

      const uv = await guestSpa(t);
      const second = await passkeyLogin(uv, authenticator, { userVerified: true });
      expect([second.res.status, second.res.data]).toEqual([200, { two_factor: false }]);
      expect((await uv.http.get('/api/user')).data.id).toBe(user.id);
    });

    it('counts as the fresh login of a passwordless account: it may add a passkey without confirming a password', async () => {
      const { user, authenticator } = await userWithPasskey(t);
      await t.db.query('UPDATE users SET password = NULL WHERE id = $1', [user.id]);
      const spa = await guestSpa(t);
      expect((await passkeyLogin(spa, authenticator)).res.status).toBe(200);
      const options = await spa.http.post('/user/passkeys/options');
      expect(options.status).toBe(200);
      // The same for a token from a passkey login (mobile), and only for passwordless accounts.
      const app = mobile(t);
      const loginOptions = await app.post('/api/passkeys/login/options', {});
      const token = (await app.post('/api/passkeys/login', { credential: authenticator.assert(loginOptions.body), device_name: 'Phone' })).body.token;
      const asToken = request(t.url).post('/user/passkeys/options').set('Authorization', `Bearer ${token}`).set('Accept', 'application/json');
      expect((await asToken).status).toBe(200);
      const { authenticator: withPassword } = await userWithPasskey(t);
      const other = (await app.post('/api/passkeys/login', { credential: withPassword.assert((await app.post('/api/passkeys/login/options', {})).body), device_name: 'Phone' })).body.token;
      const notConfirmed = await request(t.url).post('/user/passkeys/options').set('Authorization', `Bearer ${other}`).set('Accept', 'application/json');
      expect(notConfirmed.status).toBe(423);
    });
  });

  describe('second factor', () => {
    it('answers the pending challenge of a password login with a passkey (SPA)', async () => {
      const { user } = await seedTwoFactorUser(t);
      const authenticator = new SoftAuthenticator(ORIGIN);
      // Registered straight through the routes of a session that passed the challenge with a code.
      const setup = spaClient(t.url, ORIGIN);
      await setup.http.get('/sanctum/csrf-cookie');
      await setup.http.post('/login', { email: user.email, password: user.plainPassword });
      const totp = await totpOf(t, user.id);
      expect((await setup.http.post('/two-factor-challenge', { code: oathtool(totp, await settledNow()) })).status).toBe(204);
      await setup.http.post('/user/confirm-password', { password: user.plainPassword });
      const passkey = await registerPasskey(setup, authenticator);

      const spa = spaClient(t.url, ORIGIN);
      expect((await spa.http.post('/two-factor-challenge/passkey/options')).status).toBe(419);
      await spa.http.get('/sanctum/csrf-cookie');
      const none = await spa.http.post('/two-factor-challenge/passkey/options');
      expect([none.status, none.data.errors]).toEqual([422, { credential: ['The two factor challenge is invalid or has expired.'] }]);
      expect((await spa.http.post('/login', { email: user.email, password: user.plainPassword })).data).toEqual({ two_factor: true });
      const options = await spa.http.post('/two-factor-challenge/passkey/options');
      expect(options.status).toBe(200);
      expect(options.data.allowCredentials).toEqual([{ id: authenticator.credentials[0].id, type: 'public-key', transports: ['internal'] }]);

      const wrong = await spa.http.post('/two-factor-challenge', { credential: authenticator.assert(options.data, { origin: 'http://evil.example' }) });
      expect([wrong.status, wrong.data.errors]).toEqual([422, { credential: ['The provided passkey was invalid.'] }]);
      const fresh = (await spa.http.post('/two-factor-challenge/passkey/options')).data;
      // A login challenge cannot answer a second factor.
      const loginOptions = (await spa.http.post('/passkeys/login/options', {})).data;
      expect((await spa.http.post('/two-factor-challenge', { credential: authenticator.assert(loginOptions) })).status).toBe(422);
      const ok = await spa.http.post('/two-factor-challenge', { credential: authenticator.assert(fresh) });
      expect(ok.status).toBe(204);
      expect((await spa.http.get('/api/user')).data.id).toBe(user.id);
      expect((await auditEvents(t, 'passkey.login', user.id)).at(-1)!.metadata).toEqual({ passkey_id: passkey.id, stage: 'two_factor', via: 'session', user_verified: true });
    });

    it('answers the challenge of a token login with a passkey (mobile)', async () => {
      const { user } = await seedTwoFactorUser(t);
      const totp = await totpOf(t, user.id);
      const setup = spaClient(t.url, ORIGIN);
      await setup.http.get('/sanctum/csrf-cookie');
      await setup.http.post('/login', { email: user.email, password: user.plainPassword });
      expect((await setup.http.post('/two-factor-challenge', { code: oathtool(totp, await settledNow()) })).status).toBe(204);
      await setup.http.post('/user/confirm-password', { password: user.plainPassword });
      const authenticator = new SoftAuthenticator(ORIGIN);
      await registerPasskey(setup, authenticator);

      const app = mobile(t);
      const login = await app.post('/api/login', { email: user.email, password: user.plainPassword, device_name: 'Pixel' });
      expect(login.body.two_factor).toBe(true);
      expect((await app.post('/api/two-factor-challenge/passkey/options', { challenge_token: 'nope' })).status).toBe(422);
      const options = await app.post('/api/two-factor-challenge/passkey/options', { challenge_token: login.body.challenge_token });
      expect(options.status).toBe(200);
      const res = await app.post('/api/two-factor-challenge', { challenge_token: login.body.challenge_token, credential: authenticator.assert(options.body) });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ token_type: 'Bearer', user: { id: user.id } });
    });
  });

  describe('disabled account', () => {
    it('a user disabled by ldap:sync signs in with its passkey neither in the browser nor for a token', async () => {
      const { user, authenticator, passkey } = await userWithPasskey(t);
      await t.db.query('UPDATE users SET disabled_at = now() WHERE id = $1', [user.id]);
      const spa = await guestSpa(t);
      const res = await spa.http.post('/passkeys/login', { credential: authenticator.assert((await spa.http.post('/passkeys/login/options', {})).data) });
      expect([res.status, res.data]).toEqual([422, INVALID]);
      expect((await spa.http.get('/api/user')).status).toBe(401);
      const app = mobile(t);
      const options = await app.post('/api/passkeys/login/options', {});
      const token = await app.post('/api/passkeys/login', { credential: authenticator.assert(options.body), device_name: 'iPhone' });
      expect([token.status, token.body]).toEqual([422, INVALID]);
      expect((await auditEvents(t, 'passkey.failed', user.id)).map((e) => e.metadata)).toEqual([
        { stage: 'login', reason: 'disabled', passkey_id: passkey.id },
        { stage: 'login', reason: 'disabled', passkey_id: passkey.id },
      ]);
    });
  });

  describe('token login (mobile)', () => {
    it('POST /api/passkeys/login answers {token, token_type, user}, and the token works', async () => {
      const { user, authenticator } = await userWithPasskey(t);
      const app = mobile(t);
      const options = await app.post('/api/passkeys/login/options', {});
      expect(options.status).toBe(200);
      const res = await app.post('/api/passkeys/login', { credential: authenticator.assert(options.body), device_name: 'iPhone' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ token: expect.stringMatching(/^\d+\|gth_/), token_type: 'Bearer', user: expect.objectContaining({ id: user.id }) });
      const me = await request(t.url).get('/api/user').set('Authorization', `Bearer ${res.body.token}`);
      expect(me.body.id).toBe(user.id);
      const { rows } = await t.db.query('SELECT name FROM personal_access_tokens WHERE user_id = $1', [user.id]);
      expect(rows).toEqual([{ name: 'iPhone' }]);
      expect((await app.post('/api/passkeys/login', { credential: authenticator.assert(options.body) })).status).toBe(422);
    });
  });

  describe('rename and remove', () => {
    it('renames and removes only the caller’s passkeys, with an audit event', async () => {
      const { user, spa, passkey } = await userWithPasskey(t);
      const { spa: other, passkey: otherKey } = await userWithPasskey(t);
      const renamed = await spa.http.patch(`/user/passkeys/${passkey.id}`, { name: 'Work laptop' });
      expect([renamed.status, renamed.data.name]).toEqual([200, 'Work laptop']);
      expect((await other.http.patch(`/user/passkeys/${passkey.id}`, { name: 'Mine' })).status).toBe(404);
      expect((await other.http.delete(`/user/passkeys/${passkey.id}`)).status).toBe(404);
      expect((await spa.http.delete(`/user/passkeys/${passkey.id}`)).status).toBe(204);
      expect((await spa.http.get('/user/passkeys')).data).toEqual({ data: [] });
      expect((await auditEvents(t, 'passkey.removed', user.id)).map((e) => e.metadata)).toEqual([{ passkey_id: passkey.id }]);
      expect((await other.http.get('/user/passkeys')).data.data.map((p: { id: number }) => p.id)).toEqual([otherKey.id]);
    });

    it('refuses to remove the last login method of a passwordless account (social accounts count)', async () => {
      const { user, passkey, authenticator } = await userWithPasskey(t);
      await t.db.query('UPDATE users SET password = NULL WHERE id = $1', [user.id]);
      const fresh = await guestSpa(t);
      expect((await passkeyLogin(fresh, authenticator)).res.status).toBe(200);
      const last = await fresh.http.delete(`/user/passkeys/${passkey.id}`);
      expect([last.status, last.data.errors]).toEqual([422, { passkey: [expect.stringContaining('only way to log in')] }]);
      // With a second passkey, one may go.
      const second = await registerPasskey(fresh, new SoftAuthenticator(ORIGIN), 'Phone');
      expect((await fresh.http.delete(`/user/passkeys/${passkey.id}`)).status).toBe(204);
      expect((await fresh.http.delete(`/user/passkeys/${second.id}`)).status).toBe(422);
      // A linked social account is another way in.
      await t.db.query(`INSERT INTO social_accounts (user_id, provider, subject) VALUES ($1, 'corp', 'sub-${user.id}')`, [user.id]);
      expect((await fresh.http.delete(`/user/passkeys/${second.id}`)).status).toBe(204);
    });
  });

  describe('last login method across passkeys and social accounts', () => {
    async function passwordlessWithSocial() {
      const { user, passkey, authenticator } = await userWithPasskey(t);
      await t.db.query('UPDATE users SET password = NULL WHERE id = $1', [user.id]);
      const { rows } = await t.db.query(`INSERT INTO social_accounts (user_id, provider, subject) VALUES ($1, 'corp', 'sub-x-${user.id}') RETURNING id`, [user.id]);
      const spa = await guestSpa(t);
      expect((await passkeyLogin(spa, authenticator)).res.status).toBe(200);
      return { user, passkey, spa, accountId: Number(rows[0].id) };
    }

    it('lets a passwordless account unlink its last social account while a passkey remains, then keeps the passkey', async () => {
      const { spa, passkey, accountId } = await passwordlessWithSocial();
      expect((await spa.http.delete(`/user/connected-accounts/${accountId}`)).status).toBe(204);
      expect((await spa.http.delete(`/user/passkeys/${passkey.id}`)).status).toBe(422);
    });

    it('never removes both at once: of a parallel unlink and passkey removal exactly one succeeds', async () => {
      for (let round = 0; round < 3; round++) {
        const { user, spa, passkey, accountId } = await passwordlessWithSocial();
        const [social, key] = await Promise.all([spa.http.delete(`/user/connected-accounts/${accountId}`), spa.http.delete(`/user/passkeys/${passkey.id}`)]);
        expect([social.status, key.status].sort()).toEqual([204, 422]);
        const left = await t.db.query('SELECT (SELECT count(*) FROM passkeys WHERE user_id = $1) + (SELECT count(*) FROM social_accounts WHERE user_id = $1) AS n', [user.id]);
        expect(Number(left.rows[0].n)).toBe(1);
      }
    });
  });

  describe('who may call', () => {
    it('401 for a guest, 419 for an unsafe request without X-XSRF-TOKEN, 403 for a narrow token, 2xx for the owner', async () => {
      const guest = spaClient(t.url, ORIGIN);
      expect((await guest.http.get('/user/passkeys')).status).toBe(401);
      await guest.http.get('/sanctum/csrf-cookie');
      for (const [method, path] of [['post', '/user/passkeys/options'], ['post', '/user/passkeys'], ['patch', '/user/passkeys/1'], ['delete', '/user/passkeys/1']] as const) {
        const res = await guest.http.request({ method, url: path, data: {} });
        expect([method, path, res.status, res.data.message]).toEqual([method, path, 401, 'Unauthenticated.']);
      }
      const noXsrf = { headers: { 'X-XSRF-TOKEN': '' } };
      for (const path of ['/passkeys/login/options', '/passkeys/login', '/two-factor-challenge/passkey/options']) {
        expect([path, (await guest.http.post(path, {}, noXsrf)).status]).toEqual([path, 419]);
      }
      const { user, spa, passkey } = await userWithPasskey(t);
      for (const [method, path] of [['post', '/user/passkeys/options'], ['post', '/user/passkeys'], ['patch', `/user/passkeys/${passkey.id}`], ['delete', `/user/passkeys/${passkey.id}`]] as const) {
        const res = await spa.http.request({ method, url: path, data: { name: 'x' }, ...noXsrf });
        expect([method, path, res.status]).toEqual([method, path, 419]);
      }
      const narrow = await tokenFor(t, user.id, ['posts.read']);
      for (const [method, path] of [['get', '/user/passkeys'], ['post', '/user/passkeys/options'], ['patch', `/user/passkeys/${passkey.id}`], ['delete', `/user/passkeys/${passkey.id}`]] as const) {
        const res = await request(t.url)[method](path).set('Authorization', `Bearer ${narrow}`).set('Accept', 'application/json').send({ name: 'x' });
        expect([method, path, res.status]).toEqual([method, path, 403]);
      }
      // A full-access token: the list, and options once the token confirmed the password.
      const full = await tokenFor(t, user.id, ['*']);
      const asToken = (req: request.Test) => req.set('Authorization', `Bearer ${full}`).set('Accept', 'application/json');
      expect((await asToken(request(t.url).get('/user/passkeys'))).body.data).toHaveLength(1);
      expect((await asToken(request(t.url).post('/user/passkeys/options'))).status).toBe(423);
      expect((await asToken(request(t.url).post('/user/confirm-password')).send({ password: user.plainPassword })).status).toBe(201);
      expect((await asToken(request(t.url).post('/user/passkeys/options'))).status).toBe(200);
      expect((await spa.http.get('/user/passkeys')).status).toBe(200);
      // Mobile login routes take no session, hence no CSRF: a token app calls them without cookies.
      expect((await mobile(t).post('/api/passkeys/login/options', {})).status).toBe(200);
    });
  });
});

describe('passkey login throttle', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ env: { LOGIN_MAX_ATTEMPTS: '3', LOGIN_DECAY_SECONDS: '60' } });
  });
  afterAll(() => t.close());

  it('counts passkey logins per address like /login: the 4th bad try in the window is 429', async () => {
    const spa = await guestSpa(t);
    const bogus = { id: 'a', rawId: 'a', type: 'public-key', response: { clientDataJSON: 'e30', authenticatorData: 'AA', signature: 'AA' } };
    for (let i = 0; i < 3; i++) expect((await spa.http.post('/passkeys/login', { credential: bogus })).status).toBe(422);
    const blocked = await spa.http.post('/passkeys/login', { credential: bogus });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await mobile(t).post('/api/passkeys/login', { credential: bogus, device_name: 'x' })).status).toBe(429);
  });
});

describe('passkey options throttle', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ env: { RATE_LIMIT_PASSKEY_OPTIONS: '3,1' } });
  });
  afterAll(() => t.close());

  it('every options answer stores a challenge: a guest address gets RATE_LIMIT_PASSKEY_OPTIONS of them, on all four routes together, then 429', async () => {
    const spa = await guestSpa(t);
    for (let i = 0; i < 3; i++) expect((await spa.http.post('/passkeys/login/options', {})).status).toBe(200);
    const blocked = await spa.http.post('/passkeys/login/options', {});
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await spa.http.post('/two-factor-challenge/passkey/options', {})).status).toBe(429);
    expect((await mobile(t).post('/api/passkeys/login/options', {})).status).toBe(429);
    expect((await mobile(t).post('/api/two-factor-challenge/passkey/options', { challenge_token: 'x' })).status).toBe(429);
    const { rows } = await t.db.query("SELECT count(*)::int AS n FROM passkey_challenges");
    expect(rows[0].n).toBe(3);
  });
});

async function totpOf(t: TestApp, userId: number): Promise<string> {
  const { rows } = await t.db.query('SELECT two_factor_secret FROM users WHERE id = $1', [userId]);
  return new Encrypter(t.config.appKey).decrypt(rows[0].two_factor_secret);
}
