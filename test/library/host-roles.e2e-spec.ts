import request from 'supertest';
import { GatehouseAccess, GatehouseRbac } from '../../src';
import { actingAs, createUser } from '../../src/testing';
import { hostWith, useHostDatabase } from './host-module';

describe('GatehouseRbac: roles for a host app’s own seeders', () => {
  const host = hostWith(useHostDatabase(), {});
  const roles = () => host.current.app.get(GatehouseRbac);

  it('seedDefaults() is db:seed: the admin role with the admin permissions, and a second run changes nothing', async () => {
    const first = await roles().seedDefaults();
    expect(first.roles).toBeGreaterThanOrEqual(2);
    expect(first.permissions).toBe(7);
    expect(await roles().seedDefaults()).toEqual({ permissions: 0, roles: 0, grants: 0 });
    const admin = await createUser(host.current.app);
    expect(await roles().assignRole(admin.id, 'admin')).toBe(true);
    const listed = await request(host.current.url).get('/api/roles').set(await actingAs(host.current.app, admin));
    expect(listed.status).toBe(200);
    expect(listed.body.find((role: { name: string }) => role.name === 'admin').permissions).toContain('roles.manage');
  });

  it('createRole() finds or creates the role and its permissions; assignRole() opens the host’s @Permissions route', async () => {
    const user = await createUser(host.current.app);
    const auth = await actingAs(host.current.app, user);
    const create = () => request(host.current.url).post('/tracks').set(auth).send({ title: 'Intro' });
    expect((await create()).status).toBe(403);

    const made = await roles().ensureRole('producer', ['tracks.create']);
    expect(made.created).toBe(true);
    expect(await roles().ensureRole('producer', ['tracks.create'])).toEqual({ id: made.id, name: 'producer', created: false });
    expect(await roles().assignRole(user.id, 'producer')).toBe(true);
    expect(await roles().assignRole(user.id, 'producer')).toBe(false);

    expect(await host.current.app.get(GatehouseAccess).hasPermission(user.id, 'tracks.create')).toBe(true);
    const res = await create();
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ title: 'Intro' });
  });

  it('assignRole() refuses a role that does not exist, naming it', async () => {
    const user = await createUser(host.current.app);
    await expect(roles().assignRole(user.id, 'no-such-role')).rejects.toThrow('There is no role named "no-such-role" (global).');
  });
});
