import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { notFound } from '../common/api-error';
import { RoleResponse, toRoleResponse } from './rbac.responses';
import { isUniqueViolation, nameTaken, permissionIdsFor, permissionNamesByRole, requireTeamScope } from './rbac-lookups';
import { replaceRolePermissions } from './rbac-pivots';
import { RbacTransactions } from './rbac-transactions';
import { Role } from './role.entity';

export interface NewRole {
  name: string;
  permissions?: string[];
  teamId?: number | null;
}

export interface RoleChanges {
  name?: string;
  permissions?: string[];
}

/** Duplicates are checked first for the message and enforced by uq_roles_team_id_name against races. */
const mapDuplicate = (error: unknown): never => {
  if (isUniqueViolation(error, 'uq_roles_team_id_name')) throw nameTaken();
  throw error;
};

@Injectable()
export class RolesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: RbacTransactions,
  ) {}

  async list(): Promise<RoleResponse[]> {
    const manager = this.dataSource.manager;
    const roles = await manager.find(Role, { order: { id: 'ASC' } });
    const permissions = await permissionNamesByRole(manager, roles.map((role) => role.id));
    return roles.map((role) => toRoleResponse(role, permissions.get(role.id) ?? []));
  }

  async get(id: number, manager: EntityManager = this.dataSource.manager): Promise<RoleResponse> {
    const role = await manager.findOneBy(Role, { id });
    if (!role) throw notFound();
    return this.respond(manager, role);
  }

  create(input: NewRole): Promise<RoleResponse> {
    const teamId = input.teamId ?? null;
    return this.transactions
      .run(async (manager) => {
        await requireTeamScope(manager, teamId);
        await this.assertNameFree(manager, input.name, teamId);
        const permissionIds = await permissionIdsFor(manager, input.permissions ?? []);
        const role = await manager.save(manager.create(Role, { name: input.name, teamId }));
        await replaceRolePermissions(manager, role.id, permissionIds);
        return this.respond(manager, role);
      })
      .catch(mapDuplicate);
  }

  /** Renames and/or replaces the permission set; a role keeps its team. */
  update(id: number, changes: RoleChanges): Promise<RoleResponse> {
    return this.transactions
      .run(async (manager) => {
        const role = await manager.findOneBy(Role, { id });
        if (!role) throw notFound();
        if (changes.name !== undefined && changes.name !== role.name) {
          await this.assertNameFree(manager, changes.name, role.teamId);
          role.name = changes.name;
          await manager.save(role);
        }
        if (changes.permissions !== undefined) {
          await replaceRolePermissions(manager, role.id, await permissionIdsFor(manager, changes.permissions));
        }
        return this.respond(manager, role);
      })
      .catch(mapDuplicate);
  }

  /** Its holders lose it everywhere (user_roles cascades). */
  async delete(id: number): Promise<void> {
    await this.transactions.run(async (manager) => {
      const result = await manager.delete(Role, { id });
      if (!result.affected) throw notFound();
    });
  }

  private async assertNameFree(manager: EntityManager, name: string, teamId: number | null): Promise<void> {
    const query = manager.createQueryBuilder(Role, 'role').where('role.name = :name', { name });
    query.andWhere(teamId === null ? 'role.team_id IS NULL' : 'role.team_id = :teamId', { teamId });
    if (await query.getExists()) throw nameTaken();
  }

  private async respond(manager: EntityManager, role: Role): Promise<RoleResponse> {
    const permissions = await permissionNamesByRole(manager, [role.id]);
    return toRoleResponse(role, permissions.get(role.id) ?? []);
  }
}
