import { crc32bHex } from '../common/crypto';
import {
  bearerTokenFromHeader,
  formatPlainToken,
  generateTokenSecret,
  parsePlainToken,
  TOKEN_ENTROPY_LENGTH,
  TOKEN_REGEX,
} from './access-token';

describe('generateTokenSecret / formatPlainToken', () => {
  it.each(['', 'gh_', 'app.v1+(x)|'])('produces a token matching TOKEN_REGEX for prefix %p', (prefix) => {
    const plain = formatPlainToken(42, generateTokenSecret(prefix));
    expect(plain).toMatch(TOKEN_REGEX(prefix));
    expect(plain.startsWith(`42|${prefix}`)).toBe(true);
  });

  it('ends with the crc32b of the prefix plus the 40 random characters', () => {
    const prefix = 'gate_';
    const secret = generateTokenSecret(prefix);
    expect(secret).toHaveLength(prefix.length + TOKEN_ENTROPY_LENGTH + 8);
    const body = secret.slice(0, -8);
    expect(body.slice(prefix.length)).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(secret.slice(-8)).toBe(crc32bHex(body));
  });

  it('works with an empty prefix', () => {
    const secret = generateTokenSecret('');
    expect(secret).toMatch(/^[A-Za-z0-9]{40}[0-9a-f]{8}$/);
    expect(secret.slice(40)).toBe(crc32bHex(secret.slice(0, 40)));
  });

  it('generates a different secret every time', () => {
    const secrets = new Set(Array.from({ length: 50 }, () => generateTokenSecret('p_')));
    expect(secrets.size).toBe(50);
  });

  it('formats string (bigint) ids verbatim', () => {
    expect(formatPlainToken('900719925474099312', 'abc')).toBe('900719925474099312|abc');
  });
});

describe('TOKEN_REGEX', () => {
  const random = 'a'.repeat(40);

  it('treats prefix characters literally', () => {
    const re = TOKEN_REGEX('a.b');
    expect(re.test(`1|a.b${random}0123abcd`)).toBe(true);
    expect(re.test(`1|aXb${random}0123abcd`)).toBe(false);
  });

  it('rejects uppercase checksums, short entropy and missing ids', () => {
    const re = TOKEN_REGEX('');
    expect(re.test(`1|${random}0123ABCD`)).toBe(false);
    expect(re.test(`1|${'a'.repeat(39)}0123abcd`)).toBe(false);
    expect(re.test(`|${random}0123abcd`)).toBe(false);
  });
});

describe('parsePlainToken', () => {
  it('splits <id>|<secret> at the first bar and keeps the id as a string', () => {
    expect(parsePlainToken('12|abc')).toEqual({ id: '12', secret: 'abc' });
    expect(parsePlainToken('7|a|b')).toEqual({ id: '7', secret: 'a|b' });
  });

  it('accepts an 18-digit id without losing precision', () => {
    expect(parsePlainToken('123456789012345678|s')).toEqual({ id: '123456789012345678', secret: 's' });
  });

  it.each([
    ['non-numeric id', 'abc|x'],
    ['empty secret', '12|'],
    ['empty id', '|x'],
    ['19-digit id', '1234567890123456789|x'],
    ['signed id', '-1|x'],
    ['id with spaces', ' 1|x'],
    ['decimal id', '1.0|x'],
    ['non-ASCII digits', '١٢|x'],
    ['empty input', ''],
  ])('returns null for %s', (_label, raw) => {
    expect(parsePlainToken(raw)).toBeNull();
  });

  it('treats input without a bar as a bare secret', () => {
    expect(parsePlainToken('justasecret')).toEqual({ id: null, secret: 'justasecret' });
  });
});

describe('bearerTokenFromHeader', () => {
  it.each([
    ['Bearer abc', 'abc'],
    ['bearer abc', 'abc'],
    ['BEARER abc', 'abc'],
    ['Basic dXNlcjpwYXNz, Bearer abc', 'abc'],
    ['Bearer abc, foo', 'abc'],
    ['Bearer first, Bearer second', 'second'],
    ['Bearer 12|a|b', '12|a|b'],
    // Laravel does not trim, so neither do we.
    ['Bearer  abc', ' abc'],
    ['xBearer abc', 'abc'],
    // Non-ASCII before the scheme: 'İ'.toLowerCase() is two code units, which would shift the slice.
    ['\u0130\u0130 Bearer abc', 'abc'],
  ])('%p -> %p', (header, expected) => {
    expect(bearerTokenFromHeader(header)).toBe(expected);
  });

  it.each([
    ['missing header', undefined],
    ['empty header', ''],
    ['no bearer scheme', 'Basic dXNlcjpwYXNz'],
    ['scheme without space', 'Bearerabc'],
    ['empty token', 'Bearer '],
    ['token cut to nothing by a comma', 'Bearer ,abc'],
  ])('returns null for %s', (_label, header) => {
    expect(bearerTokenFromHeader(header)).toBeNull();
  });

  it('keeps indices right when non-ASCII text precedes the scheme', () => {
    // "İ".toLowerCase() is two UTF-16 units; a naive lowercase would shift the slice.
    expect(bearerTokenFromHeader('İİ Bearer tok')).toBe('tok');
  });
});
