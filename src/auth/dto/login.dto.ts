import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsOptional, IsString } from 'class-validator';
import { RequiredLogin } from '../../common/field-rules';

export class LoginDto {
  /** Fortify checks only `required|string`; the length limit keeps huge inputs out of the throttle and audit trail. */
  @ApiProperty({ type: String, maxLength: 255, example: 'taylor@example.com' })
  @RequiredLogin()
  email: string;

  @ApiProperty({ type: String, format: 'password' })
  @IsDefined()
  @IsString()
  password: string;

  /** Laravel's boolean(): true, 1, "1", "true", "on", "yes". */
  @ApiPropertyOptional({ type: Boolean, default: false, description: 'Also accepts 1, "1", "true", "on", "yes". True: a persistent session.' })
  @IsOptional()
  remember?: unknown;
}
