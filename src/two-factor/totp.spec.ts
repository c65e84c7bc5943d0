import { execFileSync } from 'node:child_process';
import {
  generateRecoveryCode,
  generateRecoveryCodes,
  generateTotpSecret,
  qrCodeSvg,
  totpCode,
  totpUri,
  verifyTotp,
} from './totp';

// RFC 6238 appendix B: ASCII "12345678901234567890" in base32.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const STEP_MS = 30_000;

/** Runs the independent OATH Toolkit implementation; fails loudly when it is absent. */
function oathtool(secret: string, atMs: number): string {
  // oathtool parses GNU date strings; the ISO form with an explicit UTC zone is unambiguous.
  const when = new Date(atMs).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');
  try {
    return execFileSync('oathtool', ['--totp', '-b', secret, '--now', when], { encoding: 'utf8' }).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('oathtool is not installed: install the Debian package "oathtool" to run the TOTP cross-check', {
        cause: error,
      });
    }
    throw error;
  }
}

describe('totpCode cross-checked against oathtool', () => {
  const instants = [
    59_000, // RFC 6238 T=59
    1_111_111_109_000,
    1_111_111_111_000,
    1_234_567_890_000,
    1_700_000_000_999,
    2_000_000_000_000,
    20_000_000_000_000,
  ];

  it('matches the RFC 6238 SHA-1 vectors (6 digits) and oathtool', async () => {
    expect(await totpCode(RFC_SECRET, 59_000)).toBe('287082');
    expect(await totpCode(RFC_SECRET, 1_111_111_109_000)).toBe('081804');
    expect(oathtool(RFC_SECRET, 59_000)).toBe('287082');
  });

  it.each(instants)('agrees with oathtool for a generated secret at %i ms', async (atMs) => {
    const secret = generateTotpSecret();
    expect(await totpCode(secret, atMs)).toBe(oathtool(secret, atMs));
  });
});

describe('RFC 6238 appendix B (SHA-1), last six digits', () => {
  // The secret "12345678901234567890" in base32.
  const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
  it.each([
    [59, '287082'],
    [1111111109, '081804'],
    [1111111111, '050471'],
    [1234567890, '005924'],
    [2000000000, '279037'],
  ])('at %i s gives %s', async (seconds, code) => {
    expect(await totpCode(secret, seconds * 1000)).toBe(code);
  });
});

describe('secrets of every length Fortify produces', () => {
  // Google2FA (Fortify) generates 16 base32 characters (80 bits) by default; `secret-length` may ask for more.
  const fortifySecret = (length: number) => Array.from({ length }, (_, i) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[(i * 7 + length) % 32]).join('');
  const now = 1_790_000_015_000;

  it.each([16, 20, 24, 32, 40, 64, 128])('computes and verifies codes of a %i-character secret as oathtool does', async (length) => {
    const secret = fortifySecret(length);
    const expected = oathtool(secret, now);
    expect(await totpCode(secret, now)).toBe(expected);
    expect(await verifyTotp(secret, expected, { atMs: now })).toBe(Math.floor(now / STEP_MS));
    expect(await verifyTotp(secret.toLowerCase(), expected, { atMs: now })).toBe(Math.floor(now / STEP_MS));
  });

  it('verifies a 16-character secret at the edges of the window, and refuses a step beyond', async () => {
    const secret = fortifySecret(16);
    const step = Math.floor(now / STEP_MS);
    expect(await verifyTotp(secret, oathtool(secret, now - STEP_MS), { atMs: now })).toBe(step - 1);
    expect(await verifyTotp(secret, oathtool(secret, now + STEP_MS), { atMs: now })).toBe(step + 1);
    expect(await verifyTotp(secret, oathtool(secret, now + 2 * STEP_MS), { atMs: now })).toBeNull();
  });

  it.each(['', 'not-base32!', '1111111111111111', 'A'])('answers null, never throws, for the unusable secret %p', async (secret) => {
    await expect(verifyTotp(secret, '123456', { atMs: now })).resolves.toBeNull();
  });
});

describe('generateTotpSecret', () => {
  it('returns 32 base32 characters (160 bits) that differ each time', () => {
    const secret = generateTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(generateTotpSecret()).not.toBe(secret);
  });
});

