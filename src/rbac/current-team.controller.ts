import { Body, Controller, RequestMapping, RequestMethod, Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { CurrentUser } from '../auth/current-user.decorator';
import { User } from '../users/user.entity';
import { UserPresenter } from '../users/user-presenter';
import { AssignmentsService } from './assignments.service';
import { RecordId, Required } from './dto/rbac-fields';
import type { TeamSwitchRoute } from './team-switch';
import { RequiresFullAccess } from '../tokens/abilities.decorator';
import { ApiRoutes } from '../common/route-family.decorator';

/** The switch body with the configured field name, so validation, its messages and OpenAPI all name that field. */
function switchTeamDtoFor(field: string): Type {
  class SwitchTeamDto {}
  RecordId()(SwitchTeamDto.prototype, field);
  Required()(SwitchTeamDto.prototype, field);
  ApiProperty({ type: Number, format: 'int64', minimum: 1, description: 'A team in which the user holds a role.' })(SwitchTeamDto.prototype, field);
  return SwitchTeamDto;
}

/**
 * docs/http-contract.md §5: PATCH /api/user/current-team (Jetstream's switchTeam), or where `teams.switch` puts it;
 * the answer is the presented user with the roles and permissions of the new team. Built per module composition,
 * since the path and the field are options.
 */
export function currentTeamControllerFor(route: TeamSwitchRoute): Type {
  const body = switchTeamDtoFor(route.field);

  @RequiresFullAccess()
  @ApiRoutes()
  @Controller()
  class CurrentTeamController {
    constructor(
      readonly assignments: AssignmentsService,
      readonly presenter: UserPresenter,
    ) {}

    async switch(@CurrentUser() user: User, @Body() input: Record<string, number>) {
      return this.presenter.present(await this.assignments.switchTeam(user, input[route.field]));
    }
  }

  const key = 'switch';
  // The body's type is the DTO built above (the global validation pipe and OpenAPI read it from here).
  Reflect.defineMetadata('design:paramtypes', [User, body], CurrentTeamController.prototype, key);
  const descriptor = Object.getOwnPropertyDescriptor(CurrentTeamController.prototype, key)!;
  RequestMapping({ path: route.path, method: RequestMethod[route.method] })(CurrentTeamController.prototype, key, descriptor);
  return CurrentTeamController;
}
