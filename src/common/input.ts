import { ApiError, Messages, validationError } from './api-error';

// Laravel's TrimStrings skips these, so passwords keep their spaces.
const UNTRIMMED = new Set(['password', 'password_confirmation', 'current_password']);

/** Far deeper than any form of ours; bounds the recursion of every later step (validation, transformation). */
export const MAX_INPUT_DEPTH = 32;

// A NUL byte (PostgreSQL text refuses it) or a UTF-16 surrogate without its partner (not encodable
// as UTF-8: jsonb and encodeURIComponent throw on it).
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const MALFORMED = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const isMalformedString = (value: string): boolean => MALFORMED.test(value);

export const invalidStringMessage = (field: string) => `The ${field.replace(/_/g, ' ')} field must be a valid string.`;

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);

type Problems = Record<string, string[]>;

/**
 * Laravel's TrimStrings + ConvertEmptyStringsToNull, applied to every request body: strings are
 * trimmed (except password fields) and `""` becomes null, so `required` rejects it. A body that is
 * not an object is treated as an empty one. Input no handler can store safely is refused here, for
 * every route: a malformed string → 422 on its field, nesting deeper than MAX_INPUT_DEPTH → 400.
 */
export function normaliseInput(body: unknown): Record<string, unknown> {
  if (!isPlainObject(body)) return {};
  const problems: Problems = {};
  const result = normaliseValue(body, '', '', 0, problems) as Record<string, unknown>;
  throwIfAny(problems);
  return result;
}

/** Query strings keep their values as sent (the DTOs trim them); only malformed strings are refused. */
export function checkQuery(query: unknown): void {
  if (!isPlainObject(query)) return;
  const problems: Problems = {};
  for (const [name, value] of Object.entries(query)) {
    const values = Array.isArray(value) ? value : [value];
    if (values.some((item) => typeof item === 'string' && isMalformedString(item))) problems[name] = [invalidStringMessage(name)];
  }
  throwIfAny(problems);
}

function throwIfAny(problems: Problems): void {
  if (Object.keys(problems).length > 0) throw validationError(problems);
}

function normaliseValue(value: unknown, key: string, path: string, depth: number, problems: Problems): unknown {
  if (typeof value === 'string') {
    if (isMalformedString(value)) problems[path] = [invalidStringMessage(path)];
    const result = UNTRIMMED.has(key) ? value : value.trim();
    return result === '' ? null : result;
  }
  if (!Array.isArray(value) && !isPlainObject(value)) return value;
  if (depth >= MAX_INPUT_DEPTH) throw new ApiError(400, { message: Messages.tooDeep });
  const at = (name: string) => (path ? `${path}.${name}` : name);
  if (Array.isArray(value)) return value.map((item, index) => normaliseValue(item, '', at(String(index)), depth + 1, problems));
  const out: Record<string, unknown> = {};
  for (const [name, inner] of Object.entries(value)) {
    if (name === '__proto__' || name === 'constructor' || name === 'prototype') continue;
    out[name] = normaliseValue(inner, name, at(name), depth + 1, problems);
  }
  return out;
}
