/**
 * Strict parsers for numeric and boolean environment variables. They throw
 * with the variable's name so a bad deploy fails at boot with a clear cause
 * instead of silently running with NaN or a surprising default.
 */

export interface IntRange {
  min?: number;
  max?: number;
}

const INTEGER = /^\+?\d+$/;

function describeRange(min: number, max: number | undefined): string {
  return max === undefined ? `an integer of at least ${min}` : `an integer between ${min} and ${max}`;
}

/** Unset or blank (`FOO=`) means "use the default", as in most dotenv setups. */
function isBlank(raw: string | undefined): raw is undefined {
  return raw === undefined || raw.trim() === '';
}

export function parsePositiveInt(name: string, raw: string | undefined, fallback: number, opts: IntRange = {}): number {
  if (isBlank(raw)) return fallback;
  const min = opts.min ?? 1;
  const value = Number(raw.trim());
  const inRange = value >= min && (opts.max === undefined || value <= opts.max);
  if (!INTEGER.test(raw.trim()) || !Number.isSafeInteger(value) || !inRange) {
    throw new Error(`${name} must be ${describeRange(min, opts.max)}, got "${raw}"`);
  }
  return value;
}

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

export function parseBooleanEnv(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (isBlank(raw)) return fallback;
  const word = raw.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  throw new Error(`${name} must be one of true/false/1/0/yes/no/on/off, got "${raw}"`);
}
