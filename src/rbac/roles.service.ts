import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { notFound } from '../common/api-error';
import type { AdminActor } from './admin-actor';
import { AdminPolicy } from './admin-policy';
import { RoleResponse, toRoleResponse } from './rbac.responses';
import { isUniqueViolation, nameTaken, permissionIdsFor, permissionNamesByRole, requireTeamScope, reservedName } from './rbac-lookups';
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

/** The names in one list and not the other: what a replacement grants or takes away. */
export const changedNames = (before: readonly string[], after: readonly string[]): string[] => {
  const [was, will] = [new Set(before), new Set(after)];
  return [...will].filter((name) => !was.has(name)).concat([...was].filter((name) => !will.has(name)));
};

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
    private readonly policy: AdminPolicy,
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

  /** `actor`: an admin caller, held to the rules of admin scope (internal callers pass none). */
  create(input: NewRole, actor?: AdminActor): Promise<RoleResponse> {
    const teamId = input.teamId ?? null;
    return this.transactions
      .run(async (manager) => {
        await requireTeamScope(manager, teamId);
        if (this.policy.isReservedTeamRoleName(input.name, teamId)) throw reservedName();
        const permissionIds = await permissionIdsFor(manager, input.permissions ?? []);
        if (actor) {
          const caller = await this.policy.requirePermission(manager, actor, teamId, 'roles.manage');
          const role = { name: input.name, teamId, permissions: input.permissions ?? [] };
          await this.policy.requireRolesGrantable(manager, actor, caller, teamId, [role]);
        }
        await this.assertNameFree(manager, input.name, teamId);
        const role = await manager.save(manager.create(Role, { name: input.name, teamId }));
        await replaceRolePermissions(manager, role.id, permissionIds);
        return this.respond(manager, role);
      })
      .catch(mapDuplicate);
  }

  /** Renames and/or replaces the permission set; a role keeps its team. */
  update(id: number, changes: RoleChanges, actor?: AdminActor): Promise<RoleResponse> {
    return this.transactions
      .run(async (manager) => {
        const role = await this.lockRole(manager, id);
        if (changes.name !== undefined && this.policy.isReservedTeamRoleName(changes.name, role.teamId)) throw reservedName();
        const permissionIds = changes.permissions === undefined ? undefined : await permissionIdsFor(manager, changes.permissions);
        if (actor) await this.authorizeUpdate(manager, actor, role, changes);
        if (changes.name !== undefined && changes.name !== role.name) {
          await this.assertNameFree(manager, changes.name, role.teamId);
          role.name = changes.name;
          await manager.save(role);
        }
        if (permissionIds !== undefined) await replaceRolePermissions(manager, role.id, permissionIds);
        return this.respond(manager, role);
      })
      .catch(mapDuplicate);
  }

  /** Its holders lose it everywhere (user_roles cascades). */
  async delete(id: number, actor?: AdminActor): Promise<void> {
    await this.transactions.run(async (manager) => {
      const role = await this.lockRole(manager, id);
      if (actor) {
        const caller = await this.policy.requirePermission(manager, actor, role.teamId, 'roles.manage');
        const permissions = (await permissionNamesByRole(manager, [role.id])).get(role.id) ?? [];
        await this.policy.requireRolesGrantable(manager, actor, caller, role.teamId, [{ ...role, permissions }]);
      }
      await manager.delete(Role, { id });
    });
  }

  /** In the role's own scope: the permissions added or removed, and the super-admin role (by old or new name). */
  private async authorizeUpdate(manager: EntityManager, actor: AdminActor, role: Role, changes: RoleChanges): Promise<void> {
    const caller = await this.policy.requirePermission(manager, actor, role.teamId, 'roles.manage');
    const current = (await permissionNamesByRole(manager, [role.id])).get(role.id) ?? [];
    const changed = changes.permissions === undefined ? [] : changedNames(current, changes.permissions);
    const renamed = { name: changes.name ?? role.name, teamId: role.teamId, permissions: [] };
    await this.policy.requireRolesGrantable(manager, actor, caller, role.teamId, [{ ...role, permissions: changed }, renamed]);
  }

  /** 404 for an unknown role; the row lock keeps a concurrent edit from changing what was authorized. */
  private async lockRole(manager: EntityManager, id: number): Promise<Role> {
    const role = await manager.createQueryBuilder(Role, 'role').setLock('pessimistic_write').where('role.id = :id', { id }).getOne();
    if (!role) throw notFound();
    return role;
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
