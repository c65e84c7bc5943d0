/**
 * What a route demands of its caller once authenticated, as data: the route decorators append
 * requirements here and the authorize guard evaluates them in one place.
 */
export type AccessRequirement =
  | { readonly kind: 'ability'; readonly mode: 'all' | 'any'; readonly abilities: readonly string[] }
  | { readonly kind: 'verified' }
  | { readonly kind: 'password-confirmed' }
  | { readonly kind: 'roles'; readonly names: readonly string[] }
  | { readonly kind: 'permissions'; readonly mode: 'all' | 'any'; readonly names: readonly string[] };

export type AccessRequirementKind = AccessRequirement['kind'];

export const ACCESS_REQUIREMENTS = 'gatehouse:access-requirements';

/** A class or method decorator appending one requirement (stacked decorators all apply). */
export function requirementDecorator(requirement: AccessRequirement): ClassDecorator & MethodDecorator {
  const frozen = Object.freeze(requirement);
  return (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    const holder = descriptor ? (descriptor.value as object) : target;
    const existing = declaredRequirements(holder);
    Reflect.defineMetadata(ACCESS_REQUIREMENTS, [...existing, frozen], holder);
  };
}

/** The requirements declared directly on one class or method, in declaration order. */
export function declaredRequirements(holder: object): readonly AccessRequirement[] {
  return (Reflect.getMetadata(ACCESS_REQUIREMENTS, holder) as AccessRequirement[] | undefined) ?? [];
}

/**
 * A route's requirements in evaluation order, whatever order the decorators were written in
 * (the order the separate Laravel middlewares ran): abilities (controller's, then the method's),
 * verified email, password confirmation (each once), then roles and permissions (method's, then
 * controller's).
 */
export function routeRequirements(handler: object, controller: object): readonly AccessRequirement[] {
  const onClass = declaredRequirements(controller);
  const onHandler = declaredRequirements(handler);
  const both = [...onClass, ...onHandler];
  const abilities = both.filter((r) => r.kind === 'ability');
  const once = (['verified', 'password-confirmed'] as const).filter((kind) => both.some((r) => r.kind === kind)).map((kind) => ({ kind }));
  const rbac = [...onHandler, ...onClass].filter((r) => r.kind === 'roles' || r.kind === 'permissions');
  return Object.freeze([...abilities, ...once, ...rbac]);
}
