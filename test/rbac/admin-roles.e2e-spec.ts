import request from 'supertest';
import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { asToken, createTeam, givePermissions, giveRoles, seed, tokenFor } from './support';

const SEEDED = ['audit.view', 'roles.manage', 'roles.view', 'teams.manage', 'teams.view', 'users.manage', 'users.view'];

describe('admin API: permissions, roles, teams', () => {
  let t: TestApp;
  let admin: ReturnType<typeof asToken>;
  let member: ReturnType<typeof asToken>;
  let adminId: number;
  beforeAll(async () => {
    t = await startApp();
    await seed(t);
    const adminUser = await createUser(t.app);
    await giveRoles(t, adminUser.id, ['admin']);
    adminId = adminUser.id;
    admin = asToken(t, await tokenFor(t, adminUser.id));
    const plain = await createUser(t.app);
    await giveRoles(t, plain.id, ['user']);
    member = asToken(t, await tokenFor(t, plain.id));
  });
  afterAll(() => t.close());

  const guest = () => request(t.url);

  describe('/api/permissions', () => {
    it('GET lists {id, name} (roles.view); 401 guest, 403 without the permission', async () => {
      const res = await admin.get('/api/permissions');
      expect(res.status).toBe(200);
      expect(res.body.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(SEEDED));
      expect(res.body[0]).toEqual({ id: expect.any(Number), name: expect.any(String) });
      expect((await guest().get('/api/permissions')).status).toBe(401);
      expect((await member.get('/api/permissions')).status).toBe(403);
    });

    it('POST creates one: 201; duplicate, missing or malformed name → 422; 403 without roles.manage', async () => {
      const created = await admin.post('/api/permissions', { name: 'posts.publish' });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({ id: expect.any(Number), name: 'posts.publish' });
      const duplicate = await admin.post('/api/permissions', { name: 'posts.publish' });
      expect(duplicate.status).toBe(422);
      expect(duplicate.body).toEqual({ message: 'The name has already been taken.', errors: { name: ['The name has already been taken.'] } });
      expect((await admin.post('/api/permissions', {})).body.errors.name).toEqual(['The name field is required.']);
      const malformed = await admin.post('/api/permissions', { name: 'posts..publish' });
      expect(malformed.status).toBe(422);
      expect(malformed.body.errors.name).toEqual(['The name field format is invalid.']);
      expect((await admin.post('/api/permissions', { name: 42 })).status).toBe(422);
      expect((await member.post('/api/permissions', { name: 'x.y' })).status).toBe(403);
      expect((await guest().post('/api/permissions').send({ name: 'x.y' })).status).toBe(401);
    });

    it('POST accepts wildcard names', async () => {
      expect((await admin.post('/api/permissions', { name: 'reports.*' })).status).toBe(201);
      expect((await admin.post('/api/permissions', { name: 'reports.create,edit' })).status).toBe(201);
    });

    it('DELETE removes it (and from roles): 204, then 404; non-numeric id → 404; 403 without roles.manage', async () => {
      const { body: permission } = await admin.post('/api/permissions', { name: 'temp.delete-me' });
      // Deleting takes the permission away from its holders: only one who could grant it may.
      expect((await admin.delete(`/api/permissions/${permission.id}`)).status).toBe(403);
      await givePermissions(t, adminId, ['temp.delete-me']);
      const { body: role } = await admin.post('/api/roles', { name: 'temp-holder', permissions: ['temp.delete-me'] });
      expect((await member.delete(`/api/permissions/${permission.id}`)).status).toBe(403);
      expect((await admin.delete(`/api/permissions/${permission.id}`)).status).toBe(204);
      expect((await admin.delete(`/api/permissions/${permission.id}`)).status).toBe(404);
      expect((await admin.get(`/api/roles/${role.id}`)).body.permissions).toEqual([]);
      expect((await admin.delete('/api/permissions/abc')).body).toEqual({ message: 'Not Found.' });
      expect((await admin.delete('/api/permissions/99999999999999999999')).status).toBe(404);
    });
  });

  describe('/api/roles', () => {
    it('GET lists roles with team_id and sorted permission names', async () => {
      const res = await admin.get('/api/roles');
      expect(res.status).toBe(200);
      const byName = Object.fromEntries(res.body.map((role: { name: string }) => [role.name, role]));
      expect(byName.admin).toEqual({ id: expect.any(Number), name: 'admin', team_id: null, permissions: SEEDED });
      expect(byName['super-admin'].permissions).toEqual([]);
      expect(byName.user.permissions).toEqual([]);
      expect((await member.get('/api/roles')).status).toBe(403);
    });

    it('POST creates a global or team role: 201; duplicates in the same scope → 422, other scopes are fine', async () => {
      const team = await createTeam(t, 'Roles team');
      const global = await admin.post('/api/roles', { name: 'editor', permissions: ['users.view', 'roles.view'] });
      expect(global.status).toBe(201);
      expect(global.body).toEqual({ id: expect.any(Number), name: 'editor', team_id: null, permissions: ['roles.view', 'users.view'] });
      const duplicate = await admin.post('/api/roles', { name: 'editor' });
      expect(duplicate.status).toBe(422);
      expect(duplicate.body.errors).toEqual({ name: ['The name has already been taken.'] });
      const scoped = await admin.post('/api/roles', { name: 'editor', team_id: team.id });
      expect(scoped.status).toBe(201);
      expect(scoped.body).toMatchObject({ name: 'editor', team_id: team.id, permissions: [] });
      expect((await admin.post('/api/roles', { name: 'editor', team_id: team.id })).status).toBe(422);
    });

    it('POST refuses unknown permissions and teams and bad input with 422', async () => {
      const unknown = await admin.post('/api/roles', { name: 'ghost', permissions: ['users.view', 'nope.nothing'] });
      expect(unknown.status).toBe(422);
      expect(unknown.body.errors).toEqual({ 'permissions.1': ['The selected permissions.1 is invalid.'] });
      const team = await admin.post('/api/roles', { name: 'ghost', team_id: 999999 });
      expect(team.body.errors).toEqual({ team_id: ['The selected team id is invalid.'] });
      expect((await admin.post('/api/roles', { name: 'ghost', permissions: 'users.view' })).body.errors.permissions).toEqual([
        'The permissions field must be an array.',
      ]);
      expect((await admin.post('/api/roles', { permissions: [] })).body.errors.name).toEqual(['The name field is required.']);
      expect((await admin.post('/api/roles', { name: 'ghost', team_id: 'x' })).status).toBe(422);
      expect((await admin.get('/api/roles')).body.some((role: { name: string }) => role.name === 'ghost')).toBe(false);
      expect((await member.post('/api/roles', { name: 'ghost' })).status).toBe(403);
    });

    it('GET /:id shows one; unknown or non-numeric id → 404', async () => {
      const { body: role } = await admin.post('/api/roles', { name: 'shown', permissions: ['audit.view'] });
      const res = await admin.get(`/api/roles/${role.id}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ id: role.id, name: 'shown', team_id: null, permissions: ['audit.view'] });
      expect((await admin.get('/api/roles/999999')).status).toBe(404);
      expect((await admin.get('/api/roles/1x')).status).toBe(404);
      expect((await member.get(`/api/roles/${role.id}`)).status).toBe(403);
    });

    it('PUT /:id renames and replaces permissions; 422 on a taken name or unknown permission; 404 unknown', async () => {
      const { body: role } = await admin.post('/api/roles', { name: 'renamable', permissions: ['audit.view'] });
      const renamed = await admin.put(`/api/roles/${role.id}`, { name: 'renamed', permissions: ['users.manage', 'teams.view'] });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toEqual({ id: role.id, name: 'renamed', team_id: null, permissions: ['teams.view', 'users.manage'] });
      const onlyName = await admin.put(`/api/roles/${role.id}`, { name: 'renamed-again' });
      expect(onlyName.body.permissions).toEqual(['teams.view', 'users.manage']);
      expect((await admin.put(`/api/roles/${role.id}`, { name: 'admin' })).status).toBe(422);
      const unknown = await admin.put(`/api/roles/${role.id}`, { permissions: ['nope'] });
      expect(unknown.body.errors).toEqual({ 'permissions.0': ['The selected permissions.0 is invalid.'] });
      expect((await admin.get(`/api/roles/${role.id}`)).body.name).toBe('renamed-again');
      expect((await admin.put('/api/roles/999999', { name: 'x' })).status).toBe(404);
      expect((await member.put(`/api/roles/${role.id}`, { name: 'x' })).status).toBe(403);
    });

    it('DELETE /:id: 204, its holders lose it, then 404', async () => {
      const { body: role } = await admin.post('/api/roles', { name: 'doomed', permissions: ['audit.view'] });
      const holder = await createUser(t.app);
      await giveRoles(t, holder.id, ['user', 'doomed']);
      expect((await admin.get(`/api/users/${holder.id}`)).body.roles).toEqual(['doomed', 'user']);
      expect((await member.delete(`/api/roles/${role.id}`)).status).toBe(403);
      expect((await admin.delete(`/api/roles/${role.id}`)).status).toBe(204);
      expect((await admin.delete(`/api/roles/${role.id}`)).status).toBe(404);
      expect((await admin.get(`/api/users/${holder.id}`)).body.roles).toEqual(['user']);
    });
  });

  describe('/api/teams', () => {
    it('POST creates a team (201 {id, name}); duplicate or missing name → 422; GET lists them', async () => {
      const created = await admin.post('/api/teams', { name: 'Site Nord' });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({ id: expect.any(Number), name: 'Site Nord' });
      expect((await admin.post('/api/teams', { name: 'Site Nord' })).body.errors).toEqual({ name: ['The name has already been taken.'] });
      expect((await admin.post('/api/teams', {})).status).toBe(422);
      expect((await admin.post('/api/teams', { name: 'x'.repeat(256) })).body.errors.name).toEqual([
        'The name field must not be greater than 255 characters.',
      ]);
      const list = await admin.get('/api/teams');
      expect(list.status).toBe(200);
      expect(list.body).toContainEqual({ id: created.body.id, name: 'Site Nord' });
    });

    it('PUT /api/teams/:id renames (200 {id, name}); a name taken by another team → 422, unknown → 404, an unchanged name is fine', async () => {
      const south = (await admin.post('/api/teams', { name: 'Site Sud' })).body;
      await admin.post('/api/teams', { name: 'Site Est' });
      const renamed = await admin.put(`/api/teams/${south.id}`, { name: 'Site Sud-Ouest' });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toEqual({ id: south.id, name: 'Site Sud-Ouest' });
      expect((await admin.put(`/api/teams/${south.id}`, { name: 'Site Est' })).body.errors).toEqual({ name: ['The name has already been taken.'] });
      expect((await admin.put(`/api/teams/${south.id}`, { name: 'Site Sud-Ouest' })).status).toBe(200);
      expect((await admin.put(`/api/teams/${south.id}`, {})).body).toEqual({ id: south.id, name: 'Site Sud-Ouest' });
      expect((await admin.put('/api/teams/999999', { name: 'x' })).status).toBe(404);
      expect((await admin.put('/api/teams/abc', { name: 'x' })).status).toBe(404);
    });

    it('needs teams.view / teams.manage: 403 otherwise, 401 for guests', async () => {
      expect((await member.get('/api/teams')).status).toBe(403);
      expect((await member.post('/api/teams', { name: 'Nope' })).status).toBe(403);
      expect((await member.put('/api/teams/1', { name: 'Nope' })).status).toBe(403);
      expect((await guest().get('/api/teams')).status).toBe(401);
    });
  });

  describe('token abilities on admin routes', () => {
    it('an admin token limited to roles.view can read roles but not change them', async () => {
      const adminUser = await createUser(t.app);
      await giveRoles(t, adminUser.id, ['admin']);
      const reader = asToken(t, await tokenFor(t, adminUser.id, ['roles.view']));
      expect((await reader.get('/api/roles')).status).toBe(200);
      const denied = await reader.post('/api/roles', { name: 'by-reader' });
      expect(denied.status).toBe(403);
      expect(denied.body).toEqual({ message: 'This action is unauthorized.' });
    });
  });
});
