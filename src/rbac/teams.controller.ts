import { Body, Controller, Get, Post, UseInterceptors } from '@nestjs/common';
import { Verified } from '../common/verified.decorator';
import { Actor, type AdminActor } from './admin-actor';
import { RecordAdminDenials } from './admin-denied';
import { CreateTeamDto } from './dto/team.dto';
import { Permissions } from './rbac.decorators';
import { toTeamResponse } from './rbac.responses';
import { TeamsService } from './teams.service';
import { ApiRoutes } from '../common/route-family.decorator';

/** docs/http-contract.md §8 and §10.21: /api/teams. */
@Verified()
@UseInterceptors(RecordAdminDenials)
@ApiRoutes()
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
  async create(@Body() body: CreateTeamDto, @Actor() actor: AdminActor) {
    return toTeamResponse(await this.teams.create(body.name, actor));
  }
}
