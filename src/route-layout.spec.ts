import { routeLayoutOf } from './route-layout';

describe('routeLayoutOf', () => {
  it("defaults to the standalone server's routes: web at the root, API and token routes under 'api'", () => {
    expect(routeLayoutOf({})).toEqual({ web: '', api: 'api', tokens: 'api' });
  });

  it('token routes follow apiPrefix unless they have a prefix of their own (slashes trimmed)', () => {
    expect(routeLayoutOf({ authRoutePrefix: '/auth/', apiPrefix: 'v2' })).toEqual({ web: 'auth', api: 'v2', tokens: 'v2' });
    expect(routeLayoutOf({ apiPrefix: 'v2', tokens: { prefix: '/api/v1/auth/' } })).toEqual({ web: '', api: 'v2', tokens: 'api/v1/auth' });
    expect(routeLayoutOf({ tokens: {} })).toEqual({ web: '', api: 'api', tokens: 'api' });
  });

  it('a family set to false is not mounted; true is the default', () => {
    expect(routeLayoutOf({ web: false, api: true, tokens: false })).toEqual({ web: null, api: 'api', tokens: null });
    expect(routeLayoutOf({ api: false })).toEqual({ web: '', api: null, tokens: 'api' });
  });
});
