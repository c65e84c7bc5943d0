import { OptionalAuth, Public } from '../common/public.decorator';
import { RequirePasswordConfirmation } from '../common/password-confirmation.decorator';
import { ApiRoutes, WebRoutes } from '../common/route-family.decorator';
import { Verified } from '../common/verified.decorator';
import { AnyPermission, Permissions, Roles } from '../rbac/rbac.decorators';
import { Abilities, AnyAbility } from '../tokens/abilities.decorator';
import { routePolicy } from '../auth/route-policy';

@Roles('editor')
@Abilities('posts:read')
@WebRoutes()
class Guarded {
  // Declared in the "wrong" order on purpose: evaluation order does not follow declaration order.
  @AnyPermission('posts.edit', 'posts.delete')
  @RequirePasswordConfirmation()
  @Verified()
  @AnyAbility('posts:write')
  edit() {}

  @OptionalAuth()
  @Permissions('posts.view')
  optionalGuarded() {}
}

class Host {
  @Public()
  open() {}
}

@ApiRoutes()
class Api {
  @Abilities()
  noAbilities() {}
}

describe('routePolicy', () => {
  it('orders requirements as the middlewares ran: abilities (class, method), verified, password, then RBAC (method, class)', () => {
    const policy = routePolicy(Guarded.prototype.edit, Guarded);
    expect(policy.requirements.map((r) => r.kind)).toEqual(['ability', 'ability', 'verified', 'password-confirmed', 'permissions', 'roles']);
    expect(policy.requirements[0]).toEqual({ kind: 'ability', mode: 'all', abilities: ['posts:read'] });
    expect(policy.requirements[1]).toEqual({ kind: 'ability', mode: 'any', abilities: ['posts:write'] });
    expect(policy).toMatchObject({ family: 'web', access: 'required', guestIsUnauthenticated: true });
  });

  it('lets an @OptionalAuth guest reach a verified-only check (403 there), but not a permission check (401)', () => {
    class Bare {
      @OptionalAuth()
      @Verified()
      check() {}
    }
    expect(routePolicy(Bare.prototype.check, Bare)).toMatchObject({ access: 'optional', guestIsUnauthenticated: false });
    expect(routePolicy(Guarded.prototype.optionalGuarded, Guarded).guestIsUnauthenticated).toBe(true);
  });

  it('classifies a route without a family (a host route) as an API route', () => {
    expect(routePolicy(Host.prototype.open, Host)).toMatchObject({ family: 'api', access: 'public', requirements: [], guestIsUnauthenticated: false });
    expect(routePolicy(Api.prototype.noAbilities, Api)).toMatchObject({ family: 'api', requirements: [] });
  });

  it('computes a policy once per route and freezes it', () => {
    const first = routePolicy(Guarded.prototype.edit, Guarded);
    expect(routePolicy(Guarded.prototype.edit, Guarded)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.requirements)).toBe(true);
  });
});
