import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { PermissionsService } from './permissions.service';
import { addAssignment, addRolePermissions, USER_ROLES } from './rbac-pivots';
import { RbacTransactions } from './rbac-transactions';
import { Role } from './role.entity';
import { Team } from './team.entity';

/** An operator mistake the CLI reports as a one-line message. */
export class RbacConsoleError extends Error {}

export interface RoleCreation {
  role: Role;
  created: boolean;
  /** Permissions that did not exist and were created on the way (spatie's permission:create-role). */
  createdPermissions: string[];
  addedPermissions: number;
}

/** What the CLI commands do (spatie's artisan commands: find-or-create, never fail on "exists"). */
@Injectable()
export class RbacConsole {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: RbacTransactions,
    private readonly permissions: PermissionsService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  createPermission(name: string): Promise<boolean> {
    return this.transactions.run(
      async (manager) => (await this.permissions.findOrCreate(name, manager)).created,
      (created) => created,
    );
  }

  createRole(name: string, permissionNames: string[], teamId: number | null): Promise<RoleCreation> {
    if (teamId !== null && name === this.config.superAdminRole) {
      return Promise.reject(new RbacConsoleError(`The role name "${name}" is reserved for the global super-admin role.`));
    }
    return this.transactions.run(
      async (manager) => {
        await this.requireTeam(manager, teamId);
        const { role, created } = await this.findOrCreateRole(manager, name, teamId);
        const createdPermissions: string[] = [];
        const ids: number[] = [];
        for (const permissionName of new Set(permissionNames)) {
          const found = await this.permissions.findOrCreate(permissionName, manager);
          ids.push(found.permission.id);
          if (found.created) createdPermissions.push(permissionName);
        }
        const addedPermissions = await addRolePermissions(manager, role.id, ids);
        return { role, created, createdPermissions, addedPermissions };
      },
      (result) => result.created || result.addedPermissions > 0 || result.createdPermissions.length > 0,
    );
  }

  /**
   * Gives a user a role, globally or in a team: the role must be global or that team's own
   * (a team role shadows a global one of the same name). False when the user already held it.
   */
  assignRole(userId: number, roleName: string, teamId: number | null): Promise<boolean> {
    return this.transactions.run(
      async (manager) => {
        await this.requireTeam(manager, teamId);
        const role = await this.visibleRole(manager, roleName, teamId);
        if (!role) throw new RbacConsoleError(`There is no role named "${roleName}"${teamId === null ? ' (global)' : ` for team ${teamId}`}.`);
        return addAssignment(manager, USER_ROLES, userId, role.id, teamId);
      },
      (added) => added,
    );
  }

  /** For `user:create --role`: the names with no global role, checked before the user is created. */
  async missingGlobalRoles(names: readonly string[]): Promise<string[]> {
    if (names.length === 0) return [];
    const rows: Array<{ name: string }> = await this.dataSource.query(
      'SELECT name FROM roles WHERE team_id IS NULL AND name = ANY($1::text[])',
      [names],
    );
    const found = new Set(rows.map((row) => row.name));
    return names.filter((name) => !found.has(name));
  }

  private async requireTeam(manager: EntityManager, teamId: number | null): Promise<void> {
    if (teamId !== null && !(await manager.existsBy(Team, { id: teamId }))) {
      throw new RbacConsoleError(`There is no team with id ${teamId}.`);
    }
  }

  private async findOrCreateRole(manager: EntityManager, name: string, teamId: number | null) {
    const inserted: unknown[] = await manager.query(
      'INSERT INTO roles (name, team_id) VALUES ($1, $2::bigint) ON CONFLICT (team_id, name) DO NOTHING RETURNING id',
      [name, teamId],
    );
    const role = await manager
      .createQueryBuilder(Role, 'role')
      .where('role.name = :name', { name })
      .andWhere(teamId === null ? 'role.team_id IS NULL' : 'role.team_id = :teamId', { teamId })
      .getOneOrFail();
    return { role, created: inserted.length > 0 };
  }

  private async visibleRole(manager: EntityManager, name: string, teamId: number | null): Promise<Role | null> {
    const roles = await manager
      .createQueryBuilder(Role, 'role')
      .where('role.name = :name', { name })
      .andWhere(teamId === null ? 'role.team_id IS NULL' : '(role.team_id IS NULL OR role.team_id = :teamId)', { teamId })
      .orderBy('role.team_id', 'ASC', 'NULLS LAST')
      .getMany();
    return roles[0] ?? null;
  }
}
