import type { Permission } from './permission.entity';
import type { Role } from './role.entity';
import type { Team } from './team.entity';

export interface PermissionResponse {
  id: number;
  name: string;
}

export interface RoleResponse {
  id: number;
  name: string;
  team_id: number | null;
  permissions: string[];
}

/** `{ id, name }` and the host's `teams.fields` under their names. */
export interface TeamResponse {
  id: number;
  name: string;
  [field: string]: unknown;
}

export const toPermissionResponse = (permission: Permission): PermissionResponse => ({ id: permission.id, name: permission.name });

/** `permissions` are the role's own permission names, sorted. */
export const toRoleResponse = (role: Role, permissions: readonly string[]): RoleResponse => ({
  id: role.id,
  name: role.name,
  team_id: role.teamId,
  permissions: [...permissions].sort(),
});

export const toTeamResponse = (team: Team): TeamResponse => ({ id: team.id, name: team.name, ...team.fields });
