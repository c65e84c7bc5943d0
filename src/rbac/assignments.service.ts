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
import { permissionIdsFor, requireTeamScope, roleIdsFor } from './rbac-lookups';
import { addAssignment, hasTeamRole, replaceAssignments, USER_PERMISSIONS, USER_ROLES } from './rbac-pivots';
import { RbacTransactions } from './rbac-transactions';
import { manageRbacVersion } from './rbac-version';
import { Role } from './role.entity';
import { Team } from './team.entity';

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
