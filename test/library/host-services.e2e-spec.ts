import request from 'supertest';
import { GatehouseAccess, GatehouseRbac, GatehouseUsers } from '../../src';
import { actingAs, createUser } from '../../src/testing';
import { hostWith, useHostDatabase } from './host-module';

const database = useHostDatabase('ALTER TABLE teams ADD COLUMN is_headquarters boolean NOT NULL DEFAULT false;');

describe('GatehouseRbac: a host seeder writes teams, roles and assignments', () => {
  const host = hostWith(database, { teams: { fields: { is_headquarters: { type: 'boolean', required: true } } } });
  const rbac = () => host.current.app.get(GatehouseRbac);

  it('ensureTeam creates a team with its fields once; a second call returns it unchanged', async () => {
    const created = await rbac().ensureTeam('Headquarters', { is_headquarters: true });
    expect(created).toEqual({ id: expect.any(Number), name: 'Headquarters', is_headquarters: true });
    expect(await rbac().ensureTeam('Headquarters', { is_headquarters: false })).toEqual(created);
  });

  it('ensureTeam checks the fields by their rules (422 in Laravel shape)', async () => {
    await expect(rbac().ensureTeam('Plant', {})).rejects.toMatchObject({
      status: 422,
      response: { message: 'The is headquarters field is required.', errors: { is_headquarters: ['The is headquarters field is required.'] } },
    });
    await expect(rbac().ensureTeam('Plant', { is_headquarters: true, colour: 'red' })).rejects.toMatchObject({ status: 422 });
  });

  it('ensureRole and assignRole give a user a role per team, idempotently; access follows', async () => {
    const north = await rbac().ensureTeam('North', { is_headquarters: false });
    const south = await rbac().ensureTeam('South', { is_headquarters: false });
    const manager = await rbac().ensureRole('manager', ['site.manage'], north.id);
    expect(manager.created).toBe(true);
    expect(await rbac().ensureRole('manager', ['site.manage'], north.id)).toEqual({ ...manager, created: false });
    await rbac().ensureRole('viewer', ['site.view'], south.id);
    const user = await createUser(host.current.app);
    expect(await rbac().assignRole(user.id, 'manager', north.id)).toBe(true);
    expect(await rbac().assignRole(user.id, 'manager', north.id)).toBe(false);
    await rbac().assignRole(user.id, 'viewer', south.id);

    const access = host.current.app.get(GatehouseAccess);
    expect(await access.accessOf(user.id, north.id)).toMatchObject({ roles: expect.arrayContaining(['manager']), permissions: ['site.manage'] });
    const inSouth = await access.accessOf(user.id, south.id);
    expect(inSouth.permissions).toEqual(['site.view']);
    expect(inSouth.teams.map((team) => team.name)).toEqual(['North', 'South']);

    expect((await rbac().switchTeam(user.id, south.id)).currentTeamId).toBe(south.id);
    const stranger = await createUser(host.current.app);
    await expect(rbac().switchTeam(stranger.id, south.id)).rejects.toMatchObject({ status: 403 });
  });

  it('assignRole refuses a role the team does not have', async () => {
    const user = await createUser(host.current.app);
    const team = await rbac().ensureTeam('East', { is_headquarters: false });
    await expect(rbac().assignRole(user.id, 'no-such-role', team.id)).rejects.toThrow('There is no role named "no-such-role"');
  });
});

describe('GatehouseUsers.setLocale: a host route sets the locale', () => {
  const host = hostWith(database, { teams: { fields: { is_headquarters: { type: 'boolean', required: true } } } });
  const users = () => host.current.app.get(GatehouseUsers);

  it('the next request sees the new locale at once, though the user was cached', async () => {
    const user = await createUser(host.current.app);
    const headers = await actingAs(host.current.app, user);
    expect((await request(host.current.url).get('/api/user').set(headers)).body.locale).toBeNull();
    const updated = await users().setLocale(user.id, 'fr');
    expect(updated).toMatchObject({ id: user.id, locale: 'fr' });
    expect((await request(host.current.url).get('/api/user').set(headers)).body.locale).toBe('fr');
    expect((await users().setLocale(user.id, null))?.locale).toBeNull();
  });

  it('refuses a value that is no language tag (422) and answers null for an unknown user', async () => {
    const user = await createUser(host.current.app);
    await expect(users().setLocale(user.id, 'fr; DROP')).rejects.toMatchObject({
      status: 422,
      response: { message: 'The locale field format is invalid.', errors: { locale: ['The locale field format is invalid.'] } },
    });
    await expect(users().setLocale(user.id, 'x'.repeat(13))).rejects.toMatchObject({ status: 422 });
    expect(await users().setLocale(2_000_000_000, 'en')).toBeNull();
  });
});
