import { ApiProperty } from '@nestjs/swagger';
import { IsDefined } from 'class-validator';
import { IsAbilityList } from './token-validators';

/** PUT /api/tokens/:id: the abilities replace the token's. */
export class UpdateTokenDto {
  @ApiProperty({ type: [String], example: ['posts.read'] })
  @IsDefined()
  @IsAbilityList()
  abilities: string[];
}
