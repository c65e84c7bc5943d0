import { execFileSync } from 'node:child_process';
import request from 'supertest';
import { Encrypter } from '../../src/common/crypto';
import { TokensService } from '../../src/tokens/tokens.service';
import { generateRecoveryCodes, generateTotpSecret } from '../../src/two-factor/totp';
import type { TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { SpaClient, spaClient, spaLogin } from '../support/spa-client';

export const STEP_MS = 30_000;

/**
 * The code the independent OATH Toolkit computes for `secret` at `atMs`. Fails with a clear message
 * when oathtool is missing: these tests must never fall back to checking otplib against itself.
 */
export function oathtool(secret: string, atMs: number = Date.now()): string {
  const when = new Date(atMs).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');
  try {
    return execFileSync('oathtool', ['--totp', '-b', secret, '--now', when], { encoding: 'utf8' }).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('oathtool is not installed (Debian package "oathtool"): the two-factor tests need it to compute codes', {
        cause: error,
      });
    }
    throw error;
  }
}

/**
 * Waits until at least `marginMs` remain in the current 30 s step and returns "now", so codes computed
 * for now ± k steps mean the same steps to the server when it checks them a moment later.
 */
export async function settledNow(marginMs = 8_000): Promise<number> {
  const intoStep = Date.now() % STEP_MS;
  if (STEP_MS - intoStep < marginMs) await new Promise((resolve) => setTimeout(resolve, STEP_MS - intoStep + 200));
  return Date.now();
}

/** A bearer client: supertest calls with the token, no cookies, no Origin (a mobile app). */
export function bearer(t: TestApp, token: string) {
  const auth = (req: request.Test) => req.set('Authorization', `Bearer ${token}`).set('Accept', 'application/json');
  return {
    get: (path: string) => auth(request(t.url).get(path)),
    post: (path: string, body: object = {}) => auth(request(t.url).post(path)).send(body),
    delete: (path: string) => auth(request(t.url).delete(path)),
  };
}

export type BearerClient = ReturnType<typeof bearer>;

export async function newToken(t: TestApp, userId: number, name = 'test-device', abilities: string[] = ['*']): Promise<string> {
  return (await t.app.get(TokensService).create(userId, name, abilities)).plainTextToken;
}

/** Any client shape: the SPA (axios, never throws) or a bearer client (supertest). */
export interface Caller {
  post(path: string, body?: object): Promise<{ status: number; body: unknown }>;
  get(path: string): Promise<{ status: number; body: unknown }>;
}

export function spaCaller(spa: SpaClient): Caller {
  return {
    post: (path, body = {}) => spa.http.post(path, body).then((r) => ({ status: r.status, body: r.data as unknown })),
    get: (path) => spa.http.get(path).then((r) => ({ status: r.status, body: r.data as unknown })),
  };
}

export function bearerCaller(client: BearerClient): Caller {
  return {
    post: (path, body = {}) => client.post(path, body).then((r) => ({ status: r.status, body: r.body as unknown })),
    get: (path) => client.get(path).then((r) => ({ status: r.status, body: r.body as unknown })),
  };
}

/** confirm-password → enable → secret-key → confirm with oathtool's code; returns the base32 secret. */
export async function enableTwoFactor(caller: Caller, password: string, atMs?: number): Promise<string> {
  expect((await caller.post('/user/confirm-password', { password })).status).toBe(201);
  expect((await caller.post('/user/two-factor-authentication')).status).toBe(200);
  const key = await caller.get('/user/two-factor-secret-key');
  expect(key.status).toBe(200);
  const secret = (key.body as { secretKey: string }).secretKey;
  const confirm = await caller.post('/user/confirmed-two-factor-authentication', { code: oathtool(secret, atMs ?? Date.now()) });
  expect(confirm.status).toBe(200);
  return secret;
}

/**
 * A user with confirmed 2FA, enabled through the SPA routes. The confirmation used the code of the
 * *previous* step, so codes of the current and next steps are still unused.
 */
export async function twoFactorUser(t: TestApp) {
  const user = await createUser(t.app);
  const now = await settledNow();
  const spa = await spaLogin(t.url, user.email, user.plainPassword);
  const secret = await enableTwoFactor(spaCaller(spa), user.plainPassword, now - STEP_MS);
  const codes = (await spa.http.get('/user/two-factor-recovery-codes')).data as string[];
  return { user, secret, recoveryCodes: codes };
}

/**
 * A user with confirmed 2FA written straight to the database (the setup routes have their own tests):
 * a fresh secret and 8 recovery codes, encrypted as the app does, no step used yet.
 */
export async function seedTwoFactorUser(t: TestApp) {
  const user = await createUser(t.app);
  const secret = generateTotpSecret();
  const recoveryCodes = generateRecoveryCodes();
  const encrypter = new Encrypter(t.config.appKey);
  await t.db.query(
    `UPDATE users SET two_factor_secret = $2, two_factor_recovery_codes = $3, two_factor_confirmed_at = now() WHERE id = $1`,
    [user.id, encrypter.encrypt(secret), encrypter.encrypt(JSON.stringify(recoveryCodes))],
  );
  return { user, secret, recoveryCodes };
}

/** Six digits that are not the code of any step the server could accept around now. */
export function wrongCode(secret: string): string {
  const now = Date.now();
  const valid = new Set([-2, -1, 0, 1, 2].map((k) => oathtool(secret, now + k * STEP_MS)));
  for (let n = 0; ; n++) {
    const candidate = String(n).padStart(6, '0');
    if (!valid.has(candidate)) return candidate;
  }
}

/** POST /api/login as a mobile app: no Origin, no cookies. */
export function apiLogin(t: TestApp, email: string, password: string, extra: object = { device_name: 'Pixel 9' }) {
  return request(t.url).post('/api/login').set('Accept', 'application/json').send({ email, password, ...extra });
}

export function apiChallenge(t: TestApp, body: object) {
  return request(t.url).post('/api/two-factor-challenge').set('Accept', 'application/json').send(body);
}

/** A mobile login that stopped at the second factor; returns the challenge token. */
export async function startApiChallenge(t: TestApp, email: string, password: string, extra?: object): Promise<string> {
  const res = await apiLogin(t, email, password, extra);
  expect(res.status).toBe(200);
  expect(res.body.two_factor).toBe(true);
  return res.body.challenge_token as string;
}

/** csrf-cookie → POST /login for a 2FA user: the browser now holds a pending login. */
export async function startSpaChallenge(t: TestApp, email: string, password: string, remember = false): Promise<SpaClient> {
  const spa = spaClient(t.url);
  await spa.http.get('/sanctum/csrf-cookie');
  const res = await spa.http.post('/login', { email, password, remember });
  expect(res.status).toBe(200);
  expect(res.data).toEqual({ two_factor: true });
  return spa;
}
