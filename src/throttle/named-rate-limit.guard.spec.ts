import type { FastifyRequest } from 'fastify';
import { namedLimitKey } from './named-rate-limit.guard';

const limit = { maxAttempts: 60, decaySeconds: 60 };
const guest = (ip: string) => ({ ip }) as FastifyRequest;
const signedIn = (ip: string, id: number) => ({ ip, auth: { user: { id } } }) as unknown as FastifyRequest;

describe('namedLimitKey', () => {
  it('keys a signed-in caller by user id, a guest by address', () => {
    expect(namedLimitKey('api', limit, signedIn('198.51.100.4', 42))).toBe('limiter:api|user:42');
    expect(namedLimitKey('api', limit, guest('198.51.100.4'))).toBe('limiter:api|ip:198.51.100.4');
  });

  it('groups IPv6 guests by /64', () => {
    const a = namedLimitKey('api', limit, guest('2001:db8:1:2::1'));
    const b = namedLimitKey('api', limit, guest('2001:db8:1:2:ffff::9'));
    expect(a).toBe('limiter:api|ip:2001:db8:1:2::/64');
    expect(b).toBe(a);
  });

  it("keys by address even for a signed-in caller when the limiter is by 'ip'", () => {
    expect(namedLimitKey('uploads', { ...limit, by: 'ip' }, signedIn('198.51.100.4', 42))).toBe('limiter:uploads|ip:198.51.100.4');
  });

  it('keeps limiters of different names apart', () => {
    expect(namedLimitKey('a', limit, guest('198.51.100.4'))).not.toBe(namedLimitKey('b', limit, guest('198.51.100.4')));
  });
});
