import { ApiProperty } from '@nestjs/swagger';
import { RecordId, Required, PlainName } from './rbac-fields';

export class CreateTeamDto {
  @ApiProperty({ type: String, maxLength: 255 })
  @Required()
  @PlainName()
  name: string;
}

export class SwitchTeamDto {
  @ApiProperty({ type: Number, format: 'int64', minimum: 1, description: 'A team in which the user holds a role.' })
  @Required()
  @RecordId()
  team_id: number;
}
