import { isIP } from 'node:net';

/** Who may set X-Forwarded-For: nobody, the nearest N hops, or proxies at these addresses/CIDRs. */
export type TrustProxy = false | number | string[];

// proxy-addr's named ranges, which Fastify accepts in a list.
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const FALSE_WORDS = new Set(['', 'false', '0', 'no', 'off']);
// `true` used to trust every hop, which lets any client choose its own address. It now means the
// usual single reverse proxy; chains of proxies need a count or a list.
const ONE_HOP_WORDS = new Set(['true', 'yes', 'on']);
const HOPS = /^[1-9][0-9]?$/;

/** TRUST_PROXY: false, a hop count (1–99; `true` = 1), or a comma-separated list of addresses/CIDRs. */
export function parseTrustProxy(name: string, raw: string | undefined): TrustProxy {
  const value = (raw ?? '').trim().toLowerCase();
  if (FALSE_WORDS.has(value)) return false;
  if (ONE_HOP_WORDS.has(value)) return 1;
  if (HOPS.test(value)) return Number(value);
  const entries = value.split(',').map((entry) => entry.trim());
  const invalid = entries.filter((entry) => !isTrustEntry(entry));
  if (invalid.length > 0) {
    throw new Error(`${name} must be false, a hop count, or a list of proxy addresses/CIDRs, got "${invalid.join(', ')}"`);
  }
  return entries;
}

function isTrustEntry(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = /^[0-9]{1,3}$/.test(prefix) ? Number(prefix) : -1;
  return bits >= 0 && bits <= (family === 4 ? 32 : 128);
}

/**
 * The value for Fastify's `trustProxy`. A hop count becomes a function because the installed
 * Fastify treats a bare number as "trust nothing"; proxy-addr calls it with the hop index, the
 * socket peer being 0, so the address N hops away is the client.
 */
export function fastifyTrustProxy(trust: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (trust === false) return false;
  if (typeof trust === 'number') return (_address: string, hop: number) => hop < trust;
  return trust;
}
