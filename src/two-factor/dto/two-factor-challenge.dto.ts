import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsObject, IsOptional, IsString } from 'class-validator';

/** Fortify's TwoFactorLoginRequest: `code` and `recovery_code`, both nullable strings. */
export class TwoFactorChallengeDto {
  @ApiPropertyOptional({ type: String, nullable: true, example: '123456', description: 'A TOTP code; or send `recovery_code`.' })
  @IsOptional()
  @IsString()
  code?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'One unused recovery code.' })
  @IsOptional()
  @IsString()
  recovery_code?: string | null;

  @ApiPropertyOptional({
    type: Object,
    nullable: true,
    description: 'A passkey assertion (the PublicKeyCredential JSON) for the options of POST two-factor-challenge/passkey/options.',
  })
  @IsOptional()
  @IsObject()
  credential?: object | null;
}

/** The token flow names its pending login with the challenge token from POST /api/login. */
export class ApiTwoFactorChallengeDto extends TwoFactorChallengeDto {
  @ApiProperty({ type: String, description: 'From the two-factor answer of POST /api/login.' })
  @IsDefined()
  @IsString()
  challenge_token: string;
}
