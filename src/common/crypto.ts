import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hash,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { crc32 } from 'node:zlib';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
// Largest multiple of 62 that fits in a byte: bytes at or above it are dropped so
// that `byte % 62` is uniform (no modulo bias towards the first 8 characters).
const ALNUM_LIMIT = 256 - (256 % ALNUM.length);

/** Cryptographically random string, uniform over [A-Za-z0-9]. */
export function randomAlnum(length: number): string {
  if (!Number.isSafeInteger(length) || length < 0) {
    throw new RangeError(`randomAlnum length must be a non-negative integer, got ${length}`);
  }
  let out = '';
  while (out.length < length) {
    // Over-fetch a little: about 3% of bytes are rejected, so one batch almost always suffices.
    for (const byte of randomBytes(length - out.length + 16)) {
      if (byte >= ALNUM_LIMIT) continue;
      out += ALNUM[byte % ALNUM.length];
      if (out.length === length) break;
    }
  }
  return out;
}

// One call, no Hash object: several times faster for the short inputs hashed on every request (a token
// secret, a session id).
export function sha256Hex(value: string): string {
  return hash('sha256', value, 'hex');
}

export function sha1Hex(value: string): string {
  return hash('sha1', value, 'hex');
}

export function hmacSha256Hex(key: Buffer, data: string): string {
  return createHmac('sha256', key).update(data, 'utf8').digest('hex');
}

// Per-process key: comparing keyed digests gives equal-length inputs to
// timingSafeEqual, so neither the length nor the content of a secret leaks.
const SAFE_EQUAL_KEY = randomBytes(32);

/** Constant-time string comparison, including when the lengths differ. */
export function safeEqual(a: string, b: string): boolean {
  const digestA = createHmac('sha256', SAFE_EQUAL_KEY).update(a, 'utf8').digest();
  const digestB = createHmac('sha256', SAFE_EQUAL_KEY).update(b, 'utf8').digest();
  return timingSafeEqual(digestA, digestB);
}

/** Same output as PHP's hash('crc32b', $input): 8 lowercase hex chars of the UTF-8 bytes. */
export function crc32bHex(input: string): string {
  return crc32(Buffer.from(input, 'utf8')).toString(16).padStart(8, '0');
}

const APP_KEY_PREFIX = 'base64:';
const APP_KEY_BYTES = 32;
// Standard base64 of 32 bytes is always 43 chars plus one '=' of padding.
const APP_KEY_BODY = /^[A-Za-z0-9+/]{43}=$/;

/** Parses an APP_KEY-style `base64:...` value into its 32 raw bytes. */
export function parseAppKey(value: string): Buffer {
  // The message never echoes the value: it is a secret and may end up in logs.
  const problem = 'must be "base64:" followed by 32 random bytes encoded in base64';
  if (!value.startsWith(APP_KEY_PREFIX)) {
    throw new Error(`The application key ${problem} (it does not start with "base64:").`);
  }
  const body = value.slice(APP_KEY_PREFIX.length);
  const key = Buffer.from(body, 'base64');
  // Buffer.from silently skips bad characters, so also demand the canonical encoding.
  if (!APP_KEY_BODY.test(body) || key.length !== APP_KEY_BYTES || key.toString('base64') !== body) {
    throw new Error(`The application key ${problem}; generate one with generateAppKey().`);
  }
  return key;
}

export function generateAppKey(): string {
  return APP_KEY_PREFIX + randomBytes(APP_KEY_BYTES).toString('base64');
}

/** Thrown for every decryption failure; deliberately vague so it is no oracle. */
export class DecryptError extends Error {
  constructor() {
    super('The payload is invalid.');
    this.name = 'DecryptError';
  }
}

const PAYLOAD_VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Strict base64url decoding: rejects anything that would not re-encode identically. */
function decodeBase64Url(part: string): Buffer {
  const bytes = Buffer.from(part, 'base64url');
  if (!BASE64URL.test(part) || bytes.toString('base64url') !== part) throw new DecryptError();
  return bytes;
}

interface Payload {
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

function splitPayload(payload: string): Payload {
  const parts = payload.split('.');
  if (parts.length !== 4 || parts[0] !== PAYLOAD_VERSION) throw new DecryptError();
  const [iv, tag, ciphertext] = parts.slice(1).map(decodeBase64Url);
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new DecryptError();
  return { iv, tag, ciphertext };
}

/** AES-256-GCM authenticated encryption of strings (Laravel's Crypt facade, simplified). */
export class Encrypter {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== APP_KEY_BYTES) {
      throw new Error(`Encrypter key must be ${APP_KEY_BYTES} bytes, got ${key.length}.`);
    }
    // Copy so that later mutation of the caller's buffer cannot change our key.
    this.key = Buffer.from(key);
  }

  encrypt(plain: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    // The version is authenticated too, so a payload cannot be relabelled as another format.
    cipher.setAAD(Buffer.from(PAYLOAD_VERSION));
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const encoded = [iv, cipher.getAuthTag(), ciphertext].map((b) => b.toString('base64url'));
    return [PAYLOAD_VERSION, ...encoded].join('.');
  }

  decrypt(payload: string): string {
    const { iv, tag, ciphertext } = splitPayload(payload);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(PAYLOAD_VERSION));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new DecryptError();
    }
  }
}
