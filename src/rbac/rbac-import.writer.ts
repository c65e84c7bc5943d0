import { EntityManager } from 'typeorm';

/**
 * spatie/laravel-permission rows mapped onto ours by name: permissions by name, roles by (team, name),
 * so a second import adds nothing. What an import creates is marked (imported_at): the planner keeps
 * Laravel's roles and permissions apart from this app's own ones of the same name. Teams keep their ids (other
 * tables of the host refer to them). Every write here fires the RBAC version trigger, which clears the
 * access cache of every running instance.
 */
export interface ImportedTeam {
  id: number;
  name: string;
}

export interface ImportedRole {
  teamId: number | null;
  name: string;
}

export interface ImportedGrant extends ImportedRole {
  permission: string;
}

/** A user holds a role (roleTeamId, role) or a permission in `teamId` (null: every team). */
export interface ImportedAssignment {
  userId: number;
  teamId: number | null;
  roleTeamId?: number | null;
  role?: string;
  permission?: string;
}

const ids = (rows: Array<{ id: string }>) => rows.map((row) => Number(row.id));

export async function findTeamsLike(manager: EntityManager, teamIds: number[], names: string[]): Promise<ImportedTeam[]> {
  const rows: Array<{ id: string; name: string }> = await manager.query('SELECT id, name FROM teams WHERE id = ANY($1::bigint[]) OR name = ANY($2::text[])', [teamIds, names]);
  return rows.map((row) => ({ id: Number(row.id), name: row.name }));
}

export async function insertImportedTeams(manager: EntityManager, teams: ImportedTeam[]): Promise<number[]> {
  if (teams.length === 0) return [];
  return ids(
    await manager.query(
      `INSERT INTO teams (id, name) OVERRIDING SYSTEM VALUE
       SELECT r.id, r.name FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, name text) ON CONFLICT DO NOTHING RETURNING id`,
      [JSON.stringify(teams)],
    ),
  );
}

export async function moveTeamIdsPastImported(manager: EntityManager, largestSourceId: number): Promise<void> {
  await manager.query(
    `SELECT setval(pg_get_serial_sequence('teams', 'id'), greatest((SELECT coalesce(max(id), 0) FROM teams), $1::bigint) + 1, false)`,
    [largestSourceId],
  );
}

/** This app's own roles and permissions: those no import created (the seeded ones, the admin's). */
export interface LocalRbac {
  permissions: string[];
  roles: ImportedRole[];
}

export async function findLocalRbac(manager: EntityManager, roleNames: string[]): Promise<LocalRbac> {
  const permissions: Array<{ name: string }> = await manager.query('SELECT name FROM permissions WHERE imported_at IS NULL');
  const roles: Array<{ team_id: string | null; name: string }> = await manager.query(
    'SELECT team_id, name FROM roles WHERE imported_at IS NULL AND name = ANY($1::text[])',
    [roleNames],
  );
  return {
    permissions: permissions.map((row) => row.name),
    roles: roles.map((row) => ({ teamId: row.team_id === null ? null : Number(row.team_id), name: row.name })),
  };
}

export async function insertImportedPermissions(manager: EntityManager, names: string[]): Promise<number> {
  if (names.length === 0) return 0;
  const rows: unknown[] = await manager.query(
    'INSERT INTO permissions (name, imported_at) SELECT unnest($1::text[]), now() ON CONFLICT (name) DO NOTHING RETURNING id',
    [names],
  );
  return rows.length;
}

/** Roles of a team whose team is missing here are not inserted (the caller reports them). */
export async function insertImportedRoles(manager: EntityManager, roles: ImportedRole[]): Promise<number> {
  if (roles.length === 0) return 0;
  const rows: unknown[] = await manager.query(
    `INSERT INTO roles (team_id, name, imported_at)
     SELECT r.team_id, r.name, now() FROM jsonb_to_recordset($1::jsonb) AS r(team_id bigint, name text)
      WHERE r.team_id IS NULL OR EXISTS (SELECT 1 FROM teams t WHERE t.id = r.team_id)
     ON CONFLICT (team_id, name) DO NOTHING RETURNING id`,
    [JSON.stringify(roles.map((role) => ({ team_id: role.teamId, name: role.name })))],
  );
  return rows.length;
}

export async function insertImportedGrants(manager: EntityManager, grants: ImportedGrant[]): Promise<number> {
  if (grants.length === 0) return 0;
  const rows: unknown[] = await manager.query(
    `INSERT INTO role_permissions (role_id, permission_id)
     SELECT ro.id, p.id FROM jsonb_to_recordset($1::jsonb) AS g(team_id bigint, role text, permission text)
       JOIN roles ro ON ro.name = g.role AND ro.team_id IS NOT DISTINCT FROM g.team_id
       JOIN permissions p ON p.name = g.permission
     ON CONFLICT DO NOTHING RETURNING role_id`,
    [JSON.stringify(grants.map((g) => ({ team_id: g.teamId, role: g.name, permission: g.permission })))],
  );
  return rows.length;
}

export async function insertImportedUserRoles(manager: EntityManager, assignments: ImportedAssignment[]): Promise<number> {
  if (assignments.length === 0) return 0;
  const rows: unknown[] = await manager.query(
    `INSERT INTO user_roles (user_id, role_id, team_id)
     SELECT a.user_id, ro.id, a.team_id FROM jsonb_to_recordset($1::jsonb) AS a(user_id bigint, team_id bigint, role_team_id bigint, role text)
       JOIN users u ON u.id = a.user_id
       JOIN roles ro ON ro.name = a.role AND ro.team_id IS NOT DISTINCT FROM a.role_team_id
      WHERE a.team_id IS NULL OR EXISTS (SELECT 1 FROM teams t WHERE t.id = a.team_id)
     ON CONFLICT DO NOTHING RETURNING user_id`,
    [JSON.stringify(assignments.map((a) => ({ user_id: a.userId, team_id: a.teamId, role_team_id: a.roleTeamId ?? null, role: a.role })))],
  );
  return rows.length;
}

export async function insertImportedUserPermissions(manager: EntityManager, assignments: ImportedAssignment[]): Promise<number> {
  if (assignments.length === 0) return 0;
  const rows: unknown[] = await manager.query(
    `INSERT INTO user_permissions (user_id, permission_id, team_id)
     SELECT a.user_id, p.id, a.team_id FROM jsonb_to_recordset($1::jsonb) AS a(user_id bigint, team_id bigint, permission text)
       JOIN users u ON u.id = a.user_id
       JOIN permissions p ON p.name = a.permission
      WHERE a.team_id IS NULL OR EXISTS (SELECT 1 FROM teams t WHERE t.id = a.team_id)
     ON CONFLICT DO NOTHING RETURNING user_id`,
    [JSON.stringify(assignments.map((a) => ({ user_id: a.userId, team_id: a.teamId, permission: a.permission })))],
  );
  return rows.length;
}
