import { DataSource } from 'typeorm';
import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { RBAC_PROBE, RbacProbeModule } from './rbac-probe.module';
import { asToken, createRole, giveRoles, rbacChangeHeard, seed, tokenFor } from './support';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns `expected`; returns the milliseconds it took (or throws after `limitMs`). */
async function timeUntil(probe: () => Promise<number>, expected: number, limitMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    if ((await probe()) === expected) return Date.now() - started;
    await sleep(20);
  }
  throw new Error(`still not ${expected} after ${limitMs} ms`);
}

/** Counts the app's access loads (the one query that reads user_roles) and reads of rbac_version. */
function countQueries(t: TestApp) {
  const dataSource = t.app.get(DataSource);
  const counts = { access: 0, version: 0 };
  const count = (sql: unknown) => {
    if (typeof sql !== 'string') return;
    if (sql.includes('JOIN user_roles ur')) counts.access += 1;
    if (sql.includes('FROM rbac_version')) counts.version += 1;
  };
  // EntityManager.query delegates to DataSource.query, so this one spy sees both.
  const original = dataSource.query.bind(dataSource);
  const spy = jest.spyOn(dataSource, 'query').mockImplementation((sql: string, ...rest: unknown[]) => {
    count(sql);
    return (original as (...args: unknown[]) => Promise<never>)(sql, ...rest);
  });
  return { counts, restore: () => spy.mockRestore() };
}

describe('access cache and its invalidation', () => {
  let t: TestApp;
  let adminToken: string;
  beforeAll(async () => {
    t = await startApp({ extraModules: [RbacProbeModule] });
    await seed(t);
    // The super-admin may grant the test's own permissions (an admin only grants what it holds).
    const admin = await createUser(t.app);
    await giveRoles(t, admin.id, [t.config.superAdminRole]);
    adminToken = await tokenFor(t, admin.id);
  });
  afterAll(() => t.close());

  /** A fresh role with posts.view and posts.edit, held by a fresh user; returns the user's probe. */
  async function holder(roleName: string) {
    const role = await createRole(t, roleName, ['posts.view', 'posts.edit']);
    const user = await createUser(t.app);
    await giveRoles(t, user.id, [roleName]);
    const token = await tokenFor(t, user.id);
    return { role, user, token, edit: (app: TestApp = t) => asToken(app, token).get(`${RBAC_PROBE}/posts.edit`).then((r) => r.status) };
  }

  it('sees a role losing a permission on the very next request (same instance)', async () => {
    const { role, edit } = await holder('shrinking-role');
    expect(await edit()).toBe(200);
    const update = await asToken(t, adminToken).put(`/api/roles/${role.id}`, { permissions: ['posts.view'] });
    expect(update.status).toBe(200);
    expect(await edit()).toBe(403);
  });

  it('sees a role being taken away and given back on the next request', async () => {
    const { user, edit } = await holder('revoked-role');
    expect(await edit()).toBe(200);
    expect((await asToken(t, adminToken).put(`/api/users/${user.id}/roles`, { roles: [] })).status).toBe(200);
    expect(await edit()).toBe(403);
    expect((await asToken(t, adminToken).put(`/api/users/${user.id}/roles`, { roles: ['revoked-role'] })).status).toBe(200);
    expect(await edit()).toBe(200);
  });

  it('makes no database query per check once warm, however many requests run at once', async () => {
    const { edit } = await holder('warm-role');
    expect(await edit()).toBe(200);
    const spy = countQueries(t);
    try {
      const statuses = await Promise.all(Array.from({ length: 40 }, () => edit()));
      expect(statuses.every((status) => status === 200)).toBe(true);
      expect(spy.counts.access).toBe(0);
      // Nothing polls the version: changes arrive as notifications.
      expect(spy.counts.version).toBe(0);
    } finally {
      spy.restore();
    }
  });

  it('loads a cold user once for many concurrent requests', async () => {
    const { token } = await holder('cold-role');
    const spy = countQueries(t);
    try {
      const statuses = await Promise.all(Array.from({ length: 30 }, () => asToken(t, token).get(`${RBAC_PROBE}/posts.edit`).then((r) => r.status)));
      expect(statuses.every((status) => status === 200)).toBe(true);
      expect(spy.counts.access).toBe(1);
    } finally {
      spy.restore();
    }
  });
});

