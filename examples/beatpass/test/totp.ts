import { execFileSync } from 'node:child_process';
import { generate } from 'otplib';

const STEP_MS = 30_000;

function hasOathtool(): boolean {
  try {
    execFileSync('oathtool', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const OATHTOOL = hasOathtool();

/**
 * The code an authenticator app shows for `secret` at `atMs`: the OATH Toolkit's when it is installed
 * (independent of the server's otplib), else otplib with RFC 6238's parameters spelled out.
 */
export async function totp(secret: string, atMs = Date.now()): Promise<string> {
  if (OATHTOOL) {
    const when = new Date(atMs).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');
    return execFileSync('oathtool', ['--totp', '-b', secret, '--now', when], { encoding: 'utf8' }).trim();
  }
  return generate({ algorithm: 'sha1', digits: 6, period: 30, secret, epoch: Math.floor(atMs / 1000) });
}

/** Waits until at least `marginMs` remain in the current 30 s step, so "this step" and "the next" stay what they were. */
export async function settledNow(marginMs = 6_000): Promise<number> {
  const left = STEP_MS - (Date.now() % STEP_MS);
  if (left < marginMs) await new Promise((resolve) => setTimeout(resolve, left + 200));
  return Date.now();
}

export const nextStep = (atMs: number) => atMs + STEP_MS;
