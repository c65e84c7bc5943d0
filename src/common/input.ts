// Laravel's TrimStrings skips these, so passwords keep their spaces.
const UNTRIMMED = new Set(['password', 'password_confirmation', 'current_password']);

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);

/**
 * Laravel's TrimStrings + ConvertEmptyStringsToNull, applied to every request body: strings are
 * trimmed (except password fields) and `""` becomes null, so `required` rejects it. A body that is
 * not an object is treated as an empty one.
 */
export function normaliseInput(body: unknown): Record<string, unknown> {
  return isPlainObject(body) ? (normaliseValue(body, '') as Record<string, unknown>) : {};
}

function normaliseValue(value: unknown, key: string): unknown {
  if (typeof value === 'string') {
    const result = UNTRIMMED.has(key) ? value : value.trim();
    return result === '' ? null : result;
  }
  if (Array.isArray(value)) return value.map((item) => normaliseValue(item, ''));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [name, inner] of Object.entries(value)) {
      if (name === '__proto__' || name === 'constructor' || name === 'prototype') continue;
      out[name] = normaliseValue(inner, name);
    }
    return out;
  }
  return value;
}
