import { createGuardrails, generate, generateSecret, verify } from 'otplib';
import { toString as qrToString } from 'qrcode';
import { randomAlnum } from '../common/crypto';

// RFC 6238 as used by Google Authenticator and Fortify. Passed explicitly on every
// call so that a change of otplib defaults cannot silently change our codes.
// Fortify's default secret is 16 base32 characters (10 bytes) and its longest 128 (80): otplib's
// guardrails (16 to 64 bytes) are widened to that range so imported secrets verify.
const GUARDRAILS = createGuardrails({ MIN_SECRET_BYTES: 10, MAX_SECRET_BYTES: 80 });
const TOTP_OPTIONS = { algorithm: 'sha1', digits: 6, period: 30, guardrails: GUARDRAILS } as const;
export const TOTP_PERIOD_SECONDS = TOTP_OPTIONS.period;
/** 160-bit secrets: 20 bytes, i.e. 32 base32 characters. */
const SECRET_BYTES = 20;
// otplib's tolerance is in seconds, not steps: one period either way yields the
// window [step - 1, step + 1] wherever `now` falls inside the current step.
const EPOCH_TOLERANCE_SECONDS = TOTP_PERIOD_SECONDS;
const CODE_FORMAT = /^[0-9]{6}$/;
const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const BASE32 = /^[A-Z2-7]+$/;

export interface VerifyTotpOptions {
  /** Last accepted time step; only strictly later steps are accepted (replay protection). */
  afterTimeStep?: number | null;
  /** Verification instant in milliseconds since the epoch (default: now). */
  atMs?: number;
}

export function generateTotpSecret(): string {
  return generateSecret({ length: SECRET_BYTES });
}

// Same as PHP's rawurlencode, which Fortify uses: encodeURIComponent leaves !'()* alone.
function rawUrlEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (ch) => '%' + ch.charCodeAt(0).toString(16).toUpperCase(),
  );
}

/**
 * otpauth URI for authenticator apps. Built by hand because otplib's generateURI
 * leaves a ':' in the issuer unencoded inside the label, which makes it ambiguous.
 */
export function totpUri(issuer: string, accountName: string, secret: string): string {
  const label = `${rawUrlEncode(issuer)}:${rawUrlEncode(accountName)}`;
  return `otpauth://totp/${label}?secret=${secret}&issuer=${rawUrlEncode(issuer)}`;
}

function toEpochSeconds(atMs: number): number {
  return Math.floor(atMs / 1000);
}

/**
 * Authenticator apps, oathtool and Google2FA read base32 in any case, with spaces and padding ignored,
 * and drop the bits of a last character beyond the final whole byte; otplib's decoder refuses such bits,
 * so they are cleared here (a 20-character secret is 12 bytes and 4 spare bits).
 */
function normaliseSecret(secret: string): string {
  const clean = secret.replace(/[\s=]/g, '').toUpperCase();
  const spareBits = (clean.length * 5) % 8;
  const last = BASE32_ALPHABET.indexOf(clean.slice(-1));
  if (spareBits === 0 || last < 0) return clean;
  return clean.slice(0, -1) + BASE32_ALPHABET[last & ~((1 << spareBits) - 1)];
}

/** True when `secret` is base32 of a length otplib accepts here (Fortify's 16 characters and up). */
export function isUsableTotpSecret(secret: string): boolean {
  const clean = normaliseSecret(secret);
  const bytes = Math.floor((clean.length * 5) / 8);
  return BASE32.test(clean) && bytes >= GUARDRAILS.MIN_SECRET_BYTES && bytes <= GUARDRAILS.MAX_SECRET_BYTES;
}

export function totpCode(secret: string, atMs: number = Date.now()): Promise<string> {
  return generate({ ...TOTP_OPTIONS, secret: normaliseSecret(secret), epoch: toEpochSeconds(atMs) });
}

/**
 * Translates our "last used step" into otplib's option. otplib throws when it lies
 * beyond the window, so that case is reported as `'none'` (nothing can match).
 */
function replayFloor(afterTimeStep: number | null | undefined, currentStep: number): number | undefined | 'none' {
  if (afterTimeStep === null || afterTimeStep === undefined) return undefined;
  if (Number.isNaN(afterTimeStep)) throw new RangeError('afterTimeStep must be a number');
  // Steps are integers, so "> 5.5" is the same as "> 5".
  const floor = Math.floor(afterTimeStep);
  if (floor >= currentStep + 1) return 'none';
  return floor < 0 ? undefined : floor;
}

/**
 * Checks a 6-digit code within ±1 time step. Returns the matched step (store it
 * and pass it back as `afterTimeStep` to refuse replays) or null when invalid.
 * A stored secret otplib cannot use matches nothing: stored data must never turn into a 500.
 */
export async function verifyTotp(
  secret: string,
  code: string,
  opts: VerifyTotpOptions = {},
): Promise<number | null> {
  // otplib throws on malformed codes; user input must never turn into a 500.
  if (!CODE_FORMAT.test(code) || !isUsableTotpSecret(secret)) return null;
  const epoch = toEpochSeconds(opts.atMs ?? Date.now());
  const afterTimeStep = replayFloor(opts.afterTimeStep, Math.floor(epoch / TOTP_PERIOD_SECONDS));
  if (afterTimeStep === 'none') return null;
  const result = await verify({
    ...TOTP_OPTIONS,
    secret: normaliseSecret(secret),
    token: code,
    epoch,
    epochTolerance: EPOCH_TOLERANCE_SECONDS,
    afterTimeStep,
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

/** SVG QR code of `text` (typically a totpUri) for the enable-2FA screen. */
export function qrCodeSvg(text: string): Promise<string> {
  return qrToString(text, { type: 'svg' });
}

/** Fortify's recovery code shape: two groups of 10 alphanumerics. */
export function generateRecoveryCode(): string {
  return `${randomAlnum(10)}-${randomAlnum(10)}`;
}

export function generateRecoveryCodes(n = 8): string[] {
  return Array.from({ length: n }, generateRecoveryCode);
}
