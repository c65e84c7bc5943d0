/** How the directory's stable id is read: OpenLDAP's `entryUUID` is text, AD's `objectGUID` 16 bytes. */
export type LdapGuidFormat = 'text' | 'binary';

/** One group → role rule: members of `group` (a DN, or a cn when it has no `=`) hold `role`, in `team` when given. */
export interface LdapGroupRole {
  group: string;
  role: string;
  /** A team id; null = a global role. */
  team: number | null;
}

/** LDAP / Active Directory sign-in (LDAP_URL); null = off. */
export interface LdapConfig {
  /** ldap:// or ldaps://. */
  url: string;
  /** Upgrade a plain ldap:// connection with StartTLS before binding. */
  startTls: boolean;
  /** PEM file of the CA that signed the server's certificate (ldaps:// and StartTLS); default: Node's CAs. */
  caFile: string | null;
  connectTimeoutMs: number;
  /** Every operation (bind, search) gives up after this long: a hung server still accepts TCP connections. */
  timeoutMs: number;
  /** The service account that searches for the user's entry (search-then-bind). */
  bindDn: string;
  bindPassword: string;
  baseDn: string;
  /** With a `{login}` placeholder, replaced by the RFC 4515-escaped identifier. */
  userFilter: string;
  guidAttribute: string;
  guidFormat: LdapGuidFormat;
  /** User field → directory attribute: `name` and `email` are columns, other keys the host's `users.fields`. */
  attributes: Record<string, string>;
  /** Where group memberships come from: the entry's `memberOf` (AD, OpenLDAP's memberof overlay) or a search. */
  groupFilter: string | null;
  groupBaseDn: string;
  groupRoles: LdapGroupRole[];
}

const DEFAULT_ATTRIBUTES = 'name=cn,email=mail';

/** `name=cn,email=mail,username=uid`: both sides are checked names, `name` and `email` required. */
export function parseLdapAttributes(value: string | undefined): Record<string, string> {
  const text = value && value.trim() !== '' ? value : DEFAULT_ATTRIBUTES;
  const map: Record<string, string> = {};
  for (const pair of text.split(',').map((part) => part.trim()).filter(Boolean)) {
    const match = /^([a-z_][a-z0-9_]*)=([A-Za-z][A-Za-z0-9-]*)$/.exec(pair);
    if (!match) throw new Error(`LDAP_ATTRIBUTES must be field=attribute pairs separated by commas, got "${pair}"`);
    map[match[1]] = match[2];
  }
  for (const required of ['name', 'email']) {
    if (!map[required]) throw new Error(`LDAP_ATTRIBUTES must map "${required}" (e.g. ${DEFAULT_ATTRIBUTES})`);
  }
  return map;
}

/** A JSON array of `{"group": "...", "role": "...", "team": 3}` (team optional). */
export function parseLdapGroupRoles(value: string | undefined): LdapGroupRole[] {
  if (!value || value.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new Error('LDAP_GROUP_ROLES must be a JSON array of {"group", "role", "team"?} objects');
  }
  if (!Array.isArray(parsed)) throw new Error('LDAP_GROUP_ROLES must be a JSON array of {"group", "role", "team"?} objects');
  return parsed.map((rule: unknown, index) => checkedGroupRole(rule, `LDAP_GROUP_ROLES[${index}]`));
}

export function checkedGroupRole(rule: unknown, label: string): LdapGroupRole {
  const { group, role, team } = (rule ?? {}) as Record<string, unknown>;
  if (typeof group !== 'string' || group.trim() === '') throw new Error(`${label}.group must be a group DN or cn`);
  if (typeof role !== 'string' || role.trim() === '') throw new Error(`${label}.role must be a role name`);
  if (team !== undefined && team !== null && !(Number.isSafeInteger(team) && (team as number) > 0)) throw new Error(`${label}.team must be a team id`);
  return { group: group.trim(), role: role.trim(), team: (team as number | undefined) ?? null };
}

/** `{login}` must appear, and the template must look like one filter: a typo would otherwise match everyone or no one. */
export function checkedUserFilter(filter: string): string {
  if (!filter.includes('{login}')) throw new Error(`LDAP_USER_FILTER must contain {login}, got "${filter}"`);
  if (!filter.startsWith('(') || !filter.endsWith(')')) throw new Error(`LDAP_USER_FILTER must be a parenthesised LDAP filter, got "${filter}"`);
  return filter;
}

export function checkedGroupFilter(filter: string | null): string | null {
  if (filter === null) return null;
  if (!filter.includes('{dn}')) throw new Error(`LDAP_GROUP_FILTER must contain {dn}, got "${filter}"`);
  return filter;
}

/** AD's objectGUID is binary; anything else (entryUUID, nsUniqueId, ipaUniqueID) is read as text. */
export const guidFormatOf = (attribute: string): LdapGuidFormat => (attribute.toLowerCase() === 'objectguid' ? 'binary' : 'text');
