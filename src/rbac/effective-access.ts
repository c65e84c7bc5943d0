import { abilitiesCover, abilityAllows } from '../tokens/abilities';
import type { UserAccess, UserTeam } from '../users/user.response';
import { concretePermissions, PermissionIndex } from './wildcard-permissions';

const byNameThenId = (a: UserTeam, b: UserTeam) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id);

/**
 * What a user may do in one scope (their current team, plus everything global): role names and
 * effective permission names (direct + via roles), both sorted, with a compiled wildcard index.
 * Immutable, so one instance is shared by every request through the cache.
 */
export class EffectiveAccess {
  readonly roles: readonly string[];
  readonly permissions: readonly string[];
  readonly isSuperAdmin: boolean;
  /** The teams the user belongs to, sorted by name; per user, whichever team is current. */
  readonly teams: readonly UserTeam[];
  private readonly roleSet: ReadonlySet<string>;
  private readonly index: PermissionIndex;

  /**
   * `globalRoles` are the held roles that are themselves global (team_id null). Only the global
   * role named `superAdminRole` makes a super-admin: a team role of that name (which the admin
   * API refuses to create) counts as nothing more than its own permissions.
   */
  constructor(
    roles: Iterable<string>,
    permissions: Iterable<string>,
    private readonly superAdminRole: string,
    globalRoles: Iterable<string> = [],
    teams: readonly UserTeam[] = [],
  ) {
    this.roles = [...new Set(roles)].sort();
    this.permissions = [...new Set(permissions)].sort();
    this.roleSet = new Set(this.roles);
    this.index = new PermissionIndex(this.permissions);
    this.isSuperAdmin = new Set(globalRoles).has(superAdminRole);
    this.teams = [...teams].sort(byNameThenId);
  }

  /** The user's own grant, before any token limit; the super-admin passes. */
  hasRole(role: string): boolean {
    if (role === this.superAdminRole) return this.isSuperAdmin;
    return this.isSuperAdmin || this.roleSet.has(role);
  }

  hasPermission(permission: string): boolean {
    return this.isSuperAdmin || this.index.allows(permission);
  }

  /** The `roles` and `permissions` of the user JSON (docs/http-contract.md §7), and the user's teams; copies, as this instance is shared. */
  toUserAccess(): UserAccess {
    return { roles: [...this.roles], permissions: [...this.permissions], teams: this.teams.map((team) => ({ ...team })) };
  }
}

/** `abilities` is the token's list for a token caller, null for a session caller (every ability). */
export interface Caller {
  access: EffectiveAccess;
  abilities: readonly string[] | null;
}

export type RequirementKind = 'roles' | 'all-permissions' | 'any-permission';

export interface Requirement {
  kind: RequirementKind;
  names: readonly string[];
}

/**
 * A token never exceeds its abilities: a permission must be granted to the user AND covered by
 * the token. The super-admin bypass lifts the user's limits, never the token's.
 */
export function callerHasPermission(caller: Caller, permission: string): boolean {
  if (caller.abilities !== null && !abilityAllows(caller.abilities, permission)) return false;
  return caller.access.hasPermission(permission);
}

/**
 * Whether the caller may hand out the stored permission `name`: everything it stands for must be
 * within the caller's own permissions (and token abilities). `posts.create,edit` needs both
 * `posts.create` and `posts.edit`; `posts.*` needs a held `posts.*` or `*`, not `posts.edit`.
 */
export function callerCanGrant(caller: Caller, name: string): boolean {
  const concrete = concretePermissions(name);
  if (concrete === null) return caller.access.isSuperAdmin && caller.abilities === null;
  return concrete.every(
    (permission) => (caller.abilities === null || abilitiesCover(caller.abilities, [permission])) && caller.access.hasPermission(permission),
  );
}

export function satisfies(caller: Caller, requirement: Requirement): boolean {
  switch (requirement.kind) {
    case 'roles':
      return requirement.names.some((role) => caller.access.hasRole(role));
    case 'all-permissions':
      return requirement.names.every((permission) => callerHasPermission(caller, permission));
    case 'any-permission':
      return requirement.names.some((permission) => callerHasPermission(caller, permission));
  }
}
