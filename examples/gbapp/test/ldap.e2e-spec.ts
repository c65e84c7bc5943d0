import { startLdapServer, type LdapTestServer } from 'gatehouse/testing';
import { startExample, RunningExample } from '../../support/example-server';
import { gbapp } from '../src/app';
import { demoAccounts, getApiUser, tokenLogin, webClient, webLogin } from './clients';

const BASE_DN = 'dc=gbapp,dc=test';
const SERVICE = { dn: `cn=gbapp,ou=system,${BASE_DN}`, password: 'gb-service-pass' };
const MARIA = { uid: 'mgarcia', cn: 'Maria Garcia', mail: 'mgarcia@gbapp.test', password: 'maria-ldap-pass' };

const SEED = `dn: ou=people,${BASE_DN}
objectClass: organizationalUnit
ou: people

dn: ou=groups,${BASE_DN}
objectClass: organizationalUnit
ou: groups

dn: ou=system,${BASE_DN}
objectClass: organizationalUnit
ou: system

dn: ${SERVICE.dn}
objectClass: inetOrgPerson
cn: gbapp
sn: service
userPassword: ${SERVICE.password}

dn: uid=${MARIA.uid},ou=people,${BASE_DN}
objectClass: inetOrgPerson
uid: ${MARIA.uid}
cn: ${MARIA.cn}
sn: Garcia
mail: ${MARIA.mail}
userPassword: ${MARIA.password}

dn: cn=designers,ou=groups,${BASE_DN}
objectClass: groupOfNames
cn: designers
member: uid=${MARIA.uid},ou=people,${BASE_DN}
`;

describe('GB App: users with is_ldap_user sign in against the directory (a real slapd)', () => {
  let ldap: LdapTestServer;
  let example: RunningExample;
  beforeAll(async () => {
    ldap = await startLdapServer({ baseDn: BASE_DN, ldif: SEED });
    example = await startExample(gbapp, {
      LDAP_URL: ldap.url,
      LDAP_BIND_DN: SERVICE.dn,
      LDAP_BIND_PASSWORD: SERVICE.password,
      LDAP_BASE_DN: `ou=people,${BASE_DN}`,
      LDAP_ATTRIBUTES: 'name=cn,email=mail,username=uid',
      LDAP_GROUP_FILTER: '(member={dn})',
      LDAP_GROUP_BASE_DN: `ou=groups,${BASE_DN}`,
      LDAP_GROUP_ROLES: JSON.stringify([{ group: 'designers', role: 'designer' }]),
    });
    // demo:seed creates the designer role the group maps to.
    expect((await example.cli('demo:seed')).code).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await example?.close();
    await ldap?.close();
  });

  it('an LDAP user logs in through the documented session flow, is provisioned, and GET /api/user shows is_ldap_user', async () => {
    const web = await webLogin(example.url, MARIA.mail, MARIA.password);
    const created = await web.http.post('/api/tokens', { name: 'gb-reports' });
    expect(created.status).toBe(201);
    const res = await getApiUser(example.url, created.data.token as string);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: MARIA.cn,
      username: MARIA.uid,
      email: MARIA.mail,
      type: 'customer',
      is_ldap_user: true,
      role_names: ['designer', 'user'],
      permission_names: ['report.create'],
      email_verified_at: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
    });
  });

  it('the mobile login by username reads the same user; a rename and an email change in the directory keep it (GUID)', async () => {
    const before = (await getApiUser(example.url, await tokenLogin(example.url, MARIA.mail, MARIA.password))).body as { id: number };
    await ldap.rename(`uid=${MARIA.uid},ou=people,${BASE_DN}`, 'uid=mgarcia2');
    await ldap.modify(`dn: uid=mgarcia2,ou=people,${BASE_DN}\nchangetype: modify\nreplace: mail\nmail: maria.garcia@gbapp.test\n`);
    const res = await fetch(`${example.url}/api/login`, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'mgarcia2', password: MARIA.password, device_name: 'gb-mobile' }),
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { user: { id: number; username: string; email: string; is_ldap_user: boolean } };
    expect(body.user).toMatchObject({ id: before.id, username: 'mgarcia2', email: 'maria.garcia@gbapp.test', is_ldap_user: true });
  });

  it('a wrong directory password answers the documented 422; local demo accounts stay local (is_ldap_user false)', async () => {
    const web = webClient(example.url);
    await web.http.get('/sanctum/csrf-cookie');
    const wrong = await web.http.post('/login', { email: 'maria.garcia@gbapp.test', password: 'not-marias' });
    expect(wrong.status).toBe(422);
    expect(wrong.data).toEqual({ message: 'These credentials do not match our records.', errors: { email: ['These credentials do not match our records.'] } });
    const { admin } = demoAccounts((await example.cli('demo:seed')).out);
    const local = await getApiUser(example.url, await tokenLogin(example.url, admin.email, admin.password));
    expect(local.body).toMatchObject({ username: 'jdoe', is_ldap_user: false });
  });
});
