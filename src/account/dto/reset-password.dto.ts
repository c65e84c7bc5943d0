import { Allow, IsDefined, IsString } from 'class-validator';
import { NewPassword, RequiredEmail } from '../../common/field-rules';

export class ResetPasswordDto {
  @IsDefined()
  @IsString()
  token: string;

  @RequiredEmail()
  email: string;

  @NewPassword()
  password: string;

  @Allow()
  password_confirmation?: string;
}