describe('verifyTotp', () => {
  // Middle of a step, so that the ±1 window is not an artefact of rounding.
  const now = 1_700_000_015_000;
  const step = Math.floor(now / 1000 / 30);
  const codeAt = (offset: number) => totpCode(RFC_SECRET, now + offset * STEP_MS);

  it('uses codes that differ across the five neighbouring steps (test precondition)', async () => {
    const codes = await Promise.all([-2, -1, 0, 1, 2].map(codeAt));
    expect(new Set(codes).size).toBe(5);
  });

  it.each([-1, 0, 1])('accepts the code of step %i and returns its counter', async (offset) => {
    expect(await verifyTotp(RFC_SECRET, await codeAt(offset), { atMs: now })).toBe(step + offset);
  });

  it.each([-2, 2])('rejects the code of step %i', async (offset) => {
    expect(await verifyTotp(RFC_SECRET, await codeAt(offset), { atMs: now })).toBeNull();
  });

  it('keeps the ±1 window at both edges of the current step', async () => {
    const start = step * STEP_MS;
    const end = start + STEP_MS - 1;
    expect(await verifyTotp(RFC_SECRET, await totpCode(RFC_SECRET, start - STEP_MS), { atMs: start })).toBe(step - 1);
    expect(await verifyTotp(RFC_SECRET, await totpCode(RFC_SECRET, end + STEP_MS), { atMs: end })).toBe(step + 1);
    expect(await verifyTotp(RFC_SECRET, await totpCode(RFC_SECRET, end + 2 * STEP_MS), { atMs: end })).toBeNull();
  });

  it('uses the current time by default', async () => {
    const secret = generateTotpSecret();
    const matched = await verifyTotp(secret, await totpCode(secret));
    expect(matched).toBeGreaterThanOrEqual(Math.floor(Date.now() / STEP_MS) - 1);
  });

  it('refuses a replay of the same step and anything older', async () => {
    const code = await codeAt(0);
    const first = await verifyTotp(RFC_SECRET, code, { atMs: now });
    expect(first).toBe(step);
    expect(await verifyTotp(RFC_SECRET, code, { atMs: now, afterTimeStep: first })).toBeNull();
    expect(await verifyTotp(RFC_SECRET, await codeAt(-1), { atMs: now, afterTimeStep: step - 1 })).toBeNull();
  });

  it('accepts a later step after the recorded one', async () => {
    expect(await verifyTotp(RFC_SECRET, await codeAt(0), { atMs: now, afterTimeStep: step - 1 })).toBe(step);
    expect(await verifyTotp(RFC_SECRET, await codeAt(1), { atMs: now, afterTimeStep: step })).toBe(step + 1);
  });

  it('treats a null afterTimeStep as no previous use', async () => {
    expect(await verifyTotp(RFC_SECRET, await codeAt(0), { atMs: now, afterTimeStep: null })).toBe(step);
  });

  it('returns null instead of throwing when afterTimeStep is beyond the window', async () => {
    const code = await codeAt(1);
    await expect(verifyTotp(RFC_SECRET, code, { atMs: now, afterTimeStep: step + 1 })).resolves.toBeNull();
    await expect(verifyTotp(RFC_SECRET, code, { atMs: now, afterTimeStep: step + 1000 })).resolves.toBeNull();
  });

  it('treats a negative afterTimeStep as allowing every step', async () => {
    expect(await verifyTotp(RFC_SECRET, '287082', { atMs: 59_000, afterTimeStep: -1 })).toBe(1);
  });

  it.each(['', '12345', '1234567', 'abcdef', '12 456', ' 123456', '１２３４５６'])(
    'returns null without throwing for the malformed code %p',
    async (code) => {
      await expect(verifyTotp(RFC_SECRET, code, { atMs: now })).resolves.toBeNull();
    },
  );

  it('returns null for a wrong 6-digit code', async () => {
    const right = await codeAt(0);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    expect(await verifyTotp(RFC_SECRET, wrong, { atMs: now })).toBeNull();
  });
});

describe('totpUri', () => {
  it('builds a Fortify-style otpauth URI with rawurlencoded issuer and account', () => {
    expect(totpUri('Gate House', 'jane.doe+1@example.com', RFC_SECRET)).toBe(
      `otpauth://totp/Gate%20House:jane.doe%2B1%40example.com?secret=${RFC_SECRET}&issuer=Gate%20House`,
    );
  });

  it("encodes characters encodeURIComponent keeps, such as ':' and \"'\"", () => {
    expect(totpUri("O'Neil: Co (1)", 'a@b.c', 'S')).toBe(
      'otpauth://totp/O%27Neil%3A%20Co%20%281%29:a%40b.c?secret=S&issuer=O%27Neil%3A%20Co%20%281%29',
    );
  });
});

describe('qrCodeSvg', () => {
  it('renders an SVG document that depends on the text', async () => {
    const svg = await qrCodeSvg(totpUri('Gatehouse', 'a@b.c', RFC_SECRET));
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(await qrCodeSvg('something else')).not.toBe(svg);
  });
});

describe('recovery codes', () => {
  it('have the xxxxxxxxxx-xxxxxxxxxx alphanumeric shape', () => {
    expect(generateRecoveryCode()).toMatch(/^[A-Za-z0-9]{10}-[A-Za-z0-9]{10}$/);
  });

  it('come eight at a time by default, all distinct', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(8);
    expect(new Set(codes).size).toBe(8);
    codes.forEach((code) => expect(code).toMatch(/^[A-Za-z0-9]{10}-[A-Za-z0-9]{10}$/));
  });

  it('honours an explicit count', () => {
    expect(generateRecoveryCodes(3)).toHaveLength(3);
    expect(generateRecoveryCodes(0)).toEqual([]);
  });
});
