import { IsDefined } from 'class-validator';
import { IsAbilityList } from './token-validators';

/** PUT /api/tokens/:id: the abilities replace the token's. */
export class UpdateTokenDto {
  @IsDefined()
  @IsAbilityList()
  abilities: string[];
}
