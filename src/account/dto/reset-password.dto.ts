import { ApiProperty } from '@nestjs/swagger';
import { Allow, IsDefined, IsString } from 'class-validator';
import { NewPassword, RequiredEmail } from '../../common/field-rules';

export class ResetPasswordDto {
  @ApiProperty({ type: String, description: 'The token from the reset link.' })
  @IsDefined()
  @IsString()
  token: string;

  @ApiProperty({ type: String, format: 'email', maxLength: 255, example: 'taylor@example.com' })
  @RequiredEmail()
  email: string;

  @ApiProperty({ type: String, format: 'password', minLength: 8, description: 'At most 72 bytes in UTF-8 (bcrypt reads no more); needs `password_confirmation`.' })
  @NewPassword()
  password: string;

  @ApiProperty({ type: String, format: 'password', description: 'Must equal `password`.' })
  @Allow()
  password_confirmation?: string;
}
