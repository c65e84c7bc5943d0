import { Injectable } from '@nestjs/common';
import { AccessService } from '../rbac/access.service';
import type { UserAccess } from '../users/user.response';

/**
 * "May user X do P in team T?" for a host app's own services, from the same cache the guard uses.
 * `teamId` null = the global assignments only; the super-admin passes every check.
 */
@Injectable()
export class GatehouseAccess {
  constructor(private readonly access: AccessService) {}

  async hasPermission(userId: number, permission: string, teamId: number | null = null): Promise<boolean> {
    return (await this.access.forSubject({ userId, teamId })).hasPermission(permission);
  }

  async hasRole(userId: number, role: string, teamId: number | null = null): Promise<boolean> {
    return (await this.access.forSubject({ userId, teamId })).hasRole(role);
  }

  /** Role names and effective permission names (direct + via roles), sorted, and the teams the user belongs to. */
  async accessOf(userId: number, teamId: number | null = null): Promise<UserAccess> {
    return (await this.access.forSubject({ userId, teamId })).toUserAccess();
  }
}
