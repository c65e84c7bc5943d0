import { ApiProperty } from '@nestjs/swagger';
import { RequiredEmail } from '../../common/field-rules';

export class ForgotPasswordDto {
  @ApiProperty({ type: String, format: 'email', maxLength: 255, example: 'taylor@example.com' })
  @RequiredEmail()
  email: string;
}
