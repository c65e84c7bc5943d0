import { Allow, IsDefined, IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { Confirmed } from '../../common/validators';

export class RegisterDto {
  @IsDefined()
  @IsString()
  @MaxLength(255)
  name: string;

  @IsDefined()
  @IsString()
  @IsEmail()
  @MaxLength(255)
  email: string;

  @IsDefined()
  @IsString()
  @MinLength(8)
  @Confirmed()
  password: string;

  /** Checked by @Confirmed on password; @Allow keeps it through the whitelist. */
  @Allow()
  password_confirmation?: string;
}
