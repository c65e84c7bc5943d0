import type { EntityManager } from 'typeorm';
import type { UserTeam } from '../users/user.response';

export interface AccessSubject {
  userId: number;
  /** The team whose assignments count besides the global ones; null = global ones only. */
  teamId: number | null;
}

export interface LoadedAccess {
  roles: string[];
  permissions: string[];
  /** The held roles that are global themselves (only the global super-admin role counts as one). */
  globalRoles: string[];
  /** The teams the user holds a role in (per user: the same whatever the subject's team). */
  teams: UserTeam[];
}

/**
 * One round trip for any number of (user, team) subjects: the roles held globally or in the
 * team (a role must itself be global or the team's), their permissions, the direct permissions
 * held globally or in the team, and the teams the user holds a role in, as the team JSON
 * (`teamFields`: a jsonb expression of the host's team columns of row `t`). `n` is the subject's
 * position in the input.
 */
const accessSql = (teamFields: string) => `
  WITH subject AS (
    SELECT * FROM unnest($1::bigint[], $2::bigint[]) WITH ORDINALITY AS s(user_id, team_id, n)
  ),
  held_role AS (
    SELECT s.n, r.id, r.name, r.team_id IS NULL AS global
    FROM subject s
    JOIN user_roles ur ON ur.user_id = s.user_id AND (ur.team_id IS NULL OR ur.team_id = s.team_id)
    JOIN roles r ON r.id = ur.role_id AND (r.team_id IS NULL OR r.team_id = s.team_id)
  )
  SELECT n, CASE WHEN global THEN 'global-role' ELSE 'role' END AS kind, name FROM held_role
  UNION
  SELECT h.n, 'permission', p.name
  FROM held_role h
  JOIN role_permissions rp ON rp.role_id = h.id
  JOIN permissions p ON p.id = rp.permission_id
  UNION
  SELECT s.n, 'permission', p.name
  FROM subject s
  JOIN user_permissions up ON up.user_id = s.user_id AND (up.team_id IS NULL OR up.team_id = s.team_id)
  JOIN permissions p ON p.id = up.permission_id
  UNION
  SELECT s.n, 'team', (jsonb_build_object('id', t.id, 'name', t.name) || ${teamFields})::text
  FROM subject s
  JOIN user_roles ur ON ur.user_id = s.user_id
  JOIN teams t ON t.id = ur.team_id`;

interface AccessRow {
  n: number | string;
  kind: 'role' | 'global-role' | 'permission' | 'team';
  name: string;
}

/** Loads the access of every subject, in input order, in one query; `teamFields` as for the team JSON ('{}' = none). */
export async function loadAccess(manager: EntityManager, subjects: readonly AccessSubject[], teamFields = "'{}'::jsonb"): Promise<LoadedAccess[]> {
  const result = subjects.map((): LoadedAccess => ({ roles: [], permissions: [], globalRoles: [], teams: [] }));
  if (subjects.length === 0) return result;
  const rows: AccessRow[] = await manager.query(accessSql(teamFields), [
    subjects.map((subject) => subject.userId),
    subjects.map((subject) => subject.teamId),
  ]);
  for (const row of rows) {
    const access = result[Number(row.n) - 1];
    if (row.kind === 'team') access.teams.push(JSON.parse(row.name) as UserTeam);
    else if (row.kind === 'permission') access.permissions.push(row.name);
    else access.roles.push(row.name);
    if (row.kind === 'global-role') access.globalRoles.push(row.name);
  }
  return result;
}
