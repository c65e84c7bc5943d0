import { Allow } from 'class-validator';
import { NewPassword, RequiredEmail, RequiredString } from '../../common/field-rules';

export class RegisterDto {
  @RequiredString()
  name: string;

  @RequiredEmail()
  email: string;

  @NewPassword()
  password: string;

  /** Checked by @NewPassword on password; @Allow keeps it through the whitelist. */
  @Allow()
  password_confirmation?: string;
}
