import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { forbidden } from '../common/api-error';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { abilitiesCover, ANY_ABILITY } from '../tokens/abilities';
import type { AdminActor } from './admin-actor';
import { AdminDenied } from './admin-denied';
import { AccessService } from './access.service';
import { Caller, callerCanGrant, callerHasPermission } from './effective-access';

/** A role as the grant rules see it. */
export interface GrantedRole {
  name: string;
  teamId: number | null;
  permissions: readonly string[];
}

/**
 * The rules of admin scope (README "Admin scope"). The guard only checked the caller's current
 * team; these check the scope an action touches (null = global), inside the action's transaction:
 * - the route's permission must be held in that scope: globally for a global action, in the team
 *   or globally for a team action;
 * - whatever is granted or taken away must be within the caller's own permissions there;
 * - the global super-admin role is given, taken or changed only by a global super-admin.
 */
@Injectable()
export class AdminPolicy {
  constructor(
    private readonly access: AccessService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** The caller's grants in a scope (global ones, plus the team's), uncached, in the transaction. */
  async callerIn(manager: EntityManager, actor: AdminActor, teamId: number | null): Promise<Caller> {
    const access = await this.access.inTransaction(manager, { id: actor.userId, currentTeamId: teamId });
    return { access, abilities: actor.abilities };
  }

  /** The caller in `teamId`, after checking it holds `permission` there. */
  async requirePermission(manager: EntityManager, actor: AdminActor, teamId: number | null, permission: string): Promise<Caller> {
    const caller = await this.callerIn(manager, actor, teamId);
    if (!callerHasPermission(caller, permission)) throw new AdminDenied(teamId, 'all-permissions', [permission]);
    return caller;
  }

  /** Every permission granted or taken away must be one the caller could hold itself. */
  requireGrantable(caller: Caller, teamId: number | null, permissions: Iterable<string>): void {
    const lacking = [...new Set(permissions)].filter((name) => !callerCanGrant(caller, name));
    if (lacking.length > 0) throw new AdminDenied(teamId, 'grantable-permissions', lacking.sort());
  }

  /** Roles given or taken away: their permissions must be grantable, and the super-admin role needs a super-admin. */
  async requireRolesGrantable(manager: EntityManager, actor: AdminActor, caller: Caller, teamId: number | null, roles: readonly GrantedRole[]) {
    if (roles.some((role) => this.isSuperAdminRole(role))) await this.requireSuperAdmin(manager, actor, teamId);
    this.requireGrantable(caller, teamId, roles.flatMap((role) => role.permissions));
  }

  /** A global super-admin whose credential is not limited (a token needs the `*` ability). */
  async requireSuperAdmin(manager: EntityManager, actor: AdminActor, teamId: number | null): Promise<void> {
    const caller = await this.callerIn(manager, actor, null);
    const unlimited = caller.abilities === null || abilitiesCover(caller.abilities, [ANY_ABILITY]);
    if (!caller.access.isSuperAdmin || !unlimited) throw new AdminDenied(teamId, 'roles', [this.config.superAdminRole]);
  }

  /** The one role that makes super-admins: global, named SUPER_ADMIN_ROLE. */
  isSuperAdminRole(role: { name: string; teamId: number | null }): boolean {
    return role.teamId === null && role.name === this.config.superAdminRole;
  }

  /** The reserved name: no team role may carry it. */
  isReservedTeamRoleName(name: string, teamId: number | null): boolean {
    return teamId !== null && name === this.config.superAdminRole;
  }

  /**
   * What a reader of users or audit events may see: everything (null) when it holds `permission`
   * globally, else only its current team (the guard has checked the permission there).
   */
  async readScope(actor: AdminActor, permission: string): Promise<number | null> {
    const global = await this.access.forSubject({ userId: actor.userId, teamId: null });
    if (callerHasPermission({ access: global, abilities: actor.abilities }, permission)) return null;
    if (actor.currentTeamId === null) throw forbidden();
    return actor.currentTeamId;
  }
}
