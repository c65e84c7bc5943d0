import { IsDefined, IsEmail, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class UpdateProfileDto {
  @IsDefined()
  @IsString()
  @MaxLength(255)
  name: string;

  @IsDefined()
  @IsString()
  @IsEmail()
  @MaxLength(255)
  email: string;

  /** A BCP 47-ish tag (`en`, `pt-BR`, `zh_Hant`); null clears it, absent keeps it. */
  @IsOptional()
  @IsString()
  @MaxLength(12)
  @Matches(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/, { message: 'The :attribute field format is invalid.' })
  locale?: string | null;
}
