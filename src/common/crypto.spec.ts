import type * as NodeCrypto from 'node:crypto';
import {
  crc32bHex,
  DecryptError,
  Encrypter,
  generateAppKey,
  hmacSha256Hex,
  parseAppKey,
  randomAlnum,
  safeEqual,
  sha1Hex,
  sha256Hex,
} from './crypto';

// The live module object: crypto.ts reads its exports at call time, so spies on it take effect.
const nodeCrypto = jest.requireActual<typeof NodeCrypto>('node:crypto');

afterEach(() => jest.restoreAllMocks());

describe('randomAlnum', () => {
  it('returns the requested length using only [A-Za-z0-9]', () => {
    for (const length of [0, 1, 40, 1000]) {
      const value = randomAlnum(length);
      expect(value).toHaveLength(length);
      expect(value).toMatch(/^[A-Za-z0-9]*$/);
    }
  });

  it('rejects negative and fractional lengths', () => {
    expect(() => randomAlnum(-1)).toThrow(RangeError);
    expect(() => randomAlnum(2.5)).toThrow(RangeError);
  });

  it('drops bytes >= 248 instead of folding them with a modulo', () => {
    // 248..255 would map to "A".."H" under a plain modulo; they must be skipped.
    const bytes = Buffer.from([248, 255, 0, 250, 61, 62, 247]);
    const spy = jest.spyOn(nodeCrypto, 'randomBytes') as unknown as jest.SpyInstance<Buffer, [number]>;
    spy.mockImplementationOnce((size: number) => Buffer.concat([bytes, Buffer.alloc(size)]).subarray(0, size));
    // 0 -> "A", 61 -> "9", 62 -> "A" (62 % 62), 247 -> 247 % 62 = 61 -> "9".
    expect(randomAlnum(4)).toBe('A9A9');
  });

  it('fetches more random bytes when a batch is mostly rejected', () => {
    const spy = jest.spyOn(nodeCrypto, 'randomBytes') as unknown as jest.SpyInstance<Buffer, [number]>;
    spy.mockImplementationOnce((size: number) => Buffer.alloc(size, 255));
    spy.mockImplementationOnce((size: number) => Buffer.alloc(size, 1));
    expect(randomAlnum(3)).toBe('BBB');
    expect(spy).toHaveBeenCalledTimes(2);
  });

  it('is close to uniform over all 62 characters', () => {
    const sample = randomAlnum(62 * 4000);
    const counts = new Map<string, number>();
    for (const ch of sample) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(62);
    const values = [...counts.values()];
    // A modulo-biased generator would give 8 characters ~25% more hits than the rest.
    expect(Math.max(...values) / Math.min(...values)).toBeLessThan(1.15);
  });
});

