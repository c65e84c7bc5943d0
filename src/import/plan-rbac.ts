import type { EntityManager } from 'typeorm';
import { isPermissionName } from '../rbac/permission-name';
import { findLocalRbac, findTeamsLike, ImportedAssignment, ImportedGrant, ImportedRole, ImportedTeam } from '../rbac/rbac-import.writer';
import type { SpatieAssignment, SpatieCatalogue } from './laravel-source';
import { ClashRules, findClashes } from './rbac-clashes';

/** spatie's catalogue mapped onto ours; the assignments follow page by page (planAssignments). */
export interface RbacCatalogPlan {
  teams: ImportedTeam[];
  permissions: string[];
  roles: ImportedRole[];
  grants: ImportedGrant[];
  /** Laravel id → the role or permission here; skipped ones (clashes, invalid names) are absent. */
  roleById: Map<number, ImportedRole>;
  permissionById: Map<number, string>;
  found: { teams: number; permissions: number; roles: number; grants: number };
  skipped: { permissions: number; roles: number; grants: number };
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
async function planTeams(manager: EntityManager, spatie: SpatieCatalogue): Promise<ImportedTeam[]> {
  const wanted = spatie.teams.map((team) => ({ id: team.id, name: team.name ?? `Team ${team.id}` }));
  const existing = await findTeamsLike(manager, wanted.map((t) => t.id), wanted.map((t) => t.name));
  const taken = new Set(existing.map((t) => t.name));
  const teams: ImportedTeam[] = [];
  for (const team of wanted) {
    if (existing.some((t) => t.id === team.id)) continue;
    const name = taken.has(team.name) ? `${team.name} #${team.id}` : team.name;
    taken.add(name);
    teams.push({ id: team.id, name });
  }
  return teams;
}

/** Permissions by name (wildcards kept), roles by (team, name), teams by id; clashes with ours left out. */
export async function planRbacCatalogue(manager: EntityManager, spatie: SpatieCatalogue, rules: ClashRules): Promise<RbacCatalogPlan> {
  const problems: string[] = [];
  noteMergedGuards('permission', spatie.permissions, problems);
  noteMergedGuards('role', spatie.roles, problems);
  const clashes = findClashes(spatie, await findLocalRbac(manager, [...new Set(spatie.roles.map((r) => r.name))]), rules);
  problems.push(...clashes.problems);
  const permissionById = new Map<number, string>();
  for (const p of spatie.permissions) {
    if (clashes.permissions.has(p.id)) continue;
    if (isPermissionName(p.name)) permissionById.set(p.id, p.name);
    else problems.push(`permission ${p.id} "${p.name}": not a valid permission name here (dot-separated parts, no spaces); skipped`);
  }
  const roleById = new Map(spatie.roles.filter((r) => !clashes.roles.has(r.id)).map((r) => [r.id, { teamId: r.teamId, name: r.name }]));
  const grants = spatie.roleHasPermissions.flatMap((g) => {
    const role = roleById.get(g.roleId);
    const permission = permissionById.get(g.permissionId);
    return role && permission ? [{ ...role, permission }] : [];
  });
  const teams = await planTeams(manager, spatie);
  return {
    teams,
    permissions: [...new Set(permissionById.values())],
    roles: [...new Map([...roleById.values()].map((r) => [`${r.teamId}|${r.name}`, r])).values()],
    grants,
    roleById,
    permissionById,
    found: { teams: spatie.teams.length, permissions: spatie.permissions.length, roles: spatie.roles.length, grants: spatie.roleHasPermissions.length },
    skipped: {
      permissions: spatie.permissions.length - permissionById.size,
      roles: spatie.roles.length - roleById.size,
      grants: spatie.roleHasPermissions.length - grants.length,
    },
    problems,
  };
}

/** What the pages of one assignment table add up to; other model types and unknown users are reported once each. */
export class AssignmentTally {
  found = 0;
  skipped = 0;
  private readonly otherTypes = new Map<string, number>();
  private readonly missingUsers = new Set<number>();

  constructor(readonly what: string) {}

  otherType(type: string): void {
    this.otherTypes.set(type, (this.otherTypes.get(type) ?? 0) + 1);
  }

  missingUser(id: number): void {
    this.missingUsers.add(id);
  }

  problems(userModel: string): string[] {
    return [
      ...[...this.otherTypes].map(([type, count]) => `${count} ${this.what} of ${type}: only ${userModel} is imported; skipped`),
      ...[...this.missingUsers].map((id) => `${this.what} of user ${id}: the user is not imported; skipped`),
    ];
  }
}

/**
 * One page of model_has_roles (kind 'role') or model_has_permissions ('permission'): the rows of
 * users here (`accepted`) whose role or permission is imported.
 */
export function planAssignments(
  page: SpatieAssignment[],
  kind: 'role' | 'permission',
  catalogue: RbacCatalogPlan,
  accepted: Map<number, string>,
  userModel: string,
  tally: AssignmentTally,
): ImportedAssignment[] {
  const kept: ImportedAssignment[] = [];
  tally.found += page.length;
  for (const row of page) {
    const role = kind === 'role' ? catalogue.roleById.get(row.refId) : undefined;
    const permission = kind === 'permission' ? catalogue.permissionById.get(row.refId) : undefined;
    if (row.modelType !== userModel) tally.otherType(row.modelType);
    else if (!accepted.has(row.modelId)) tally.missingUser(row.modelId);
    else if (role) kept.push({ userId: row.modelId, teamId: row.teamId, roleTeamId: role.teamId, role: role.name });
    else if (permission) kept.push({ userId: row.modelId, teamId: row.teamId, permission });
  }
  tally.skipped += page.length - kept.length;
  return kept;
}
