import { fastifyTrustProxy, parseTrustProxy } from './trust-proxy';

describe('parseTrustProxy', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['false', false],
    ['0', false],
    ['true', 1],
    ['1', 1],
    ['2', 2],
    ['10.0.0.0/8, 127.0.0.1', ['10.0.0.0/8', '127.0.0.1']],
    ['loopback,fd00::/8', ['loopback', 'fd00::/8']],
  ])('%p → %p', (raw, expected) => expect(parseTrustProxy('TRUST_PROXY', raw)).toEqual(expected));

  it.each(['everyone', '10.0.0.0/33', '::1/129', '10.0.0.1/8/2', '100'])('rejects %p naming the variable', (raw) => {
    expect(() => parseTrustProxy('TRUST_PROXY', raw)).toThrow(/^TRUST_PROXY must be false, a hop count, or a list/);
  });
});

describe('fastifyTrustProxy', () => {
  it('trusts exactly N hops counted from the socket peer', () => {
    const trust = fastifyTrustProxy(2) as (address: string, hop: number) => boolean;
    expect([0, 1, 2, 3].map((hop) => trust('203.0.113.1', hop))).toEqual([true, true, false, false]);
  });

  it('passes lists through and keeps false', () => {
    expect(fastifyTrustProxy(['10.0.0.0/8'])).toEqual(['10.0.0.0/8']);
    expect(fastifyTrustProxy(false)).toBe(false);
  });
});