describe('hash helpers', () => {
  it('sha256Hex matches the FIPS 180-2 "abc" vector', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('sha1Hex matches the FIPS 180-1 "abc" vector', () => {
    expect(sha1Hex('abc')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
  });

  it('hmacSha256Hex matches RFC 4231 test case 2', () => {
    expect(hmacSha256Hex(Buffer.from('Jefe'), 'what do ya want for nothing?')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('hashes strings as UTF-8', () => {
    // sha256 of the two bytes c3 a9 ("é" in UTF-8), not of the latin1 byte e9.
    expect(sha256Hex('é')).toBe(nodeCrypto.createHash('sha256').update(Buffer.from([0xc3, 0xa9])).digest('hex'));
  });
});

describe('crc32bHex', () => {
  it('matches PHP hash("crc32b") vectors', () => {
    expect(crc32bHex('The quick brown fox jumps over the lazy dog')).toBe('414fa339');
    expect(crc32bHex('123456789')).toBe('cbf43926');
  });

  it('left-pads to 8 hex characters', () => {
    expect(crc32bHex('')).toBe('00000000');
  });
});

describe('safeEqual', () => {
  it('is true only for identical strings', () => {
    expect(safeEqual('secret-token', 'secret-token')).toBe(true);
    expect(safeEqual('', '')).toBe(true);
    expect(safeEqual('secret-token', 'secret-tokeN')).toBe(false);
    expect(safeEqual('secret', 'secret-token')).toBe(false);
    expect(safeEqual('', 'a')).toBe(false);
  });

  it('compares equal-length digests even when the inputs differ in length', () => {
    const spy = jest.spyOn(nodeCrypto, 'timingSafeEqual');
    expect(safeEqual('short', 'a much longer string')).toBe(false);
    expect(spy).toHaveBeenCalledTimes(1);
    const [left, right] = spy.mock.calls[0] as [Buffer, Buffer];
    expect(left.length).toBe(32);
    expect(right.length).toBe(32);
  });
});

describe('app keys', () => {
  it('generateAppKey yields a base64: key that parseAppKey turns into 32 bytes', () => {
    const key = generateAppKey();
    expect(key).toMatch(/^base64:[A-Za-z0-9+/]{43}=$/);
    const bytes = parseAppKey(key);
    expect(bytes).toHaveLength(32);
    expect(bytes.toString('base64')).toBe(key.slice('base64:'.length));
    expect(generateAppKey()).not.toBe(key);
  });

  it.each([
    ['no prefix', Buffer.alloc(32, 7).toString('base64')],
    ['empty', ''],
    ['16 bytes', 'base64:' + Buffer.alloc(16, 7).toString('base64')],
    ['33 bytes', 'base64:' + Buffer.alloc(33, 7).toString('base64')],
    ['invalid characters', 'base64:' + '!'.repeat(43) + '='],
    ['url-safe alphabet', 'base64:' + Buffer.alloc(32, 0xfb).toString('base64url') + '='],
    ['missing padding', 'base64:' + Buffer.alloc(32, 7).toString('base64').slice(0, 43)],
  ])('rejects %s with a human message', (_label, value) => {
    expect(() => parseAppKey(value)).toThrow(/must be "base64:" followed by 32 random bytes/);
  });

  it('does not echo the rejected key in the error message', () => {
    const secretish = 'base64:' + Buffer.alloc(16, 9).toString('base64');
    expect(() => parseAppKey(secretish)).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining(secretish.slice(7)) }),
    );
  });
});

describe('Encrypter', () => {
  const key = parseAppKey(generateAppKey());
  const encrypter = new Encrypter(key);

  it('round-trips ASCII, Unicode and empty strings', () => {
    for (const plain of ['hello', 'ünïcødé ✓ 🔐', '', 'x'.repeat(10_000)]) {
      expect(encrypter.decrypt(encrypter.encrypt(plain))).toBe(plain);
    }
  });

  it('uses the v1.<iv>.<tag>.<ciphertext> format with a 12-byte IV and 16-byte tag', () => {
    const payload = encrypter.encrypt('hello');
    const [version, iv, tag, ciphertext] = payload.split('.');
    expect(version).toBe('v1');
    expect(Buffer.from(iv, 'base64url')).toHaveLength(12);
    expect(Buffer.from(tag, 'base64url')).toHaveLength(16);
    expect(Buffer.from(ciphertext, 'base64url')).toHaveLength(5);
    expect(payload).not.toContain('hello');
  });

  it('produces different payloads (fresh IVs) for the same plaintext', () => {
    const a = encrypter.encrypt('same');
    const b = encrypter.encrypt('same');
    expect(a).not.toBe(b);
    expect(a.split('.')[1]).not.toBe(b.split('.')[1]);
  });

  it.each([1, 2, 3])('rejects a payload whose part %i was tampered with', (index) => {
    const parts = encrypter.encrypt('attack at dawn').split('.');
    const first = parts[index][0];
    parts[index] = (first === 'A' ? 'B' : 'A') + parts[index].slice(1);
    expect(() => encrypter.decrypt(parts.join('.'))).toThrow(DecryptError);
  });

  it('rejects a payload encrypted under another key', () => {
    const other = new Encrypter(parseAppKey(generateAppKey()));
    expect(() => other.decrypt(encrypter.encrypt('secret'))).toThrow(DecryptError);
  });

  it('rejects a payload relabelled with another version', () => {
    const payload = encrypter.encrypt('secret').replace(/^v1\./, 'v2.');
    expect(() => encrypter.decrypt(payload)).toThrow(DecryptError);
  });

  it('rejects non-canonical base64url that would decode to the same bytes', () => {
    const parts = encrypter.encrypt('secret').split('.');
    expect(() => encrypter.decrypt([...parts.slice(0, 3), parts[3] + '='].join('.'))).toThrow(DecryptError);
    expect(() => encrypter.decrypt([parts[0], parts[1] + '*', parts[2], parts[3]].join('.'))).toThrow(DecryptError);
  });

  it.each(['', 'v1', 'v1...', 'v1.a.b', 'v1.a.b.c.d', 'not a payload at all'])(
    'rejects the malformed payload %p',
    (payload) => {
      expect(() => encrypter.decrypt(payload)).toThrow(DecryptError);
    },
  );

  it('refuses keys that are not 32 bytes', () => {
    expect(() => new Encrypter(Buffer.alloc(16))).toThrow(/32 bytes/);
  });

  it('is unaffected by later changes to the caller key buffer', () => {
    const mutable = Buffer.from(key);
    const own = new Encrypter(mutable);
    const payload = own.encrypt('stable');
    mutable.fill(0);
    expect(own.decrypt(payload)).toBe('stable');
  });
});
