import type { LdapGuidFormat } from '../config/ldap-config';
import { objectGuidBytes } from './ldap-guid';

/**
 * RFC 4515 §3: a value inside a filter escapes `\`, `*`, `(`, `)` and NUL as `\XX`; everything else (UTF-8
 * included) may stand as it is. So `*)(uid=*` becomes `\2a\29\28uid=\2a`: one literal value that matches nobody.
 */
export function escapeFilterValue(value: string): string {
  return value.replace(/[\\*()\0]/g, (char) => `\\${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Raw bytes as a filter value (AD's binary objectGUID): every byte `\XX`. */
export function escapeFilterBytes(bytes: Buffer): string {
  return [...bytes].map((byte) => `\\${byte.toString(16).padStart(2, '0')}`).join('');
}

/** The configured user filter with every `{login}` replaced by the escaped identifier. */
export function userFilter(template: string, login: string): string {
  return template.split('{login}').join(escapeFilterValue(login));
}

/** The group filter with `{dn}` replaced by the escaped member DN. */
export function groupFilter(template: string, memberDn: string): string {
  return template.split('{dn}').join(escapeFilterValue(memberDn));
}

/** Finds an entry by its stable id: text as it is, AD's canonical GUID string back to its 16 bytes. */
export function guidFilter(attribute: string, guid: string, format: LdapGuidFormat): string {
  const value = format === 'binary' ? escapeFilterBytes(objectGuidBytes(guid)) : escapeFilterValue(guid);
  return `(${attribute}=${value})`;
}
