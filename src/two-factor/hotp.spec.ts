import { decodeBase32, hotp, sameCode } from './hotp';

describe('decodeBase32', () => {
  it('decodes RFC 4648 test vectors, with or without padding, in any case', () => {
    expect(decodeBase32('MZXW6YTBOI======')?.toString()).toBe('foobar');
    expect(decodeBase32('MZXW6YTBOI')?.toString()).toBe('foobar');
    expect(decodeBase32('mzxw6ytb oi')?.toString()).toBe('foobar');
    expect(decodeBase32('MZXW6===')?.toString()).toBe('foo');
  });

  it('reads 16 characters as 10 bytes and drops the trailing bits of an incomplete byte', () => {
    expect(decodeBase32('JBSWY3DPEHPK3PXP')).toHaveLength(10);
    expect(decodeBase32('JBSWY3DPEHPK3PXPGA')).toEqual(Buffer.concat([decodeBase32('JBSWY3DPEHPK3PXP')!, Buffer.from([0x30])]));
  });

  it.each(['', '====', 'ABC1', 'AB8C', 'ÄBCD'])('answers null for %p', (value) => {
    expect(decodeBase32(value)).toBeNull();
  });
});

describe('hotp', () => {
  // RFC 4226 appendix D: secret "12345678901234567890", counters 0..9.
  const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];

  it.each(expected.map((code, counter) => [counter, code]))('counter %i gives %s', (counter, code) => {
    expect(hotp(Buffer.from('12345678901234567890'), counter as number)).toBe(code);
  });
});

describe('sameCode', () => {
  it('compares equal-length codes and refuses different lengths', () => {
    expect(sameCode('123456', '123456')).toBe(true);
    expect(sameCode('123456', '123457')).toBe(false);
    expect(sameCode('123456', '1234567')).toBe(false);
  });
});
