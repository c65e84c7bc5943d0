import { NameList, Optional, RecordId, Required, PlainName } from './rbac-fields';

export class CreateRoleDto {
  @Required()
  @PlainName()
  name: string;

  @Optional()
  @NameList()
  permissions?: string[];

  /** Absent or null: a global role. */
  @Optional()
  @RecordId()
  team_id?: number | null;
}

export class UpdateRoleDto {
  @Optional()
  @PlainName()
  name?: string;

  @Optional()
  @NameList()
  permissions?: string[];
}
