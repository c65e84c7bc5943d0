import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseInterceptors } from '@nestjs/common';
import { Verified } from '../common/verified.decorator';
import { Actor, type AdminActor } from './admin-actor';
import { RecordAdminDenials } from './admin-denied';
import { CreatePermissionDto } from './dto/permission.dto';
import { ParseIdPipe } from './id.pipe';
import { PermissionsService } from './permissions.service';
import { Permissions } from './rbac.decorators';
import { toPermissionResponse } from './rbac.responses';
import { ApiRoutes } from '../common/route-family.decorator';

/** docs/http-contract.md §8: /api/permissions. */
@Verified()
@ApiRoutes()
@Controller('permissions')
export class PermissionsController {
  constructor(private readonly permissions: PermissionsService) {}

  @Get()
  @Permissions('roles.view')
  async list() {
    return (await this.permissions.list()).map(toPermissionResponse);
  }

  @UseInterceptors(RecordAdminDenials)
  @Post()
  @Permissions('roles.manage')
  async create(@Body() body: CreatePermissionDto, @Actor() actor: AdminActor) {
    return toPermissionResponse(await this.permissions.create(body.name, actor));
  }

  @UseInterceptors(RecordAdminDenials)
  @Delete(':id')
  @HttpCode(204)
  @Permissions('roles.manage')
  async delete(@Param('id', ParseIdPipe) id: number, @Actor() actor: AdminActor): Promise<void> {
    await this.permissions.delete(id, actor);
  }
}
