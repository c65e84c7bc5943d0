import { generateSecret } from 'otplib';
import { toString as qrToString } from 'qrcode';
import { randomAlnum } from '../common/crypto';
import { decodeBase32, hotp, sameCode } from './hotp';

// RFC 6238 as used by Google Authenticator and Fortify: SHA-1, 6 digits, 30 s steps. Computed here
// (hotp.ts) rather than by otplib, which refuses secrets under 16 bytes: Fortify's default is 10.
export const TOTP_PERIOD_SECONDS = 30;
/** 160-bit secrets: 20 bytes, i.e. 32 base32 characters. */
const SECRET_BYTES = 20;
// One step either way: the window [step - 1, step + 1] wherever `now` falls inside the current step.
const WINDOW_STEPS = 1;
const CODE_FORMAT = /^[0-9]{6}$/;

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

function stepAt(atMs: number): number {
  return Math.floor(atMs / 1000 / TOTP_PERIOD_SECONDS);
}

function secretKey(secret: string): Buffer {
  const key = decodeBase32(secret);
  if (!key) throw new RangeError('The TOTP secret is not base32');
  return key;
}

export async function totpCode(secret: string, atMs: number = Date.now()): Promise<string> {
  return hotp(secretKey(secret), stepAt(atMs));
}

/** The first step a code may match: after the last used one (replay protection) and inside the window. */
function firstStep(afterTimeStep: number | null | undefined, currentStep: number): number {
  const windowStart = currentStep - WINDOW_STEPS;
  if (afterTimeStep === null || afterTimeStep === undefined) return windowStart;
  if (Number.isNaN(afterTimeStep)) throw new RangeError('afterTimeStep must be a number');
  // Steps are integers, so "> 5.5" is the same as "> 5".
  return Math.max(windowStart, Math.floor(afterTimeStep) + 1);
}

/**
 * Checks a 6-digit code within ±1 time step. Returns the matched step (store it
 * and pass it back as `afterTimeStep` to refuse replays) or null when invalid.
 * A secret that is not base32 matches nothing: stored data must never turn into a 500.
 */
export async function verifyTotp(
  secret: string,
  code: string,
  opts: VerifyTotpOptions = {},
): Promise<number | null> {
  if (!CODE_FORMAT.test(code)) return null;
  const key = decodeBase32(secret);
  if (!key) return null;
  const current = stepAt(opts.atMs ?? Date.now());
  let matched: number | null = null;
  // Every step of the window is computed, so the time taken does not tell which one matched.
  for (let step = firstStep(opts.afterTimeStep, current); step <= current + WINDOW_STEPS; step++) {
    if (step >= 0 && sameCode(hotp(key, step), code) && matched === null) matched = step;
  }
  return matched;
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
