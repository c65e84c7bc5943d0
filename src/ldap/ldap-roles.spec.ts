import { firstRdnValue, groupMatches, normaliseDn, roleScopesFor } from './ldap-roles';

describe('LDAP group → role mapping', () => {
  const groups = ['CN=Domain Admins, OU=Groups, DC=corp, DC=example', 'cn=editors,ou=groups,dc=corp,dc=example', 'cn=a\\,b,ou=groups,dc=corp'];

  it('compares DNs without case or the spaces around separators', () => {
    expect(normaliseDn('CN=Domain Admins, OU=Groups,DC=corp')).toBe('cn=domain admins,ou=groups,dc=corp');
    expect(groupMatches('cn=domain admins,ou=groups,dc=corp,dc=example', groups)).toBe(true);
    expect(groupMatches('cn=editors,ou=other,dc=corp,dc=example', groups)).toBe(false);
  });

  it('matches a bare name against the cn of each group, escaped commas included', () => {
    expect(firstRdnValue('cn=a\\,b,ou=groups')).toBe('a,b');
    expect(groupMatches('Domain Admins', groups)).toBe(true);
    expect(groupMatches('a,b', groups)).toBe(true);
    expect(groupMatches('groups', groups)).toBe(false);
  });

  it('groups the rules per scope: every managed role, and those the memberships grant', () => {
    const rules = [
      { group: 'Domain Admins', role: 'admin', team: null },
      { group: 'cn=editors,ou=groups,dc=corp,dc=example', role: 'editor', team: null },
      { group: 'auditors', role: 'auditor', team: null },
      { group: 'editors', role: 'site-editor', team: 7 },
    ];
    expect(roleScopesFor(rules, groups)).toEqual([
      { teamId: null, managed: ['admin', 'editor', 'auditor'], granted: ['admin', 'editor'] },
      { teamId: 7, managed: ['site-editor'], granted: ['site-editor'] },
    ]);
    expect(roleScopesFor(rules, [])).toEqual([
      { teamId: null, managed: ['admin', 'editor', 'auditor'], granted: [] },
      { teamId: 7, managed: ['site-editor'], granted: [] },
    ]);
  });
});
