import { ApiProperty } from '@nestjs/swagger';
import { PermissionName, Required } from './rbac-fields';

export class CreatePermissionDto {
  @ApiProperty({ type: String, maxLength: 255, example: 'posts.edit' })
  @Required()
  @PermissionName()
  name: string;
}
