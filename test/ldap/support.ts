import type { Env } from '../../src/config/config';
import { startLdapServer, type LdapTestServer } from '../../src/testing/ldap-server';
import { startApp, TestApp } from '../support/app';

export const BASE_DN = 'dc=example,dc=org';
export const SERVICE = { dn: `cn=gatehouse,ou=system,${BASE_DN}`, password: 'service-pass-123' };
export const dnOf = (uid: string) => `uid=${uid},ou=people,${BASE_DN}`;
export const groupDn = (cn: string) => `cn=${cn},ou=groups,${BASE_DN}`;

export interface Person {
  uid: string;
  cn: string;
  mail: string;
  password: string;
}

export const ALICE: Person = { uid: 'alice', cn: 'Alice Archer', mail: 'alice@corp.example', password: 'alice-pass-1' };
export const BOB: Person = { uid: 'bob', cn: 'Bob Baker', mail: 'bob@corp.example', password: 'bob-pass-12' };
export const CAROL: Person = { uid: 'carol', cn: 'Carol Cook', mail: 'carol@corp.example', password: 'carol-pass-1' };
export const DAVE: Person = { uid: 'dave', cn: 'Dave Dunn', mail: 'dave@corp.example', password: 'dave-pass-12' };
export const ERIN: Person = { uid: 'erin', cn: 'Erin Eve', mail: 'erin@corp.example', password: 'erin-pass-12' };
export const FRANK: Person = { uid: 'frank', cn: 'Frank Fox', mail: 'frank@corp.example', password: 'frank-pass-1' };
export const GRACE: Person = { uid: 'grace', cn: 'Grace Gale', mail: 'grace@corp.example', password: 'grace-pass-1' };
export const PEOPLE = [ALICE, BOB, CAROL, DAVE, ERIN, FRANK, GRACE];

export const personLdif = (p: Person) => `dn: ${dnOf(p.uid)}
objectClass: inetOrgPerson
uid: ${p.uid}
cn: ${p.cn}
sn: ${p.cn.split(' ').at(-1)}
mail: ${p.mail}
userPassword: ${p.password}
`;

export const groupLdif = (cn: string, members: string[]) => `dn: ${groupDn(cn)}
objectClass: groupOfNames
cn: ${cn}
${members.map((uid) => `member: ${dnOf(uid)}`).join('\n')}
`;

/** Users, two groups, the service account; a local (non-LDAP) user is made by the tests through the app. */
export const SEED_LDIF = [
  `dn: ou=people,${BASE_DN}\nobjectClass: organizationalUnit\nou: people\n`,
  `dn: ou=groups,${BASE_DN}\nobjectClass: organizationalUnit\nou: groups\n`,
  `dn: ou=system,${BASE_DN}\nobjectClass: organizationalUnit\nou: system\n`,
  `dn: ${SERVICE.dn}\nobjectClass: inetOrgPerson\ncn: gatehouse\nsn: service\nuserPassword: ${SERVICE.password}\n`,
  ...PEOPLE.map(personLdif),
  groupLdif('admins', ['alice']),
  groupLdif('editors', ['alice', 'bob']),
].join('\n');

/** Group → role rules: a cn, a DN, and a team-scoped one (team 1: the first team the tests create). */
export const GROUP_ROLES = JSON.stringify([
  { group: 'admins', role: 'admin' },
  { group: groupDn('editors'), role: 'editor' },
  { group: 'editors', role: 'site-editor', team: 1 },
]);

export function ldapEnv(ldap: LdapTestServer, extra: Env = {}): Env {
  return {
    LDAP_URL: ldap.url,
    LDAP_BIND_DN: SERVICE.dn,
    LDAP_BIND_PASSWORD: SERVICE.password,
    LDAP_BASE_DN: BASE_DN,
    LDAP_USER_FILTER: '(&(objectClass=inetOrgPerson)(|(uid={login})(mail={login})))',
    LDAP_GROUP_FILTER: '(&(objectClass=groupOfNames)(member={dn}))',
    LDAP_GROUP_BASE_DN: `ou=groups,${BASE_DN}`,
    LDAP_GROUP_ROLES: GROUP_ROLES,
    LDAP_CONNECT_TIMEOUT_MS: '1000',
    LDAP_TIMEOUT_MS: '1000',
    ...extra,
  };
}

export interface LdapWorld {
  ldap: LdapTestServer;
  t: TestApp;
  close(): Promise<void>;
}

export async function startLdapWorld(env: Env = {}): Promise<LdapWorld> {
  const ldap = await startLdapServer({ baseDn: BASE_DN, ldif: SEED_LDIF });
  let t: TestApp;
  try {
    t = await startApp({ env: { LOGIN_MAX_ATTEMPTS: '100', ...ldapEnv(ldap), ...env } });
  } catch (error) {
    await ldap.close();
    throw error;
  }
  return {
    ldap,
    t,
    close: async () => {
      await t.close();
      await ldap.close();
    },
  };
}

/** The audit rows of one event, oldest first. */
export async function auditRows(t: TestApp, event: string): Promise<Array<{ user_id: string | null; metadata: Record<string, unknown> }>> {
  const { rows } = await t.db.query('SELECT user_id, metadata FROM audit_events WHERE event = $1 ORDER BY id', [event]);
  return rows;
}

/** Role names the user holds in one scope (null = global). */
export async function rolesOf(t: TestApp, userId: number, teamId: number | null = null): Promise<string[]> {
  const { rows } = await t.db.query(
    'SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = $1 AND ur.team_id IS NOT DISTINCT FROM $2::bigint ORDER BY r.name',
    [userId, teamId],
  );
  return rows.map((row: { name: string }) => row.name);
}
