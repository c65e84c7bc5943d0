import request from 'supertest';
import { createRole } from '../../src/testing';
import { startLdapServer, type LdapTestServer } from '../../src/testing/ldap-server';
import { startApp, TestApp } from '../support/app';
import { ALICE, BASE_DN, dnOf, groupDn, ldapEnv, rolesOf, SEED_LDIF } from './support';

describe('LDAP groups from the entry\'s memberOf (Active Directory\'s way; slapd with the memberof overlay)', () => {
  let ldap: LdapTestServer;
  let t: TestApp;
  beforeAll(async () => {
    ldap = await startLdapServer({ baseDn: BASE_DN, ldif: SEED_LDIF, memberOf: true });
    // No LDAP_GROUP_FILTER: the groups are the entry's memberOf values.
    t = await startApp({ env: ldapEnv(ldap, { LDAP_GROUP_FILTER: '', LDAP_GROUP_ROLES: JSON.stringify([{ group: 'admins', role: 'admin' }, { group: groupDn('editors'), role: 'editor' }]) }) });
    for (const name of ['admin', 'editor']) await createRole(t.app, { name });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await ldap?.close();
  });

  const login = () => request(t.url).post('/api/login').set('Accept', 'application/json').send({ username: ALICE.uid, password: ALICE.password, device_name: 'x' });

  it('maps memberOf groups to roles, and follows a membership removed in the directory', async () => {
    const first = await login();
    expect(first.status).toBe(201);
    expect(await rolesOf(t, first.body.user.id)).toEqual(['admin', 'editor', 'user']);
    // A groupOfNames needs a member: Bob joins as Alice leaves.
    await ldap.modify(`dn: ${groupDn('admins')}\nchangetype: modify\nadd: member\nmember: ${dnOf('bob')}\n-\ndelete: member\nmember: ${dnOf(ALICE.uid)}\n`);
    expect((await login()).status).toBe(201);
    expect(await rolesOf(t, first.body.user.id)).toEqual(['editor', 'user']);
  });
});
