import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { GatehouseOptions, User, UserAccess } from '../../src';
import { resolveTeamFields } from '../../src/common/team-field-rules';
import { AccessCache, accessKey } from '../../src/rbac/access-cache';
import { actingAs, assignRoles, createRole, createUser } from '../../src/testing';
import { eventually } from '../auth/helpers';
import { spaLogin } from '../support/spa-client';
import { HostApp, hostWith, useHostDatabase } from './host-module';

/** XetaSuite's sites: Gatehouse teams with the host's columns, as its own migration adds them after Gatehouse's. */
const HOST_MIGRATION = `
  ALTER TABLE teams ADD COLUMN is_headquarters boolean NOT NULL DEFAULT false;
  ALTER TABLE teams ADD COLUMN code varchar(10);
  ALTER TABLE teams ADD COLUMN region integer;`;

const fields: NonNullable<GatehouseOptions['teams']>['fields'] = {
  is_headquarters: { type: 'boolean', required: true, input: { create: true, update: true } },
  code: { type: 'string', maxLength: 10, nullable: true, input: { create: true } },
  region_id: { type: 'number', integer: true, column: 'region', nullable: true },
};

/** GET /api/v1/user as XetaSuite answers it. */
const present = (user: User, access: UserAccess) => ({
  data: {
    id: user.id,
    full_name: user.name,
    email: user.email,
    current_site_id: user.currentTeamId,
    roles: access.roles,
    permissions: access.permissions,
    sites: access.teams.map(({ id, name, is_headquarters }) => ({ id, name, is_headquarters })),
  },
});

const xetaSuite: Partial<GatehouseOptions> = {
  apiPrefix: 'api/v1',
  users: { present },
  teams: { fields, switch: { path: 'user/site', field: 'site_id' } },
};

const database = useHostDatabase(HOST_MIGRATION);

let names = 0;
const unique = (name: string) => `${name} ${++names}`;

/** Headers of a user holding the global role with teams.view and teams.manage. */
async function siteAdmin(host: HostApp) {
  const role = await createRole(host.app, { name: unique('site-admin'), permissions: ['teams.view', 'teams.manage'] });
  const user = await createUser(host.app);
  await assignRoles(host.app, user, [role.name]);
  return actingAs(host.app, user);
}

const columnsOf = async (host: HostApp, id: number) =>
  ((await host.app.get(DataSource).query('SELECT name, is_headquarters, code, region FROM teams WHERE id = $1', [id])) as unknown[])[0];