/** Two app instances on one database, as behind a load balancer. */
describe('access cache across two instances', () => {
  let a: TestApp;
  let b: TestApp;
  let adminToken: string;
  beforeAll(async () => {
    a = await startApp({ extraModules: [RbacProbeModule] });
    b = await startApp({ databaseUrl: a.databaseUrl, extraModules: [RbacProbeModule] });
    await seed(a);
    const admin = await createUser(a.app);
    await giveRoles(a, admin.id, [a.config.superAdminRole]);
    adminToken = await tokenFor(a, admin.id);
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('makes a role losing (and regaining) a permission on one instance effective on the other within a second', async () => {
    const role = await createRole(a, 'two-instance-role', ['posts.view', 'posts.edit']);
    const user = await createUser(a.app);
    await giveRoles(a, user.id, ['two-instance-role']);
    const token = await tokenFor(a, user.id);
    const editOnB = () => asToken(b, token).get(`${RBAC_PROBE}/posts.edit`).then((r) => r.status);
    expect(await editOnB()).toBe(200);
    expect(await editOnB()).toBe(200);

    expect((await asToken(a, adminToken).put(`/api/roles/${role.id}`, { permissions: ['posts.view'] })).status).toBe(200);
    expect(await timeUntil(editOnB, 403, 1000)).toBeLessThan(1000);

    expect((await asToken(a, adminToken).put(`/api/roles/${role.id}`, { permissions: ['posts.edit'] })).status).toBe(200);
    expect(await timeUntil(editOnB, 200, 1000)).toBeLessThan(1000);
  });

  it('makes a new role assignment on one instance effective on the other within a second', async () => {
    await createRole(a, 'late-role', ['posts.delete']);
    const user = await createUser(a.app);
    const token = await tokenFor(a, user.id);
    const deleteOnB = () => asToken(b, token).get(`${RBAC_PROBE}/posts.delete`).then((r) => r.status);
    expect(await deleteOnB()).toBe(403);
    expect((await asToken(a, adminToken).put(`/api/users/${user.id}/roles`, { roles: ['late-role'] })).status).toBe(200);
    expect(await timeUntil(deleteOnB, 200, 1000)).toBeLessThan(1000);
  });
});

/**
 * Changes made outside the app (psql, a restore, another tool) bump the version through triggers,
 * and the version's trigger NOTIFYs every instance: B, which made no change, drops its cache.
 */
describe('access cache and changes made outside the app', () => {
  let a: TestApp;
  let b: TestApp;
  let adminToken: string;
  beforeAll(async () => {
    a = await startApp({ extraModules: [RbacProbeModule] });
    b = await startApp({ databaseUrl: a.databaseUrl, extraModules: [RbacProbeModule] });
    await seed(a);
    const admin = await createUser(a.app);
    await giveRoles(a, admin.id, [a.config.superAdminRole]);
    adminToken = await tokenFor(a, admin.id);
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  async function holder(roleName: string) {
    await createRole(a, roleName, ['posts.view', 'posts.edit']);
    const user = await createUser(a.app);
    await giveRoles(a, user.id, [roleName]);
    const token = await tokenFor(a, user.id);
    return { user, edit: (app: TestApp) => asToken(app, token).get(`${RBAC_PROBE}/posts.edit`).then((r) => r.status) };
  }

  it('bumps the version once per outside statement, and not for an app change (which bumps it itself)', async () => {
    const version = async () => Number((await a.db.query('SELECT version FROM rbac_version')).rows[0].version);
    const before = await version();
    await a.db.query("INSERT INTO permissions (name) VALUES ('raw.one'), ('raw.two')");
    expect(await version()).toBe(before + 1);
    const role = await createRole(a, 'app-made-role', ['raw.one']);
    // createRole found raw.one (no write) and created the role (one bump, by the app).
    expect(await version()).toBe(before + 2);
    expect((await asToken(a, adminToken).put(`/api/roles/${role.id}`, { permissions: ['raw.two'] })).status).toBe(200);
    expect(await version()).toBe(before + 3);
    // A new user's default role: nobody can have cached that user, and registrations must not queue on the row.
    await createUser(a.app);
    expect(await version()).toBe(before + 3);
  });

  it('notifies every instance of a version bump, the app’s own included', async () => {
    const role = await createRole(a, 'notified-role', ['posts.view']);
    await rbacChangeHeard(b, () => asToken(a, adminToken).put(`/api/roles/${role.id}`, { permissions: [] }));
    await rbacChangeHeard(b, () => a.db.query('UPDATE rbac_version SET version = version + 1'));
  });

  it.each([
    ['DELETE FROM user_roles', 'DELETE FROM user_roles WHERE user_id = $1'],
    ['DELETE FROM role_permissions', 'DELETE FROM role_permissions WHERE role_id IN (SELECT role_id FROM user_roles WHERE user_id = $1)'],
    ['UPDATE permissions', "UPDATE permissions SET name = 'posts.edited' WHERE name = 'posts.edit'"],
    ['TRUNCATE user_roles', 'TRUNCATE user_roles'],
    ['TRUNCATE permissions CASCADE', 'TRUNCATE permissions CASCADE'],
  ])('refuses on the other instance once the notification of a raw %s arrived', async (label, sql) => {
    const { user, edit } = await holder(`raw-${label.replace(/\W+/g, '-').toLowerCase()}`);
    expect(await edit(b)).toBe(200);
    expect(await edit(b)).toBe(200); // now from B's cache
    await rbacChangeHeard(b, () => a.db.query(sql, sql.includes('$1') ? [user.id] : []));
    expect(await edit(b)).toBe(403);
  });

  it('keeps serving from memory when the notification is suppressed (so the tests above prove the NOTIFY path)', async () => {
    const { user, edit } = await holder('suppressed-role');
    expect(await edit(b)).toBe(200);
    expect(await edit(b)).toBe(200);
    await a.db.query('ALTER TABLE rbac_version DISABLE TRIGGER rbac_version_notify_change');
    try {
      await a.db.query('DELETE FROM user_roles WHERE user_id = $1', [user.id]);
      expect(await edit(b)).toBe(200);
    } finally {
      await a.db.query('ALTER TABLE rbac_version ENABLE TRIGGER rbac_version_notify_change');
    }
    // The version still moved: the next notification (any change) clears B too.
    await rbacChangeHeard(b, () => a.db.query('UPDATE rbac_version SET version = version + 1'));
    expect(await edit(b)).toBe(403);
  });
});
