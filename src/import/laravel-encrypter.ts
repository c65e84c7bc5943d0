import { CipherGCMTypes, createDecipheriv, createHmac, Decipher, timingSafeEqual } from 'node:crypto';

/** A Laravel payload that none of the keys opens; names neither the key nor the value. */
export class LaravelDecryptError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'LaravelDecryptError';
  }
}

interface Payload {
  iv: string;
  value: string;
  mac: string;
  tag: string;
}

const IV_BYTES = { cbc: 16, gcm: 12 } as const;
const TAG_BYTES = 16;
const STRICT_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Strict base64, as PHP's base64_decode($x, true): null for anything that does not re-encode to itself. */
function base64(value: unknown): Buffer | null {
  if (typeof value !== 'string' || !STRICT_BASE64.test(value)) return null;
  const bytes = Buffer.from(value, 'base64');
  return bytes.toString('base64') === value ? bytes : null;
}

/**
 * A Laravel APP_KEY (`base64:…`, or the raw key Laravel also accepts): 32 bytes for AES-256, 16 for
 * AES-128. The message never echoes the value.
 */
export function parseLaravelKey(value: string): Buffer {
  const key = value.startsWith('base64:') ? base64(value.slice('base64:'.length)) : Buffer.from(value, 'utf8');
  if (!key || (key.length !== 32 && key.length !== 16)) {
    throw new LaravelDecryptError('The Laravel key must be "base64:" followed by 32 (AES-256) or 16 (AES-128) bytes in base64.');
  }
  return key;
}

function parsePayload(encoded: string): Payload {
  const json = base64(encoded);
  let payload: unknown;
  try {
    payload = json ? JSON.parse(json.toString('utf8')) : null;
  } catch {
    payload = null;
  }
  const fields = payload as Partial<Record<keyof Payload, unknown>> | null;
  if (!fields || typeof fields !== 'object' || typeof fields.iv !== 'string' || typeof fields.value !== 'string' || typeof fields.mac !== 'string') {
    throw new LaravelDecryptError('The payload is invalid.');
  }
  return { iv: fields.iv, value: fields.value, mac: fields.mac, tag: typeof fields.tag === 'string' ? fields.tag : '' };
}

/** Laravel's MAC: HMAC-SHA256 over the base64 iv and value as they appear in the payload. */
function validMac(payload: Payload, key: Buffer): boolean {
  const expected = createHmac('sha256', key).update(payload.iv + payload.value, 'utf8').digest();
  const given = /^[0-9a-f]{64}$/.test(payload.mac) ? Buffer.from(payload.mac, 'hex') : null;
  return given !== null && timingSafeEqual(expected, given);
}

function decipher(payload: Payload, key: Buffer, mode: 'cbc' | 'gcm'): Buffer | null {
  const iv = base64(payload.iv);
  const value = base64(payload.value);
  const tag = mode === 'gcm' ? base64(payload.tag) : null;
  if (!iv || iv.length !== IV_BYTES[mode] || !value || (mode === 'gcm' && tag?.length !== TAG_BYTES)) return null;
  try {
    let cipher: Decipher;
    if (tag) {
      const gcm = createDecipheriv(`aes-${key.length * 8}-gcm` as CipherGCMTypes, key, iv, { authTagLength: TAG_BYTES });
      cipher = gcm.setAuthTag(tag);
    } else {
      cipher = createDecipheriv(`aes-${key.length * 8}-cbc`, key, iv);
    }
    return Buffer.concat([cipher.update(value), cipher.final()]);
  } catch {
    return null;
  }
}

/**
 * PHP's unserialize() for the one shape Laravel's encrypt() gives a string: `s:<bytes>:"<bytes>";`.
 * Anything else (objects above all: unserializing them is how PHP apps get exploited) is refused.
 */
export function unserializePhpString(serialized: Buffer): string {
  const text = serialized.toString('latin1');
  const header = /^s:(\d+):"/.exec(text);
  if (!header) throw new LaravelDecryptError('The decrypted value is not a serialized string.');
  const length = Number(header[1]);
  const start = header[0].length;
  if (serialized.length !== start + length + 2 || text.slice(start + length) !== '";') {
    throw new LaravelDecryptError('The decrypted value is not a serialized string.');
  }
  return serialized.subarray(start, start + length).toString('utf8');
}

/**
 * The decrypting half of Laravel's Illuminate\Encryption\Encrypter: AES-256/128-CBC with its
 * HMAC-SHA256, or AES-256/128-GCM; the current key first, then the previous ones (APP_PREVIOUS_KEYS).
 */
export class LaravelDecrypter {
  private readonly keys: Buffer[];

  constructor(key: string, previousKeys: string[] = []) {
    this.keys = [key, ...previousKeys].map(parseLaravelKey);
  }

  /** The raw plaintext of a payload (Laravel's decrypt($payload, false)). */
  decryptRaw(encoded: string): Buffer {
    const payload = parsePayload(encoded);
    // A GCM payload carries a tag and no MAC (the tag authenticates); a CBC one a MAC and no tag.
    const mode = payload.tag !== '' ? 'gcm' : 'cbc';
    let macMatched = false;
    for (const key of this.keys) {
      if (mode === 'cbc' && !validMac(payload, key)) continue;
      macMatched = true;
      const plain = decipher(payload, key, mode);
      if (plain) return plain;
    }
    throw new LaravelDecryptError(mode === 'cbc' && !macMatched ? 'The MAC is invalid.' : 'Could not decrypt the data.');
  }

  /** What Laravel's decrypt($payload) returns for an encrypt()ed string. */
  decryptString(encoded: string): string {
    return unserializePhpString(this.decryptRaw(encoded));
  }
}
