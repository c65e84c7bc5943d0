import { laravelEncrypt, laravelKey, LaravelCipher, phpSerializeString } from '../../test/support/laravel-encrypt';
import { LaravelDecrypter, LaravelDecryptError, parseLaravelKey, unserializePhpString } from './laravel-encrypter';

const CIPHERS: LaravelCipher[] = ['AES-256-CBC', 'AES-128-CBC', 'AES-256-GCM', 'AES-128-GCM'];
const SECRET = 'JBSWY3DPEHPK3PXP';

function decode(payload: string): Record<string, string> {
  return JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
}

describe('LaravelDecrypter', () => {
  it.each(CIPHERS)('decrypts what Laravel encrypt()s with %s', (cipher) => {
    const key = laravelKey(cipher);
    expect(new LaravelDecrypter(key).decryptString(laravelEncrypt(SECRET, key, cipher))).toBe(SECRET);
  });

  it('writes the payload Laravel writes: iv, value, mac, tag (CBC: hex mac, empty tag; GCM: tag, empty mac)', () => {
    const key = laravelKey();
    const cbc = decode(laravelEncrypt(SECRET, key));
    expect(Object.keys(cbc)).toEqual(['iv', 'value', 'mac', 'tag']);
    expect(cbc.mac).toMatch(/^[0-9a-f]{64}$/);
    expect(cbc.tag).toBe('');
    const gcm = decode(laravelEncrypt(SECRET, laravelKey('AES-256-GCM'), 'AES-256-GCM'));
    expect(gcm.mac).toBe('');
    expect(Buffer.from(gcm.tag, 'base64')).toHaveLength(16);
  });

  it('unserializes multi-byte strings (the serialized length counts bytes)', () => {
    const key = laravelKey();
    const codes = JSON.stringify(['abcdefghij-klmnopqrst', 'Äpfel-und-Bäume']);
    expect(new LaravelDecrypter(key).decryptString(laravelEncrypt(codes, key))).toBe(codes);
  });

  it('fails with "The MAC is invalid." under a wrong key (CBC), and never names the key', () => {
    const right = laravelKey();
    const wrong = laravelKey();
    const attempt = () => new LaravelDecrypter(wrong).decryptString(laravelEncrypt(SECRET, right));
    expect(attempt).toThrow(new LaravelDecryptError('The MAC is invalid.'));
    try {
      attempt();
    } catch (error) {
      expect(String((error as Error).message)).not.toContain(wrong.slice(7, 20));
    }
  });

  it('fails under a wrong key with GCM (the tag does not verify)', () => {
    const payload = laravelEncrypt(SECRET, laravelKey('AES-256-GCM'), 'AES-256-GCM');
    expect(() => new LaravelDecrypter(laravelKey('AES-256-GCM')).decryptString(payload)).toThrow('Could not decrypt the data.');
  });

  it('tries the previous keys (APP_PREVIOUS_KEYS) after the current one', () => {
    const old = laravelKey();
    const payload = laravelEncrypt(SECRET, old);
    expect(new LaravelDecrypter(laravelKey(), [laravelKey(), old]).decryptString(payload)).toBe(SECRET);
  });

  it('refuses a tampered value or iv: the MAC covers both', () => {
    const key = laravelKey();
    const fields = decode(laravelEncrypt(SECRET, key));
    const flip = (b64: string) => Buffer.from(b64, 'base64').map((byte, i) => (i === 0 ? byte ^ 1 : byte));
    for (const field of ['value', 'iv'] as const) {
      const tampered = { ...fields, [field]: Buffer.from(flip(fields[field])).toString('base64') };
      const payload = Buffer.from(JSON.stringify(tampered)).toString('base64');
      expect(() => new LaravelDecrypter(key).decryptString(payload)).toThrow('The MAC is invalid.');
    }
  });

  it('refuses a CBC payload relabelled as GCM by adding a tag', () => {
    const key = laravelKey();
    const fields = decode(laravelEncrypt(SECRET, key));
    const payload = Buffer.from(JSON.stringify({ ...fields, tag: Buffer.alloc(16).toString('base64') })).toString('base64');
    expect(() => new LaravelDecrypter(key).decryptString(payload)).toThrow(LaravelDecryptError);
  });

  it.each(['', 'not base64!', Buffer.from('{"iv":1}').toString('base64'), Buffer.from('[]').toString('base64')])(
    'refuses the malformed payload %p with "The payload is invalid."',
    (payload) => {
      expect(() => new LaravelDecrypter(laravelKey()).decryptString(payload)).toThrow('The payload is invalid.');
    },
  );

  it('refuses a value that is not a serialized string (encryptString, objects)', () => {
    const key = laravelKey();
    expect(() => new LaravelDecrypter(key).decryptString(laravelEncrypt(SECRET, key, 'AES-256-CBC', false))).toThrow(
      'The decrypted value is not a serialized string.',
    );
    const object = laravelEncrypt('O:8:"stdClass":0:{}', key, 'AES-256-CBC', false);
    expect(() => new LaravelDecrypter(key).decryptString(object)).toThrow(LaravelDecryptError);
    expect(new LaravelDecrypter(key).decryptRaw(object).toString()).toBe('O:8:"stdClass":0:{}');
  });
});

describe('unserializePhpString', () => {
  it('reads s:N:"…"; with N in bytes', () => {
    expect(unserializePhpString(Buffer.from(phpSerializeString('Grüße')))).toBe('Grüße');
    expect(unserializePhpString(Buffer.from('s:0:"";'))).toBe('');
  });

  it.each(['s:3:"ab";', 's:2:"abc";', 's:2:"ab"', 'i:5;', 'b:1;', 's:2:"ab";x'])('refuses %p', (value) => {
    expect(() => unserializePhpString(Buffer.from(value))).toThrow(LaravelDecryptError);
  });
});

describe('parseLaravelKey', () => {
  it('accepts base64 keys of 32 and 16 bytes', () => {
    expect(parseLaravelKey(laravelKey())).toHaveLength(32);
    expect(parseLaravelKey(laravelKey('AES-128-CBC'))).toHaveLength(16);
  });

  it.each(['base64:', 'base64:abc', `base64:${Buffer.alloc(24).toString('base64')}`, 'short'])('refuses %p without echoing it', (value) => {
    expect(() => parseLaravelKey(value)).toThrow(/^The Laravel key must be/);
  });
});
