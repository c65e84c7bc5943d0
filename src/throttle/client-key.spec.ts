import { throttleAddress } from './client-key';

describe('throttleAddress', () => {
  it('keeps an IPv4 address as it is', () => {
    expect(throttleAddress('203.0.113.7')).toBe('203.0.113.7');
  });

  it('reduces an IPv4-mapped IPv6 address to its IPv4 form', () => {
    expect(throttleAddress('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('aggregates IPv6 to its /64: every address of one subscriber shares the key', () => {
    const key = throttleAddress('2001:db8:1:2:aaaa:bbbb:cccc:dddd');
    expect(key).toBe('2001:db8:1:2::/64');
    expect(throttleAddress('2001:0db8:0001:0002:0000:0000:0000:0001')).toBe(key);
    expect(throttleAddress('2001:db8:1:2::1')).toBe(key);
    expect(throttleAddress('2001:DB8:1:2:ffff::')).toBe(key);
  });

  it('keeps different /64s apart, including zero groups compressed in the prefix', () => {
    expect(throttleAddress('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(throttleAddress('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(throttleAddress('::1')).toBe('0:0:0:0::/64');
  });

  it('passes a non-address through unchanged', () => {
    expect(throttleAddress('')).toBe('');
  });
});
