import { CliError } from '../cli/command';
import { parseAbilitiesOption, parseWholeNumberOption } from './token-create.command';

describe('parseAbilitiesOption', () => {
  it('defaults to ["*"] and splits, trims and deduplicates a comma list', () => {
    expect(parseAbilitiesOption(undefined)).toEqual(['*']);
    expect(parseAbilitiesOption(' a , b.*,,a ')).toEqual(['a', 'b.*']);
  });

  it('refuses a list without any ability', () => {
    expect(() => parseAbilitiesOption(' , ')).toThrow(CliError);
  });
});

describe('parseWholeNumberOption', () => {
  it('returns null when absent and the number otherwise', () => {
    expect(parseWholeNumberOption(undefined, 'hours', 0)).toBeNull();
    expect(parseWholeNumberOption('0', 'hours', 0)).toBe(0);
    expect(parseWholeNumberOption('1440', 'expires-in', 1)).toBe(1440);
  });

  it.each(['-1', '1.5', 'abc', '', '1e3', '9999999999'])('refuses %p', (raw) => {
    expect(() => parseWholeNumberOption(raw, 'hours', 0)).toThrow('The --hours option must be a whole number of at least 0.');
  });

  it('enforces the minimum', () => {
    expect(() => parseWholeNumberOption('0', 'expires-in', 1)).toThrow('The --expires-in option must be a whole number of at least 1.');
  });
});
