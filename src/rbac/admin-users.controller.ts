import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { Verified } from '../auth/verified.decorator';
import { AdminUsersService } from './admin-users.service';
import { AssignmentsService } from './assignments.service';
import { AssignPermissionsDto, AssignRolesDto } from './dto/assignments.dto';
import { UsersQueryDto } from './dto/list-query.dto';
import { ParseIdPipe } from './id.pipe';
import { pageRequest } from './pagination';
import { Permissions } from './rbac.decorators';

/** API.md §8: /api/users (list, show, and role/permission assignment per scope). */
@Verified()
@Controller('users')
export class AdminUsersController {
  constructor(
    private readonly users: AdminUsersService,
    private readonly assignments: AssignmentsService,
  ) {}

  @Get()
  @Permissions('users.view')
  list(@Query() query: UsersQueryDto) {
    return this.users.list(pageRequest(query.page, query.per_page), query.search);
  }

  @Get(':id')
  @Permissions('users.view')
  get(@Param('id', ParseIdPipe) id: number) {
    return this.users.get(id);
  }

  @Put(':id/roles')
  @Permissions('users.manage')
  async replaceRoles(@Param('id', ParseIdPipe) id: number, @Body() body: AssignRolesDto) {
    const user = await this.assignments.replaceRoles(id, body.roles, body.team_id ?? null);
    return this.users.present(user);
  }

  @Put(':id/permissions')
  @Permissions('users.manage')
  async replacePermissions(@Param('id', ParseIdPipe) id: number, @Body() body: AssignPermissionsDto) {
    const user = await this.assignments.replacePermissions(id, body.permissions, body.team_id ?? null);
    return this.users.present(user);
  }
}
