import type { FastifyRequest } from 'fastify';
import { requestCookies, serializeCookie } from './cookies';

const requestWith = (cookie?: string) => ({ headers: cookie === undefined ? {} : { cookie } }) as unknown as FastifyRequest;

describe('serializeCookie', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  it('writes a session cookie with Path=/ and no lifetime by default', () => {
    expect(serializeCookie('gatehouse_session', 'abc')).toBe('gatehouse_session=abc; Path=/');
  });

  it('writes Expires and Max-Age for a lifetime, then the flags in Symfony\'s order', () => {
    expect(
      serializeCookie('gatehouse_session', 'abc', { maxAgeSeconds: 7200, domain: '.example.com', secure: true, httpOnly: true, sameSite: 'lax' }),
    ).toBe('gatehouse_session=abc; Expires=Thu, 01 Jan 2026 02:00:00 GMT; Max-Age=7200; Path=/; Domain=.example.com; Secure; HttpOnly; SameSite=Lax');
  });

  it.each([
    ['strict', 'SameSite=Strict'],
    ['none', 'SameSite=None'],
  ] as const)('capitalises SameSite=%s', (sameSite, expected) => {
    expect(serializeCookie('a', 'b', { sameSite })).toContain(expected);
  });

  it('percent-encodes the value so separators cannot inject attributes', () => {
    const cookie = serializeCookie('XSRF-TOKEN', 'a b;c=d,e/f+g');
    expect(cookie).toBe('XSRF-TOKEN=a%20b%3Bc%3Dd%2Ce%2Ff%2Bg; Path=/');
    expect(cookie.split('; ')).toHaveLength(2);
  });

  it('expires a cookie with Max-Age=0 and a past date; never a negative Max-Age', () => {
    expect(serializeCookie('a', '', { maxAgeSeconds: 0 })).toBe('a=; Expires=Thu, 01 Jan 2026 00:00:00 GMT; Max-Age=0; Path=/');
    expect(serializeCookie('a', '', { maxAgeSeconds: -60 })).toContain('Max-Age=0');
  });

  it('rounds a fractional lifetime down and leaves out a null domain and false flags', () => {
    expect(serializeCookie('a', 'b', { maxAgeSeconds: 59.9, domain: null, secure: false, httpOnly: false, path: '/api' })).toBe(
      'a=b; Expires=Thu, 01 Jan 2026 00:00:59 GMT; Max-Age=59; Path=/api',
    );
  });
});

describe('requestCookies', () => {
  it('parses name=value pairs, trimming spaces and decoding values', () => {
    expect(requestCookies(requestWith('a=1;  b = two%20words ; XSRF-TOKEN=x%2By%3D'))).toEqual({
      a: '1',
      b: 'two words',
      'XSRF-TOKEN': 'x+y=',
    });
  });

  it('round-trips what serializeCookie wrote', () => {
    const value = 'eyJpdiI6Ij0+/;,"';
    const header = serializeCookie('XSRF-TOKEN', value).split(';')[0];
    expect(requestCookies(requestWith(header))['XSRF-TOKEN']).toBe(value);
  });

  it('keeps the first occurrence of a repeated name (as PHP does)', () => {
    expect(requestCookies(requestWith('s=first; s=second'))).toEqual({ s: 'first' });
  });

  it('strips surrounding quotes, keeps undecodable values as they are, skips malformed pairs', () => {
    expect(requestCookies(requestWith('q="quoted"; bad=%E0%A4%A; =novalue; flag; ok=1'))).toEqual({
      q: 'quoted',
      bad: '%E0%A4%A',
      ok: '1',
    });
  });

  it('reads cookies named like Object.prototype members and ignores __proto__', () => {
    const cookies = requestCookies(requestWith('constructor=1; toString=2; __proto__=3'));
    expect(cookies).toEqual({ constructor: '1', toString: '2' });
    expect(Object.getPrototypeOf(cookies)).toBe(Object.prototype);
  });

  it('answers {} without a Cookie header', () => {
    expect(requestCookies(requestWith())).toEqual({});
  });

  it('parses once per request', () => {
    const request = requestWith('a=1');
    const first = requestCookies(request);
    request.headers.cookie = 'a=2';
    expect(requestCookies(request)).toBe(first);
  });
});
