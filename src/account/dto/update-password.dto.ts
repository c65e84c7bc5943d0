import { Allow, IsDefined, IsString } from 'class-validator';
import { NewPassword } from '../../common/field-rules';

export class UpdatePasswordDto {
  @IsDefined()
  @IsString()
  current_password: string;

  @NewPassword()
  password: string;

  @Allow()
  password_confirmation?: string;
}
