import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';

/** Fortify validates the code itself: a missing code is the same 422 errors.code as a wrong one. */
export class ConfirmTwoFactorDto {
  @ApiProperty({ type: String, nullable: true, example: '123456', description: 'The current 6-digit TOTP code.' })
  @IsOptional()
  @IsString()
  code?: string | null;
}
