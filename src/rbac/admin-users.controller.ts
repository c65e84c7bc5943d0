import { Body, Controller, Get, Param, Put, Query, UseInterceptors } from '@nestjs/common';
import { Verified } from '../common/verified.decorator';
import { Actor, type AdminActor } from './admin-actor';
import { RecordAdminDenials } from './admin-denied';
import { AdminPolicy } from './admin-policy';
import { AdminUsersService } from './admin-users.service';
import { AssignmentsService } from './assignments.service';
import { AssignPermissionsDto, AssignRolesDto } from './dto/assignments.dto';
import { UsersQueryDto } from './dto/list-query.dto';
import { ParseIdPipe } from './id.pipe';
import { pageRequest } from './pagination';
import { Permissions } from './rbac.decorators';
import { ApiRoutes } from '../common/route-family.decorator';

/** docs/http-contract.md §8: /api/users (list, show, and role/permission assignment per scope). */
@Verified()
@ApiRoutes()
@Controller('users')
export class AdminUsersController {
  constructor(
    private readonly users: AdminUsersService,
    private readonly assignments: AssignmentsService,
    private readonly policy: AdminPolicy,
  ) {}

  @UseInterceptors(RecordAdminDenials)
  @Get()
  @Permissions('users.view')
  async list(@Query() query: UsersQueryDto, @Actor() actor: AdminActor) {
    const teamId = await this.policy.readScope(actor, 'users.view');
    return this.users.list(pageRequest(query.page, query.per_page), { search: query.search, teamId });
  }

  @UseInterceptors(RecordAdminDenials)
  @Get(':id')
  @Permissions('users.view')
  async get(@Param('id', ParseIdPipe) id: number, @Actor() actor: AdminActor) {
    return this.users.get(id, await this.policy.readScope(actor, 'users.view'));
  }

  @UseInterceptors(RecordAdminDenials)
  @Put(':id/roles')
  @Permissions('users.manage')
  async replaceRoles(@Param('id', ParseIdPipe) id: number, @Body() body: AssignRolesDto, @Actor() actor: AdminActor) {
    const user = await this.assignments.replaceRoles(id, body.roles, body.team_id ?? null, actor);
    return this.users.present(user);
  }

  @UseInterceptors(RecordAdminDenials)
  @Put(':id/permissions')
  @Permissions('users.manage')
  async replacePermissions(@Param('id', ParseIdPipe) id: number, @Body() body: AssignPermissionsDto, @Actor() actor: AdminActor) {
    const user = await this.assignments.replacePermissions(id, body.permissions, body.team_id ?? null, actor);
    return this.users.present(user);
  }
}
