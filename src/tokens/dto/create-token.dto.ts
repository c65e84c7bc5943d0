import { IsDefined, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsAbilityList, IsAfterNow } from './token-validators';

/** POST /api/tokens (Jetstream's name rules; abilities and expires_at as Sanctum's createToken). */
export class CreateTokenDto {
  @IsDefined()
  @IsString()
  @MaxLength(255)
  name: string;

  /** Omitted: the caller's own abilities (`["*"]` for a session or a full token). */
  @IsOptional()
  @IsAbilityList()
  abilities?: string[];

  @IsOptional()
  @IsISO8601({ strict: true })
  @IsAfterNow()
  expires_at?: string;
}
