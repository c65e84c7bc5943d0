import { crc32bHex, randomAlnum } from '../common/crypto';

/** Length of the random part of a token secret, as in Sanctum. */
export const TOKEN_ENTROPY_LENGTH = 40;

// Ids are bigint primary keys; 18 digits always fit in a signed 64-bit integer,
// so a well-formed id can never overflow the database column type.
const TOKEN_ID = /^[0-9]{1,18}$/;

export interface ParsedPlainToken {
  /** Primary key as a decimal string (bigint-safe), or null for a bare secret. */
  id: string | null;
  secret: string;
}

/**
 * `<prefix><40 random [A-Za-z0-9]><crc32b>`. The checksum only lets secret scanners
 * recognise leaked tokens offline; it is never trusted for authentication.
 */
export function generateTokenSecret(prefix: string): string {
  const entropy = randomAlnum(TOKEN_ENTROPY_LENGTH);
  return prefix + entropy + crc32bHex(prefix + entropy);
}

/** The plain-text token handed to the client exactly once: `<id>|<secret>`. */
export function formatPlainToken(id: number | string, secret: string): string {
  return `${id}|${secret}`;
}

/**
 * Splits a presented token without touching the database. Malformed `<id>|...`
 * input returns null so that garbage never reaches a query.
 */
export function parsePlainToken(raw: string): ParsedPlainToken | null {
  if (raw === '') return null;
  const bar = raw.indexOf('|');
  if (bar === -1) return { id: null, secret: raw };
  const id = raw.slice(0, bar);
  const secret = raw.slice(bar + 1);
  if (!TOKEN_ID.test(id) || secret === '') return null;
  return { id, secret };
}

const BEARER = 'bearer ';

// PHP's strripos folds ASCII only; String#toLowerCase can change the length of
// some non-ASCII strings, which would shift the indices we slice with.
// On ASCII text (every header a real client sends) toLowerCase keeps the length and folds ASCII only.
const NON_ASCII = /[\u0080-\uffff]/;
function asciiLower(value: string): string {
  if (!NON_ASCII.test(value)) return value.toLowerCase();
  return value.replace(/[A-Z]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 32));
}

/**
 * Port of Laravel's Request::bearerToken(): the text after the LAST case-insensitive
 * "Bearer ", cut at the first comma. Returns null when absent or empty.
 */
export function bearerTokenFromHeader(header: string | undefined): string | null {
  if (header === undefined) return null;
  const position = asciiLower(header).lastIndexOf(BEARER);
  if (position === -1) return null;
  const rest = header.slice(position + BEARER.length);
  const comma = rest.indexOf(',');
  const token = comma === -1 ? rest : rest.slice(0, comma);
  return token === '' ? null : token;
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** Pattern of a complete plain-text token for the given prefix. */
export function TOKEN_REGEX(prefix: string): RegExp {
  return new RegExp(`^\\d+\\|${escapeRegExp(prefix)}[A-Za-z0-9]{${TOKEN_ENTROPY_LENGTH}}[0-9a-f]{8}$`);
}
