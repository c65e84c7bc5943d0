import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { RequiredLogin } from '../../common/field-rules';

export class LoginDto {
  /** Fortify checks only `required|string`; the length limit keeps huge inputs out of the throttle and audit trail. */
  @ApiProperty({
    type: String,
    maxLength: 255,
    required: false,
    example: 'taylor@example.com',
    description: 'Required unless `username` is sent: an email, or (LDAP) a directory login.',
  })
  @ValidateIf((body: LoginDto) => body.username === undefined || body.email !== undefined)
  @RequiredLogin()
  email: string;

  /** Instead of `email` (Fortify's `username` setting): a directory login such as `jdoe` when LDAP is on. */
  @ApiPropertyOptional({ type: String, maxLength: 255, example: 'jdoe' })
  @IsOptional()
  @MaxLength(255)
  @IsString()
  username?: string;

  @ApiProperty({ type: String, format: 'password' })
  @IsDefined()
  @IsString()
  password: string;

  /** Laravel's boolean(): true, 1, "1", "true", "on", "yes". */
  @ApiPropertyOptional({ type: Boolean, default: false, description: 'Also accepts 1, "1", "true", "on", "yes". True: a persistent session.' })
  @IsOptional()
  remember?: unknown;
}
