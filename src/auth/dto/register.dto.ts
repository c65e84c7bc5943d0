import { AcceptsUserFields } from '../../common/user-field-rules';
import { ApiProperty } from '@nestjs/swagger';
import { Allow } from 'class-validator';
import { NewPassword, RequiredEmail, RequiredString } from '../../common/field-rules';

@AcceptsUserFields('register')
export class RegisterDto {
  @ApiProperty({ type: String, maxLength: 255 })
  @RequiredString()
  name: string;

  @ApiProperty({ type: String, format: 'email', maxLength: 255, example: 'taylor@example.com' })
  @RequiredEmail()
  email: string;

  @ApiProperty({ type: String, format: 'password', minLength: 8, description: 'At most 72 bytes in UTF-8 (bcrypt reads no more); needs `password_confirmation`.' })
  @NewPassword()
  password: string;

  /** Checked by @NewPassword on password; @Allow keeps it through the whitelist. */
  @ApiProperty({ type: String, format: 'password', description: 'Must equal `password`.' })
  @Allow()
  password_confirmation?: string;
}
