import { Allow, IsDefined, IsEmail, IsString } from 'class-validator';
import { NewPassword } from '../../common/field-rules';

export class ResetPasswordDto {
  @IsDefined()
  @IsString()
  token: string;

  @IsDefined()
  @IsString()
  @IsEmail()
  email: string;

  @NewPassword()
  password: string;

  @Allow()
  password_confirmation?: string;
}
