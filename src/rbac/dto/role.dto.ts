import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NameList, Optional, RecordId, Required, PlainName } from './rbac-fields';

export class CreateRoleDto {
  @ApiProperty({ type: String, maxLength: 255, example: 'editor' })
  @Required()
  @PlainName()
  name: string;

  @ApiPropertyOptional({ type: [String], maxItems: 200, description: 'Permission names; replace the role\'s permissions.' })
  @Optional()
  @NameList()
  permissions?: string[];

  /** Absent or null: a global role. */
  @ApiPropertyOptional({ type: Number, format: 'int64', minimum: 1, nullable: true, description: 'Absent or null: the global scope, which applies in every team.' })
  @Optional()
  @RecordId()
  team_id?: number | null;
}

export class UpdateRoleDto {
  @ApiPropertyOptional({ type: String, maxLength: 255 })
  @Optional()
  @PlainName()
  name?: string;

  @ApiPropertyOptional({ type: [String], maxItems: 200, description: 'Permission names; replace the role\'s permissions.' })
  @Optional()
  @NameList()
  permissions?: string[];
}
