import { NameList, Optional, RecordId, Required } from './rbac-fields';

export class AssignRolesDto {
  @Required()
  @NameList()
  roles: string[];

  /** Absent or null: the global scope, which applies in every team. */
  @Optional()
  @RecordId()
  team_id?: number | null;
}

export class AssignPermissionsDto {
  @Required()
  @NameList()
  permissions: string[];

  @Optional()
  @RecordId()
  team_id?: number | null;
}
