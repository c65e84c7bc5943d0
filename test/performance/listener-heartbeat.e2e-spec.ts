import request from 'supertest';
import { InvalidationBus } from '../../src/cache/invalidation-bus';
import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { TcpProxy } from '../support/tcp-proxy';
import { createRole, giveRoles, seed, tokenFor } from '../rbac/support';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}`, Accept: 'application/json' });

/** Polls `send` until it answers `status`; returns how long that took (no fixed sleeps). */
async function msUntil(status: number, send: () => Promise<{ status: number }>, limitMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const elapsed = Date.now() - started;
    if ((await send()).status === status) return elapsed;
    if (elapsed > limitMs) throw new Error(`still no ${status} after ${elapsed} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Resolves once `t`'s LISTEN connection is up (its caches trusted again); fails after `limitMs`. */
async function untilListening(t: TestApp, limitMs: number): Promise<void> {
  const bus = t.app.get(InvalidationBus);
  const deadline = Date.now() + limitMs;
  while (!bus.reliable) {
    if (Date.now() > deadline) throw new Error(`listener still down after ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Instance B reaches PostgreSQL through a proxy that can black-hole B's LISTEN connection the way
 * an idle NAT or firewall drop does: no error, no close, notifications just stop arriving. B's
 * pool connections keep working, so only the listener's heartbeat can tell B its caches went stale.
 */
describe('credential listener heartbeat', () => {
  let a: TestApp;
  let b: TestApp;
  let proxy: TcpProxy;
  beforeAll(async () => {
    a = await startApp();
    const proxied = await TcpProxy.forUrl(a.databaseUrl);
    proxy = proxied.proxy;
    b = await startApp({ databaseUrl: proxied.url });
    await seed(a);
  });
  afterAll(async () => {
    proxy?.unsilence();
    await b?.close();
    await proxy?.cut();
    await a?.close();
  });

  it('refuses on B a token revoked on A while B’s LISTEN connection is silently dead', async () => {
    const user = await createUser(a.app);
    const token = await tokenFor(a, user.id);
    const onB = () => request(b.url).get('/api/user').set(bearer(token));
    expect((await onB()).status).toBe(200);
    expect((await onB()).status).toBe(200); // now from B's cache

    proxy.silence('gatehouse-listener');
    expect((await request(a.url).post('/api/logout').set(bearer(token))).status).toBe(204);

    // Heartbeat every 3 s, failing after 2 s without an answer: well under the caches' 60 s TTL.
    expect(await msUntil(401, onB, 12_000)).toBeLessThan(12_000);
    const other = await tokenFor(a, user.id);
    expect((await request(b.url).get('/api/user').set(bearer(other))).status).toBe(200);
  });

  it('reconnects once the network is back, and B serves from its caches again', async () => {
    proxy.unsilence();
    const user = await createUser(a.app);
    // Proof that B trusts its cache: with the trigger off, B keeps accepting a token deleted behind its back.
    const servedFromCache = async (): Promise<boolean> => {
      const token = await tokenFor(a, user.id);
      const onB = () => request(b.url).get('/api/user').set(bearer(token));
      if ((await onB()).status !== 200 || (await onB()).status !== 200) return false;
      await a.db.query('ALTER TABLE personal_access_tokens DISABLE TRIGGER personal_access_tokens_notify_change');
      try {
        await a.db.query('DELETE FROM personal_access_tokens WHERE user_id = $1', [user.id]);
        return (await onB()).status === 200;
      } finally {
        await a.db.query('ALTER TABLE personal_access_tokens ENABLE TRIGGER personal_access_tokens_notify_change');
      }
    };
    const deadline = Date.now() + 15_000;
    while (!(await servedFromCache())) {
      if (Date.now() > deadline) throw new Error('B never trusted its caches again');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });

  /** A fresh user whose role grants roles.view, and B's answer to GET /api/permissions (guarded by it). */
  async function viewer(roleName: string) {
    const role = await createRole(a, roleName, ['roles.view']);
    const user = await createUser(a.app);
    await giveRoles(a, user.id, [roleName]);
    const token = await tokenFor(a, user.id);
    return { role, user, onB: () => request(b.url).get('/api/permissions').set(bearer(token)) };
  }

  it('checks permissions on B against the database while its LISTEN connection is dead, and clears them when it is back', async () => {
    await untilListening(b, 20_000);
    const { role, onB } = await viewer('heartbeat-viewer');
    expect((await onB()).status).toBe(200);
    expect((await onB()).status).toBe(200); // now from B's access cache

    proxy.silence('gatehouse-listener');
    await a.db.query('DELETE FROM role_permissions WHERE role_id = $1', [role.id]); // B never hears of it
    expect(await msUntil(403, onB, 12_000)).toBeLessThan(12_000);
    // The database said no, not a notification: B's listener is still down.
    expect(b.app.get(InvalidationBus).reliable).toBe(false);

    proxy.unsilence();
    await untilListening(b, 20_000);
    // What B cached before the silence (roles.view granted) must not come back with the connection.
    expect((await onB()).status).toBe(403);
  });

  it('serves permission checks from memory again once reconnected', async () => {
    await untilListening(b, 20_000);
    const { user, onB } = await viewer('reconnected-viewer');
    expect((await onB()).status).toBe(200);
    expect((await onB()).status).toBe(200);
    // Proof that B trusts its access cache: with the notification off, B keeps granting a revoked role.
    await a.db.query('ALTER TABLE rbac_version DISABLE TRIGGER rbac_version_notify_change');
    try {
      await a.db.query('DELETE FROM user_roles WHERE user_id = $1', [user.id]);
      expect((await onB()).status).toBe(200);
    } finally {
      await a.db.query('ALTER TABLE rbac_version ENABLE TRIGGER rbac_version_notify_change');
    }
  });
});
