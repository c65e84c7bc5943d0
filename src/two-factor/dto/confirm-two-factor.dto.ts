import { IsOptional, IsString } from 'class-validator';

/** Fortify validates the code itself: a missing code is the same 422 errors.code as a wrong one. */
export class ConfirmTwoFactorDto {
  @IsOptional()
  @IsString()
  code?: string | null;
}
