import { IsDefined, IsOptional, IsString } from 'class-validator';
import { RequiredLogin } from '../../common/field-rules';

export class LoginDto {
  /** Fortify checks only `required|string`; the length limit keeps huge inputs out of the throttle and audit trail. */
  @RequiredLogin()
  email: string;

  @IsDefined()
  @IsString()
  password: string;

  /** Laravel's boolean(): true, 1, "1", "true", "on", "yes". */
  @IsOptional()
  remember?: unknown;
}
