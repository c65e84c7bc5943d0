import { isIP } from 'node:net';

const MAPPED_IPV4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/**
 * The address part of a per-client throttle key. An IPv6 subscriber usually gets a whole /64 and
 * can pick a fresh address in it for every request, so IPv6 is keyed by its /64; IPv4 (also when
 * written IPv4-mapped) by the address.
 */
export function throttleAddress(ip: string): string {
  const mapped = MAPPED_IPV4.exec(ip);
  if (mapped && isIP(mapped[1]) === 4) return mapped[1];
  if (isIP(ip) !== 6) return ip;
  return `${expandIpv6(ip).slice(0, 4).join(':')}::/64`;
}

/** Eight hextets without leading zeros, `::` expanded and a trailing dotted quad converted. */
function expandIpv6(ip: string): string[] {
  const [head, tail] = ip.toLowerCase().split('::') as [string, string | undefined];
  const groups = (part: string | undefined) => (part ? part.split(':').flatMap(dottedToHextets) : []);
  const left = groups(head);
  const right = groups(tail);
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((group) => parseInt(group, 16).toString(16));
}

function dottedToHextets(group: string): string[] {
  if (!group.includes('.')) return [group];
  const [a, b, c, d] = group.split('.').map(Number);
  return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
}
