import { parseBooleanEnv, parsePositiveInt } from './duration';

describe('parsePositiveInt', () => {
  it('returns the fallback when unset or blank', () => {
    expect(parsePositiveInt('TTL', undefined, 60)).toBe(60);
    expect(parsePositiveInt('TTL', '', 60)).toBe(60);
    expect(parsePositiveInt('TTL', '  ', 60)).toBe(60);
  });

  it('parses a trimmed integer', () => {
    expect(parsePositiveInt('TTL', ' 120 ', 60)).toBe(120);
    expect(parsePositiveInt('TTL', '+5', 60)).toBe(5);
  });

  it('defaults the minimum to 1', () => {
    expect(parsePositiveInt('TTL', '1', 60)).toBe(1);
    expect(() => parsePositiveInt('TTL', '0', 60)).toThrow('TTL must be an integer of at least 1, got "0"');
  });

  it('honours a custom minimum, including zero', () => {
    expect(parsePositiveInt('RETRIES', '0', 3, { min: 0 })).toBe(0);
    expect(() => parsePositiveInt('RETRIES', '-1', 3, { min: 0 })).toThrow(
      'RETRIES must be an integer of at least 0, got "-1"',
    );
  });

  it('enforces an inclusive maximum and reports the whole range', () => {
    expect(parsePositiveInt('COST', '31', 12, { min: 4, max: 31 })).toBe(31);
    expect(parsePositiveInt('COST', '4', 12, { min: 4, max: 31 })).toBe(4);
    expect(() => parsePositiveInt('COST', '32', 12, { min: 4, max: 31 })).toThrow(
      'COST must be an integer between 4 and 31, got "32"',
    );
    expect(() => parsePositiveInt('COST', '3', 12, { min: 4, max: 31 })).toThrow(
      'COST must be an integer between 4 and 31, got "3"',
    );
  });

  it.each(['abc', '1.5', '10s', '1e3', '0x10', 'Infinity', '9007199254740993'])('rejects %p', (raw) => {
    expect(() => parsePositiveInt('TTL', raw, 60)).toThrow(`TTL must be an integer of at least 1, got "${raw}"`);
  });

  it('does not validate the fallback (it comes from code, not the environment)', () => {
    expect(parsePositiveInt('TTL', undefined, 0)).toBe(0);
  });
});

describe('parseBooleanEnv', () => {
  it('returns the fallback when unset or blank', () => {
    expect(parseBooleanEnv('SECURE', undefined, true)).toBe(true);
    expect(parseBooleanEnv('SECURE', '', false)).toBe(false);
    expect(parseBooleanEnv('SECURE', ' ', true)).toBe(true);
  });

  it.each(['true', 'TRUE', '1', 'yes', 'Yes', 'on', ' ON '])('reads %p as true', (raw) => {
    expect(parseBooleanEnv('SECURE', raw, false)).toBe(true);
  });

  it.each(['false', 'False', '0', 'no', 'NO', 'off', ' off '])('reads %p as false', (raw) => {
    expect(parseBooleanEnv('SECURE', raw, true)).toBe(false);
  });

  it.each(['y', 'n', '2', 'enabled', 'truee'])('rejects %p naming the variable', (raw) => {
    expect(() => parseBooleanEnv('SESSION_SECURE_COOKIE', raw, false)).toThrow(
      `SESSION_SECURE_COOKIE must be one of true/false/1/0/yes/no/on/off, got "${raw}"`,
    );
  });
});
