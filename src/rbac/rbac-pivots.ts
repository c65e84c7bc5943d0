import type { EntityManager } from 'typeorm';

/**
 * The pivot tables, written with plain SQL: a "replace the set" is a delete plus one insert.
 * `team_id IS NOT DISTINCT FROM $2` selects exactly one scope, the global one (null) included.
 */

export async function replaceRolePermissions(manager: EntityManager, roleId: number, permissionIds: readonly number[]): Promise<void> {
  await manager.query('DELETE FROM role_permissions WHERE role_id = $1', [roleId]);
  await manager.query(
    'INSERT INTO role_permissions (role_id, permission_id) SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING',
    [roleId, permissionIds],
  );
}

export async function addRolePermissions(manager: EntityManager, roleId: number, permissionIds: readonly number[]): Promise<number> {
  const rows: unknown[] = await manager.query(
    `INSERT INTO role_permissions (role_id, permission_id) SELECT $1, unnest($2::bigint[])
     ON CONFLICT DO NOTHING RETURNING permission_id`,
    [roleId, permissionIds],
  );
  return rows.length;
}

type Assignment = { table: 'user_roles'; column: 'role_id' } | { table: 'user_permissions'; column: 'permission_id' };

export const USER_ROLES: Assignment = { table: 'user_roles', column: 'role_id' };
export const USER_PERMISSIONS: Assignment = { table: 'user_permissions', column: 'permission_id' };

/** The user's assignments in one scope become exactly `ids`; other scopes are untouched. */
export async function replaceAssignments(
  manager: EntityManager,
  kind: Assignment,
  userId: number,
  teamId: number | null,
  ids: readonly number[],
): Promise<void> {
  await manager.query(`DELETE FROM ${kind.table} WHERE user_id = $1 AND team_id IS NOT DISTINCT FROM $2::bigint`, [userId, teamId]);
  await manager.query(
    `INSERT INTO ${kind.table} (user_id, ${kind.column}, team_id) SELECT $1, unnest($2::bigint[]), $3::bigint ON CONFLICT DO NOTHING`,
    [userId, ids, teamId],
  );
}

/** Adds one assignment; false when the user already had it. */
export async function addAssignment(manager: EntityManager, kind: Assignment, userId: number, id: number, teamId: number | null): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `INSERT INTO ${kind.table} (user_id, ${kind.column}, team_id) VALUES ($1, $2, $3::bigint) ON CONFLICT DO NOTHING RETURNING user_id`,
    [userId, id, teamId],
  );
  return rows.length > 0;
}

/** Whether the user holds any role assigned in this team (global assignments do not make a member). */
export async function hasTeamRole(manager: EntityManager, userId: number, teamId: number): Promise<boolean> {
  const rows: unknown[] = await manager.query('SELECT 1 FROM user_roles WHERE user_id = $1 AND team_id = $2 LIMIT 1', [userId, teamId]);
  return rows.length > 0;
}
