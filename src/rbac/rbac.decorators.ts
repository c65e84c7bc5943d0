import type { Requirement, RequirementKind } from './effective-access';

export const RBAC_REQUIREMENTS = 'gatehouse:rbac-requirements';

/**
 * Each decorator adds one requirement to its method or class; the RbacGuard demands all of them
 * (class and method alike, as stacked Laravel middleware), so `@Roles` on a controller and
 * `@Permissions` on a route both apply.
 */
function requirement(kind: RequirementKind, names: string[]): ClassDecorator & MethodDecorator {
  if (names.length === 0 || names.some((name) => typeof name !== 'string' || name === '')) {
    throw new Error(`@${kind} needs at least one non-empty name`);
  }
  const added: Requirement = { kind, names: Object.freeze([...names]) };
  return (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    const holder = descriptor ? (descriptor.value as object) : target;
    const existing: Requirement[] = Reflect.getMetadata(RBAC_REQUIREMENTS, holder) ?? [];
    Reflect.defineMetadata(RBAC_REQUIREMENTS, [...existing, added], holder);
  };
}

/** spatie's `role:a|b`: the caller holds any of these roles (the super-admin always passes). */
export const Roles = (...roles: string[]) => requirement('roles', roles);

/** Every listed permission, each also covered by a token caller's abilities. */
export const Permissions = (...permissions: string[]) => requirement('all-permissions', permissions);

/** spatie's `permission:a|b`: at least one of them (with the same token rule). */
export const AnyPermission = (...permissions: string[]) => requirement('any-permission', permissions);

/** The requirements declared on a route: its method's, then its controller's. */
export function requirementsOf(handler: object, controller: object): Requirement[] {
  return [...(Reflect.getMetadata(RBAC_REQUIREMENTS, handler) ?? []), ...(Reflect.getMetadata(RBAC_REQUIREMENTS, controller) ?? [])];
}
