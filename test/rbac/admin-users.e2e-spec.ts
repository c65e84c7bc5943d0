import request from 'supertest';
import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { RBAC_PROBE, RbacProbeModule } from './rbac-probe.module';
import { asToken, createRole, createTeam, giveRoles, seed, tokenFor } from './support';

describe('admin API: users and audit events', () => {
  let t: TestApp;
  let adminId: number;
  let admin: ReturnType<typeof asToken>;
  let member: ReturnType<typeof asToken>;
  let memberId: number;
  beforeAll(async () => {
    t = await startApp({ extraModules: [RbacProbeModule] });
    await seed(t);
    const adminUser = await createUser(t.app, { name: 'Ada Admin', email: 'ada.admin@example.com' });
    adminId = adminUser.id;
    await giveRoles(t, adminUser.id, ['admin']);
    admin = asToken(t, await tokenFor(t, adminUser.id));
    const plain = await createUser(t.app, { name: 'Max Member', email: 'max.member@example.com' });
    memberId = plain.id;
    member = asToken(t, await tokenFor(t, plain.id));
    for (let i = 1; i <= 5; i++) await createUser(t.app, { name: `Bulk ${i}`, email: `bulk${i}@example.org` });
  });
  afterAll(() => t.close());

  describe('GET /api/users', () => {
    it('pages users (default 15 per page) with the paginator fields', async () => {
      const res = await admin.get('/api/users');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ current_page: 1, per_page: 15, total: 7, last_page: 1 });
      expect(res.body.data).toHaveLength(7);
      expect(res.body.data[0]).toMatchObject({ id: adminId, email: 'ada.admin@example.com', roles: ['admin'] });
      expect(res.body.data[0]).not.toHaveProperty('password');
      expect(res.body.data[0].permissions).toContain('users.manage');
    });

    it('honours page and per_page', async () => {
      const res = await admin.get('/api/users?page=2&per_page=3');
      expect(res.body).toMatchObject({ current_page: 2, per_page: 3, total: 7, last_page: 3 });
      expect(res.body.data.map((user: { name: string }) => user.name)).toEqual(['Bulk 2', 'Bulk 3', 'Bulk 4']);
      const past = await admin.get('/api/users?page=9&per_page=3');
      expect(past.body).toMatchObject({ data: [], current_page: 9, total: 7, last_page: 3 });
    });

    it('searches names and emails case-insensitively, treating % and _ literally', async () => {
      const byName = await admin.get('/api/users?search=BULK');
      expect(byName.body.total).toBe(5);
      const byEmail = await admin.get('/api/users?search=max.member@');
      expect(byEmail.body.data.map((user: { id: number }) => user.id)).toEqual([memberId]);
      expect((await admin.get('/api/users?search=%25')).body.total).toBe(0);
      expect((await admin.get('/api/users?search=_')).body.total).toBe(0);
    });

    it('answers 422 for a bad page or per_page', async () => {
      const bad = await admin.get('/api/users?per_page=abc');
      expect(bad.status).toBe(422);
      expect(bad.body.errors.per_page).toEqual(['The per page field must be an integer.']);
      expect((await admin.get('/api/users?per_page=101')).body.errors.per_page).toEqual(['The per page field must not be greater than 100.']);
      expect((await admin.get('/api/users?page=0')).status).toBe(422);
    });

    it('needs users.view: 403 otherwise, 401 for guests', async () => {
      expect((await member.get('/api/users')).status).toBe(403);
      expect((await request(t.url).get('/api/users')).status).toBe(401);
    });
  });

  describe('GET /api/users/:id', () => {
    it('shows a user; 404 for unknown or non-numeric ids', async () => {
      const res = await admin.get(`/api/users/${memberId}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: memberId, name: 'Max Member', roles: ['user'], permissions: [] });
      expect((await admin.get('/api/users/999999')).status).toBe(404);
      expect((await admin.get('/api/users/abc')).status).toBe(404);
      expect((await member.get(`/api/users/${memberId}`)).status).toBe(403);
    });
  });

  describe('PUT /api/users/:id/roles', () => {
    it('replaces the global roles and answers with the user', async () => {
      const user = await createUser(t.app);
      const res = await admin.put(`/api/users/${user.id}/roles`, { roles: ['admin'] });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: user.id, roles: ['admin'] });
      expect(res.body.permissions).toContain('audit.view');
      expect((await admin.put(`/api/users/${user.id}/roles`, { roles: [] })).body).toMatchObject({ roles: [], permissions: [] });
    });

    it('replaces only the given team\'s roles, leaving the global ones alone', async () => {
      const team = await createTeam(t, 'Users team');
      await createRole(t, 'site-lead', ['users.view'], team.id);
      const user = await createUser(t.app);
      const res = await admin.put(`/api/users/${user.id}/roles`, { roles: ['site-lead', 'admin'], team_id: team.id });
      expect(res.status).toBe(200);
      expect(res.body.roles).toEqual(['user']);
      const { rows } = await t.db.query(
        'SELECT r.name, ur.team_id FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = $1 ORDER BY r.name',
        [user.id],
      );
      expect(rows).toEqual([
        { name: 'admin', team_id: team.id },
        { name: 'site-lead', team_id: team.id },
        { name: 'user', team_id: null },
      ]);
      // A team-owned role exists only in its team: not assignable globally.
      const global = await admin.put(`/api/users/${user.id}/roles`, { roles: ['site-lead'] });
      expect(global.status).toBe(422);
      expect(global.body.errors).toEqual({ 'roles.0': ['The selected roles.0 is invalid.'] });
    });

    it('answers 422 for unknown roles, unknown teams and bad bodies, changing nothing', async () => {
      const user = await createUser(t.app);
      const unknown = await admin.put(`/api/users/${user.id}/roles`, { roles: ['admin', 'nope'] });
      expect(unknown.status).toBe(422);
      expect(unknown.body.errors).toEqual({ 'roles.1': ['The selected roles.1 is invalid.'] });
      expect((await admin.put(`/api/users/${user.id}/roles`, { roles: ['admin'], team_id: 999999 })).body.errors).toEqual({
        team_id: ['The selected team id is invalid.'],
      });
      expect((await admin.put(`/api/users/${user.id}/roles`, {})).body.errors.roles).toEqual(['The roles field is required.']);
      expect((await admin.put(`/api/users/${user.id}/roles`, { roles: 'admin' })).status).toBe(422);
      expect((await admin.get(`/api/users/${user.id}`)).body.roles).toEqual(['user']);
    });

    it('answers 404 for unknown users and 403 without users.manage', async () => {
      expect((await admin.put('/api/users/999999/roles', { roles: [] })).status).toBe(404);
      expect((await admin.put('/api/users/x/roles', { roles: [] })).status).toBe(404);
      expect((await member.put(`/api/users/${memberId}/roles`, { roles: ['admin'] })).status).toBe(403);
      expect((await admin.get(`/api/users/${memberId}`)).body.roles).toEqual(['user']);
    });
  });

  describe('PUT /api/users/:id/permissions', () => {
    it('replaces direct permissions in a scope; the guard honours them at once', async () => {
      const user = await createUser(t.app);
      const client = asToken(t, await tokenFor(t, user.id));
      expect((await client.get(`${RBAC_PROBE}/users.view`)).status).toBe(403);
      const res = await admin.put(`/api/users/${user.id}/permissions`, { permissions: ['users.view', 'audit.view'] });
      expect(res.status).toBe(200);
      expect(res.body.permissions).toEqual(['audit.view', 'users.view']);
      expect((await client.get(`${RBAC_PROBE}/users.view`)).status).toBe(200);
      await admin.put(`/api/users/${user.id}/permissions`, { permissions: [] });
      expect((await client.get(`${RBAC_PROBE}/users.view`)).status).toBe(403);
    });

    it('answers 422 for unknown permissions or teams, 404 for unknown users, 403 without users.manage', async () => {
      const user = await createUser(t.app);
      const unknown = await admin.put(`/api/users/${user.id}/permissions`, { permissions: ['nope.nothing'] });
      expect(unknown.body.errors).toEqual({ 'permissions.0': ['The selected permissions.0 is invalid.'] });
      expect((await admin.put(`/api/users/${user.id}/permissions`, { permissions: [], team_id: 999999 })).status).toBe(422);
      expect((await admin.put(`/api/users/${user.id}/permissions`, {})).status).toBe(422);
      expect((await admin.put('/api/users/999999/permissions', { permissions: [] })).status).toBe(404);
      expect((await member.put(`/api/users/${memberId}/permissions`, { permissions: ['users.manage'] })).status).toBe(403);
    });
  });

  describe('GET /api/audit-events', () => {
    it('pages events newest first, filtered by user_id and event', async () => {
      // Two denials for the member (each records authorization.denied).
      await member.get('/api/users');
      await member.get('/api/teams');
      const res = await admin.get(`/api/audit-events?user_id=${memberId}&event=authorization.denied`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ current_page: 1, per_page: 15, last_page: 1 });
      expect(res.body.total).toBeGreaterThanOrEqual(2);
      const [newest] = res.body.data;
      expect(newest).toEqual({
        id: expect.any(Number),
        event: 'authorization.denied',
        user_id: memberId,
        ip_address: expect.any(String),
        user_agent: null,
        metadata: expect.objectContaining({ path: '/api/teams', required: 'all-permissions', names: ['teams.view'] }),
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      });
      const ids = res.body.data.map((event: { id: number }) => event.id);
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
      expect(res.body.data.every((event: { user_id: number; event: string }) => event.user_id === memberId && event.event === 'authorization.denied')).toBe(true);
    });

    it('paginates and validates its query', async () => {
      const page = await admin.get('/api/audit-events?per_page=1&page=2');
      expect(page.status).toBe(200);
      expect(page.body.data).toHaveLength(1);
      expect(page.body.per_page).toBe(1);
      expect(page.body.last_page).toBe(page.body.total);
      expect((await admin.get('/api/audit-events?user_id=abc')).status).toBe(422);
      expect((await admin.get('/api/audit-events?event=no.such.event')).body).toMatchObject({ data: [], total: 0, last_page: 1 });
    });

    it('needs audit.view: 403 otherwise, 401 for guests', async () => {
      expect((await member.get('/api/audit-events')).status).toBe(403);
      expect((await request(t.url).get('/api/audit-events')).status).toBe(401);
    });
  });
});

describe('admin API with MUST_VERIFY_EMAIL=true', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ env: { MUST_VERIFY_EMAIL: 'true' } });
    await seed(t);
  });
  afterAll(() => t.close());

  it('refuses an unverified admin with 403 and lets a verified one through', async () => {
    const unverified = await createUser(t.app, { verified: false });
    await giveRoles(t, unverified.id, ['admin']);
    const denied = await asToken(t, await tokenFor(t, unverified.id)).get('/api/roles');
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({ message: 'Your email address is not verified.' });
    const verified = await createUser(t.app, { verified: true });
    await giveRoles(t, verified.id, ['admin']);
    expect((await asToken(t, await tokenFor(t, verified.id)).get('/api/roles')).status).toBe(200);
  });
});
