import { IsDefined, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsAbilityList } from '../../tokens/dto/token-validators';
import { LoginDto } from './login.dto';

/** POST /api/login: the /login credentials plus the device the token is for (Sanctum's mobile login). */
export class ApiLoginDto extends LoginDto {
  @IsDefined()
  @IsString()
  @MaxLength(255)
  device_name: string;

  /** Omitted: `["*"]`. */
  @IsOptional()
  @IsAbilityList()
  abilities?: string[];
}
