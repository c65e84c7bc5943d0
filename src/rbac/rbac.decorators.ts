import { AccessRequirement, requirementDecorator } from '../common/requirements';
import type { Requirement } from './effective-access';

/**
 * Each decorator adds one requirement to its method or class; the authorize guard demands all of
 * them (class and method alike, as stacked Laravel middleware), so `@Roles` on a controller and
 * `@Permissions` on a route both apply.
 */
function requirement(name: string, names: string[], build: (names: readonly string[]) => AccessRequirement): ClassDecorator & MethodDecorator {
  if (names.length === 0 || names.some((entry) => typeof entry !== 'string' || entry === '')) {
    throw new Error(`@${name} needs at least one non-empty name`);
  }
  return requirementDecorator(build(Object.freeze([...names])));
}

/** spatie's `role:a|b`: the caller holds any of these roles (the super-admin always passes). */
export const Roles = (...roles: string[]) => requirement('roles', roles, (names) => ({ kind: 'roles', names }));

/** Every listed permission, each also covered by a token caller's abilities. */
export const Permissions = (...permissions: string[]) =>
  requirement('all-permissions', permissions, (names) => ({ kind: 'permissions', mode: 'all', names }));

/** spatie's `permission:a|b`: at least one of them (with the same token rule). */
export const AnyPermission = (...permissions: string[]) =>
  requirement('any-permission', permissions, (names) => ({ kind: 'permissions', mode: 'any', names }));

/** A roles/permissions requirement in the terms effective-access.ts evaluates. */
export function rbacRequirement(requirement: Extract<AccessRequirement, { kind: 'roles' | 'permissions' }>): Requirement {
  if (requirement.kind === 'roles') return { kind: 'roles', names: requirement.names };
  return { kind: requirement.mode === 'all' ? 'all-permissions' : 'any-permission', names: requirement.names };
}
