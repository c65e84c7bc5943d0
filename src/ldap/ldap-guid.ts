import type { LdapGuidFormat } from '../config/ldap-config';

/**
 * AD's objectGUID is 16 bytes whose string form (as AD tools show it) reads the first three groups
 * little-endian: bytes 3 2 1 0 - 5 4 - 7 6 - 8 9 - 10…15.
 */
const ORDER = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
const CANONICAL = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function formatObjectGuid(bytes: Buffer): string {
  if (bytes.length !== 16) throw new Error(`objectGUID must be 16 bytes, got ${bytes.length}`);
  const hex = ORDER.map((index) => bytes[index].toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The inverse of formatObjectGuid: the bytes to search for. */
export function objectGuidBytes(guid: string): Buffer {
  const canonical = guid.trim().toLowerCase().replace(/^\{|\}$/g, '');
  if (!CANONICAL.test(canonical)) throw new Error('not a GUID string');
  const hex = canonical.replace(/-/g, '');
  const bytes = Buffer.alloc(16);
  ORDER.forEach((index, position) => {
    bytes[index] = parseInt(hex.slice(position * 2, position * 2 + 2), 16);
  });
  return bytes;
}

/** The stable id as stored on the user: lower-case text (entryUUID is case-insensitive), or AD's string form. */
export function guidOf(value: unknown, format: LdapGuidFormat): string | null {
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined || first === null) return null;
  if (format === 'binary') return Buffer.isBuffer(first) && first.length === 16 ? formatObjectGuid(first) : null;
  const text = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  return text.trim() === '' ? null : text.trim().toLowerCase();
}
