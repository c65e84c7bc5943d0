import request from 'supertest';
import type { Env } from '../../src/config/config';
import { runCli } from '../../src/run-cli';
import { createRole } from '../../src/testing';
import { TEST_APP_KEY } from '../support/app';
import { spaClient } from '../support/spa-client';
import { ALICE, BOB, dnOf, ERIN, groupDn, ldapEnv, LdapWorld, SERVICE, startLdapWorld } from './support';

describe('ldap:test and ldap:sync (CLI, in-process, against the real slapd and the app\'s database)', () => {
  let w: LdapWorld;
  beforeAll(async () => {
    w = await startLdapWorld();
    for (const name of ['admin', 'editor']) await createRole(w.t.app, { name });
  }, 60_000);
  afterAll(() => w.close());

  async function cli(argv: string[], extra: Env = {}) {
    const out: string[] = [];
    const err: string[] = [];
    const env = { NODE_ENV: 'test', APP_KEY: TEST_APP_KEY, BCRYPT_ROUNDS: '4', LOG_LEVEL: 'silent', DATA_DIR: w.t.config.dataDir, DATABASE_URL: w.t.databaseUrl, ...ldapEnv(w.ldap), ...extra };
    const code = await runCli(argv, { out: (line) => out.push(line), err: (line) => err.push(line) }, env);
    return { code, out, err };
  }
  const apiLogin = (body: object) => request(w.t.url).post('/api/login').set('Accept', 'application/json').send({ device_name: 'test', ...body });

  it('ldap:test prints the entry a login finds: DN, GUID, mapped attributes, groups and roles', async () => {
    const run = await cli(['ldap:test', ALICE.uid]);
    expect(run).toMatchObject({ code: 0, err: [] });
    expect(run.out).toEqual([
      `DN: ${dnOf(ALICE.uid)}`,
      `GUID: ${await w.ldap.entryUuid(dnOf(ALICE.uid))}`,
      `name: ${ALICE.cn}`,
      `email: ${ALICE.mail}`,
      `groups: ${groupDn('admins')}; ${groupDn('editors')}`,
      'roles: admin, editor, site-editor (team 1)',
    ]);
    // A lookup writes nothing.
    expect((await w.t.db.query('SELECT count(*)::int AS n FROM users')).rows[0].n).toBe(0);
  });

  it('ldap:test exits 1 with the reason: no such login, a wrong service account (never printed), LDAP not configured', async () => {
    expect(await cli(['ldap:test', 'nobody'])).toEqual({ code: 1, out: [], err: ['Not found: no entry matches LDAP_USER_FILTER for this login.'] });
    const wrong = await cli(['ldap:test', ALICE.uid], { LDAP_BIND_PASSWORD: 'wrong-service-pass' });
    expect(wrong.code).toBe(1);
    expect(wrong.err).toHaveLength(1);
    expect(wrong.err[0]).toMatch(/^The directory could not be used: service bind failed \(InvalidCredentialsError/);
    expect(wrong.err.join(' ') + wrong.out.join(' ')).not.toContain('wrong-service-pass');
    expect(wrong.err.join(' ')).not.toContain(SERVICE.password);
    const off = await cli(['ldap:test', ALICE.uid], { LDAP_URL: '' });
    expect(off.code).toBe(1);
    expect(off.err[0]).toMatch(/^LDAP is not configured/);
    expect((await cli(['ldap:test'])).code).toBe(1);
  });

  it('ldap:sync refreshes attributes and disables a deleted user: its session ends, its token is refused, its login too', async () => {
    const spa = spaClient(w.t.url);
    await spa.http.get('/sanctum/csrf-cookie');
    expect((await spa.http.post('/login', { username: ERIN.uid, password: ERIN.password })).status).toBe(200);
    expect((await spa.http.get('/api/user')).status).toBe(200);
    const erinToken = (await apiLogin({ username: ERIN.uid, password: ERIN.password }).expect(201)).body.token as string;
    const bobLogin = await apiLogin({ username: BOB.uid, password: BOB.password }).expect(201);
    const bobToken = bobLogin.body.token as string;
    const me = (token: string) => request(w.t.url).get('/api/user').set('Authorization', `Bearer ${token}`).set('Accept', 'application/json');
    expect((await me(erinToken)).status).toBe(200);

    await w.ldap.remove(dnOf(ERIN.uid));
    await w.ldap.modify(`dn: ${dnOf(BOB.uid)}\nchangetype: modify\nreplace: cn\ncn: Bobby Baker\n`);
    const run = await cli(['ldap:sync']);
    expect(run.code).toBe(0);
    const erinId = (await w.t.db.query('SELECT id FROM users WHERE email = $1', [ERIN.mail])).rows[0].id;
    expect(run.out).toEqual(['Synced 1 LDAP user(s).', `Disabled user ${erinId} <${ERIN.mail}>: no longer in the directory.`, 'Disabled 1 user(s).']);

    expect((await spa.http.get('/api/user')).status).toBe(401);
    expect((await me(erinToken)).status).toBe(401);
    expect((await w.t.db.query('SELECT disabled_at FROM users WHERE id = $1', [erinId])).rows[0].disabled_at).not.toBeNull();
    const audit = (await w.t.db.query(`SELECT metadata FROM audit_events WHERE event = 'ldap.disabled' AND user_id = $1`, [erinId])).rows;
    expect(audit).toEqual([{ metadata: { dn: dnOf(ERIN.uid), guid: expect.any(String), sessions_ended: 1, tokens_revoked: 1 } }]);
    // Back in the directory with the same uid (a new entry, a new GUID): still refused, the address is the disabled user's.
    await w.ldap.add(`dn: ${dnOf(ERIN.uid)}\nobjectClass: inetOrgPerson\nuid: ${ERIN.uid}\ncn: ${ERIN.cn}\nsn: Eve\nmail: ${ERIN.mail}\nuserPassword: ${ERIN.password}\n`);
    expect((await apiLogin({ username: ERIN.uid, password: ERIN.password })).status).toBe(422);
    expect((await apiLogin({ email: ERIN.mail, password: ERIN.password })).status).toBe(422);

    const bob = await me(bobToken);
    expect(bob.status).toBe(200);
    expect(bob.body.name).toBe('Bobby Baker');
  });

  it('ldap:sync with the directory down exits 1 and disables nobody', async () => {
    await w.ldap.stop();
    try {
      const run = await cli(['ldap:sync']);
      expect(run.code).toBe(1);
      expect(run.err[0]).toMatch(/^The directory could not be used/);
    } finally {
      await w.ldap.start();
    }
    const { rows } = await w.t.db.query('SELECT email FROM users WHERE disabled_at IS NOT NULL ORDER BY email');
    expect(rows.map((row: { email: string }) => row.email)).toEqual([ERIN.mail]);
  });
});
