import { ApiProperty } from '@nestjs/swagger';
import { Allow, IsDefined, IsString } from 'class-validator';
import { NewPassword } from '../../common/field-rules';

export class UpdatePasswordDto {
  @ApiProperty({ type: String, format: 'password' })
  @IsDefined()
  @IsString()
  current_password: string;

  @ApiProperty({ type: String, format: 'password', minLength: 8, description: 'At most 72 bytes in UTF-8 (bcrypt reads no more); needs `password_confirmation`.' })
  @NewPassword()
  password: string;

  @ApiProperty({ type: String, format: 'password', description: 'Must equal `password`.' })
  @Allow()
  password_confirmation?: string;
}
