import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, UseInterceptors } from '@nestjs/common';
import { Verified } from '../common/verified.decorator';
import { Actor, type AdminActor } from './admin-actor';
import { RecordAdminDenials } from './admin-denied';
import { CreateRoleDto, UpdateRoleDto } from './dto/role.dto';
import { ParseIdPipe } from './id.pipe';
import { Permissions } from './rbac.decorators';
import { RolesService } from './roles.service';
import { ApiRoutes } from '../common/route-family.decorator';

/** docs/http-contract.md §8: /api/roles. */
@Verified()
@ApiRoutes()
@Controller('roles')
export class RolesController {
  constructor(private readonly roles: RolesService) {}

  @Get()
  @Permissions('roles.view')
  list() {
    return this.roles.list();
  }

  @UseInterceptors(RecordAdminDenials)
  @Post()
  @Permissions('roles.manage')
  create(@Body() body: CreateRoleDto, @Actor() actor: AdminActor) {
    return this.roles.create({ name: body.name, permissions: body.permissions, teamId: body.team_id ?? null }, actor);
  }

  @Get(':id')
  @Permissions('roles.view')
  get(@Param('id', ParseIdPipe) id: number) {
    return this.roles.get(id);
  }

  @UseInterceptors(RecordAdminDenials)
  @Put(':id')
  @Permissions('roles.manage')
  update(@Param('id', ParseIdPipe) id: number, @Body() body: UpdateRoleDto, @Actor() actor: AdminActor) {
    return this.roles.update(id, { name: body.name ?? undefined, permissions: body.permissions ?? undefined }, actor);
  }

  @UseInterceptors(RecordAdminDenials)
  @Delete(':id')
  @HttpCode(204)
  @Permissions('roles.manage')
  async delete(@Param('id', ParseIdPipe) id: number, @Actor() actor: AdminActor): Promise<void> {
    await this.roles.delete(id, actor);
  }
}
