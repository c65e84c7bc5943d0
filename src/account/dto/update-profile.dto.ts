import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { RequiredEmail, RequiredString } from '../../common/field-rules';

export class UpdateProfileDto {
  @RequiredString()
  name: string;

  @RequiredEmail()
  email: string;

  /** A BCP 47-ish tag (`en`, `pt-BR`, `zh_Hant`); null clears it, absent keeps it. */
  @IsOptional()
  @IsString()
  @MaxLength(12)
  @Matches(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/, { message: 'The :attribute field format is invalid.' })
  locale?: string | null;
}
