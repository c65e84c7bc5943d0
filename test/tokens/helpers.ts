import request from 'supertest';
import { InvalidationBus, InvalidationKind } from '../../src/cache/invalidation-bus';
import type { TestApp } from '../support/app';

/** Headers of a mobile/API client: JSON, a bearer token, no cookies, no Origin. */
export const bearer = (token: string) => ({ Authorization: `Bearer ${token}`, Accept: 'application/json' });

export const api = (t: TestApp) => request(t.url);

/** POST /api/login as a mobile app does; returns the plain token (fails the test otherwise). */
export async function apiLogin(
  t: TestApp,
  user: { email: string; plainPassword: string },
  extra: Record<string, unknown> = {},
): Promise<string> {
  const res = await api(t)
    .post('/api/login')
    .set('Accept', 'application/json')
    .send({ email: user.email, password: user.plainPassword, device_name: 'test phone', ...extra });
  if (res.status !== 201) throw new Error(`api login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token as string;
}

/** The id part of `<id>|<secret>`. */
export const tokenId = (plain: string) => Number(plain.split('|')[0]);

/** Audit events of one kind for a user, oldest first. */
export async function auditEvents(t: TestApp, event: string, userId: number) {
  const { rows } = await t.db.query('SELECT event, user_id, metadata FROM audit_events WHERE event = $1 AND user_id = $2 ORDER BY id', [
    event,
    userId,
  ]);
  return rows as Array<{ event: string; user_id: number; metadata: Record<string, unknown> }>;
}

/**
 * Runs a change made behind the app's back (plain SQL) and resolves once the app has heard of it
 * (its trigger's NOTIFY reached the invalidation bus). Without this a test races the notification:
 * the next request could still be answered from the cache. With the caches off there is nothing to wait for.
 */
export async function changedBehindTheAppsBack(t: TestApp, kind: InvalidationKind, key: number | string, change: () => Promise<unknown>): Promise<void> {
  const bus = t.app.get(InvalidationBus);
  if (!bus.reliable) {
    await change();
    return;
  }
  let heard!: () => void;
  const arrived = new Promise<void>((resolve) => (heard = resolve));
  bus.subscribe((event) => {
    if (event === 'reset' || (event.kind === kind && String(event.key) === String(key))) heard();
  });
  await change();
  await arrived;
}
