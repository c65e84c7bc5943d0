import { IsDefined, IsOptional, IsString } from 'class-validator';

/** Fortify's TwoFactorLoginRequest: `code` and `recovery_code`, both nullable strings. */
export class TwoFactorChallengeDto {
  @IsOptional()
  @IsString()
  code?: string | null;

  @IsOptional()
  @IsString()
  recovery_code?: string | null;
}

/** The token flow names its pending login with the challenge token from POST /api/login. */
export class ApiTwoFactorChallengeDto extends TwoFactorChallengeDto {
  @IsDefined()
  @IsString()
  challenge_token: string;
}
