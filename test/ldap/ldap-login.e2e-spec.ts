import request from 'supertest';
import { LdapLoginService } from '../../src/ldap/ldap-login.service';
import { DeferredTasks } from '../../src/mail/deferred-tasks';
import { TeamsService } from '../../src/rbac/teams.service';
import { createRole } from '../../src/testing';
import { createUser } from '../support/factories';
import { SmtpCapture, startSmtpCapture } from '../support/smtp';
import { spaClient } from '../support/spa-client';
import { ALICE, auditRows, BOB, CAROL, dnOf, FRANK, GRACE, groupDn, LdapWorld, personLdif, rolesOf, startLdapWorld } from './support';

const FAILED = 'These credentials do not match our records.';

describe('LDAP login against a real slapd (POST /login, POST /api/login)', () => {
  let w: LdapWorld;
  let smtp: SmtpCapture;
  beforeAll(async () => {
    smtp = await startSmtpCapture();
    w = await startLdapWorld({ MAIL_URL: smtp.url });
    for (const name of ['admin', 'editor', 'site-editor']) await createRole(w.t.app, { name });
    // The team-scoped rule names team 1: the first team of this fresh database.
    const team = await w.t.app.get(TeamsService).create('Site A');
    expect(Number(team.id)).toBe(1);
  }, 60_000);
  afterAll(async () => {
    await w.close();
    await smtp.close();
  });

  const apiLogin = (body: object) => request(w.t.url).post('/api/login').set('Accept', 'application/json').send({ device_name: 'test', ...body });
  const userRow = async (email: string) => (await w.t.db.query('SELECT * FROM users WHERE lower(email) = $1', [email])).rows[0];

  it('provisions a user on the first bind by username: verified, no password, is_ldap_user, linked by entryUUID, roles from groups', async () => {
    const res = await apiLogin({ username: ALICE.uid, password: ALICE.password });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ email: ALICE.mail, name: ALICE.cn });
    const row = await userRow(ALICE.mail);
    expect(row).toMatchObject({ is_ldap_user: true, password: null, ldap_dn: dnOf(ALICE.uid), ldap_guid: await w.ldap.entryUuid(dnOf(ALICE.uid)) });
    expect(row.email_verified_at).not.toBeNull();
    expect(await rolesOf(w.t, row.id)).toEqual(['admin', 'editor', 'user']);
    expect(await rolesOf(w.t, row.id, 1)).toEqual(['site-editor']);
    expect((await auditRows(w.t, 'ldap.provisioned')).map((r) => r.metadata.dn)).toContain(dnOf(ALICE.uid));
    const me = await request(w.t.url).get('/api/user').set('Authorization', `Bearer ${res.body.token}`).set('Accept', 'application/json');
    expect(me.body.email).toBe(ALICE.mail);
  });

  it('logs the same user in by email in the `email` field over the SPA session flow', async () => {
    const client = spaClient(w.t.url);
    await client.http.get('/sanctum/csrf-cookie');
    const res = await client.http.post('/login', { email: ALICE.mail.toUpperCase(), password: ALICE.password });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ two_factor: false });
    const me = await client.http.get('/api/user');
    expect(me.data.email).toBe(ALICE.mail);
    expect((await w.t.db.query('SELECT count(*)::int AS n FROM users WHERE lower(email) = $1', [ALICE.mail])).rows[0].n).toBe(1);
    expect((await auditRows(w.t, 'ldap.login')).length).toBeGreaterThanOrEqual(2);
  });

  it('re-syncs attributes and group roles on every login', async () => {
    await apiLogin({ username: BOB.uid, password: BOB.password }).expect(201);
    const bob = await userRow(BOB.mail);
    expect(await rolesOf(w.t, bob.id)).toEqual(['editor', 'user']);
    await w.ldap.modify(`dn: ${dnOf(BOB.uid)}\nchangetype: modify\nreplace: cn\ncn: Robert Baker\n`);
    await w.ldap.modify(`dn: ${groupDn('admins')}\nchangetype: modify\nadd: member\nmember: ${dnOf(BOB.uid)}\n`);
    await w.ldap.modify(`dn: ${groupDn('editors')}\nchangetype: modify\ndelete: member\nmember: ${dnOf(BOB.uid)}\n`);
    const res = await apiLogin({ username: BOB.uid, password: BOB.password });
    expect(res.status).toBe(201);
    expect(res.body.user.name).toBe('Robert Baker');
    // The directory's roles follow the groups; the default role (not managed by the mapping) stays.
    expect(await rolesOf(w.t, bob.id)).toEqual(['admin', 'user']);
    expect(await rolesOf(w.t, bob.id, 1)).toEqual([]);
  });

  it('still maps to the same user by GUID after the entry is renamed (ldapmodrdn) and its email changed', async () => {
    const first = await apiLogin({ username: FRANK.uid, password: FRANK.password });
    expect(first.status).toBe(201);
    const id = first.body.user.id;
    await w.ldap.rename(dnOf(FRANK.uid), 'uid=frank.fox');
    await w.ldap.modify(`dn: ${dnOf('frank.fox')}\nchangetype: modify\nreplace: mail\nmail: ffox@corp.example\n`);
    const res = await apiLogin({ username: 'frank.fox', password: FRANK.password });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ id, email: 'ffox@corp.example' });
    expect(await userRow('ffox@corp.example')).toMatchObject({ ldap_dn: dnOf('frank.fox') });
    expect(Number((await userRow('ffox@corp.example')).id)).toBe(id);
    expect(await userRow(FRANK.mail)).toBeUndefined();
    // The old identifiers name nobody now.
    expect((await apiLogin({ username: FRANK.uid, password: FRANK.password })).status).toBe(422);
  });

  it('refuses a wrong password with the usual 422 and audits ldap.failed', async () => {
    const res = await apiLogin({ email: CAROL.mail, password: 'wrong-password' });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ message: FAILED, errors: { email: [FAILED] } });
    expect(await userRow(CAROL.mail)).toBeUndefined();
    expect((await auditRows(w.t, 'ldap.failed')).at(-1)?.metadata).toEqual({ login: CAROL.mail, reason: 'invalid_password' });
    expect((await auditRows(w.t, 'login.failed')).at(-1)?.metadata).toEqual({ email: CAROL.mail });
  });

  it('names the username field in the errors when the identifier came as `username`', async () => {
    const res = await apiLogin({ username: CAROL.uid, password: 'nope' });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({ username: [FAILED] });
  });

  it('refuses an empty password before any bind: the route answers 422 errors.password, the service returns no user', async () => {
    const before = w.ldap.log().length;
    const res = await apiLogin({ email: CAROL.mail, password: '' });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.errors)).toEqual(['password']);
    // The service's own guard, for callers that skip the route's validation: no bind, an audited refusal.
    const user = await w.t.app.get(LdapLoginService).attempt({ ip: '127.0.0.1', userAgent: null }, CAROL.uid, '', null, 'session');
    expect(user).toBeNull();
    expect((await auditRows(w.t, 'ldap.failed')).at(-1)?.metadata).toEqual({ login: CAROL.uid, reason: 'empty_password' });
    expect(w.ldap.log().slice(before)).not.toMatch(/BIND dn="uid=carol/i);
  });

  it.each(['*)(uid=*', '*', 'alice)(|(uid=*', '*)(objectClass=*'])('escapes the identifier %j: it matches nobody, and reaches the server escaped', async (login) => {
    const before = w.ldap.log().length;
    const res = await apiLogin({ username: login, password: ALICE.password });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({ username: [FAILED] });
    const log = w.ldap.log().slice(before);
    expect(log).toContain('\\2A');
    expect(log).not.toMatch(/filter="[^"]*uid=\*\)/);
  });

  it('leaves a local user (bcrypt password) on its local password, and never binds for it', async () => {
    const local = await createUser(w.t.app, { email: 'local@example.com', password: 'local-password' });
    const before = w.ldap.log().length;
    expect((await apiLogin({ email: local.email, password: 'local-password' })).status).toBe(201);
    expect((await apiLogin({ email: local.email, password: 'wrong' })).status).toBe(422);
    expect(w.ldap.log().slice(before)).not.toContain('BIND');
  });

  it('does not hand a local account to a directory entry with the same email', async () => {
    await createUser(w.t.app, { email: GRACE.mail, password: 'local-password' });
    // By username the directory finds Grace's entry, whose address belongs to the local account.
    const res = await apiLogin({ username: GRACE.uid, password: GRACE.password });
    expect(res.status).toBe(422);
    expect((await auditRows(w.t, 'ldap.failed')).at(-1)?.metadata).toEqual({ login: GRACE.uid, reason: 'email_taken' });
    expect((await userRow(GRACE.mail)).is_ldap_user).toBe(false);
  });

  it('refuses password change for a directory user with a clear 422; a reset needs a token no directory user is given', async () => {
    const login = await apiLogin({ email: ALICE.mail, password: ALICE.password });
    const change = await request(w.t.url)
      .put('/user/password')
      .set('Authorization', `Bearer ${login.body.token}`)
      .set('Accept', 'application/json')
      .send({ current_password: ALICE.password, password: 'new-password-123', password_confirmation: 'new-password-123' });
    expect(change.status).toBe(422);
    expect(change.body.errors.password[0]).toMatch(/managed by your organization's directory/);
    const guest = spaClient(w.t.url);
    await guest.http.get('/sanctum/csrf-cookie');
    // Answered as for any address with a wrong token: the reset route tells a stranger nothing about the account.
    const reset = await guest.http.post('/reset-password', { token: 'x'.repeat(64), email: ALICE.mail, password: 'new-password-123', password_confirmation: 'new-password-123' });
    const stranger = await guest.http.post('/reset-password', { token: 'x'.repeat(64), email: 'nobody@corp.example', password: 'new-password-123', password_confirmation: 'new-password-123' });
    expect([reset.status, reset.data]).toEqual([422, stranger.data]);
    expect(reset.data.errors.email).toEqual(['This password reset token is invalid.']);
    expect((await userRow(ALICE.mail)).password).toBeNull();
  });

  it("refuses a profile edit of the directory's attributes (the next login would undo it); other fields stay editable", async () => {
    const login = await apiLogin({ email: ALICE.mail, password: ALICE.password });
    const put = (body: object) =>
      request(w.t.url).put('/user/profile-information').set('Authorization', `Bearer ${login.body.token}`).set('Accept', 'application/json').send(body);
    const renamed = await put({ name: 'Not Alice', email: ALICE.mail });
    expect(renamed.status).toBe(422);
    expect(renamed.body.errors).toEqual({ name: ["This field is managed by your organization's directory; change it there."] });
    const moved = await put({ name: ALICE.cn, email: 'elsewhere@corp.example' });
    expect(Object.keys(moved.body.errors ?? {})).toEqual(['email']);
    expect(await userRow('elsewhere@corp.example')).toBeUndefined();
    expect((await put({ name: ALICE.cn, email: ALICE.mail, locale: 'fr' })).status).toBe(200);
    expect((await userRow(ALICE.mail)).name).toBe(ALICE.cn);
  });

  it('refuses a login two directory entries match (never guesses who it is)', async () => {
    const twin = (uid: string) => personLdif({ uid, cn: `Twin ${uid}`, mail: 'twins@corp.example', password: 'twin-pass-123' });
    await w.ldap.add(`${twin('twin1')}\n${twin('twin2')}`);
    const res = await apiLogin({ email: 'twins@corp.example', password: 'twin-pass-123' });
    expect(res.status).toBe(422);
    expect((await auditRows(w.t, 'ldap.failed')).at(-1)?.metadata).toEqual({ login: 'twins@corp.example', reason: 'ambiguous' });
    expect(await userRow('twins@corp.example')).toBeUndefined();
  });

  it('POST /forgot-password answers a directory user as anyone, and mails it where to change its password instead of a reset link', async () => {
    const local = await createUser(w.t.app, { email: 'local-reset@example.com', password: 'local-password' });
    for (const email of [ALICE.mail, local.email]) {
      const guest = spaClient(w.t.url);
      await guest.http.get('/sanctum/csrf-cookie');
      expect((await guest.http.post('/forgot-password', { email })).status).toBe(200);
    }
    await w.t.app.get(DeferredTasks).idle();
    const { rows } = await w.t.db.query('SELECT email FROM password_reset_tokens ORDER BY email');
    expect(rows.map((row: { email: string }) => row.email)).toEqual([local.email]);
    const directoryMail = await smtp.waitFor((mail) => mail.envelopeTo.includes(ALICE.mail));
    expect(directoryMail.text).toContain("This account's password is managed by your organization's directory");
    expect(directoryMail.text).not.toMatch(/reset-password|token=/);
    expect((await smtp.waitFor((mail) => mail.envelopeTo.includes(local.email))).text).toMatch(/token=/);
  });
});
