import request from 'supertest';
import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { spaLogin } from '../support/spa-client';
import { RBAC_PROBE, RbacProbeModule } from './rbac-probe.module';
import { asToken, createRole, createTeam, giveRoles, givePermissions, tokenFor } from './support';

describe('teams: global vs team roles, the current team, and the user JSON', () => {
  let t: TestApp;
  let alpha: number;
  let beta: number;
  beforeAll(async () => {
    t = await startApp({ extraModules: [RbacProbeModule] });
    // These tests read exact role lists: drop the DEFAULT_ROLE created at start, so new users hold no role.
    await t.db.query('DELETE FROM roles WHERE name = $1 AND team_id IS NULL', [t.config.defaultRole]);
    alpha = (await createTeam(t, 'Alpha site')).id;
    beta = (await createTeam(t, 'Beta site')).id;
    await createRole(t, 'member', ['posts.view']);
    await createRole(t, 'editor', ['posts.edit', 'posts.view']);
    await createRole(t, 'alpha-auditor', ['audit.view'], alpha);
  });
  afterAll(() => t.close());

  const switchTeam = (client: ReturnType<typeof asToken>, teamId: unknown) => client.patch('/api/user/current-team', { team_id: teamId });

  describe('GET /api/user', () => {
    it('shows the global roles and effective permissions, sorted', async () => {
      const user = await createUser(t.app);
      await giveRoles(t, user.id, ['member', 'editor']);
      await givePermissions(t, user.id, ['comments.delete', 'audit.view']);
      const me = await asToken(t, await tokenFor(t, user.id)).get('/api/user');
      expect(me.status).toBe(200);
      expect(me.body.roles).toEqual(['editor', 'member']);
      expect(me.body.permissions).toEqual(['audit.view', 'comments.delete', 'posts.edit', 'posts.view']);
      expect(me.body.current_team_id).toBeNull();
    });

    it('shows empty lists for a user without roles', async () => {
      const user = await createUser(t.app);
      const me = await asToken(t, await tokenFor(t, user.id)).get('/api/user');
      expect(me.body).toMatchObject({ roles: [], permissions: [] });
    });
  });

  describe('PATCH /api/user/current-team', () => {
    it('switches to a team where the user has a role; the answer shows that team\'s roles and permissions', async () => {
      const user = await createUser(t.app);
      await giveRoles(t, user.id, ['member']);
      await giveRoles(t, user.id, ['editor'], alpha);
      const client = asToken(t, await tokenFor(t, user.id));
      const res = await switchTeam(client, alpha);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: user.id, current_team_id: alpha, roles: ['editor', 'member'], permissions: ['posts.edit', 'posts.view'] });
      expect((await t.db.query('SELECT current_team_id FROM users WHERE id = $1', [user.id])).rows[0].current_team_id).toBe(alpha);
      expect((await client.get('/api/user')).body.roles).toEqual(['editor', 'member']);
    });

    it('answers 403 for a team where the user has no role (global roles do not make a member)', async () => {
      const user = await createUser(t.app);
      await giveRoles(t, user.id, ['member']);
      await giveRoles(t, user.id, ['editor'], alpha);
      const client = asToken(t, await tokenFor(t, user.id));
      const res = await switchTeam(client, beta);
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ message: 'This action is unauthorized.' });
      expect((await client.get('/api/user')).body.current_team_id).toBeNull();
    });

    it('lets a global super-admin switch to any team', async () => {
      await createRole(t, t.config.superAdminRole);
      const user = await createUser(t.app);
      await giveRoles(t, user.id, [t.config.superAdminRole]);
      const res = await switchTeam(asToken(t, await tokenFor(t, user.id)), beta);
      expect(res.status).toBe(200);
      expect(res.body.current_team_id).toBe(beta);
    });

    it('answers 404 for an unknown team, 422 for a missing or non-integer team_id, 401 for a guest', async () => {
      const user = await createUser(t.app);
      const client = asToken(t, await tokenFor(t, user.id));
      expect((await switchTeam(client, 999999)).status).toBe(404);
      const missing = await client.patch('/api/user/current-team', {});
      expect(missing.status).toBe(422);
      expect(missing.body.errors.team_id).toEqual(['The team id field is required.']);
      expect((await switchTeam(client, 'abc')).status).toBe(422);
      expect((await switchTeam(client, 1.5)).status).toBe(422);
      expect((await request(t.url).patch('/api/user/current-team').send({ team_id: alpha })).status).toBe(401);
    });

    it('works for a session (SPA) caller with CSRF', async () => {
      const user = await createUser(t.app);
      await giveRoles(t, user.id, ['member'], beta);
      const spa = await spaLogin(t.url, user.email, user.plainPassword);
      const res = await spa.http.patch('/api/user/current-team', { team_id: beta });
      expect(res.status).toBe(200);
      expect(res.data).toMatchObject({ current_team_id: beta, roles: ['member'], permissions: ['posts.view'] });
    });
  });

  describe('scoping', () => {
    it('team assignments apply only while that team is current; global ones apply everywhere', async () => {
      const user = await createUser(t.app);
      await giveRoles(t, user.id, ['member']);
      await giveRoles(t, user.id, ['editor'], alpha);
      await giveRoles(t, user.id, ['member'], beta);
      const client = asToken(t, await tokenFor(t, user.id));
      const edit = async () => (await client.get(`${RBAC_PROBE}/posts.edit`)).status;
      const view = async () => (await client.get(`${RBAC_PROBE}/posts.view`)).status;

      expect([await view(), await edit()]).toEqual([200, 403]);
      expect((await switchTeam(client, alpha)).status).toBe(200);
      expect([await view(), await edit()]).toEqual([200, 200]);
      expect((await switchTeam(client, beta)).status).toBe(200);
      expect([await view(), await edit()]).toEqual([200, 403]);
    });

    it('direct permissions are scoped to a team too', async () => {
      const user = await createUser(t.app);
      await giveRoles(t, user.id, ['member'], alpha);
      await givePermissions(t, user.id, ['users.manage'], alpha);
      const client = asToken(t, await tokenFor(t, user.id));
      expect((await client.get(`${RBAC_PROBE}/users.manage`)).status).toBe(403);
      await switchTeam(client, alpha);
      expect((await client.get(`${RBAC_PROBE}/users.manage`)).status).toBe(200);
    });

    it('a team-owned role counts only in its own team', async () => {
      const user = await createUser(t.app);
      await giveRoles(t, user.id, ['alpha-auditor'], alpha);
      await giveRoles(t, user.id, ['member'], beta);
      const client = asToken(t, await tokenFor(t, user.id));
      expect((await switchTeam(client, alpha)).body.roles).toEqual(['alpha-auditor']);
      expect((await switchTeam(client, beta)).body).toMatchObject({ roles: ['member'], permissions: ['posts.view'] });
    });

    it('deleting the current team clears users.current_team_id (foreign key ON DELETE SET NULL)', async () => {
      const gamma = (await createTeam(t, 'Gamma site')).id;
      const user = await createUser(t.app);
      await giveRoles(t, user.id, ['member'], gamma);
      const client = asToken(t, await tokenFor(t, user.id));
      expect((await switchTeam(client, gamma)).status).toBe(200);
      await t.db.query('DELETE FROM teams WHERE id = $1', [gamma]);
      const { rows } = await t.db.query('SELECT current_team_id FROM users WHERE id = $1', [user.id]);
      expect(rows[0].current_team_id).toBeNull();
      const roles = await t.db.query('SELECT count(*)::int AS n FROM user_roles WHERE team_id = $1', [gamma]);
      expect(roles.rows[0].n).toBe(0);
    });
  });
});
