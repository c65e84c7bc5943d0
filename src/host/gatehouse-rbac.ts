import { Inject, Injectable } from '@nestjs/common';
import { notFound, validationError } from '../common/api-error';
import { checkHostSetFields, HostFieldValues, ResolvedHostField } from '../common/host-field-rules';
import { TEAM_FIELDS } from '../common/team-field-rules';
import { AssignmentsService } from '../rbac/assignments.service';
import { RbacConsole } from '../rbac/rbac-console.service';
import { RbacSeeder, SeedResult } from '../rbac/rbac-seeder';
import { toTeamResponse } from '../rbac/rbac.responses';
import { TeamsService } from '../rbac/teams.service';
import type { User } from '../users/user.entity';
import type { UserTeam } from '../users/user.response';
import { UsersService } from '../users/users.service';

/**
 * The teams, roles and role assignments a host's seeder or set-up code writes, find-or-create as the CLI's
 * `role:create` and `user:assign-role` (running it twice changes nothing). No admin checks: the host's own code
 * is trusted; its HTTP routes go through the admin API instead.
 */
@Injectable()
export class GatehouseRbac {
  constructor(
    private readonly teams: TeamsService,
    private readonly rbac: RbacConsole,
    private readonly seeder: RbacSeeder,
    private readonly assignments: AssignmentsService,
    private readonly users: UsersService,
    @Inject(TEAM_FIELDS) private readonly fields: ResolvedHostField[],
  ) {}

  /** `db:seed`: the admin permissions and the global roles super-admin, admin and the default role. */
  seedDefaults(): Promise<SeedResult> {
    return this.seeder.seed();
  }

  /** The team with that name, created with `fields` (any of `teams.fields`, checked: 422) when missing; an existing one is left as it is. */
  async ensureTeam(name: string, fields: HostFieldValues = {}): Promise<UserTeam> {
    const errors = checkHostSetFields(this.fields, fields);
    if (Object.keys(errors).length > 0) throw validationError(errors);
    const existing = await this.teams.findByName(name);
    return toTeamResponse(existing ?? (await this.teams.create(name, undefined, fields)));
  }

  /** A role (global when `teamId` is null, else that team's own) holding at least `permissions`, created when missing. */
  async ensureRole(name: string, permissions: string[] = [], teamId: number | null = null): Promise<{ id: number; name: string; created: boolean }> {
    const { role, created } = await this.rbac.createRole(name, permissions, teamId);
    return { id: role.id, name: role.name, created };
  }

  /** Gives the user the role in that scope (null = global); false when it already held it. */
  assignRole(userId: number, role: string, teamId: number | null = null): Promise<boolean> {
    return this.rbac.assignRole(userId, role, teamId);
  }

  /** The team switch route's rules (404 unknown user or team, 403 not a member unless super-admin), for a seeder. */
  async switchTeam(userId: number, teamId: number): Promise<User> {
    const user = await this.users.findById(userId);
    if (!user) throw notFound();
    return this.assignments.switchTeam(user, teamId);
  }
}
