import type { LdapGroupRole } from '../config/ldap-config';
import type { DirectoryRoleScope } from './ldap-role-sync';

/** DNs compare case-insensitively, without the spaces some servers put after commas and around `=`. */
export const normaliseDn = (dn: string) => dn.replace(/\s*([,=+])\s*/g, '$1').trim().toLowerCase();

/** The value of a DN's first RDN (`cn=Admins,ou=groups,…` → `admins`), unescaped enough for a comparison. */
export function firstRdnValue(dn: string): string {
  const match = /^\s*[^=]+=((?:\\.|[^,+])*)/.exec(dn);
  return (match ? match[1] : dn).replace(/\\(.)/g, '$1').trim().toLowerCase();
}

/** Whether a rule's group (a DN when it holds `=`, else a cn) is one of the entry's groups. */
export function groupMatches(group: string, memberOf: readonly string[]): boolean {
  if (group.includes('=')) {
    const wanted = normaliseDn(group);
    return memberOf.some((dn) => normaliseDn(dn) === wanted);
  }
  const wanted = group.trim().toLowerCase();
  return memberOf.some((dn) => firstRdnValue(dn) === wanted);
}

/** Per scope (global, or a team): every role the mapping manages there, and those the groups give. */
export function roleScopesFor(rules: readonly LdapGroupRole[], memberOf: readonly string[]): DirectoryRoleScope[] {
  const scopes = new Map<number | null, DirectoryRoleScope>();
  for (const rule of rules) {
    const scope = scopes.get(rule.team) ?? { teamId: rule.team, managed: [], granted: [] };
    scopes.set(rule.team, scope);
    if (!scope.managed.includes(rule.role)) scope.managed.push(rule.role);
    if (groupMatches(rule.group, memberOf) && !scope.granted.includes(rule.role)) scope.granted.push(rule.role);
  }
  return [...scopes.values()];
}
