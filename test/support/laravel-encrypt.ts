import { createCipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

export type LaravelCipher = 'AES-256-CBC' | 'AES-128-CBC' | 'AES-256-GCM' | 'AES-128-GCM';

/** PHP's serialize() of a string: the length counts UTF-8 bytes. */
export function phpSerializeString(value: string): string {
  return `s:${Buffer.byteLength(value, 'utf8')}:"${value}";`;
}

/** A Laravel APP_KEY for the cipher, as `php artisan key:generate` prints it. */
export function laravelKey(cipher: LaravelCipher = 'AES-256-CBC'): string {
  return `base64:${randomBytes(cipher.startsWith('AES-256') ? 32 : 16).toString('base64')}`;
}

/**
 * Illuminate\Encryption\Encrypter::encrypt($value) byte for byte: serialize, openssl_encrypt (whose
 * output is base64), iv and tag base64, mac = hash_hmac('sha256', iv . value, key) (empty for GCM, whose
 * tag authenticates; tag empty for CBC), json_encode(compact('iv', 'value', 'mac', 'tag'),
 * JSON_UNESCAPED_SLASHES), base64.
 */
export function laravelEncrypt(value: string, key: string, cipher: LaravelCipher = 'AES-256-CBC', serialize = true): string {
  const rawKey = Buffer.from(key.replace(/^base64:/, ''), 'base64');
  const gcm = cipher.endsWith('GCM');
  const ivBytes = randomBytes(gcm ? 12 : 16);
  const encrypter = createCipheriv(cipher.toLowerCase() as 'aes-256-cbc', rawKey, ivBytes);
  const plain = serialize ? phpSerializeString(value) : value;
  const ciphertext = Buffer.concat([encrypter.update(plain, 'utf8'), encrypter.final()]);
  const iv = ivBytes.toString('base64');
  const encoded = ciphertext.toString('base64');
  const tag = gcm ? (encrypter as unknown as { getAuthTag(): Buffer }).getAuthTag().toString('base64') : '';
  const mac = gcm ? '' : createHmac('sha256', rawKey).update(iv + encoded).digest('hex');
  return Buffer.from(JSON.stringify({ iv, value: encoded, mac, tag })).toString('base64');
}

/** What Sanctum's createToken() stores for a plain secret: hash('sha256', $secret). */
export const sanctumHash = (secret: string) => createHash('sha256').update(secret).digest('hex');
