import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { Verified } from '../auth/verified.decorator';
import { CreatePermissionDto } from './dto/permission.dto';
import { ParseIdPipe } from './id.pipe';
import { PermissionsService } from './permissions.service';
import { Permissions } from './rbac.decorators';
import { toPermissionResponse } from './rbac.responses';

/** API.md §8: /api/permissions. */
@Verified()
@Controller('permissions')
export class PermissionsController {
  constructor(private readonly permissions: PermissionsService) {}

  @Get()
  @Permissions('roles.view')
  async list() {
    return (await this.permissions.list()).map(toPermissionResponse);
  }

  @Post()
  @Permissions('roles.manage')
  async create(@Body() body: CreatePermissionDto) {
    return toPermissionResponse(await this.permissions.create(body.name));
  }

  @Delete(':id')
  @HttpCode(204)
  @Permissions('roles.manage')
  async delete(@Param('id', ParseIdPipe) id: number): Promise<void> {
    await this.permissions.delete(id);
  }
}
