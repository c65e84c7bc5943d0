import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsAbilityList, IsAfterNow } from './token-validators';

/** POST /api/tokens (Jetstream's name rules; abilities and expires_at as Sanctum's createToken). */
export class CreateTokenDto {
  @ApiProperty({ type: String, maxLength: 255 })
  @IsDefined()
  @IsString()
  @MaxLength(255)
  name: string;

  /** Omitted: the caller's own abilities (`["*"]` for a session or a full token). */
  @ApiPropertyOptional({ type: [String], description: 'Never more than the caller\'s own token holds.' })
  @IsOptional()
  @IsAbilityList()
  abilities?: string[];

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'In the future; never later than the caller\'s own token expires.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @IsAfterNow()
  expires_at?: string;
}
