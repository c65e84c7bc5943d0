import request from 'supertest';
import type { TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { SoftAuthenticator } from '../support/soft-authenticator';
import { SpaClient, spaClient, spaLogin } from '../support/spa-client';

/** The SPA origin of the tests: APP_URL, which is a default passkey origin; RP id localhost. */
export const ORIGIN = 'http://localhost:3000';

export async function auditEvents(t: TestApp, event: string, userId?: number) {
  const { rows } = await t.db.query(
    `SELECT user_id, metadata FROM audit_events WHERE event = $1 ${userId === undefined ? '' : 'AND user_id = $2'} ORDER BY id`,
    userId === undefined ? [event] : [event, userId],
  );
  return (rows as Array<{ user_id: string | number | null; metadata: Record<string, unknown> }>).map((row) => ({
    user_id: row.user_id === null ? null : Number(row.user_id),
    metadata: row.metadata,
  }));
}

/** A logged-in SPA user who confirmed their password and registered one passkey on `authenticator`. */
export async function userWithPasskey(t: TestApp, authenticator = new SoftAuthenticator(ORIGIN), name = 'Laptop') {
  const user = await createUser(t.app);
  const spa = await spaLogin(t.url, user.email, user.plainPassword);
  expect((await spa.http.post('/user/confirm-password', { password: user.plainPassword })).status).toBe(201);
  const passkey = await registerPasskey(spa, authenticator, name);
  return { user, spa, authenticator, passkey };
}

export async function registerPasskey(spa: SpaClient, authenticator: SoftAuthenticator, name = 'Laptop') {
  const options = await spa.http.post('/user/passkeys/options');
  expect(options.status).toBe(200);
  const res = await spa.http.post('/user/passkeys', { name, credential: authenticator.register(options.data) });
  expect(res.status).toBe(201);
  return res.data as { id: number; name: string };
}

/** A guest browser that fetched the CSRF cookie: ready for POST /passkeys/login. */
export async function guestSpa(t: TestApp): Promise<SpaClient> {
  const spa = spaClient(t.url, ORIGIN);
  await spa.http.get('/sanctum/csrf-cookie');
  return spa;
}

/** options → assertion → POST /passkeys/login; returns the login answer. */
export async function passkeyLogin(spa: SpaClient, authenticator: SoftAuthenticator, tweaks: Parameters<SoftAuthenticator['assert']>[1] = {}) {
  const options = await spa.http.post('/passkeys/login/options', {});
  expect(options.status).toBe(200);
  const credential = authenticator.assert(options.data, tweaks);
  return { res: await spa.http.post('/passkeys/login', { credential }), credential };
}

/** A mobile app's calls: no Origin, no cookies. */
export const mobile = (t: TestApp) => ({
  post: (path: string, body: object = {}) => request(t.url).post(path).set('Accept', 'application/json').send(body),
});
