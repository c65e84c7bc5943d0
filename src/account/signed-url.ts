import { hmacSha256Hex, safeEqual } from '../common/crypto';

/**
 * Laravel's signed URLs (UrlGenerator::signedRoute / hasValidSignature): `signature` is the
 * HMAC-SHA256 under APP_KEY of the absolute URL without it, and `expires` (unix seconds), when
 * present, must not have passed.
 */
export function signUrl(key: Buffer, url: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}signature=${hmacSha256Hex(key, url)}`;
}

interface SplitUrl {
  unsigned: string;
  signature: string | null;
  expires: string | null;
}

/** Keeps the query exactly as sent (order, encoding), minus every `signature` parameter. */
function splitSignedUrl(url: string): SplitUrl {
  const [path, query = ''] = splitOnce(url, '?');
  let signature: string | null = null;
  let expires: string | null = null;
  const kept = query.split('&').filter((parameter) => {
    const [name, value = ''] = splitOnce(parameter, '=');
    if (name === 'expires') expires = value;
    if (name !== 'signature') return true;
    signature = value;
    return false;
  });
  const rest = kept.join('&');
  return { unsigned: rest ? `${path}?${rest}` : path, signature, expires };
}

function splitOnce(value: string, separator: string): [string, string?] {
  const index = value.indexOf(separator);
  return index === -1 ? [value] : [value.slice(0, index), value.slice(index + 1)];
}

export interface SignatureCheck {
  /** Also refuse URLs without `expires` (verification links always carry one). */
  requireExpiry?: boolean;
  nowSeconds?: number;
}

export function hasValidSignature(key: Buffer, url: string, check: SignatureCheck = {}): boolean {
  const { unsigned, signature, expires } = splitSignedUrl(url);
  if (!signature || !safeEqual(signature, hmacSha256Hex(key, unsigned))) return false;
  if (expires === null) return !check.requireExpiry;
  if (!/^\d{1,12}$/.test(expires)) return false;
  return (check.nowSeconds ?? Math.floor(Date.now() / 1000)) <= Number(expires);
}
