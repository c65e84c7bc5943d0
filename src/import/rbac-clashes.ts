import { concretePermissions, PermissionIndex } from '../rbac/wildcard-permissions';
import type { LocalRbac } from '../rbac/rbac-import.writer';
import type { SpatieCatalogue } from './laravel-source';

/** How Laravel roles and permissions meet this app's own ones of the same name. */
export interface ClashRules {
  /** --merge-roles: the operator says that equal names mean the same role or permission. */
  mergeRoles: boolean;
  superAdminRole: string;
}

export interface Clashes {
  /** Laravel role ids whose role, grants and holders are not imported. */
  roles: Set<number>;
  /** Laravel permission ids that are neither created, granted to a role nor given to a user. */
  permissions: Set<number>;
  problems: string[];
}

const MERGE_HINT = 'pass --merge-roles to merge them';

/** The local permission a Laravel name equals or, as a wildcard, covers (`*` covers `users.manage`); null if none. */
function coveredLocalPermission(name: string, local: string[]): string | null {
  const index = new PermissionIndex([name]);
  for (const own of local) {
    if (own === name) return own;
    const concrete = concretePermissions(own) ?? [own];
    if (concrete.some((c) => index.allows(c))) return own;
  }
  return null;
}

/**
 * A Laravel role or permission that shares a name with one this app made itself (`admin`, the
 * default role, the seeded `users.manage`…) is not merged into it: that would give imported users
 * this app's privileges, or attach Laravel's permissions to a local role every new user gets. The
 * global role named SUPER_ADMIN_ROLE would make its holders super-admins here, so it is refused too.
 * All of it is imported with --merge-roles; a team role of the reserved name never is.
 */
export function findClashes(spatie: Pick<SpatieCatalogue, 'roles' | 'permissions'>, local: LocalRbac, rules: ClashRules): Clashes {
  const clashes: Clashes = { roles: new Set(), permissions: new Set(), problems: [] };
  const localRoles = new Set(local.roles.map((r) => `${r.teamId}|${r.name}`));
  const reported = new Set<string>();
  const report = (key: string, message: string) => {
    if (!reported.has(key)) clashes.problems.push(message);
    reported.add(key);
  };
  for (const role of spatie.roles) {
    const where = role.teamId === null ? '' : ` of team ${role.teamId}`;
    if (role.name === rules.superAdminRole && role.teamId !== null) {
      clashes.roles.add(role.id);
      report(`r${role.teamId}|${role.name}`, `role "${role.name}"${where}: the name is reserved here for the global super-admin role (SUPER_ADMIN_ROLE); skipped with its permissions and holders`);
    } else if (role.name === rules.superAdminRole || localRoles.has(`${role.teamId}|${role.name}`)) {
      const why = role.name === rules.superAdminRole ? 'would make its holders super-admins here (SUPER_ADMIN_ROLE)' : 'already exists here (not from an import)';
      if (rules.mergeRoles) {
        report(`r${role.teamId}|${role.name}`, `role "${role.name}"${where} ${why}: merged (--merge-roles)`);
      } else {
        clashes.roles.add(role.id);
        report(`r${role.teamId}|${role.name}`, `role "${role.name}"${where} ${why}: not merged, skipped with its permissions and holders; ${MERGE_HINT}`);
      }
    }
  }
  for (const permission of spatie.permissions) {
    const own = coveredLocalPermission(permission.name, local.permissions);
    if (own === null) continue;
    const why = own === permission.name ? 'already exists here (not from an import)' : `covers "${own}", which exists here`;
    if (rules.mergeRoles) {
      report(`p${permission.name}`, `permission "${permission.name}" ${why}: granted as in Laravel (--merge-roles)`);
    } else {
      clashes.permissions.add(permission.id);
      report(`p${permission.name}`, `permission "${permission.name}" ${why}: not granted to imported roles or users; ${MERGE_HINT}`);
    }
  }
  return clashes;
}
