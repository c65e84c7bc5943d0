import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { RequiredString } from '../../common/field-rules';
import { IsAbilityList } from '../../tokens/dto/token-validators';
import { LoginDto } from './login.dto';

/** POST /api/login: the /login credentials plus the device the token is for (Sanctum's mobile login). */
export class ApiLoginDto extends LoginDto {
  @ApiProperty({ type: String, maxLength: 255, example: 'iPhone 15' })
  @RequiredString()
  device_name: string;

  /** Omitted: `["*"]`. */
  @ApiPropertyOptional({ type: [String], default: ['*'], example: ['posts.read'] })
  @IsOptional()
  @IsAbilityList()
  abilities?: string[];
}
