import { DEFAULT_TEAM_SWITCH } from './rbac/team-switch';
import { routeLayoutOf } from './route-layout';

describe('routeLayoutOf', () => {
  it("defaults to the standalone server's routes: web at the root, API and token routes under 'api'", () => {
    expect(routeLayoutOf({})).toMatchObject({ web: '', api: 'api', tokens: 'api', teamSwitch: DEFAULT_TEAM_SWITCH });
  });

  it('token routes follow apiPrefix unless they have a prefix of their own (slashes trimmed)', () => {
    expect(routeLayoutOf({ authRoutePrefix: '/auth/', apiPrefix: 'v2' })).toMatchObject({ web: 'auth', api: 'v2', tokens: 'v2' });
    expect(routeLayoutOf({ apiPrefix: 'v2', tokens: { prefix: '/api/v1/auth/' } })).toMatchObject({ web: '', api: 'v2', tokens: 'api/v1/auth' });
    expect(routeLayoutOf({ tokens: {} })).toMatchObject({ web: '', api: 'api', tokens: 'api' });
  });

  it('a family set to false is not mounted; true is the default', () => {
    expect(routeLayoutOf({ web: false, api: true, tokens: false })).toMatchObject({ web: null, api: 'api', tokens: null });
    expect(routeLayoutOf({ api: false })).toMatchObject({ web: '', api: null, tokens: 'api' });
  });

  it("mounts the team switch where teams.switch says (slashes trimmed), not at all for false, and refuses what it cannot mount", () => {
    expect(routeLayoutOf({}, { path: '/user/site/', field: 'site_id' }).teamSwitch).toEqual({ path: 'user/site', field: 'site_id', method: 'PATCH' });
    expect(routeLayoutOf({}, { method: 'PUT' }).teamSwitch).toEqual({ ...DEFAULT_TEAM_SWITCH, method: 'PUT' });
    expect(routeLayoutOf({}, false).teamSwitch).toBeNull();
    expect(() => routeLayoutOf({}, { path: 'user/:id' })).toThrow('Gatehouse: teams.switch.path must be a path of literal segments');
    expect(() => routeLayoutOf({}, { path: '' })).toThrow('teams.switch.path');
    expect(() => routeLayoutOf({}, { field: 'siteId' })).toThrow('Gatehouse: teams.switch.field must match');
    expect(() => routeLayoutOf({}, { method: 'POST' as 'PUT' })).toThrow("teams.switch.method must be 'PATCH' or 'PUT'");
  });
});
