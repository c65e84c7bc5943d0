import { Allow, IsDefined, IsEmail, IsString, MinLength } from 'class-validator';
import { Confirmed } from '../../common/validators';

export class ResetPasswordDto {
  @IsDefined()
  @IsString()
  token: string;

  @IsDefined()
  @IsString()
  @IsEmail()
  email: string;

  @IsDefined()
  @IsString()
  @MinLength(8)
  @Confirmed()
  password: string;

  @Allow()
  password_confirmation?: string;
}
