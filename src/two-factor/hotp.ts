import { createHmac, timingSafeEqual } from 'node:crypto';

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const DIGITS = 6;
const MODULUS = 10 ** DIGITS;

/**
 * RFC 4648 base32 as authenticator apps, oathtool and Google2FA (Fortify) read it: any case, padding
 * and spaces ignored, trailing bits of an incomplete byte dropped. Null for any other character, so
 * a secret of any length Fortify produces (16 characters, 80 bits, by default) decodes.
 */
export function decodeBase32(secret: string): Buffer | null {
  const clean = secret.replace(/[\s=]/g, '').toUpperCase();
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of clean) {
    const value = BASE32_ALPHABET.indexOf(ch);
    if (value === -1) return null;
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return bytes.length === 0 ? null : Buffer.from(bytes);
}

/** RFC 4226 HOTP with HMAC-SHA1, 6 digits (RFC 6238's TOTP feeds it the time step). */
export function hotp(key: Buffer, counter: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const digest = createHmac('sha1', key).update(message).digest();
  const offset = digest[digest.length - 1] & 0x0f;
  const binary = digest.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % MODULUS).padStart(DIGITS, '0');
}

/** Constant-time comparison of two codes of the same, public length. */
export function sameCode(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
