import { PermissionName, Required } from './rbac-fields';

export class CreatePermissionDto {
  @Required()
  @PermissionName()
  name: string;
}
