import { CSRF_EXEMPT, IS_PUBLIC, OPTIONAL_AUTH } from '../common/public.decorator';
import { AccessRequirement, routeRequirements } from '../common/requirements';
import { ROUTE_FAMILY, RouteFamily } from '../common/route-family.decorator';

/** Everything the two global guards need to know about a route, read once from its metadata. */
export interface RoutePolicy {
  readonly family: RouteFamily;
  /** @Public: no lookup at all; @OptionalAuth: look up, let guests through; else a caller is required. */
  readonly access: 'public' | 'optional' | 'required';
  readonly requirements: readonly AccessRequirement[];
  /**
   * A guest must get the 401 here: a caller is required, or a requirement needs one (an ability,
   * a role, a fresh password: CheckAbilities and spatie answer a guest as unauthenticated).
   * A `verified` requirement alone answers a guest with 403, as Laravel's middleware does.
   */
  readonly guestIsUnauthenticated: boolean;
  /** @WithoutCsrf on a @Public route: an unsafe request is not CSRF-checked (it never touches a session). */
  readonly csrfExempt: boolean;
}

const cache = new WeakMap<object, WeakMap<object, RoutePolicy>>();

/** The policy of a handler on a controller; metadata is fixed at boot, so it is computed once. */
export function routePolicy(handler: object, controller: object): RoutePolicy {
  let byHandler = cache.get(controller);
  if (!byHandler) cache.set(controller, (byHandler = new WeakMap()));
  let policy = byHandler.get(handler);
  if (!policy) byHandler.set(handler, (policy = readPolicy(handler, controller)));
  return policy;
}

function readPolicy(handler: object, controller: object): RoutePolicy {
  const flag = (key: string) => Boolean(Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, controller));
  const access = flag(IS_PUBLIC) ? 'public' : flag(OPTIONAL_AUTH) ? 'optional' : 'required';
  const family = (Reflect.getMetadata(ROUTE_FAMILY, handler) ?? Reflect.getMetadata(ROUTE_FAMILY, controller) ?? 'api') as RouteFamily;
  const requirements = routeRequirements(handler, controller);
  const guestIsUnauthenticated = access === 'required' || requirements.some((r) => r.kind !== 'verified');
  const csrfExempt = access === 'public' && flag(CSRF_EXEMPT);
  return Object.freeze({ family, access, requirements, guestIsUnauthenticated, csrfExempt });
}
