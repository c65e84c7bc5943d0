import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AcceptsTeamFields } from '../../common/team-field-rules';
import { Optional, PlainName, Required } from './rbac-fields';

@AcceptsTeamFields('create')
export class CreateTeamDto {
  @ApiProperty({ type: String, maxLength: 255 })
  @Required()
  @PlainName()
  name: string;
}

@AcceptsTeamFields('update')
export class UpdateTeamDto {
  @ApiPropertyOptional({ type: String, maxLength: 255 })
  @Optional()
  @PlainName()
  name?: string;
}
