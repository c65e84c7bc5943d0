import { Allow, IsDefined, IsString, MinLength } from 'class-validator';
import { Confirmed } from '../../common/validators';

export class UpdatePasswordDto {
  @IsDefined()
  @IsString()
  current_password: string;

  @IsDefined()
  @IsString()
  @MinLength(8)
  @Confirmed()
  password: string;

  @Allow()
  password_confirmation?: string;
}
