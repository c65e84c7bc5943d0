import { Body, Controller, Get, Post } from '@nestjs/common';
import { Verified } from '../auth/verified.decorator';
import { CreateTeamDto } from './dto/team.dto';
import { Permissions } from './rbac.decorators';
import { toTeamResponse } from './rbac.responses';
import { TeamsService } from './teams.service';

/** API.md §8 and §10.21: /api/teams. */
@Verified()
@Controller('teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Get()
  @Permissions('teams.view')
  async list() {
    return (await this.teams.list()).map(toTeamResponse);
  }

  @Post()
  @Permissions('teams.manage')
  async create(@Body() body: CreateTeamDto) {
    return toTeamResponse(await this.teams.create(body.name));
  }
}
