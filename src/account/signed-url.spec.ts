import { hmacSha256Hex, sha1Hex } from '../common/crypto';
import { hasValidSignature, signUrl } from './signed-url';
import { publicBaseUrl, verificationLink } from './verification-link';

const KEY = Buffer.alloc(32, 7);
const OTHER_KEY = Buffer.alloc(32, 8);
const NOW = 1_800_000_000;

describe('signUrl', () => {
  it('appends the HMAC-SHA256 of the whole URL as Laravel does', () => {
    const url = 'http://localhost:3000/email/verify/1/abc?expires=123';
    expect(signUrl(KEY, url)).toBe(`${url}&signature=${hmacSha256Hex(KEY, url)}`);
  });

  it('starts the query when the URL has none', () => {
    expect(signUrl(KEY, 'http://x.test/a')).toBe(`http://x.test/a?signature=${hmacSha256Hex(KEY, 'http://x.test/a')}`);
  });
});

describe('hasValidSignature', () => {
  const signed = signUrl(KEY, `http://x.test/email/verify/1/h?expires=${NOW + 60}`);

  it('accepts an untouched, unexpired URL', () => {
    expect(hasValidSignature(KEY, signed, { nowSeconds: NOW })).toBe(true);
  });

  it('accepts the URL up to and including its expiry second', () => {
    expect(hasValidSignature(KEY, signed, { nowSeconds: NOW + 60 })).toBe(true);
    expect(hasValidSignature(KEY, signed, { nowSeconds: NOW + 61 })).toBe(false);
  });

  it('rejects a changed path, id or expiry', () => {
    expect(hasValidSignature(KEY, signed.replace('/1/', '/2/'), { nowSeconds: NOW })).toBe(false);
    expect(hasValidSignature(KEY, signed.replace(`${NOW + 60}`, `${NOW + 6000}`), { nowSeconds: NOW })).toBe(false);
  });

  it('rejects a signature made with another key, a changed signature or none', () => {
    expect(hasValidSignature(OTHER_KEY, signed, { nowSeconds: NOW })).toBe(false);
    expect(hasValidSignature(KEY, signed.slice(0, -1) + (signed.endsWith('0') ? '1' : '0'), { nowSeconds: NOW })).toBe(false);
    expect(hasValidSignature(KEY, signed.replace(/&signature=.*$/, ''), { nowSeconds: NOW })).toBe(false);
  });

  it('ignores where the signature parameter sits, as Laravel drops it from the query', () => {
    const [path, query] = signed.split('?');
    const [expires, signature] = query.split('&');
    expect(hasValidSignature(KEY, `${path}?${signature}&${expires}`, { nowSeconds: NOW })).toBe(true);
  });

  it('rejects an extra parameter added to a signed URL', () => {
    expect(hasValidSignature(KEY, `${signed}&admin=1`, { nowSeconds: NOW })).toBe(false);
  });

  it('refuses a URL without expiry only when one is required', () => {
    const forever = signUrl(KEY, 'http://x.test/a');
    expect(hasValidSignature(KEY, forever)).toBe(true);
    expect(hasValidSignature(KEY, forever, { requireExpiry: true })).toBe(false);
  });

  it('rejects a non-numeric expiry even when signed', () => {
    expect(hasValidSignature(KEY, signUrl(KEY, 'http://x.test/a?expires=soon'), { nowSeconds: NOW })).toBe(false);
  });
});

describe('verificationLink', () => {
  it('is /email/verify/{id}/{sha1(email)} expiring in 60 minutes, signed', () => {
    const link = verificationLink(KEY, { baseUrl: 'http://app.test/auth', userId: 42, email: 'a@b.test', nowSeconds: NOW });
    const unsigned = `http://app.test/auth/email/verify/42/${sha1Hex('a@b.test')}?expires=${NOW + 3600}`;
    expect(link).toBe(`${unsigned}&signature=${hmacSha256Hex(KEY, unsigned)}`);
    expect(hasValidSignature(KEY, link, { nowSeconds: NOW + 3600, requireExpiry: true })).toBe(true);
    expect(hasValidSignature(KEY, link, { nowSeconds: NOW + 3601, requireExpiry: true })).toBe(false);
  });
});

describe('publicBaseUrl', () => {
  it('adds the route prefix only when there is one', () => {
    expect(publicBaseUrl('http://app.test', '')).toBe('http://app.test');
    expect(publicBaseUrl('http://app.test', 'auth')).toBe('http://app.test/auth');
  });
});
