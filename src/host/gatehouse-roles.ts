import { Injectable } from '@nestjs/common';
import { RbacConsole } from '../rbac/rbac-console.service';
import { RbacSeeder, SeedResult } from '../rbac/rbac-seeder';

/**
 * Roles and permissions for a host app's own seeders and commands, as the CLI manages them (spatie's
 * artisan commands): find-or-create, so a seeder may run again and change nothing.
 */
@Injectable()
export class GatehouseRoles {
  constructor(
    private readonly seeder: RbacSeeder,
    private readonly console: RbacConsole,
  ) {}

  /** `db:seed`: the admin permissions and the global roles super-admin, admin and the default role. */
  seedDefaults(): Promise<SeedResult> {
    return this.seeder.seed();
  }

  /** Creates the role (and any missing permission) unless it exists, and adds the permissions it lacks. */
  async createRole(name: string, permissions: string[] = [], teamId: number | null = null): Promise<{ id: number; created: boolean }> {
    const { role, created } = await this.console.createRole(name, permissions, teamId);
    return { id: role.id, created };
  }

  /** Gives the user a role (global when `teamId` is null); false when the user held it already. */
  assignRole(userId: number, role: string, teamId: number | null = null): Promise<boolean> {
    return this.console.assignRole(userId, role, teamId);
  }
}
