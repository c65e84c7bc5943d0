import { AssignmentsService } from '../../src/rbac/assignments.service';
import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { RBAC_PROBE, RbacProbeModule } from './rbac-probe.module';
import { asToken, auditEvents, createPermissions, createRole, createTeam, giveRoles, seed, tokenFor } from './support';

type Client = ReturnType<typeof asToken>;

/**
 * Admin actions are authorized against the scope they touch: a team admin manages its team only,
 * grants nothing it does not hold, and the super-admin role is the one global role of that name.
 */
describe('admin scope', () => {
  let t: TestApp;
  let teamOne: number;
  let teamTwo: number;
  let teamAdminId: number;
  let teamAdmin: Client;
  let globalAdminId: number;
  let globalAdmin: Client;
  let superAdmin: Client;
  let memberId: number;
  let outsiderId: number;
  let adminRoleId: number;

  /** A user holding `roles` in `teamId`, with that team current. */
  async function teamUser(teamId: number, roles: string[]) {
    const user = await createUser(t.app);
    await giveRoles(t, user.id, roles, teamId);
    await t.app.get(AssignmentsService).switchTeam(user, teamId);
    return user;
  }

  async function rolesOf(userId: number) {
    const { rows } = await t.db.query(
      'SELECT r.name, ur.team_id FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = $1 ORDER BY r.name, ur.team_id',
      [userId],
    );
    return rows as Array<{ name: string; team_id: number | null }>;
  }

  beforeAll(async () => {
    t = await startApp({ extraModules: [RbacProbeModule] });
    await seed(t);
    await createPermissions(t, 'posts.edit', 'posts.view');
    teamOne = (await createTeam(t, 'Team one')).id;
    teamTwo = (await createTeam(t, 'Team two')).id;
    adminRoleId = Number((await t.db.query("SELECT id FROM roles WHERE name = 'admin' AND team_id IS NULL")).rows[0].id);

    const teamAdminUser = await teamUser(teamOne, ['admin']);
    teamAdminId = teamAdminUser.id;
    teamAdmin = asToken(t, await tokenFor(t, teamAdminId));
    const globalAdminUser = await createUser(t.app);
    globalAdminId = globalAdminUser.id;
    await giveRoles(t, globalAdminId, ['admin']);
    globalAdmin = asToken(t, await tokenFor(t, globalAdminId));
    const superUser = await createUser(t.app);
    await giveRoles(t, superUser.id, [t.config.superAdminRole]);
    superAdmin = asToken(t, await tokenFor(t, superUser.id));
    memberId = (await teamUser(teamOne, ['user'])).id;
    outsiderId = (await createUser(t.app)).id;
  });
  afterAll(() => t.close());

  describe('a team-1 admin', () => {
    it('cannot make itself super-admin, globally or in its team', async () => {
      const global = await teamAdmin.put(`/api/users/${teamAdminId}/roles`, { roles: [t.config.superAdminRole] });
      expect(global.status).toBe(403);
      expect(global.body).toEqual({ message: 'This action is unauthorized.' });
      const inTeam = await teamAdmin.put(`/api/users/${teamAdminId}/roles`, { roles: ['admin', t.config.superAdminRole], team_id: teamOne });
      expect(inTeam.status).toBe(403);
      expect(await rolesOf(teamAdminId)).toEqual([
        { name: 'admin', team_id: teamOne },
        { name: 'user', team_id: null },
      ]);
      const denials = await auditEvents(t, 'authorization.denied', teamAdminId);
      expect(denials.map((event) => event.metadata)).toEqual([
        expect.objectContaining({ method: 'PUT', team_id: null, required: 'all-permissions', names: ['users.manage'] }),
        expect.objectContaining({ method: 'PUT', team_id: teamOne, required: 'roles', names: [t.config.superAdminRole] }),
      ]);
    });

    it('cannot strip a global user of roles or permissions', async () => {
      expect((await teamAdmin.put(`/api/users/${globalAdminId}/roles`, { roles: [] })).status).toBe(403);
      expect((await teamAdmin.put(`/api/users/${globalAdminId}/permissions`, { permissions: [] })).status).toBe(403);
      expect((await rolesOf(globalAdminId)).map((row) => row.name)).toContain('admin');
    });

    it('cannot change, create or delete global roles and permissions', async () => {
      const edit = await teamAdmin.put(`/api/roles/${adminRoleId}`, { permissions: ['users.view', 'posts.edit'] });
      expect(edit.status).toBe(403);
      expect((await teamAdmin.put(`/api/roles/${adminRoleId}`, { name: 'owned' })).status).toBe(403);
      expect((await teamAdmin.post('/api/roles', { name: 'global-helper', permissions: ['users.view'] })).status).toBe(403);
      expect((await teamAdmin.delete(`/api/roles/${adminRoleId}`)).status).toBe(403);
      expect((await teamAdmin.post('/api/permissions', { name: 'posts.publish' })).status).toBe(403);
      expect((await teamAdmin.post('/api/teams', { name: 'Team three' })).status).toBe(403);
      const admin = (await globalAdmin.get(`/api/roles/${adminRoleId}`)).body;
      expect(admin).toMatchObject({ name: 'admin' });
      expect(admin.permissions).not.toContain('posts.edit');
    });

    it('cannot act in another team', async () => {
      expect((await teamAdmin.put(`/api/users/${memberId}/roles`, { roles: ['admin'], team_id: teamTwo })).status).toBe(403);
      expect((await teamAdmin.post('/api/roles', { name: 'two-helper', team_id: teamTwo })).status).toBe(403);
    });

    it('manages its own team within what it holds', async () => {
      const created = await teamAdmin.post('/api/roles', { name: 'one-viewer', permissions: ['users.view'], team_id: teamOne });
      expect(created.status).toBe(201);
      const assigned = await teamAdmin.put(`/api/users/${memberId}/roles`, { roles: ['one-viewer', 'admin'], team_id: teamOne });
      expect(assigned.status).toBe(200);
      expect(await rolesOf(memberId)).toEqual([
        { name: 'admin', team_id: teamOne },
        { name: 'one-viewer', team_id: teamOne },
        { name: 'user', team_id: null },
      ]);
      const renamed = await teamAdmin.put(`/api/roles/${created.body.id}`, { name: 'one-reader', permissions: ['users.view', 'audit.view'] });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ name: 'one-reader', team_id: teamOne, permissions: ['audit.view', 'users.view'] });
    });

    it('cannot grant a permission it lacks, directly or through a role', async () => {
      const role = await teamAdmin.post('/api/roles', { name: 'one-editor', permissions: ['posts.edit'], team_id: teamOne });
      expect(role.status).toBe(403);
      const direct = await teamAdmin.put(`/api/users/${memberId}/permissions`, { permissions: ['posts.edit'], team_id: teamOne });
      expect(direct.status).toBe(403);
      const foreign = await createRole(t, 'one-poster', ['posts.edit'], teamOne);
      expect((await teamAdmin.put(`/api/users/${memberId}/roles`, { roles: ['one-poster'], team_id: teamOne })).status).toBe(403);
      expect((await teamAdmin.put(`/api/roles/${foreign.id}`, { permissions: [] })).status).toBe(403);
      const viewer = await teamAdmin.post('/api/roles', { name: 'one-grower', permissions: ['users.view'], team_id: teamOne });
      expect((await teamAdmin.put(`/api/roles/${viewer.body.id}`, { permissions: ['users.view', 'posts.view'] })).status).toBe(403);
      // What it holds it may grant.
      const allowed = await teamAdmin.put(`/api/users/${memberId}/permissions`, { permissions: ['users.view'], team_id: teamOne });
      expect(allowed.status).toBe(200);
      const { rows } = await t.db.query('SELECT count(*)::int AS n FROM user_permissions WHERE user_id = $1', [memberId]);
      expect(rows[0].n).toBe(1);
    });

    it('cannot create or rename a team role to the super-admin name (422)', async () => {
      const created = await teamAdmin.post('/api/roles', { name: t.config.superAdminRole, team_id: teamOne });
      expect(created.status).toBe(422);
      expect(created.body).toEqual({ message: 'The selected name is invalid.', errors: { name: ['The selected name is invalid.'] } });
      const own = await teamAdmin.post('/api/roles', { name: 'one-plain', team_id: teamOne });
      const renamed = await teamAdmin.put(`/api/roles/${own.body.id}`, { name: t.config.superAdminRole });
      expect(renamed.status).toBe(422);
      expect(renamed.body.errors).toEqual({ name: ['The selected name is invalid.'] });
      // Not even a global admin or the super-admin may make one.
      expect((await superAdmin.post('/api/roles', { name: t.config.superAdminRole, team_id: teamOne })).status).toBe(422);
      const { rows } = await t.db.query('SELECT count(*)::int AS n FROM roles WHERE name = $1', [t.config.superAdminRole]);
      expect(rows[0].n).toBe(1);
    });

    it('lists only its team\'s members, and 404s for anyone else', async () => {
      const list = await teamAdmin.get('/api/users?per_page=100');
      expect(list.status).toBe(200);
      const ids = list.body.data.map((user: { id: number }) => user.id);
      expect(ids).toEqual(expect.arrayContaining([teamAdminId, memberId]));
      expect(ids).not.toContain(outsiderId);
      expect(ids).not.toContain(globalAdminId);
      expect(list.body.total).toBe(ids.length);
      expect((await teamAdmin.get(`/api/users/${memberId}`)).status).toBe(200);
      expect((await teamAdmin.get(`/api/users/${outsiderId}`)).status).toBe(404);
    });

    it('reads only audit events of its team\'s members', async () => {
      // Denials recorded for an outsider and for a member.
      await asToken(t, await tokenFor(t, outsiderId)).get(`${RBAC_PROBE}/posts.edit`);
      await asToken(t, await tokenFor(t, memberId)).get(`${RBAC_PROBE}/posts.edit`);
      const res = await teamAdmin.get('/api/audit-events?per_page=100');
      expect(res.status).toBe(200);
      const users = new Set(res.body.data.map((event: { user_id: number }) => event.user_id));
      expect(users.has(memberId)).toBe(true);
      expect(users.has(outsiderId)).toBe(false);
      expect(users.has(globalAdminId)).toBe(false);
      expect((await teamAdmin.get(`/api/audit-events?user_id=${outsiderId}`)).body).toMatchObject({ data: [], total: 0 });
    });
  });

  describe('a team role named like the super-admin (inserted by SQL)', () => {
    it('passes no check', async () => {
      const { rows } = await t.db.query('INSERT INTO roles (name, team_id) VALUES ($1, $2) RETURNING id', [t.config.superAdminRole, teamTwo]);
      const holder = await createUser(t.app);
      await t.db.query('INSERT INTO user_roles (user_id, role_id, team_id) VALUES ($1, $2, $3)', [holder.id, rows[0].id, teamTwo]);
      await t.db.query('UPDATE users SET current_team_id = $1 WHERE id = $2', [teamTwo, holder.id]);
      const client = asToken(t, await tokenFor(t, holder.id));
      expect((await client.get('/api/user')).body.current_team_id).toBe(teamTwo);
      expect((await client.get(`${RBAC_PROBE}/posts.edit`)).status).toBe(403);
      expect((await client.get(`${RBAC_PROBE}/editor-or-writer`)).status).toBe(403);
      expect((await client.get('/api/users')).status).toBe(403);
      expect((await client.put(`/api/users/${holder.id}/roles`, { roles: [t.config.superAdminRole] })).status).toBe(403);
    });
  });

  describe('a global admin', () => {
    it('manages global roles, permissions, teams and every user, within what it holds', async () => {
      const user = await createUser(t.app);
      expect((await globalAdmin.put(`/api/users/${user.id}/roles`, { roles: ['admin'] })).status).toBe(200);
      expect((await globalAdmin.put(`/api/users/${user.id}/roles`, { roles: ['admin'], team_id: teamTwo })).status).toBe(200);
      expect((await globalAdmin.put(`/api/users/${user.id}/permissions`, { permissions: ['audit.view'] })).status).toBe(200);
      expect((await globalAdmin.post('/api/permissions', { name: 'reports.view' })).status).toBe(201);
      const role = await globalAdmin.post('/api/roles', { name: 'global-viewer', permissions: ['users.view'] });
      expect(role.status).toBe(201);
      expect((await globalAdmin.put(`/api/roles/${role.body.id}`, { permissions: ['users.view', 'roles.view'] })).status).toBe(200);
      expect((await globalAdmin.delete(`/api/roles/${role.body.id}`)).status).toBe(204);
      expect((await globalAdmin.post('/api/teams', { name: 'Team four' })).status).toBe(201);
      const list = await globalAdmin.get('/api/users?per_page=100');
      expect(list.body.data.map((u: { id: number }) => u.id)).toEqual(expect.arrayContaining([outsiderId, teamAdminId, memberId]));
      const audit = await globalAdmin.get(`/api/audit-events?user_id=${outsiderId}`);
      expect(audit.body.total).toBeGreaterThan(0);
      // It holds no posts.edit, so it cannot hand it out, nor grant the super-admin role.
      expect((await globalAdmin.put(`/api/roles/${adminRoleId}`, { permissions: ['users.view', 'posts.edit'] })).status).toBe(403);
      expect((await globalAdmin.put(`/api/users/${user.id}/roles`, { roles: [t.config.superAdminRole] })).status).toBe(403);
    });
  });

  describe('the super-admin', () => {
    it('grants anything, the super-admin role included', async () => {
      const user = await createUser(t.app);
      expect((await superAdmin.put(`/api/users/${user.id}/roles`, { roles: [t.config.superAdminRole] })).status).toBe(200);
      expect((await superAdmin.put(`/api/users/${user.id}/permissions`, { permissions: ['posts.edit'], team_id: teamOne })).status).toBe(200);
      expect((await superAdmin.post('/api/roles', { name: 'poster', permissions: ['posts.edit'] })).status).toBe(201);
      expect((await superAdmin.put(`/api/users/${user.id}/roles`, { roles: [] })).status).toBe(200);
      expect(await rolesOf(user.id)).toEqual([]);
    });
  });
});
