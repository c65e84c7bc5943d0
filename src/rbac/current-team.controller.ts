import { Body, Controller, Patch } from '@nestjs/common';
import { CurrentUser } from '../auth/current-user.decorator';
import { User } from '../users/user.entity';
import { UserPresenter } from '../users/user-presenter';
import { AssignmentsService } from './assignments.service';
import { SwitchTeamDto } from './dto/team.dto';
import { RequiresFullAccess } from '../tokens/abilities.decorator';
import { ApiRoutes } from '../common/route-family.decorator';

/** docs/http-contract.md §5: PATCH /api/user/current-team; the answer shows the roles and permissions of that team. */
@RequiresFullAccess()
@ApiRoutes()
@Controller('user')
export class CurrentTeamController {
  constructor(
    private readonly assignments: AssignmentsService,
    private readonly presenter: UserPresenter,
  ) {}

  @Patch('current-team')
  async switch(@CurrentUser() user: User, @Body() body: SwitchTeamDto) {
    return this.presenter.present(await this.assignments.switchTeam(user, body.team_id));
  }
}