describe("teams.fields and teams.switch in a host app (XetaSuite's sites)", () => {
  const host = hostWith(database, xetaSuite);
  let auth: Awaited<ReturnType<typeof actingAs>>;
  const createSite = async (body: Record<string, unknown>) => request(host.current.url).post('/api/v1/teams').set(auth).send(body);
  beforeAll(async () => {
    auth = await siteAdmin(host.current);
  });

  describe('team fields in the admin API', () => {
    it('POST /teams stores the settable fields in their columns, ignores read-only ones, and answers them in the team JSON', async () => {
      const name = unique('Headquarters');
      const res = await createSite({ name, is_headquarters: true, code: 'HQ', region_id: 7 });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id: expect.any(Number), name, is_headquarters: true, code: 'HQ', region_id: null });
      expect(await columnsOf(host.current, res.body.id)).toEqual({ name, is_headquarters: true, code: 'HQ', region: null });
    });

    it('GET /teams lists the fields; PUT /teams/:id sets the update-settable ones, keeps absent ones, ignores the others', async () => {
      const created = (await createSite({ name: unique('Lyon'), is_headquarters: false, code: 'LY' })).body;
      await host.current.app.get(DataSource).query('UPDATE teams SET region = 69 WHERE id = $1', [created.id]);
      const listed = await request(host.current.url).get('/api/v1/teams').set(auth);
      expect(listed.status).toBe(200);
      expect(listed.body).toContainEqual({ id: created.id, name: created.name, is_headquarters: false, code: 'LY', region_id: 69 });

      const renamed = unique('Lyon Part-Dieu');
      const res = await request(host.current.url).put(`/api/v1/teams/${created.id}`).set(auth).send({ name: renamed, is_headquarters: true, code: 'NO', region_id: 1 });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ id: created.id, name: renamed, is_headquarters: true, code: 'LY', region_id: 69 });
      const partial = await request(host.current.url).put(`/api/v1/teams/${created.id}`).set(auth).send({ code: 'NO' });
      expect(partial.body).toEqual({ id: created.id, name: renamed, is_headquarters: true, code: 'LY', region_id: 69 });
      expect(await columnsOf(host.current, created.id)).toEqual({ name: renamed, is_headquarters: true, code: 'LY', region: 69 });
    });

    it('answers 422 with Laravel messages naming the fields (after the built-in ones), 404 for an unknown team, 403 without teams.manage', async () => {
      const missing = await createSite({ code: 'x'.repeat(11) });
      expect(missing.status).toBe(422);
      expect(missing.body.errors).toEqual({
        name: ['The name field is required.'],
        is_headquarters: ['The is headquarters field is required.'],
        code: ['The code field must not be greater than 10 characters.'],
      });
      const site = (await createSite({ name: unique('Nantes'), is_headquarters: false })).body;
      const wrong = await request(host.current.url).put(`/api/v1/teams/${site.id}`).set(auth).send({ is_headquarters: 'yes' });
      expect(wrong.status).toBe(422);
      expect(wrong.body.errors).toEqual({ is_headquarters: ['The is headquarters field must be true or false.'] });
      const cleared = await request(host.current.url).put(`/api/v1/teams/${site.id}`).set(auth).send({ is_headquarters: null });
      expect(cleared.body.errors).toEqual({ is_headquarters: ['The is headquarters field is required.'] });
      expect((await request(host.current.url).put('/api/v1/teams/999999').set(auth).send({ name: 'x' })).status).toBe(404);

      const member = await actingAs(host.current.app, await createUser(host.current.app));
      expect((await request(host.current.url).put(`/api/v1/teams/${site.id}`).set(member).send({ name: 'x' })).status).toBe(403);
    });

    it('rejects a field that would take a built-in key of the team JSON, or an unsafe column, at start', () => {
      expect(() => resolveTeamFields({ name: { type: 'string' } })).toThrow('Gatehouse: teams.fields name "name" is a built-in key');
      expect(() => resolveTeamFields({ code: { type: 'string', column: 'code; DROP' } })).toThrow('Gatehouse: teams.fields.code.column must match');
    });
  });

  describe("the user's teams in present() and the renamed switch route", () => {
    let hq: { id: number; name: string };
    let lyon: { id: number; name: string };
    let paris: { id: number; name: string };
    beforeAll(async () => {
      hq = (await createSite({ name: unique('HQ'), is_headquarters: true })).body;
      lyon = (await createSite({ name: unique('Lyon'), is_headquarters: false })).body;
      paris = (await createSite({ name: unique('Paris'), is_headquarters: false })).body;
      await createRole(host.current.app, { name: 'operator', permissions: ['company.viewAny'] });
      await createRole(host.current.app, { name: 'lyon-manager', permissions: ['material.manage'], teamId: lyon.id });
    });

    /** Operator at HQ (a global role assigned there), manager at Lyon (Lyon's own role), nothing at Paris. */
    async function technician() {
      const user = await createUser(host.current.app);
      await assignRoles(host.current.app, user, ['operator'], hq.id);
      await assignRoles(host.current.app, user, ['lyon-manager'], lyon.id);
      return { user, headers: await actingAs(host.current.app, user) };
    }
    const switchSite = (headers: Record<string, string>, body: object) => request(host.current.url).patch('/api/v1/user/site').set(headers).send(body);

    it('present() gets the teams the user holds a role in, with their fields, sorted by name', async () => {
      const { user, headers } = await technician();
      const me = await request(host.current.url).get('/api/v1/user').set(headers);
      expect(me.status).toBe(200);
      expect(me.body.data).toEqual({
        id: user.id,
        full_name: user.name,
        email: user.email,
        current_site_id: null,
        roles: ['user'],
        permissions: [],
        sites: [
          { id: hq.id, name: hq.name, is_headquarters: true },
          { id: lyon.id, name: lyon.name, is_headquarters: false },
        ],
      });
    });

    it('keeps the teams with the cached access: a warm GET /user reads no team row, and a raw write to teams still shows at once', async () => {
      const { user, headers } = await technician();
      expect((await request(host.current.url).get('/api/v1/user').set(headers)).status).toBe(200);
      const cached = host.current.app.get(AccessCache).get(accessKey(user.id, null));
      expect(cached?.teams.map((team) => team.id)).toEqual([hq.id, lyon.id]);

      const dataSource = host.current.app.get(DataSource);
      const spy = jest.spyOn(dataSource, 'query');
      try {
        expect((await request(host.current.url).get('/api/v1/user').set(headers)).body.data.sites).toHaveLength(2);
        expect(spy.mock.calls.filter(([sql]) => String(sql).includes('teams'))).toEqual([]);
      } finally {
        spy.mockRestore();
      }

      // The host's own code writes its column behind Gatehouse's back: the trigger on teams drops the cached teams.
      await dataSource.query('UPDATE teams SET is_headquarters = true WHERE id = $1', [lyon.id]);
      const sitesNow = async () => (await request(host.current.url).get('/api/v1/user').set(headers)).body.data.sites as Array<{ is_headquarters: boolean }>;
      expect(await eventually(async () => (await sitesNow())[1].is_headquarters === true, 5000)).toBe(true);
      await dataSource.query('UPDATE teams SET is_headquarters = false WHERE id = $1', [lyon.id]);
    });

    it('PATCH /api/v1/user/site {site_id} switches and answers the presented user with the permissions of that site', async () => {
      const { user, headers } = await technician();
      const toLyon = await switchSite(headers, { site_id: lyon.id });
      expect(toLyon.status).toBe(200);
      expect(toLyon.body.data).toMatchObject({ id: user.id, current_site_id: lyon.id, roles: ['lyon-manager', 'user'], permissions: ['material.manage'] });
      expect(toLyon.body.data.sites).toHaveLength(2);
      const toHq = await switchSite(headers, { site_id: hq.id });
      expect(toHq.body.data).toMatchObject({ current_site_id: hq.id, roles: ['operator', 'user'], permissions: ['company.viewAny'] });
      expect((await request(host.current.url).get('/api/v1/user').set(headers)).body.data.current_site_id).toBe(hq.id);
    });

    it('answers 422 naming site_id, 403 for a site without a role, 404 for an unknown one; the default route is not there', async () => {
      const { headers } = await technician();
      const missing = await switchSite(headers, { team_id: lyon.id });
      expect(missing.status).toBe(422);
      expect(missing.body).toEqual({ message: 'The site id field is required.', errors: { site_id: ['The site id field is required.'] } });
      expect((await switchSite(headers, { site_id: 'abc' })).body.errors).toEqual({ site_id: ['The site id field must be an integer.'] });
      const forbidden = await switchSite(headers, { site_id: paris.id });
      expect(forbidden.status).toBe(403);
      expect(forbidden.body).toEqual({ message: 'This action is unauthorized.' });
      expect((await switchSite(headers, { site_id: 999999 })).status).toBe(404);
      expect((await request(host.current.url).patch('/api/v1/user/current-team').set(headers).send({ team_id: lyon.id })).status).toBe(404);
      expect((await request(host.current.url).put('/api/v1/user/site').set(headers).send({ site_id: lyon.id })).status).toBe(404);
    });

    it('needs full access, as the default route: a session (with CSRF) or a token with *, not a narrower token, never a guest', async () => {
      const { user } = await technician();
      const narrow = await actingAs(host.current.app, user, { abilities: ['sites.read'] });
      const refused = await switchSite(narrow, { site_id: lyon.id });
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual({ message: 'Invalid ability provided.' });
      expect((await request(host.current.url).patch('/api/v1/user/site').send({ site_id: lyon.id })).status).toBe(401);

      const spa = await spaLogin(host.current.url, user.email, user.plainPassword);
      const res = await spa.http.patch('/api/v1/user/site', { site_id: lyon.id });
      expect(res.status).toBe(200);
      expect(res.data.data).toMatchObject({ current_site_id: lyon.id, permissions: ['material.manage'] });
    });

    it('is documented in OpenAPI under the configured path, method and field', () => {
      const document = SwaggerModule.createDocument(host.current.app, new DocumentBuilder().build());
      expect(Object.keys(document.paths['/api/v1/user/site'])).toEqual(['patch']);
      expect(document.paths['/api/v1/user/current-team']).toBeUndefined();
      const body = document.paths['/api/v1/user/site'].patch!.requestBody as { content: Record<string, { schema: { $ref: string } }> };
      const schema = document.components!.schemas![body.content['application/json'].schema.$ref.split('/').pop()!] as { properties: object; required: string[] };
      expect(Object.keys(schema.properties)).toEqual(['site_id']);
      expect(schema.required).toEqual(['site_id']);
    });
  });
});

describe('teams.switch: PUT, or not mounted', () => {
  const put = hostWith(database, { teams: { switch: { method: 'PUT' } } });
  const none = hostWith(database, { teams: { switch: false } });

  it('method PUT mounts the default path and field for PUT only', async () => {
    const user = await createUser(put.current.app);
    const headers = await actingAs(put.current.app, user);
    const missing = await request(put.current.url).put('/api/user/current-team').set(headers).send({});
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toEqual({ team_id: ['The team id field is required.'] });
    expect((await request(put.current.url).patch('/api/user/current-team').set(headers).send({ team_id: 1 })).status).toBe(404);
  });

  it('false leaves the route out (404) and the rest of the API in place', async () => {
    const headers = await actingAs(none.current.app, await createUser(none.current.app));
    expect((await request(none.current.url).patch('/api/user/current-team').set(headers).send({ team_id: 1 })).status).toBe(404);
    expect((await request(none.current.url).get('/api/user').set(headers)).status).toBe(200);
  });
});
