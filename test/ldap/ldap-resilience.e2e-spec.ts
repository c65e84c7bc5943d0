import request from 'supertest';
import { LdapAccountsService } from '../../src/ldap/ldap-accounts.service';
import { UsersService } from '../../src/users/users.service';
import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { LogCapture } from '../support/log-capture';
import { apiChallenge, enableTwoFactor, oathtool, settledNow, spaCaller, startSpaChallenge, STEP_MS } from '../two-factor/support';
import { spaClient } from '../support/spa-client';
import { auditRows, BOB, CAROL, DAVE, ERIN, ldapEnv, LdapWorld, startLdapWorld } from './support';

const UNAVAILABLE = { message: 'The directory service is unavailable. Please try again later.' };

describe('LDAP login: two-factor, throttle, and a directory that is wrong, down or hung', () => {
  let w: LdapWorld;
  beforeAll(async () => {
    w = await startLdapWorld({ LOGIN_MAX_ATTEMPTS: '5' });
  }, 60_000);
  afterAll(() => w.close());

  const apiLogin = (t: TestApp, body: object) => request(t.url).post('/api/login').set('Accept', 'application/json').send({ device_name: 'test', ...body });
  const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
    const started = Date.now();
    const value = await work();
    return [value, Date.now() - started];
  };

  it('an LDAP user with TOTP: the password (confirmed by binding) leads to the challenge; oathtool codes complete it', async () => {
    const spa = spaClient(w.t.url);
    await spa.http.get('/sanctum/csrf-cookie');
    expect((await spa.http.post('/login', { username: DAVE.uid, password: DAVE.password })).status).toBe(200);
    const now = await settledNow();
    // Confirming the password binds as the directory entry: the local column is null.
    expect((await spa.http.post('/user/confirm-password', { password: 'not-daves' })).status).toBe(422);
    const secret = await enableTwoFactor(spaCaller(spa), DAVE.password, now - STEP_MS);
    const recoveryCodes = (await spa.http.get('/user/two-factor-recovery-codes')).data as string[];
    expect(recoveryCodes).toHaveLength(8);
    await spa.http.post('/logout');

    const pending = await startSpaChallenge(w.t, DAVE.mail, DAVE.password);
    expect((await pending.http.get('/api/user')).status).toBe(401);
    const done = await pending.http.post('/two-factor-challenge', { code: oathtool(secret, now) });
    expect(done.status).toBe(204);
    expect((await pending.http.get('/api/user')).data.email).toBe(DAVE.mail);

    const mobile = await apiLogin(w.t, { email: DAVE.mail, password: DAVE.password });
    expect(mobile.status).toBe(200);
    expect(mobile.body.two_factor).toBe(true);
    const token = await apiChallenge(w.t, { challenge_token: mobile.body.challenge_token, code: oathtool(secret, now + STEP_MS) });
    expect(token.status).toBe(201);
    expect(token.body.user.email).toBe(DAVE.mail);

    // Disabled (as ldap:sync does) while a challenge is pending: the right code no longer logs in.
    const late = await startSpaChallenge(w.t, DAVE.mail, DAVE.password);
    const accounts = w.t.app.get(LdapAccountsService);
    await accounts.disable((await w.t.app.get(UsersService).findByEmail(DAVE.mail))!);
    const refused = await late.http.post('/two-factor-challenge', { recovery_code: recoveryCodes[0] });
    expect(refused.status).toBe(422);
    expect((await late.http.get('/api/user')).status).toBe(401);
  });

  it('throttles LDAP logins as local ones: the 6th attempt answers 429 even with the right password, without a bind', async () => {
    for (let i = 0; i < 5; i++) expect((await apiLogin(w.t, { username: ERIN.uid, password: `wrong-${i}` })).status).toBe(422);
    const before = w.ldap.log().length;
    const res = await apiLogin(w.t, { username: ERIN.uid, password: ERIN.password });
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toMatch(/^\d+$/);
    expect(res.body.errors.username[0]).toMatch(/^Too many login attempts/);
    expect(w.ldap.log().slice(before)).not.toContain('BIND');
    expect((await auditRows(w.t, 'login.throttled')).length).toBeGreaterThanOrEqual(1);
  });

  it('a wrong service account: LDAP logins answer 503, local users are unaffected, the service password is never logged', async () => {
    const logs = new LogCapture();
    const wrong = await startApp({ env: { LOG_LEVEL: 'info', ...ldapEnv(w.ldap, { LDAP_BIND_PASSWORD: 'not-the-service-password' }) }, logStream: logs });
    try {
      const local = await createUser(wrong.app, { email: 'local@example.com', password: 'local-password' });
      const res = await apiLogin(wrong, { username: BOB.uid, password: BOB.password });
      expect(res.status).toBe(503);
      expect(res.body).toEqual(UNAVAILABLE);
      expect((await apiLogin(wrong, { email: local.email, password: 'local-password' })).status).toBe(201);
      expect((await auditRows(wrong, 'ldap.failed')).at(-1)?.metadata).toEqual({ login: BOB.uid, reason: 'directory_unavailable' });
      expect(logs.raw).toContain('refused the service account');
      expect(logs.raw).not.toContain('not-the-service-password');
      expect(logs.raw).not.toContain(BOB.password);
    } finally {
      await wrong.close();
    }
  });

  it('the directory down (slapd stopped mid-test): 503 at once for LDAP logins, local users log in; back up, LDAP works again', async () => {
    const local = await createUser(w.t.app, { email: 'local-down@example.com', password: 'local-password' });
    expect((await apiLogin(w.t, { username: CAROL.uid, password: CAROL.password })).status).toBe(201);
    const carolSession = spaClient(w.t.url);
    await carolSession.http.get('/sanctum/csrf-cookie');
    expect((await carolSession.http.post('/login', { username: CAROL.uid, password: CAROL.password })).status).toBe(200);
    await w.ldap.stop();
    try {
      // Confirming the password needs the directory too: 503, not "wrong password".
      const confirm = await carolSession.http.post('/user/confirm-password', { password: CAROL.password });
      expect(confirm.status).toBe(503);
      expect(confirm.data).toEqual(UNAVAILABLE);
      const [known, knownMs] = await timed(() => apiLogin(w.t, { email: CAROL.mail, password: CAROL.password }));
      expect(known.status).toBe(503);
      expect(known.body).toEqual(UNAVAILABLE);
      expect(knownMs).toBeLessThan(2500);
      // An identifier unknown here needs the directory too.
      expect((await apiLogin(w.t, { username: 'nobody-here', password: 'whatever-1' })).status).toBe(503);
      expect((await apiLogin(w.t, { email: local.email, password: 'local-password' })).status).toBe(201);
    } finally {
      await w.ldap.start();
    }
    expect((await apiLogin(w.t, { email: CAROL.mail, password: CAROL.password })).status).toBe(201);
  });

  it('the directory hung (SIGSTOP: connections accepted, no answer): 503 within connect + operation timeout, local users unaffected meanwhile', async () => {
    const local = await createUser(w.t.app, { email: 'local-hung@example.com', password: 'local-password' });
    w.ldap.pause();
    try {
      const hung = timed(() => apiLogin(w.t, { email: CAROL.mail, password: CAROL.password }));
      const [localRes, localMs] = await timed(() => apiLogin(w.t, { email: local.email, password: 'local-password' }));
      expect(localRes.status).toBe(201);
      expect(localMs).toBeLessThan(1000);
      const [res, ms] = await hung;
      expect(res.status).toBe(503);
      expect(res.body).toEqual(UNAVAILABLE);
      // LDAP_CONNECT_TIMEOUT_MS + LDAP_TIMEOUT_MS = 2000 ms, plus the request's own time.
      expect(ms).toBeGreaterThanOrEqual(900);
      expect(ms).toBeLessThan(3000);
    } finally {
      w.ldap.resume();
    }
    expect((await apiLogin(w.t, { email: CAROL.mail, password: CAROL.password })).status).toBe(201);
  });
});
