import type { EntityManager } from 'typeorm';
import { isPermissionName } from '../rbac/permission-name';
import { findLocalRbac, findTeamsLike, ImportedAssignment, ImportedGrant, ImportedRole, ImportedTeam } from '../rbac/rbac-import.writer';
import type { LaravelSpatie } from './laravel-source';
import { ClashRules, findClashes } from './rbac-clashes';

export interface RbacPlan {
  teams: ImportedTeam[];
  permissions: string[];
  roles: ImportedRole[];
  grants: ImportedGrant[];
  userRoles: ImportedAssignment[];
  userPermissions: ImportedAssignment[];
  found: { teams: number; permissions: number; roles: number; grants: number; userRoles: number; userPermissions: number };
  skipped: { permissions: number; roles: number; grants: number; userRoles: number; userPermissions: number };
  problems: string[];
}

/** Gatehouse has no guards: a name spatie keeps under several guards becomes one. */
function noteMergedGuards(kind: string, rows: Array<{ name: string; guard: string; teamId?: number | null }>, problems: string[]): void {
  const guards = new Map<string, Set<string>>();
  for (const row of rows) {
    const key = `${row.teamId ?? ''}|${row.name}`;
    guards.set(key, (guards.get(key) ?? new Set()).add(row.guard));
  }
  for (const [key, set] of guards) {
    if (set.size > 1) problems.push(`${kind} "${key.split('|').slice(1).join('|')}" exists for the guards ${[...set].sort().join(', ')}: imported once (no guards here)`);
  }
}

/** Team ids are kept; a name already used by another team here gets its Laravel id appended. */
async function planTeams(manager: EntityManager, spatie: LaravelSpatie): Promise<{ teams: ImportedTeam[]; found: number }> {
  const ids = new Set<number>();
  for (const row of [...spatie.roles, ...spatie.modelHasRoles, ...spatie.modelHasPermissions]) if (row.teamId !== null) ids.add(row.teamId);
  const wanted = [...ids].sort((a, b) => a - b).map((id) => ({ id, name: spatie.teamNames.get(id) ?? `Team ${id}` }));
  const existing = await findTeamsLike(manager, [...ids], wanted.map((t) => t.name));
  const taken = new Set(existing.map((t) => t.name));
  const teams: ImportedTeam[] = [];
  for (const team of wanted) {
    if (existing.some((t) => t.id === team.id)) continue;
    const name = taken.has(team.name) ? `${team.name} #${team.id}` : team.name;
    taken.add(name);
    teams.push({ id: team.id, name });
  }
  return { teams, found: wanted.length };
}

type Assignment = { modelType: string; modelId: number; teamId: number | null };

/** Keeps the assignments of imported users; reports other model types once per type and unknown users once each. */
function assignmentsOf<T extends Assignment>(rows: T[], what: string, accepted: Map<number, string>, userModel: string, problems: string[]) {
  const kept: T[] = [];
  const otherTypes = new Map<string, number>();
  const missingUsers = new Set<number>();
  for (const row of rows) {
    if (row.modelType !== userModel) otherTypes.set(row.modelType, (otherTypes.get(row.modelType) ?? 0) + 1);
    else if (!accepted.has(row.modelId)) missingUsers.add(row.modelId);
    else kept.push(row);
  }
  for (const [type, count] of otherTypes) problems.push(`${count} ${what} of ${type}: only ${userModel} is imported; skipped`);
  for (const id of missingUsers) problems.push(`${what} of user ${id}: the user is not imported; skipped`);
  return { kept, skipped: rows.length - kept.length };
}

/** spatie's five tables onto ours: permissions by name (wildcards kept), roles by (team, name), teams by id. */
export async function planRbac(
  manager: EntityManager,
  spatie: LaravelSpatie,
  accepted: Map<number, string>,
  userModel: string,
  rules: ClashRules,
): Promise<RbacPlan> {
  const problems: string[] = [];
  noteMergedGuards('permission', spatie.permissions, problems);
  noteMergedGuards('role', spatie.roles, problems);
  const clashes = findClashes(spatie, await findLocalRbac(manager, [...new Set(spatie.roles.map((r) => r.name))]), rules);
  problems.push(...clashes.problems);
  const permissionNames = new Map<number, string>();
  for (const p of spatie.permissions) {
    if (clashes.permissions.has(p.id)) continue;
    if (isPermissionName(p.name)) permissionNames.set(p.id, p.name);
    else problems.push(`permission ${p.id} "${p.name}": not a valid permission name here (dot-separated parts, no spaces); skipped`);
  }
  const roles = new Map(spatie.roles.filter((r) => !clashes.roles.has(r.id)).map((r) => [r.id, { teamId: r.teamId, name: r.name }]));
  const grants = spatie.roleHasPermissions.flatMap((g) => {
    const role = roles.get(g.roleId);
    const permission = permissionNames.get(g.permissionId);
    return role && permission ? [{ ...role, permission }] : [];
  });
  const userRoles = assignmentsOf(spatie.modelHasRoles, 'role assignment(s)', accepted, userModel, problems);
  const userPermissions = assignmentsOf(spatie.modelHasPermissions, 'direct permission(s)', accepted, userModel, problems);
  const userRolesKept = userRoles.kept.flatMap((a) => {
    const role = roles.get(a.roleId);
    return role ? [{ userId: a.modelId, teamId: a.teamId, roleTeamId: role.teamId, role: role.name }] : [];
  });
  const userPermissionsKept = userPermissions.kept.flatMap((a) => {
    const permission = permissionNames.get(a.permissionId);
    return permission ? [{ userId: a.modelId, teamId: a.teamId, permission }] : [];
  });
  const teams = await planTeams(manager, spatie);
  return {
    teams: teams.teams,
    permissions: [...new Set(permissionNames.values())],
    roles: [...new Map([...roles.values()].map((r) => [`${r.teamId}|${r.name}`, r])).values()],
    grants,
    userRoles: userRolesKept,
    userPermissions: userPermissionsKept,
    found: {
      teams: teams.found,
      permissions: spatie.permissions.length,
      roles: spatie.roles.length,
      grants: spatie.roleHasPermissions.length,
      userRoles: spatie.modelHasRoles.length,
      userPermissions: spatie.modelHasPermissions.length,
    },
    skipped: {
      permissions: spatie.permissions.length - permissionNames.size,
      roles: spatie.roles.length - roles.size,
      grants: spatie.roleHasPermissions.length - grants.length,
      userRoles: spatie.modelHasRoles.length - userRolesKept.length,
      userPermissions: spatie.modelHasPermissions.length - userPermissionsKept.length,
    },
    problems,
  };
}
