import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { forbidden, notFound } from '../common/api-error';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { AccessService } from './access.service';
import type { AdminActor } from './admin-actor';
import { AdminPolicy } from './admin-policy';
import { authorizePermissionReplacement, authorizeRoleReplacement } from './assignment-grants';
import { assignedIds, permissionIdsFor, requireTeamScope, roleIdsFor } from './rbac-lookups';
import { addAssignment, hasTeamRole, replaceAssignments, USER_PERMISSIONS, USER_ROLES } from './rbac-pivots';
import { RbacTransactions } from './rbac-transactions';
import { manageRbacVersion } from './rbac-version';
import { Role } from './role.entity';
import { Team } from './team.entity';
import type { DirectoryRoleScope } from '../ldap/ldap-role-sync';

/** id → name of the roles among `names` that exist as seen from the scope (a team's own shadow global ones). */
async function existingRoles(manager: EntityManager, names: readonly string[], teamId: number | null): Promise<Map<number, string>> {
  if (names.length === 0) return new Map();
  const rows = await manager
    .createQueryBuilder(Role, 'role')
    .where('role.name = ANY(:names)', { names: [...new Set(names)] })
    .andWhere(teamId === null ? 'role.team_id IS NULL' : '(role.team_id IS NULL OR role.team_id = :teamId)', { teamId })
    .getMany();
  const byName = new Map<string, Role>();
  for (const role of rows) {
    const seen = byName.get(role.name);
    if (!seen || seen.teamId === null) byName.set(role.name, role);
  }
  return new Map([...byName.values()].map((role) => [role.id, role.name]));
}

/** Who holds which role or permission, and in which team; and the user's current team. */
@Injectable()
export class AssignmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectConfig() private readonly config: AppConfig,
    private readonly transactions: RbacTransactions,
    private readonly access: AccessService,
    private readonly users: UsersService,
    private readonly policy: AdminPolicy,
  ) {}

  /**
   * PUT /api/users/:id/roles: the user's roles in that scope (null = global) become exactly `names`.
   * An admin `actor` is held to the rules of admin scope; internal callers pass none.
   */
  async replaceRoles(userId: number, names: string[], teamId: number | null, actor?: AdminActor): Promise<User> {
    return this.transactions.run(async (manager) => {
      const user = await this.lockUser(manager, userId);
      await requireTeamScope(manager, teamId);
      const roleIds = await roleIdsFor(manager, names, teamId);
      if (actor) await authorizeRoleReplacement(this.policy, manager, actor, { userId, teamId, roleIds });
      await replaceAssignments(manager, USER_ROLES, userId, teamId, roleIds);
      return user;
    });
  }

  async replacePermissions(userId: number, names: string[], teamId: number | null, actor?: AdminActor): Promise<User> {
    return this.transactions.run(async (manager) => {
      const user = await this.lockUser(manager, userId);
      await requireTeamScope(manager, teamId);
      const permissionIds = await permissionIdsFor(manager, names);
      if (actor) await authorizePermissionReplacement(this.policy, manager, actor, { userId, teamId, permissionIds });
      await replaceAssignments(manager, USER_PERMISSIONS, userId, teamId, permissionIds);
      return user;
    });
  }

  /**
   * A directory sync (LDAP groups): in each scope, the roles the mapping manages become exactly `granted`, other
   * roles of the user stay (the default role, an admin's grants). Unknown roles and teams are skipped (the
   * mapping may name what the host has not created yet), never a failed login. One transaction; the version is
   * bumped only when an assignment changed, so an unchanged login invalidates no cache. Returns the roles added.
   * Given `newUserManager`, it runs inside a new user's transaction without a bump, as giveDefaultRole.
   */
  async syncDirectoryRoles(userId: number, scopes: ReadonlyArray<DirectoryRoleScope>, newUserManager?: EntityManager): Promise<string[]> {
    const work = async (manager: EntityManager) => {
        const added: string[] = [];
        for (const scope of scopes) {
          if (scope.teamId !== null && !(await manager.existsBy(Team, { id: scope.teamId }))) continue;
          const managed = await existingRoles(manager, scope.managed, scope.teamId);
          const granted = new Set(scope.granted);
          const current = new Set(await assignedIds(manager, 'user_roles', userId, scope.teamId));
          const next = new Set([...current].filter((id) => !managed.has(id)));
          for (const [id, name] of managed) {
            if (!granted.has(name)) continue;
            next.add(id);
            if (!current.has(id)) added.push(name);
          }
          const same = next.size === current.size && [...next].every((id) => current.has(id));
          if (!same) await replaceAssignments(manager, USER_ROLES, userId, scope.teamId, [...next]);
          if (!same) scope.changed = true;
        }
        return added;
      };
    if (newUserManager) return work(newUserManager);
    return this.transactions.run(work, () => scopes.some((scope) => scope.changed === true));
  }

  /**
   * Registration hook, inside the new user's transaction. No version bump: nobody can have cached
   * the access of a user who does not exist yet, and registrations must not serialise on it.
   */
  async giveDefaultRole(user: User, manager: EntityManager): Promise<void> {
    const role = await manager
      .createQueryBuilder(Role, 'role')
      .where('role.name = :name AND role.team_id IS NULL', { name: this.config.defaultRole })
      .getOne();
    if (!role) return;
    await manageRbacVersion(manager);
    await addAssignment(manager, USER_ROLES, user.id, role.id, null);
  }

  /**
   * PATCH /api/user/current-team (Jetstream's switchTeam): 404 for an unknown team, 403 unless
   * the user holds a role assigned in that team or is a super-admin.
   */
  async switchTeam(user: User, teamId: number): Promise<User> {
    const switched = await this.dataSource.transaction(async (manager) => {
      if (!(await manager.existsBy(Team, { id: teamId }))) throw notFound();
      const member = await hasTeamRole(manager, user.id, teamId);
      if (!member && !(await this.isGlobalSuperAdmin(manager, user))) throw forbidden();
      await this.users.setCurrentTeam(user.id, teamId, manager);
      return manager.findOneByOrFail(User, { id: user.id });
    });
    // The users trigger tells every instance; this one drops its cached user at once, so the
    // caller's next request is already checked against the new team.
    this.users.forget(user.id);
    return switched;
  }

  private async isGlobalSuperAdmin(manager: EntityManager, user: User): Promise<boolean> {
    const access = await this.access.inTransaction(manager, { id: user.id, currentTeamId: null });
    return access.isSuperAdmin;
  }

  /** 404 for an unknown user; the row lock orders concurrent replacements of one user's assignments. */
  private async lockUser(manager: EntityManager, userId: number): Promise<User> {
    const user = await manager.createQueryBuilder(User, 'user').setLock('pessimistic_write').where('user.id = :userId', { userId }).getOne();
    if (!user) throw notFound();
    return user;
  }
}
