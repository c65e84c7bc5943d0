import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NameList, Optional, RecordId, Required } from './rbac-fields';

export class AssignRolesDto {
  @ApiProperty({ type: [String], maxItems: 200, description: 'Role names; they replace the user\'s roles in that scope (may be empty).' })
  @Required()
  @NameList()
  roles: string[];

  /** Absent or null: the global scope, which applies in every team. */
  @ApiPropertyOptional({ type: Number, format: 'int64', minimum: 1, nullable: true, description: 'Absent or null: the global scope, which applies in every team.' })
  @Optional()
  @RecordId()
  team_id?: number | null;
}

export class AssignPermissionsDto {
  @ApiProperty({ type: [String], maxItems: 200, description: 'Permission names; they replace the user\'s direct permissions in that scope (may be empty).' })
  @Required()
  @NameList()
  permissions: string[];

  @ApiPropertyOptional({ type: Number, format: 'int64', minimum: 1, nullable: true, description: 'Absent or null: the global scope, which applies in every team.' })
  @Optional()
  @RecordId()
  team_id?: number | null;
}
