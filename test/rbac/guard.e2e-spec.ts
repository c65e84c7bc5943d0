import request from 'supertest';
import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { spaLogin } from '../support/spa-client';
import { RBAC_PROBE, RbacProbeModule } from './rbac-probe.module';
import { asToken, auditEvents, createRole, giveRoles, givePermissions, tokenFor } from './support';

const UNAUTHORIZED = { message: 'This action is unauthorized.' };

describe('RBAC guard (@Roles, @Permissions, @AnyPermission)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp({ extraModules: [RbacProbeModule] })));
  afterAll(() => t.close());

  /** A user holding exactly these direct global permissions, and a full-ability token. */
  async function userWith(permissions: string[]) {
    const user = await createUser(t.app);
    await givePermissions(t, user.id, permissions);
    return { user, client: asToken(t, await tokenFor(t, user.id)) };
  }

  const status = async (client: ReturnType<typeof asToken>, route: string) => (await client.get(`${RBAC_PROBE}/${route}`)).status;

  describe('guests and authenticated callers', () => {
    it('answers 401 to a guest and 403 to a caller without the permission', async () => {
      const guest = await request(t.url).get(`${RBAC_PROBE}/posts.view`).set('Accept', 'application/json');
      expect(guest.status).toBe(401);
      expect(guest.body.message).toBe('Unauthenticated.');
      const { client } = await userWith([]);
      const denied = await client.get(`${RBAC_PROBE}/posts.view`);
      expect(denied.status).toBe(403);
      expect(denied.body).toEqual(UNAUTHORIZED);
    });

    it('answers 401 to a guest even on @Public / @OptionalAuth routes that carry a requirement', async () => {
      expect((await request(t.url).get(`${RBAC_PROBE}/public-but-guarded`)).status).toBe(401);
      expect((await request(t.url).get(`${RBAC_PROBE}/optional-but-guarded`)).status).toBe(401);
      expect((await request(t.url).get(`${RBAC_PROBE}/open`).set(bearer401())).status).toBe(401);
    });

    it('lets any authenticated caller through a route without requirements', async () => {
      const { client } = await userWith([]);
      expect(await status(client, 'open')).toBe(200);
    });

    it('records authorization.denied with the route and the unmet requirement', async () => {
      const { user, client } = await userWith([]);
      await client.get(`${RBAC_PROBE}/posts.delete?x=1`);
      const events = await auditEvents(t, 'authorization.denied', user.id);
      expect(events).toHaveLength(1);
      expect(events[0].metadata).toMatchObject({
        method: 'GET',
        path: `${RBAC_PROBE}/posts.delete`,
        via: 'token',
        required: 'all-permissions',
        names: ['posts.delete'],
      });
    });

    it('records nothing when access is granted', async () => {
      const { user, client } = await userWith(['posts.view']);
      expect(await status(client, 'posts.view')).toBe(200);
      expect(await auditEvents(t, 'authorization.denied', user.id)).toEqual([]);
    });
  });

  describe('direct permissions and permissions via roles', () => {
    it('grants a direct permission', async () => {
      const { client } = await userWith(['posts.view']);
      expect(await status(client, 'posts.view')).toBe(200);
      expect(await status(client, 'posts.edit')).toBe(403);
    });

    it('grants a permission held through a role, and not one the role lacks', async () => {
      await createRole(t, 'viewer', ['posts.view']);
      const user = await createUser(t.app);
      await giveRoles(t, user.id, ['viewer']);
      const client = asToken(t, await tokenFor(t, user.id));
      expect(await status(client, 'posts.view')).toBe(200);
      expect(await status(client, 'posts.edit')).toBe(403);
    });

    it('combines direct and role permissions for @Permissions(all of)', async () => {
      await createRole(t, 'only-view', ['posts.view']);
      const user = await createUser(t.app);
      await giveRoles(t, user.id, ['only-view']);
      const client = asToken(t, await tokenFor(t, user.id));
      expect(await status(client, 'all-of')).toBe(403);
      await givePermissions(t, user.id, ['posts.edit']);
      expect(await status(client, 'all-of')).toBe(200);
    });

    it('@AnyPermission passes with one of the listed permissions', async () => {
      expect(await status((await userWith(['posts.edit'])).client, 'any-of')).toBe(200);
      expect(await status((await userWith(['posts.view'])).client, 'any-of')).toBe(403);
    });
  });

  describe('wildcard permissions (spatie rules)', () => {
    it('"posts.*" grants every action below posts, but not "posts" itself', async () => {
      const { client } = await userWith(['posts.*']);
      expect(await status(client, 'posts.edit')).toBe(200);
      expect(await status(client, 'posts.delete')).toBe(200);
      expect(await status(client, 'posts.edit.7')).toBe(200);
      expect(await status(client, 'posts')).toBe(403);
      expect(await status(client, 'comments.edit')).toBe(403);
    });

    it('"*" grants everything', async () => {
      const { client } = await userWith(['*']);
      for (const route of ['posts', 'posts.edit', 'users.manage', 'comments.edit']) expect(await status(client, route)).toBe(200);
    });

    it('"posts.create,edit" grants each alternative and nothing else', async () => {
      const { client } = await userWith(['posts.create,edit']);
      expect(await status(client, 'posts.edit')).toBe(200);
      expect(await status(client, 'posts.delete')).toBe(403);
      expect(await status(client, 'posts.view')).toBe(403);
    });

    it('a shorter stored name implies everything below it ("posts" ⇒ "posts.edit.7")', async () => {
      const { client } = await userWith(['posts']);
      expect(await status(client, 'posts')).toBe(200);
      expect(await status(client, 'posts.edit.7')).toBe(200);
      expect(await status(client, 'comments.edit')).toBe(403);
    });

    it('"*.edit" grants edit on any resource', async () => {
      const { client } = await userWith(['*.edit']);
      expect(await status(client, 'posts.edit')).toBe(200);
      expect(await status(client, 'comments.edit')).toBe(200);
      expect(await status(client, 'posts.delete')).toBe(403);
    });
  });

  describe('@Roles', () => {
    it('passes with any listed role and refuses others', async () => {
      await createRole(t, 'writer');
      await createRole(t, 'reader');
      const writer = await createUser(t.app);
      await giveRoles(t, writer.id, ['writer']);
      const reader = await createUser(t.app);
      await giveRoles(t, reader.id, ['reader']);
      expect(await status(asToken(t, await tokenFor(t, writer.id)), 'editor-or-writer')).toBe(200);
      expect(await status(asToken(t, await tokenFor(t, reader.id)), 'editor-or-writer')).toBe(403);
    });

    it('needs both the controller role and the method permission', async () => {
      await createRole(t, 'editor');
      const user = await createUser(t.app);
      await giveRoles(t, user.id, ['editor']);
      const client = asToken(t, await tokenFor(t, user.id));
      expect(await status(client, 'editors/view')).toBe(403);
      await givePermissions(t, user.id, ['posts.view']);
      expect(await status(client, 'editors/view')).toBe(200);
      const viewerOnly = await userWith(['posts.view']);
      expect(await status(viewerOnly.client, 'editors/view')).toBe(403);
    });
  });

  describe('super-admin', () => {
    it('passes every role and permission check', async () => {
      await createRole(t, t.config.superAdminRole);
      const user = await createUser(t.app);
      await giveRoles(t, user.id, [t.config.superAdminRole]);
      const client = asToken(t, await tokenFor(t, user.id));
      for (const route of ['posts', 'posts.edit', 'users.manage', 'all-of', 'any-of', 'editor-or-writer', 'editors/view']) {
        expect(await status(client, route)).toBe(200);
      }
    });
  });

  describe('tokens never exceed their abilities', () => {
    it('a "*" token of a limited user is limited by the user', async () => {
      const user = await createUser(t.app);
      await givePermissions(t, user.id, ['posts.view']);
      const client = asToken(t, await tokenFor(t, user.id, ['*']));
      expect(await status(client, 'posts.view')).toBe(200);
      expect(await status(client, 'users.view')).toBe(403);
    });

    it('a limited token of a super-admin is limited by its abilities', async () => {
      await createRole(t, t.config.superAdminRole).catch(() => undefined);
      const user = await createUser(t.app);
      await giveRoles(t, user.id, [t.config.superAdminRole]);
      const client = asToken(t, await tokenFor(t, user.id, ['users.view']));
      expect(await status(client, 'users.view')).toBe(200);
      const denied = await client.get(`${RBAC_PROBE}/users.manage`);
      expect(denied.status).toBe(403);
      expect(denied.body).toEqual(UNAUTHORIZED);
      expect(await status(client, 'posts.view')).toBe(403);
    });

    it('a "prefix.*" ability covers the permissions below it only', async () => {
      const { user } = await userWith(['posts.*', 'users.view']);
      const client = asToken(t, await tokenFor(t, user.id, ['posts.*']));
      expect(await status(client, 'posts.edit')).toBe(200);
      expect(await status(client, 'users.view')).toBe(403);
    });

    it('@AnyPermission needs one permission that both the user and the token have', async () => {
      const { user } = await userWith(['posts.edit', 'posts.delete']);
      expect(await status(asToken(t, await tokenFor(t, user.id, ['posts.view'])), 'any-of')).toBe(403);
      expect(await status(asToken(t, await tokenFor(t, user.id, ['posts.delete'])), 'any-of')).toBe(200);
    });

    it('a session caller is not limited by abilities', async () => {
      const user = await createUser(t.app);
      await givePermissions(t, user.id, ['users.manage']);
      const spa = await spaLogin(t.url, user.email, user.plainPassword);
      expect((await spa.http.get(`${RBAC_PROBE}/users.manage`)).status).toBe(200);
      expect((await spa.http.get(`${RBAC_PROBE}/posts.view`)).status).toBe(403);
    });
  });
});

/** A well-formed but unknown bearer token. */
function bearer401() {
  return { Authorization: 'Bearer 999999|gth_0000000000000000000000000000000000000000deadbeef', Accept: 'application/json' };
}
