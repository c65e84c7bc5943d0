import { AcceptsUserFields } from '../../common/user-field-rules';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { RequiredEmail, RequiredString } from '../../common/field-rules';

@AcceptsUserFields('profile')
export class UpdateProfileDto {
  @ApiProperty({ type: String, maxLength: 255 })
  @RequiredString()
  name: string;

  @ApiProperty({ type: String, format: 'email', maxLength: 255, example: 'taylor@example.com', description: 'A new address needs a recent password confirmation and a new verification.' })
  @RequiredEmail()
  email: string;

  /** A BCP 47-ish tag (`en`, `pt-BR`, `zh_Hant`); null clears it, absent keeps it. */
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 12, pattern: '^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$', example: 'pt-BR' })
  @IsOptional()
  @IsString()
  @MaxLength(12)
  @Matches(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/, { message: 'The :attribute field format is invalid.' })
  locale?: string | null;
}
