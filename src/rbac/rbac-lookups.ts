import type { EntityManager } from 'typeorm';
import { validationError } from '../common/api-error';
import type { GrantedRole } from './admin-policy';
import { Permission } from './permission.entity';
import { Role } from './role.entity';
import { Team } from './team.entity';

/** Laravel's `exists` failure for item `i` of an array field: "The selected roles.1 is invalid." */
function unknownItems(field: string, names: readonly string[], known: ReadonlySet<string>) {
  const errors: Record<string, string[]> = {};
  names.forEach((name, i) => {
    if (!known.has(name)) errors[`${field}.${i}`] = [`The selected ${field}.${i} is invalid.`];
  });
  return Object.keys(errors).length > 0 ? validationError(errors) : null;
}

export const unknownTeam = (field = 'team_id') => validationError({ [field]: [`The selected ${field.replace(/_/g, ' ')} is invalid.`] });

/** Laravel's `not_in` failure: the super-admin's name is reserved for the one global role. */
export const reservedName = () => validationError({ name: ['The selected name is invalid.'] });

export const nameTaken = () => validationError({ name: ['The name has already been taken.'] });

/** 422 unless the team exists; null stands for the global scope and always does. */
export async function requireTeamScope(manager: EntityManager, teamId: number | null, field = 'team_id'): Promise<void> {
  if (teamId !== null && !(await manager.existsBy(Team, { id: teamId }))) throw unknownTeam(field);
}

/** Permission ids for names (duplicates collapsed); 422 naming each unknown one. */
export async function permissionIdsFor(manager: EntityManager, names: readonly string[], field = 'permissions'): Promise<number[]> {
  if (names.length === 0) return [];
  const rows = await manager
    .createQueryBuilder(Permission, 'permission')
    .where('permission.name = ANY(:names)', { names: [...new Set(names)] })
    .getMany();
  const error = unknownItems(field, names, new Set(rows.map((row) => row.name)));
  if (error) throw error;
  return rows.map((row) => row.id);
}

/**
 * Role ids for names as seen from a scope: the global roles, plus the team's own in a team scope
 * (where a team role shadows a global one of the same name, as spatie's findByName). 422 naming each unknown one.
 */
export async function roleIdsFor(manager: EntityManager, names: readonly string[], teamId: number | null, field = 'roles'): Promise<number[]> {
  if (names.length === 0) return [];
  const query = manager
    .createQueryBuilder(Role, 'role')
    .where('role.name = ANY(:names)', { names: [...new Set(names)] })
    .andWhere(teamId === null ? 'role.team_id IS NULL' : '(role.team_id IS NULL OR role.team_id = :teamId)', { teamId });
  const byName = new Map<string, Role>();
  for (const role of await query.getMany()) {
    const seen = byName.get(role.name);
    if (!seen || seen.teamId === null) byName.set(role.name, role);
  }
  const error = unknownItems(field, names, new Set(byName.keys()));
  if (error) throw error;
  return [...byName.values()].map((role) => role.id);
}

/** The permission names of each role, for responses. */
export async function permissionNamesByRole(manager: EntityManager, roleIds: readonly number[]): Promise<Map<number, string[]>> {
  const result = new Map<number, string[]>(roleIds.map((id) => [id, []]));
  if (roleIds.length === 0) return result;
  const rows: Array<{ role_id: number | string; name: string }> = await manager.query(
    `SELECT rp.role_id, p.name FROM role_permissions rp JOIN permissions p ON p.id = rp.permission_id
     WHERE rp.role_id = ANY($1::bigint[])`,
    [roleIds],
  );
  for (const row of rows) result.get(Number(row.role_id))?.push(row.name);
  return result;
}

/** Roles with their permission names, for the grant rules. */
export async function grantedRoles(manager: EntityManager, roleIds: readonly number[]): Promise<GrantedRole[]> {
  if (roleIds.length === 0) return [];
  const rows: Array<{ name: string; team_id: number | string | null; permissions: string[] }> = await manager.query(
    `SELECT r.name, r.team_id, array_remove(array_agg(p.name), NULL) AS permissions
     FROM roles r LEFT JOIN role_permissions rp ON rp.role_id = r.id LEFT JOIN permissions p ON p.id = rp.permission_id
     WHERE r.id = ANY($1::bigint[]) GROUP BY r.id`,
    [roleIds],
  );
  return rows.map((row) => ({ name: row.name, teamId: row.team_id === null ? null : Number(row.team_id), permissions: row.permissions }));
}

/** The ids a user holds in exactly one scope (null = global) of user_roles or user_permissions. */
export async function assignedIds(manager: EntityManager, table: 'user_roles' | 'user_permissions', userId: number, teamId: number | null) {
  const column = table === 'user_roles' ? 'role_id' : 'permission_id';
  const rows: Array<{ id: number | string }> = await manager.query(
    `SELECT ${column} AS id FROM ${table} WHERE user_id = $1 AND team_id IS NOT DISTINCT FROM $2::bigint`,
    [userId, teamId],
  );
  return rows.map((row) => Number(row.id));
}

/** Whether a database error is the unique violation `constraint` (a concurrent duplicate). */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const driverError = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
  return driverError?.code === '23505' && driverError.constraint === constraint;
}
