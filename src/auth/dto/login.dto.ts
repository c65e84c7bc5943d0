import { IsDefined, IsOptional, IsString } from 'class-validator';

export class LoginDto {
  @IsDefined()
  @IsString()
  email: string;

  @IsDefined()
  @IsString()
  password: string;

  /** Laravel's boolean(): true, 1, "1", "true", "on", "yes". */
  @IsOptional()
  remember?: unknown;
}
