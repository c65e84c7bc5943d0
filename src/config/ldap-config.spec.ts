import { ConfigError, loadConfig } from './config';

const KEY = 'base64:' + Buffer.alloc(32, 7).toString('base64');
const BASE = { APP_KEY: KEY, NODE_ENV: 'test' };
const LDAP = { LDAP_URL: 'ldap://127.0.0.1:389', LDAP_BIND_DN: 'cn=svc,dc=example,dc=org', LDAP_BIND_PASSWORD: ' s3cret ', LDAP_BASE_DN: 'dc=example,dc=org' };

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig({ ...BASE, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('LDAP configuration (LDAP_*)', () => {
  it('is off without LDAP_URL', () => {
    expect(loadConfig(BASE).ldap).toBeNull();
  });

  it('has OpenLDAP defaults; the service password is taken as written', () => {
    expect(loadConfig({ ...BASE, ...LDAP }).ldap).toEqual({
      url: 'ldap://127.0.0.1:389',
      startTls: false,
      caFile: null,
      connectTimeoutMs: 5000,
      timeoutMs: 5000,
      bindDn: 'cn=svc,dc=example,dc=org',
      bindPassword: ' s3cret ',
      baseDn: 'dc=example,dc=org',
      userFilter: '(|(uid={login})(mail={login}))',
      guidAttribute: 'entryUUID',
      guidFormat: 'text',
      attributes: { name: 'cn', email: 'mail' },
      groupFilter: null,
      groupBaseDn: 'dc=example,dc=org',
      groupRoles: [],
    });
  });

  it('reads an Active Directory setup: binary objectGUID, sAMAccountName, host fields, roles per group and team', () => {
    const ldap = loadConfig({
      ...BASE,
      ...LDAP,
      LDAP_URL: 'ldaps://dc1.corp.example',
      LDAP_USER_FILTER: '(&(objectClass=user)(sAMAccountName={login}))',
      LDAP_GUID_ATTRIBUTE: 'objectGUID',
      LDAP_ATTRIBUTES: 'name=displayName,email=userPrincipalName,username=sAMAccountName',
      LDAP_GROUP_ROLES: '[{"group":"CN=GB Admins,OU=Groups,DC=corp,DC=example","role":"admin"},{"group":"Sellers","role":"seller","team":3}]',
    }).ldap!;
    expect(ldap.guidFormat).toBe('binary');
    expect(ldap.attributes).toEqual({ name: 'displayName', email: 'userPrincipalName', username: 'sAMAccountName' });
    expect(ldap.groupRoles).toEqual([
      { group: 'CN=GB Admins,OU=Groups,DC=corp,DC=example', role: 'admin', team: null },
      { group: 'Sellers', role: 'seller', team: 3 },
    ]);
  });

  it('names every problem at once', () => {
    const problems = problemsOf({
      LDAP_URL: 'http://dc1',
    });
    expect(problems).toEqual([expect.stringContaining('LDAP_URL must be a ldap: or ldaps: URL')]);
    expect(
      problemsOf({
        LDAP_URL: 'ldaps://dc1',
        LDAP_STARTTLS: 'true',
        LDAP_USER_FILTER: '(uid=jdoe)',
        LDAP_ATTRIBUTES: 'name=cn',
        LDAP_GROUP_FILTER: '(member=x)',
        LDAP_GROUP_ROLES: '[{"group":"a"}]',
      }),
    ).toEqual([
      'LDAP_BASE_DN is required when LDAP_URL is set',
      'LDAP_BIND_DN is required when LDAP_URL is set',
      'LDAP_USER_FILTER must contain {login}, got "(uid=jdoe)"',
      'LDAP_ATTRIBUTES must map "email" (e.g. name=cn,email=mail)',
      'LDAP_GROUP_FILTER must contain {dn}, got "(member=x)"',
      'LDAP_GROUP_ROLES[0].role must be a role name',
      'LDAP_BIND_PASSWORD is required when LDAP_URL is set (an empty password is an anonymous bind)',
      'LDAP_STARTTLS applies to ldap:// URLs (ldaps:// is TLS already)',
    ]);
  });
});
