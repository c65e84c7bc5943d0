import { Body, Controller, Get, Param, Post, Put, UseInterceptors } from '@nestjs/common';
import { hostFieldInputOf } from '../common/host-field-rules';
import { Verified } from '../common/verified.decorator';
import { Actor, type AdminActor } from './admin-actor';
import { RecordAdminDenials } from './admin-denied';
import { CreateTeamDto, UpdateTeamDto } from './dto/team.dto';
import { ParseIdPipe } from './id.pipe';
import { Permissions } from './rbac.decorators';
import { toTeamResponse } from './rbac.responses';
import { TeamsService } from './teams.service';
import { ApiRoutes } from '../common/route-family.decorator';

/** docs/http-contract.md §8 and §10.21: /api/teams; the host's `teams.fields` ride in the bodies and the team JSON. */
@Verified()
@ApiRoutes()
@Controller('teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Get()
  @Permissions('teams.view')
  async list() {
    return (await this.teams.list()).map(toTeamResponse);
  }

  @UseInterceptors(RecordAdminDenials)
  @Post()
  @Permissions('teams.manage')
  async create(@Body() body: CreateTeamDto, @Actor() actor: AdminActor) {
    return toTeamResponse(await this.teams.create(body.name, actor, hostFieldInputOf(body)));
  }

  @UseInterceptors(RecordAdminDenials)
  @Put(':id')
  @Permissions('teams.manage')
  async update(@Param('id', ParseIdPipe) id: number, @Body() body: UpdateTeamDto, @Actor() actor: AdminActor) {
    return toTeamResponse(await this.teams.update(id, { name: body.name ?? undefined, fields: hostFieldInputOf(body) }, actor));
  }
}
